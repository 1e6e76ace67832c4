"""The audit log: browse and filter admin actions; each shows the thing before and after."""

from __future__ import annotations

import reflex as rx

from cadenza_admin.components.lists import list_page
from cadenza_admin.models import AuditRow
from cadenza_admin.pages.layout import admin_page
from cadenza_admin.states.audit import ACTIONS, TARGET_TYPES
from cadenza_admin.states.audit import AuditState as S
from cadenza_ui import (
    button,
    cell,
    column_header,
    data_table,
    page_header,
    select_field,
    text_field,
    toolbar,
)


def _change(row: rx.vars.ObjectVar[AuditRow]) -> rx.Component:
    return rx.el.details(
        rx.el.summary("Before and after"),
        rx.el.div(
            rx.el.p("Before", class_name="cz-label"),
            rx.el.pre(rx.cond(row.before != "", row.before, "—"), class_name="cz-code"),
            rx.el.p("After", class_name="cz-label"),
            rx.el.pre(rx.cond(row.after != "", row.after, "—"), class_name="cz-code"),
        ),
    )


def _row(row: rx.vars.ObjectVar[AuditRow]) -> rx.Component:
    return rx.el.tr(
        cell(row.when),
        cell(row.actor),
        cell(row.action),
        cell(row.target_type),
        cell(row.target),
        cell(_change(row)),
    )


def _filters() -> rx.Component:
    return rx.el.form(
        toolbar(
            text_field(
                "Who", field_id="audit-actor", default_value=S.actor, placeholder="Username"
            ),
            select_field(
                "Action",
                field_id="audit-action",
                options=[(action, action) for action in ACTIONS],
                placeholder="Any action",
                default_value=S.action,
            ),
            select_field(
                "Kind",
                field_id="audit-target-type",
                options=[(kind, kind.capitalize()) for kind in TARGET_TYPES],
                placeholder="Anything",
                default_value=S.target_type,
            ),
            text_field("From", field_id="audit-since", type="date", default_value=S.since),
            text_field("To", field_id="audit-until", type="date", default_value=S.until),
            button("Filter", type="submit"),
            label="Audit filters",
        ),
        on_submit=S.filter,
    )


@admin_page("/audit", "Audit log", on_load=[S.load])
def audit() -> rx.Component:
    return list_page(
        S,
        page_header("Audit log", details="Every admin action: who, what, when, before and after."),
        _filters(),
        table=data_table(
            "Audit log",
            [
                column_header("When (UTC)"),
                column_header("Who"),
                column_header("Action"),
                column_header("Kind"),
                column_header("What"),
                column_header("Change"),
            ],
            rx.foreach(S.rows, _row),
        ),
        pages="Audit pages",
    )
