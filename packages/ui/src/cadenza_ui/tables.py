"""Data tables: a named table, sortable column headers, and paging."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import Var

from cadenza_ui.controls import Text, button, icon


def data_table(caption: Text, headers: list[rx.Component], body: rx.Component) -> rx.Component:
    """A table named by `caption` (hidden, read by assistive technology); `headers` are
    `column_header`s or `sort_header`s, `body` the rows (`rx.foreach` of `rx.el.tr`)."""
    return rx.el.div(
        rx.el.table(
            rx.el.caption(caption, class_name="cz-visually-hidden"),
            rx.el.thead(rx.el.tr(*headers)),
            rx.el.tbody(body),
            class_name="cz-table",
        ),
        class_name="cz-table-wrap",
    )


def column_header(label: Text, *, hidden: bool = False) -> rx.Component:
    """A plain column header; `hidden` keeps it for screen readers only."""
    content = rx.el.span(label, class_name="cz-visually-hidden") if hidden else label
    return rx.el.th(content, scope="col")


def sort_header(label: str, *, column: str, current: Var[str], on_sort: Any) -> rx.Component:
    """A column header whose button sorts by `column` (again: descending); `current` is the
    table's sort (`column` or `-column`), announced with `aria-sort`."""
    ascending = current == column
    descending = current == f"-{column}"
    return rx.el.th(
        rx.el.button(
            label,
            rx.cond(ascending, icon("arrow-up", 14), rx.cond(descending, icon("arrow-down", 14))),
            type="button",
            on_click=on_sort,
            class_name="cz-sort-button",
        ),
        scope="col",
        aria_sort=rx.cond(ascending, "ascending", rx.cond(descending, "descending", "none")),
    )


def cell(*children: rx.Component | Text, **props: Any) -> rx.Component:
    return rx.el.td(*children, **props)


def pager(
    label: Text,
    *,
    on_previous: Any,
    on_next: Any,
    has_previous: Var[bool],
    has_next: Var[bool],
    name: str,
) -> rx.Component:
    """`1–20 of 45` with previous/next page buttons, as a navigation region named `name`."""
    return rx.el.nav(
        rx.el.span(label, role="status", class_name="cz-muted"),
        button("Previous page", quiet=True, on_click=on_previous, disabled=~has_previous),
        button("Next page", quiet=True, on_click=on_next, disabled=~has_next),
        aria_label=name,
        class_name="cz-pager",
    )


def toolbar(*children: rx.Component, label: str) -> rx.Component:
    """A row of filters and actions above a table."""
    return rx.el.div(*children, role="group", aria_label=label, class_name="cz-toolbar")
