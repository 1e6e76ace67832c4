"""Sign in, and the page for those who may not use the admin."""

from __future__ import annotations

import reflex as rx

from cadenza_admin.states.auth import LoginState
from cadenza_admin.states.session import NOT_ALLOWED_MESSAGE, SessionState
from cadenza_ui import alert, button, text_field


def _auth_card(title: str, *children: rx.Component) -> rx.Component:
    return rx.el.main(
        rx.el.div(
            rx.el.p("Cadenza admin", class_name="cz-brand"),
            rx.el.h1(title, class_name="cz-title"),
            *children,
            class_name="cz-auth-card",
        ),
        class_name="cz-auth",
    )


@rx.page(
    route="/login",
    title="Sign in · Cadenza admin",
    on_load=[SessionState.leave_if_signed_in, LoginState.reset_form],
)
def login() -> rx.Component:
    return _auth_card(
        "Sign in",
        rx.el.p("The admin is for Cadenza's administrators.", class_name="cz-muted"),
        rx.el.form(
            text_field(
                "Username or email", field_id="username", auto_complete="username", required=True
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
    )


@rx.page(route="/not-allowed", title="Not allowed · Cadenza admin")
def not_allowed() -> rx.Component:
    return _auth_card(
        "Not allowed",
        alert(
            rx.cond(
                SessionState.username != "",
                "You are signed in as "
                + SessionState.username
                + " ("
                + SessionState.role
                + "). "
                + NOT_ALLOWED_MESSAGE,
                NOT_ALLOWED_MESSAGE,
            )
        ),
        rx.el.p(
            "Ask an administrator to give your account the admin role, or sign in as an "
            "administrator.",
            class_name="cz-muted",
        ),
        button("Sign in as someone else", on_click=SessionState.sign_out),
    )
