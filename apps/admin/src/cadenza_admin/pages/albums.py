"""Albums: search, filter by genre, sort, create, edit (with a cover), delete, merge."""

from __future__ import annotations

import reflex as rx

from cadenza_admin.components.catalogue import (
    artist_select,
    cover_drop,
    merge_dialog,
    save_with_cover,
)
from cadenza_admin.components.common import record_actions
from cadenza_admin.components.lists import (
    FILTER_DEBOUNCE_MS,
    delete_dialog,
    form_dialog,
    list_page,
    list_search,
)
from cadenza_admin.models import AlbumRow
from cadenza_admin.pages.layout import admin_page
from cadenza_admin.states.albums import ALBUM_COVER_UPLOAD
from cadenza_admin.states.albums import AlbumsState as S
from cadenza_ui import (
    button,
    cell,
    checkbox_field,
    column_header,
    data_table,
    page_header,
    sort_header,
    text_field,
    toolbar,
)


def _row(row: rx.vars.ObjectVar[AlbumRow]) -> rx.Component:
    return rx.el.tr(
        cell(row.title),
        cell(row.artist),
        cell(row.genre),
        cell(row.release_date),
        cell(row.tracks),
        cell(rx.cond(row.has_cover, "Yes", "No")),
        cell(
            record_actions(
                row.title,
                edit=S.open_edit(row.id),
                merge=S.open_merge(row.id),
                delete=S.open_delete(row.id),
            )
        ),
    )


def _table() -> rx.Component:
    return data_table(
        "Albums",
        [
            sort_header("Title", column="title", current=S.sort, on_sort=S.sort_by("title")),
            column_header("Artist"),
            column_header("Genre"),
            sort_header(
                "Released",
                column="releaseDate",
                current=S.sort,
                on_sort=S.sort_by("releaseDate"),
            ),
            column_header("Tracks"),
            column_header("Cover"),
            column_header("Actions", hidden=True),
        ],
        rx.foreach(S.rows, _row),
    )


def _edit_dialog() -> rx.Component:
    return form_dialog(
        S,
        rx.cond(S.dialog == "create", "New album", f"Edit {S.target.title}"),
        text_field("Title", field_id="album-title", default_value=S.target.title, required=True),
        rx.cond(S.dialog == "create", artist_select(S, field_id="album-artist")),
        text_field(
            "Release date",
            field_id="album-release-date",
            type="date",
            default_value=S.target.release_date,
        ),
        text_field("Genre", field_id="album-genre", default_value=S.target.genre),
        cover_drop(ALBUM_COVER_UPLOAD),
        confirm="Save",
        on_submit=save_with_cover(S, ALBUM_COVER_UPLOAD),
        dialog_id="album-edit",
    )


def _delete_dialog() -> rx.Component:
    return delete_dialog(
        S,
        f"Delete {S.target.title}",
        checkbox_field(
            "Delete its tracks too",
            field_id="album-delete-tracks",
            checked=S.with_tracks,
            on_change=S.set_with_tracks,
        ),
        impact=S.sentence,
        on_delete=S.confirm_delete,
        dialog_id="album-delete",
        busy=S.busy | (S.sentence == ""),
    )


def _merge_dialog() -> rx.Component:
    return merge_dialog(
        S,
        S.target.title,
        kind="album",
        moving="Every track",
        choices=S.choices,
        on_merge=S.merge,
    )


@admin_page("/albums", "Albums", on_load=[S.load])
def albums() -> rx.Component:
    return list_page(
        S,
        page_header("Albums", eyebrow="Catalogue"),
        toolbar(
            list_search(S, label="Search albums", hint="Title or artist", field_id="album-search"),
            text_field(
                "Genre",
                field_id="album-genre-filter",
                default_value=S.genre,
                on_change=S.filter_genre.debounce(FILTER_DEBOUNCE_MS),
            ),
            button("New album", on_click=S.open_create),
            label="Album filters",
        ),
        table=_table(),
        pages="Album pages",
        dialogs=rx.match(
            S.dialog,
            ("create", "edit", _edit_dialog()),
            ("delete", _delete_dialog()),
            ("merge", _merge_dialog()),
            rx.fragment(),
        ),
    )
