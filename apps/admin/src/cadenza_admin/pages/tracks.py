"""Tracks: search, filter, sort, create, edit every field (and the cover), delete, and bulk
actions on the selected tracks."""

from __future__ import annotations

import reflex as rx

from cadenza_admin.components.common import (
    dialog_buttons,
    form_error,
    row_actions,
    state_badge,
    status_lines,
)
from cadenza_admin.models import TrackRow
from cadenza_admin.pages.albums import IMAGES
from cadenza_admin.pages.layout import admin_page
from cadenza_admin.states.tracks import TRACK_COVER_UPLOAD
from cadenza_admin.states.tracks import TracksState as S
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

STATUSES = [("processing", "Processing"), ("ready", "Ready"), ("failed", "Failed")]


def _row(row: rx.vars.ObjectVar[TrackRow]) -> rx.Component:
    return rx.el.tr(
        cell(
            rx.el.input(
                type="checkbox",
                checked=S.selected.contains(row.id),
                on_change=lambda checked: S.toggle(row.id, checked),
                aria_label=f"Select {row.title}",
                class_name="cz-checkbox",
            )
        ),
        cell(row.title),
        cell(row.artist),
        cell(row.album),
        cell(row.track_number),
        cell(row.genre),
        cell(row.duration),
        cell(state_badge(row.status), rx.el.div(row.status_reason, class_name="cz-muted")),
        cell(row.plays),
        cell(
            row_actions(
                icon_button("pencil", f"Edit {row.title}", on_click=S.open_edit(row.id)),
                icon_button("trash-2", f"Delete {row.title}", on_click=S.open_delete(row.id)),
            )
        ),
    )


def _table() -> rx.Component:
    return data_table(
        "Tracks",
        [
            column_header("Selected", hidden=True),
            sort_header("Title", column="title", current=S.sort, on_sort=S.sort_by("title")),
            column_header("Artist"),
            column_header("Album"),
            sort_header(
                "No.", column="trackNumber", current=S.sort, on_sort=S.sort_by("trackNumber")
            ),
            column_header("Genre"),
            sort_header(
                "Length", column="durationMs", current=S.sort, on_sort=S.sort_by("durationMs")
            ),
            column_header("Status"),
            column_header("Plays"),
            column_header("Actions", hidden=True),
        ],
        rx.foreach(S.rows, _row),
    )


def _edit_dialog() -> rx.Component:
    creating = S.dialog == "create"
    return dialog(
        rx.cond(creating, "New track", f"Edit {S.target.title}"),
        rx.el.form(
            text_field(
                "Title", field_id="track-title", default_value=S.target.title, required=True
            ),
            rx.cond(
                creating,
                select_field(
                    "Artist",
                    field_id="track-artist",
                    options=S.artists,
                    option_label="name",
                    placeholder="Choose an artist",
                    required=True,
                ),
                select_field(
                    "Album",
                    field_id="track-album",
                    options=S.albums,
                    option_label="title",
                    placeholder="No album (a single)",
                    value=S.target.album_id,
                    on_change=S.set_target_album,
                ),
            ),
            text_field(
                "Track number",
                field_id="track-number",
                type="number",
                min=1,
                default_value=S.target.track_number,
            ),
            text_field(
                "Disc number",
                field_id="track-disc",
                type="number",
                min=1,
                default_value=S.target.disc_number,
            ),
            text_field("Genre", field_id="track-genre", default_value=S.target.genre),
            checkbox_field(
                "Explicit", field_id="track-explicit", default_checked=S.target.explicit
            ),
            file_drop("Cover image", upload_id=TRACK_COVER_UPLOAD, accept=IMAGES),
            form_error(S.form_error),
            dialog_buttons("Save", busy=S.busy, on_cancel=S.close_dialog),
            on_submit=[
                S.remember_form,
                S.receive_cover(rx.upload_files(upload_id=TRACK_COVER_UPLOAD)),
            ],
            class_name="cz-form",
        ),
        dialog_id="track-edit",
        on_close=S.close_dialog,
        wide=True,
    )


