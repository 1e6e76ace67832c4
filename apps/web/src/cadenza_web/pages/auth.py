"""Sign in and create an account."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import alert, button, link, text_field
from cadenza_web.states.auth import LoginState, RegisterState
from cadenza_web.states.session import SessionState


def _auth_card(title: str, *children: rx.Component) -> rx.Component:
    return rx.el.main(
        rx.el.div(
            rx.el.p("Cadenza", class_name="cz-brand"),
            rx.el.h1(title, class_name="cz-title"),
            *children,
            class_name="cz-auth-card",
        ),
        class_name="cz-auth",
    )


@rx.page(
    route="/login",
    title="Sign in · Cadenza",
    on_load=[SessionState.leave_if_signed_in, LoginState.reset_form],
)
def login() -> rx.Component:
    return _auth_card(
        "Sign in",
        rx.cond(SessionState.end_reason != "", alert(SessionState.end_reason, tone="info")),
        rx.cond(
            LoginState.created_username != "",
            alert(
                "Your account “" + LoginState.created_username + "” is ready. Sign in.",
                tone="info",
            ),
        ),
        rx.el.form(
            text_field(
                "Username or email",
                field_id="username",
                auto_complete="username",
                required=True,
                default_value=LoginState.created_username,
            ),
            text_field(
                "Password",
                field_id="password",
                type="password",
                auto_complete="current-password",
                required=True,
            ),
            rx.cond(LoginState.error != "", alert(LoginState.error)),
            button(
                rx.cond(LoginState.submitting, "Signing in…", "Sign in"),
                type="submit",
                disabled=LoginState.submitting,
            ),
            on_submit=LoginState.submit,
            class_name="cz-form",
        ),
        rx.el.p("New here? ", link("Create an account", href="/register"), class_name="cz-muted"),
    )


@rx.page(
    route="/register", title="Create an account · Cadenza", on_load=SessionState.leave_if_signed_in
)
def register() -> rx.Component:
    return _auth_card(
        "Create an account",
        rx.el.form(
            text_field(
                "Username",
                field_id="username",
                auto_complete="username",
                required=True,
                error=RegisterState.username_error,
            ),
            text_field(
                "Email",
                field_id="email",
                type="email",
                auto_complete="email",
                required=True,
                error=RegisterState.email_error,
            ),
            text_field(
                "Password",
                field_id="password",
                type="password",
                auto_complete="new-password",
                required=True,
                hint="At least 10 characters.",
                error=RegisterState.password_error,
            ),
            rx.cond(RegisterState.form_error != "", alert(RegisterState.form_error)),
            button(
                rx.cond(RegisterState.submitting, "Creating…", "Create account"),
                type="submit",
                disabled=RegisterState.submitting,
            ),
            on_submit=RegisterState.submit,
            class_name="cz-form",
        ),
        rx.el.p("Already have an account? ", link("Sign in", href="/login"), class_name="cz-muted"),
    )
