"""Artists: search, sort, create, edit, delete and merge."""

from __future__ import annotations

import reflex as rx

from cadenza_admin.components.common import dialog_buttons, form_error, row_actions, status_lines
from cadenza_admin.models import ArtistRow
from cadenza_admin.pages.layout import admin_page
from cadenza_admin.states.artists import ArtistsState as S
from cadenza_ui import (
    button,
    cell,
    column_header,
    data_table,
    dialog,
    icon_button,
    loading_state,
    page_header,
    pager,
    search_box,
    select_field,
    sort_header,
    text_field,
    textarea_field,
    toolbar,
)


def _row(row: rx.vars.ObjectVar[ArtistRow]) -> rx.Component:
    return rx.el.tr(
        cell(row.name),
        cell(row.owner),
        cell(row.albums),
        cell(row.tracks),
        cell(row.updated),
        cell(
            row_actions(
                icon_button("pencil", f"Edit {row.name}", on_click=S.open_edit(row.id)),
                icon_button("merge", f"Merge {row.name}", on_click=S.open_merge(row.id)),
                icon_button("trash-2", f"Delete {row.name}", on_click=S.open_delete(row.id)),
            )
        ),
    )


def _table() -> rx.Component:
    return data_table(
        "Artists",
        [
            sort_header("Name", column="name", current=S.sort, on_sort=S.sort_by("name")),
            column_header("Owner"),
            column_header("Albums"),
            column_header("Tracks"),
            sort_header(
                "Updated", column="updatedAt", current=S.sort, on_sort=S.sort_by("updatedAt")
            ),
            column_header("Actions", hidden=True),
        ],
        rx.foreach(S.rows, _row),
    )


def _edit_dialog() -> rx.Component:
    return dialog(
        rx.cond(S.dialog == "create", "New artist", f"Edit {S.target.name}"),
        rx.el.form(
            text_field("Name", field_id="artist-name", default_value=S.target.name, required=True),
            textarea_field("Biography", field_id="artist-bio", default_value=S.target.bio),
            form_error(S.form_error),
            dialog_buttons("Save", busy=S.busy, on_cancel=S.close_dialog),
            on_submit=S.save,
            class_name="cz-form",
        ),
        dialog_id="artist-edit",
        on_close=S.close_dialog,
    )


def _delete_dialog() -> rx.Component:
    return dialog(
        f"Delete {S.target.name}",
        rx.cond(
            S.sentence != "", rx.el.p(S.sentence), loading_state("Counting what goes with it…")
        ),
        form_error(S.form_error),
        dialog_buttons(
            "Delete",
            busy=S.busy | (S.sentence == ""),
            on_cancel=S.close_dialog,
            type="button",
            on_click=S.confirm_delete,
        ),
        dialog_id="artist-delete",
        on_close=S.close_dialog,
    )


def _merge_dialog() -> rx.Component:
    return dialog(
        f"Merge {S.target.name}",
        rx.el.p(
            "Every album and track of “",
            S.target.name,
            "” moves to the artist you choose; then “",
            S.target.name,
            "” is deleted.",
        ),
        rx.el.form(
            select_field(
                "Merge into",
                field_id="merge-target",
                options=S.choices,
                option_label="name",
                placeholder="Choose an artist",
                required=True,
            ),
            form_error(S.form_error),
            dialog_buttons("Merge", busy=S.busy, on_cancel=S.close_dialog),
            on_submit=S.merge,
            class_name="cz-form",
        ),
        dialog_id="artist-merge",
        on_close=S.close_dialog,
    )


@admin_page("/artists", "Artists", on_load=[S.load])
def artists() -> rx.Component:
    return rx.fragment(
        page_header("Artists", eyebrow="Catalogue"),
        toolbar(
            search_box(
                initial=S.query,
                on_change=S.search.debounce(300),
                label="Search artists",
                hint="Name",
                field_id="artist-search",
            ),
            button("New artist", on_click=S.open_create),
            label="Artist filters",
        ),
        status_lines(S.notice, S.error, on_retry=S.load),
        _table(),
        pager(
            S.page_label,
            on_previous=S.previous_page,
            on_next=S.next_page,
            has_previous=S.has_previous,
            has_next=S.has_next,
            name="Artist pages",
        ),
        rx.match(
            S.dialog,
            ("create", _edit_dialog()),
            ("edit", _edit_dialog()),
            ("delete", _delete_dialog()),
            ("merge", _merge_dialog()),
            rx.fragment(),
        ),
    )
