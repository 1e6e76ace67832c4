"""Pieces every admin list page uses."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import Var

from cadenza_ui import alert, button, error_state, icon_button
from cadenza_ui.controls import Text


def status_lines(notice: Var[str] | str, error: Var[str], *, on_retry: Any) -> rx.Component:
    """What just happened (announced politely) and what failed (as an alert, with a retry)."""
    return rx.fragment(
        rx.el.p(notice, role="status", class_name="cz-status cz-status--collapse"),
        rx.cond(error != "", error_state(error, on_retry=on_retry)),
    )


def row_actions(*buttons: rx.Component) -> rx.Component:
    return rx.el.div(*buttons, class_name="cz-row-actions")


def record_actions(name: Text, *, edit: Any, delete: Any, merge: Any = None) -> rx.Component:
    """A catalogue row's Edit, Merge (when `merge` is given) and Delete buttons, each named
    after the row's `name`."""
    return row_actions(
        icon_button("pencil", f"Edit {name}", on_click=edit),
        *([icon_button("merge", f"Merge {name}", on_click=merge)] if merge is not None else []),
        icon_button("trash-2", f"Delete {name}", on_click=delete),
    )


def dialog_buttons(
    confirm: str, *, busy: Var[bool], on_cancel: Any, **confirm_props: Any
) -> rx.Component:
    """A dialog's main action (a submit button unless `on_click` is given) and Cancel."""
    confirm_props.setdefault("type", "submit")
    return rx.el.div(
        button(confirm, disabled=busy, **confirm_props),
        button("Cancel", quiet=True, on_click=on_cancel),
        class_name="cz-row-actions",
    )


def form_error(message: Var[str]) -> rx.Component:
    return rx.cond(message != "", alert(message))


def state_badge(state: Var[str]) -> rx.Component:
    """A job's or track's state; failures and successes stand out."""
    tone = rx.match(
        state,
        ("failed", "cz-badge cz-badge--danger"),
        ("complete", "cz-badge cz-badge--success"),
        ("ready", "cz-badge cz-badge--success"),
        "cz-badge",
    )
    return rx.el.span(state, class_name=tone)
