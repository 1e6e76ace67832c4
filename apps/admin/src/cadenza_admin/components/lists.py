"""A list page's scaffolding, bound to the page's state (a `TableMixin`): its search box and
pager, the order of its parts, and the dialogs that change its rows."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import Var

from cadenza_admin.components.common import dialog_buttons, form_error, status_lines
from cadenza_admin.states.tables import TableMixin
from cadenza_ui import dialog, loading_state, pager, search_box
from cadenza_ui.controls import Text

# How long the admin may pause typing in a filter before the list reloads.
FILTER_DEBOUNCE_MS = 300


def list_search(state: type[TableMixin], *, label: str, hint: str, field_id: str) -> rx.Component:
    """The list's search box: the list follows what the admin types."""
    return search_box(
        initial=state.query,
        on_change=state.search.debounce(FILTER_DEBOUNCE_MS),
        label=label,
        hint=hint,
        field_id=field_id,
    )


def list_pager(state: type[TableMixin], *, name: str) -> rx.Component:
    """The list's previous/next page buttons, as a navigation region named `name`."""
    return pager(
        state.page_label,
        name=name,
        on_previous=state.previous_page,
        on_next=state.next_page,
        has_previous=state.has_previous,
        has_next=state.has_next,
    )


def list_page(
    state: type[TableMixin],
    header: rx.Component,
    *controls: rx.Component,
    table: rx.Component,
    pages: str,
    dialogs: rx.Component | None = None,
) -> rx.Component:
    """A list page, top to bottom: `header`, `controls` (filters and actions), what just
    happened or failed, `table`, the pager (named `pages`) and the open dialog, if any."""
    return rx.fragment(
        header,
        *controls,
        status_lines(state.notice, state.error, on_retry=state.load),
        table,
        list_pager(state, name=pages),
        *([dialogs] if dialogs is not None else []),
    )


def form_dialog(
    state: type[TableMixin],
    title: Text,
    *fields: rx.Component,
    confirm: str,
    on_submit: Any,
    dialog_id: str,
    intro: rx.Component | None = None,
    wide: bool = False,
) -> rx.Component:
    """A dialog around a form: `intro` above it, then its `fields`, the failure if any,
    `confirm` (submitting the form to `on_submit`) and Cancel."""
    return dialog(
        title,
        *([intro] if intro is not None else []),
        rx.el.form(
            *fields,
            form_error(state.form_error),
            dialog_buttons(confirm, busy=state.busy, on_cancel=state.close_dialog),
            on_submit=on_submit,
            class_name="cz-form",
        ),
        dialog_id=dialog_id,
        on_close=state.close_dialog,
        wide=wide,
    )


def confirm_dialog(
    state: type[TableMixin],
    title: Text,
    *body: rx.Component,
    confirm: str,
    on_confirm: Any,
    dialog_id: str,
    busy: Var[bool] | None = None,
) -> rx.Component:
    """A question: `body`, the failure if any, `confirm` (running `on_confirm`) and Cancel;
    `confirm` waits while `busy` (by default, while the state is busy)."""
    return dialog(
        title,
        *body,
        form_error(state.form_error),
        dialog_buttons(
            confirm,
            busy=state.busy if busy is None else busy,
            on_cancel=state.close_dialog,
            type="button",
            on_click=on_confirm,
        ),
        dialog_id=dialog_id,
        on_close=state.close_dialog,
    )


def delete_dialog(
    state: type[TableMixin],
    title: Text,
    *options: rx.Component,
    impact: Var[str],
    on_delete: Any,
    dialog_id: str,
    busy: Var[bool] | None = None,
) -> rx.Component:
    """Confirm a delete: its `options`, then what else goes with it (`impact`, a sentence
    that stays empty while the state counts), Delete and Cancel."""
    return confirm_dialog(
        state,
        title,
        *options,
        rx.cond(
            impact != "",
            rx.el.p(impact, aria_live="polite"),
            loading_state("Counting what goes with it…"),
        ),
        confirm="Delete",
        on_confirm=on_delete,
        dialog_id=dialog_id,
        busy=busy,
    )
