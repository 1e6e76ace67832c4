"""Tracks: search, filter, sort, create, edit every field (and the cover), delete, and bulk
actions on the selected tracks."""

from __future__ import annotations

import reflex as rx

from cadenza_admin.components.catalogue import artist_select, cover_drop, save_with_cover
from cadenza_admin.components.common import record_actions, state_badge
from cadenza_admin.components.lists import (
    FILTER_DEBOUNCE_MS,
    confirm_dialog,
    delete_dialog,
    form_dialog,
    list_page,
    list_search,
)
from cadenza_admin.models import TrackRow
from cadenza_admin.pages.layout import admin_page
from cadenza_admin.states.tracks import TRACK_COVER_UPLOAD
from cadenza_admin.states.tracks import TracksState as S
from cadenza_ui import (
    button,
    cell,
    checkbox_field,
    column_header,
    data_table,
    page_header,
    select_field,
    sort_header,
    text_field,
    toolbar,
)
from cadenza_ui.controls import Text

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
            record_actions(
                row.title,
                edit=S.open_edit(row.id),
                delete=S.open_delete(row.id),
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


def _number_field(label: str, *, field_id: str, value: Text) -> rx.Component:
    """A track's or disc's number: a whole number from 1, or empty."""
    return text_field(label, field_id=field_id, type="number", min=1, default_value=value)


def _edit_dialog() -> rx.Component:
    creating = S.dialog == "create"
    return form_dialog(
        S,
        rx.cond(creating, "New track", f"Edit {S.target.title}"),
        text_field("Title", field_id="track-title", default_value=S.target.title, required=True),
        rx.cond(
            creating,
            artist_select(S, field_id="track-artist"),
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
        _number_field("Track number", field_id="track-number", value=S.target.track_number),
        _number_field("Disc number", field_id="track-disc", value=S.target.disc_number),
        text_field("Genre", field_id="track-genre", default_value=S.target.genre),
        checkbox_field("Explicit", field_id="track-explicit", default_checked=S.target.explicit),
        cover_drop(TRACK_COVER_UPLOAD),
        confirm="Save",
        on_submit=save_with_cover(S, TRACK_COVER_UPLOAD),
        dialog_id="track-edit",
        wide=True,
    )


def _delete_dialog() -> rx.Component:
    return delete_dialog(
        S,
        f"Delete {S.target.title}",
        impact=S.sentence,
        on_delete=S.confirm_delete,
        dialog_id="track-delete",
    )


def _bulk_delete_dialog() -> rx.Component:
    return confirm_dialog(
        S,
        "Delete the selected tracks",
        rx.el.p(
            "Delete ",
            S.selected_tracks,
            "? Their audio files go, and they leave every playlist, like and listening "
            "history. This cannot be undone.",
        ),
        confirm="Delete",
        on_confirm=S.bulk_delete,
        dialog_id="bulk-delete",
    )


def _bulk_genre_dialog() -> rx.Component:
    return form_dialog(
        S,
        "Change the genre",
        text_field(
            "New genre", field_id="bulk-genre", hint="Leave empty to clear it.", auto_focus=True
        ),
        confirm="Set genre",
        on_submit=S.bulk_genre,
        dialog_id="bulk-genre-dialog",
    )


def _bulk_move_dialog() -> rx.Component:
    return form_dialog(
        S,
        "Move to an album",
        select_field(
            "Album",
            field_id="bulk-album",
            options=S.albums,
            placeholder="No album (singles)",
        ),
        rx.el.p("The album must belong to each track's own artist.", class_name="cz-muted"),
        confirm="Move",
        on_submit=S.bulk_move,
        dialog_id="bulk-move-dialog",
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
    return list_page(
        S,
        page_header("Tracks", eyebrow="Catalogue"),
        toolbar(
            list_search(
                S, label="Search tracks", hint="Title, artist or album", field_id="track-search"
            ),
            text_field(
                "Genre",
                field_id="track-genre-filter",
                default_value=S.genre,
                on_change=S.filter_genre.debounce(FILTER_DEBOUNCE_MS),
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
        table=_table(),
        pages="Track pages",
        dialogs=rx.match(
            S.dialog,
            ("create", "edit", _edit_dialog()),
            ("delete", _delete_dialog()),
            ("bulk-delete", _bulk_delete_dialog()),
            ("bulk-genre", _bulk_genre_dialog()),
            ("bulk-move", _bulk_move_dialog()),
            rx.fragment(),
        ),
    )
