"""Account settings: change the password, see and sign out signed-in devices."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from cadenza_ui import alert, button, error_state, loading_state, page_header, text_field
from cadenza_web.pages.layout import app_page
from cadenza_web.states.settings import SessionRow, SettingsState

_ROW_STYLE = {
    "display": "flex",
    "align_items": "center",
    "justify_content": "space-between",
    "gap": "var(--cz-spacing-3)",
}


def _session(session: ObjectVar[SessionRow]) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.span(session.device, class_name="cz-track-title"),
            rx.el.span(
                rx.cond(session.current, "This device · ", ""),
                session.details,
                class_name="cz-track-subtitle",
            ),
            class_name="cz-queue-item",
        ),
        rx.cond(
            session.current,
            rx.fragment(),
            button(
                "Sign out",
                quiet=True,
                aria_label="Sign out " + session.device.to(str),
                on_click=SettingsState.revoke(session.id, session.device),
            ),
        ),
        aria_current=rx.cond(session.current, "true", "false"),
        style=_ROW_STYLE,
    )


def _password_form() -> rx.Component:
    return rx.el.form(
        text_field(
            "Current password",
            field_id="current_password",
            type="password",
            auto_complete="current-password",
            required=True,
            error=SettingsState.current_password_error,
        ),
        text_field(
            "New password",
            field_id="new_password",
            type="password",
            auto_complete="new-password",
            required=True,
            hint="At least 10 characters.",
            error=SettingsState.new_password_error,
        ),
        text_field(
            "Repeat the new password",
            field_id="confirm_password",
            type="password",
            auto_complete="new-password",
            required=True,
            error=SettingsState.confirm_error,
        ),
        rx.cond(SettingsState.password_error != "", alert(SettingsState.password_error)),
        button(
            rx.cond(SettingsState.saving, "Changing…", "Change password"),
            type="submit",
            disabled=SettingsState.saving,
        ),
        key=SettingsState.form_key,
        on_submit=SettingsState.change_password,
        aria_label="Change password",
        class_name="cz-form",
    )


def _sessions() -> rx.Component:
    return rx.cond(
        SettingsState.loading,
        loading_state(),
        rx.el.ul(
            rx.foreach(SettingsState.sessions, _session),
            aria_label="Signed-in devices",
            class_name="cz-choice-list",
        ),
    )


@app_page("/settings", "Account settings", on_load=[SettingsState.load])
def settings() -> rx.Component:
    return rx.fragment(
        page_header("Account settings"),
        rx.cond(SettingsState.notice != "", alert(SettingsState.notice, tone="info")),
        rx.el.section(
            rx.el.h2("Password", class_name="cz-section-title"),
            _password_form(),
            aria_label="Password",
        ),
        rx.el.section(
            rx.el.h2("Signed-in devices", class_name="cz-section-title"),
            rx.el.p(
                "Sign out the devices you no longer use.",
                class_name="cz-muted",
            ),
            rx.cond(
                SettingsState.error != "",
                error_state(SettingsState.error, on_retry=SettingsState.load),
                _sessions(),
            ),
            aria_label="Signed-in devices",
        ),
    )
