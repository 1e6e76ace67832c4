"""Albums: search, filter by genre, sort, create, edit (with a cover), delete, merge."""

from __future__ import annotations

import reflex as rx

from cadenza_admin.components.common import dialog_buttons, form_error, row_actions, status_lines
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
    dialog,
    file_drop,
    icon_button,
    loading_state,
    page_header,
    pager,
    search_box,
    select_field,
    sort_header,
    text_field,
    toolbar,
)

IMAGES = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]}


def _row(row: rx.vars.ObjectVar[AlbumRow]) -> rx.Component:
    return rx.el.tr(
        cell(row.title),
        cell(row.artist),
        cell(row.genre),
        cell(row.release_date),
        cell(row.tracks),
        cell(rx.cond(row.has_cover, "Yes", "No")),
        cell(
            row_actions(
                icon_button("pencil", f"Edit {row.title}", on_click=S.open_edit(row.id)),
                icon_button("merge", f"Merge {row.title}", on_click=S.open_merge(row.id)),
                icon_button("trash-2", f"Delete {row.title}", on_click=S.open_delete(row.id)),
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
    return dialog(
        rx.cond(S.dialog == "create", "New album", f"Edit {S.target.title}"),
        rx.el.form(
            text_field(
                "Title", field_id="album-title", default_value=S.target.title, required=True
            ),
            rx.cond(
                S.dialog == "create",
                select_field(
                    "Artist",
                    field_id="album-artist",
                    options=S.artists,
                    option_label="name",
                    placeholder="Choose an artist",
                    required=True,
                ),
            ),
            text_field(
                "Release date",
                field_id="album-release-date",
                type="date",
                default_value=S.target.release_date,
            ),
            text_field("Genre", field_id="album-genre", default_value=S.target.genre),
            file_drop("Cover image", upload_id=ALBUM_COVER_UPLOAD, accept=IMAGES),
            form_error(S.form_error),
            dialog_buttons("Save", busy=S.busy, on_cancel=S.close_dialog),
            on_submit=[
                S.remember_form,
                S.receive_cover(rx.upload_files(upload_id=ALBUM_COVER_UPLOAD)),
            ],
            class_name="cz-form",
        ),
        dialog_id="album-edit",
        on_close=S.close_dialog,
    )


def _delete_dialog() -> rx.Component:
    return dialog(
        f"Delete {S.target.title}",
        checkbox_field(
            "Delete its tracks too",
            field_id="album-delete-tracks",
            checked=S.with_tracks,
            on_change=S.set_with_tracks,
        ),
        rx.cond(
            S.sentence != "",
            rx.el.p(S.sentence, aria_live="polite"),
            loading_state("Counting what goes with it…"),
        ),
        form_error(S.form_error),
        dialog_buttons(
            "Delete",
            busy=S.busy | (S.sentence == ""),
            on_cancel=S.close_dialog,
            type="button",
            on_click=S.confirm_delete,
        ),
        dialog_id="album-delete",
        on_close=S.close_dialog,
    )


def _merge_dialog() -> rx.Component:
    return dialog(
        f"Merge {S.target.title}",
        rx.el.p(
            "Every track of “",
            S.target.title,
            "” moves to the album you choose; then “",
            S.target.title,
            "” is deleted.",
        ),
        rx.el.form(
            select_field(
                "Merge into",
                field_id="merge-target",
                options=S.choices,
                placeholder="Choose an album",
                required=True,
            ),
            form_error(S.form_error),
            dialog_buttons("Merge", busy=S.busy, on_cancel=S.close_dialog),
            on_submit=S.merge,
            class_name="cz-form",
        ),
        dialog_id="album-merge",
        on_close=S.close_dialog,
    )


@admin_page("/albums", "Albums", on_load=[S.load])
def albums() -> rx.Component:
    return rx.fragment(
        page_header("Albums", eyebrow="Catalogue"),
        toolbar(
            search_box(
                initial=S.query,
                on_change=S.search.debounce(300),
                label="Search albums",
                hint="Title or artist",
                field_id="album-search",
            ),
            text_field(
                "Genre",
                field_id="album-genre-filter",
                default_value=S.genre,
                on_change=S.filter_genre.debounce(300),
            ),
            button("New album", on_click=S.open_create),
            label="Album filters",
        ),
        status_lines(S.notice, S.error, on_retry=S.load),
        _table(),
        pager(
            S.page_label,
            on_previous=S.previous_page,
            on_next=S.next_page,
            has_previous=S.has_previous,
            has_next=S.has_next,
            name="Album pages",
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
