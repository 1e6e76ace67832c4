"""Artists: search, sort, create, edit, delete and merge."""

from __future__ import annotations

import reflex as rx

from cadenza_admin.components.catalogue import merge_dialog
from cadenza_admin.components.common import record_actions
from cadenza_admin.components.lists import (
    delete_dialog,
    form_dialog,
    list_page,
    list_search,
)
from cadenza_admin.models import ArtistRow
from cadenza_admin.pages.layout import admin_page
from cadenza_admin.states.artists import ArtistsState as S
from cadenza_ui import (
    button,
    cell,
    column_header,
    data_table,
    page_header,
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
            record_actions(
                row.name,
                edit=S.open_edit(row.id),
                merge=S.open_merge(row.id),
                delete=S.open_delete(row.id),
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
    return form_dialog(
        S,
        rx.cond(S.dialog == "create", "New artist", f"Edit {S.target.name}"),
        text_field("Name", field_id="artist-name", default_value=S.target.name, required=True),
        textarea_field("Biography", field_id="artist-bio", default_value=S.target.bio),
        confirm="Save",
        on_submit=S.save,
        dialog_id="artist-edit",
    )


def _delete_dialog() -> rx.Component:
    return delete_dialog(
        S,
        f"Delete {S.target.name}",
        impact=S.sentence,
        on_delete=S.confirm_delete,
        dialog_id="artist-delete",
        busy=S.busy | (S.sentence == ""),
    )


def _merge_dialog() -> rx.Component:
    return merge_dialog(
        S,
        S.target.name,
        kind="artist",
        moving="Every album and track",
        choices=S.choices,
        option_label="name",
        on_merge=S.merge,
    )


@admin_page("/artists", "Artists", on_load=[S.load])
def artists() -> rx.Component:
    return list_page(
        S,
        page_header("Artists", eyebrow="Catalogue"),
        toolbar(
            list_search(S, label="Search artists", hint="Name", field_id="artist-search"),
            button("New artist", on_click=S.open_create),
            label="Artist filters",
        ),
        table=_table(),
        pages="Artist pages",
        dialogs=rx.match(
            S.dialog,
            ("create", "edit", _edit_dialog()),
            ("delete", _delete_dialog()),
            ("merge", _merge_dialog()),
            rx.fragment(),
        ),
    )
