"""Users: search, filter, change role, disable/enable, revoke sessions, reset a password."""

from __future__ import annotations

import reflex as rx

from cadenza_admin.components.common import dialog_buttons, form_error, row_actions
from cadenza_admin.components.lists import list_page, list_search
from cadenza_admin.models import UserRow
from cadenza_admin.pages.layout import admin_page
from cadenza_admin.states.users import UsersState as S
from cadenza_ui import (
    alert,
    button,
    cell,
    column_header,
    data_table,
    dialog,
    page_header,
    select_field,
    toolbar,
)

ROLES = [("listener", "Listener"), ("artist", "Artist"), ("admin", "Admin")]
ACTIVITY = [("active", "Enabled"), ("disabled", "Disabled")]


def _role_select(row: rx.vars.ObjectVar[UserRow]) -> rx.Component:
    return rx.el.select(
        *(rx.el.option(label, value=value) for value, label in ROLES),
        value=row.role,
        on_change=lambda role: S.change_role(row.id, role),
        aria_label=f"Role of {row.username}",
        class_name="cz-input",
    )


def _row(row: rx.vars.ObjectVar[UserRow]) -> rx.Component:
    return rx.el.tr(
        cell(row.username),
        cell(row.email),
        cell(_role_select(row)),
        cell(rx.cond(row.active, "Enabled", "Disabled")),
        cell(row.sessions),
        cell(row.created),
        cell(
            row_actions(
                rx.cond(
                    row.active,
                    button(
                        "Disable",
                        quiet=True,
                        aria_label=f"Disable {row.username}",
                        on_click=S.set_active(row.id, False),
                    ),
                    button(
                        "Enable",
                        quiet=True,
                        aria_label=f"Enable {row.username}",
                        on_click=S.set_active(row.id, True),
                    ),
                ),
                button(
                    "Sign out",
                    quiet=True,
                    aria_label=f"Sign out every session of {row.username}",
                    on_click=S.revoke_sessions(row.id),
                ),
                button(
                    "Reset password",
                    quiet=True,
                    aria_label=f"Reset the password of {row.username}",
                    on_click=S.open_reset(row.id),
                ),
            )
        ),
    )


def _reset_dialog() -> rx.Component:
    return dialog(
        f"Reset the password of {S.target.username}",
        rx.cond(
            S.temporary_password != "",
            rx.fragment(
                alert(
                    "Give this temporary password to "
                    + S.target.username
                    + ". It is shown only once; their sessions were signed out.",
                    tone="info",
                ),
                rx.el.p(
                    rx.el.code(S.temporary_password),
                    aria_label="Temporary password",
                    class_name="cz-code",
                ),
                button("Done", on_click=S.close_reset),
            ),
            rx.fragment(
                rx.el.p(
                    "This replaces the password of ",
                    S.target.username,
                    " with a temporary one and signs out all of their sessions.",
                ),
                form_error(S.form_error),
                dialog_buttons(
                    "Reset password",
                    busy=S.busy,
                    on_cancel=S.close_reset,
                    type="button",
                    on_click=S.reset_password,
                ),
            ),
        ),
        dialog_id="user-reset",
        on_close=S.close_reset,
    )


@admin_page("/users", "Users", on_load=[S.load])
def users() -> rx.Component:
    return list_page(
        S,
        page_header("Users"),
        toolbar(
            list_search(S, label="Search users", hint="Username or email", field_id="user-search"),
            select_field(
                "Role",
                field_id="user-role-filter",
                options=ROLES,
                placeholder="Any role",
                value=S.role_filter,
                on_change=S.filter_role,
            ),
            select_field(
                "Status",
                field_id="user-active-filter",
                options=ACTIVITY,
                placeholder="Enabled or disabled",
                value=S.active_filter,
                on_change=S.filter_active,
            ),
            label="User filters",
        ),
        table=data_table(
            "Users",
            [
                column_header("Username"),
                column_header("Email"),
                column_header("Role"),
                column_header("Status"),
                column_header("Sessions"),
                column_header("Joined"),
                column_header("Actions", hidden=True),
            ],
            rx.foreach(S.rows, _row),
        ),
        pages="User pages",
        dialogs=rx.cond(S.dialog == "reset", _reset_dialog()),
    )