def _delete_dialog() -> rx.Component:
    return dialog(
        f"Delete {S.target.title}",
        rx.cond(
            S.sentence != "", rx.el.p(S.sentence), loading_state("Counting what goes with it…")
        ),
        form_error(S.form_error),
        dialog_buttons(
            "Delete",
            busy=S.busy,
            on_cancel=S.close_dialog,
            type="button",
            on_click=S.confirm_delete,
        ),
        dialog_id="track-delete",
        on_close=S.close_dialog,
    )


def _bulk_delete_dialog() -> rx.Component:
    return dialog(
        "Delete the selected tracks",
        rx.el.p(
            "Delete ",
            S.selected_tracks,
            "? Their audio files go, and they leave every playlist, like and listening "
            "history. This cannot be undone.",
        ),
        form_error(S.form_error),
        dialog_buttons(
            "Delete", busy=S.busy, on_cancel=S.close_dialog, type="button", on_click=S.bulk_delete
        ),
        dialog_id="bulk-delete",
        on_close=S.close_dialog,
    )


def _bulk_genre_dialog() -> rx.Component:
    return dialog(
        "Change the genre",
        rx.el.form(
            text_field(
                "New genre", field_id="bulk-genre", hint="Leave empty to clear it.", auto_focus=True
            ),
            form_error(S.form_error),
            dialog_buttons("Set genre", busy=S.busy, on_cancel=S.close_dialog),
            on_submit=S.bulk_genre,
            class_name="cz-form",
        ),
        dialog_id="bulk-genre-dialog",
        on_close=S.close_dialog,
    )


def _bulk_move_dialog() -> rx.Component:
    return dialog(
        "Move to an album",
        rx.el.form(
            select_field(
                "Album",
                field_id="bulk-album",
                options=S.albums,
                placeholder="No album (singles)",
            ),
            rx.el.p("The album must belong to each track's own artist.", class_name="cz-muted"),
            form_error(S.form_error),
            dialog_buttons("Move", busy=S.busy, on_cancel=S.close_dialog),
            on_submit=S.bulk_move,
            class_name="cz-form",
        ),
        dialog_id="bulk-move-dialog",
        on_close=S.close_dialog,
    )


def _bulk_bar() -> rx.Component:
    return rx.cond(
        S.selected.length() > 0,
        toolbar(
            rx.el.span(S.selected_tracks + " selected", role="status"),
            button("Delete selected", quiet=True, on_click=S.open_bulk("bulk-delete")),
            button("Change genre", quiet=True, on_click=S.open_bulk("bulk-genre")),
            button("Move to album", quiet=True, on_click=S.open_bulk_move),
            button("Clear selection", quiet=True, on_click=S.clear_selection),
            label="Bulk actions",
        ),
    )


@admin_page("/tracks", "Tracks", on_load=[S.load])
def tracks() -> rx.Component:
    return rx.fragment(
        page_header("Tracks", eyebrow="Catalogue"),
        toolbar(
            search_box(
                initial=S.query,
                on_change=S.search.debounce(300),
                label="Search tracks",
                hint="Title, artist or album",
                field_id="track-search",
            ),
            text_field(
                "Genre",
                field_id="track-genre-filter",
                default_value=S.genre,
                on_change=S.filter_genre.debounce(300),
            ),
            select_field(
                "Status",
                field_id="track-status-filter",
                options=STATUSES,
                placeholder="Any status",
                value=S.status,
                on_change=S.filter_status,
            ),
            button("New track", on_click=S.open_create),
            label="Track filters",
        ),
        _bulk_bar(),
        status_lines(S.notice, S.error, on_retry=S.load),
        _table(),
        pager(
            S.page_label,
            on_previous=S.previous_page,
            on_next=S.next_page,
            has_previous=S.has_previous,
            has_next=S.has_next,
            name="Track pages",
        ),
        rx.match(
            S.dialog,
            ("create", _edit_dialog()),
            ("edit", _edit_dialog()),
            ("delete", _delete_dialog()),
            ("bulk-delete", _bulk_delete_dialog()),
            ("bulk-genre", _bulk_genre_dialog()),
            ("bulk-move", _bulk_move_dialog()),
            rx.fragment(),
        ),
    )
