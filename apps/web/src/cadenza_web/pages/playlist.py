"""A playlist and its tracks; its owner renames, reorders, trims and deletes it here."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import NumberVar, ObjectVar

from cadenza_ui import (
    alert,
    button,
    checkbox_field,
    dialog,
    empty_state,
    error_state,
    icon_button,
    loading_state,
    page_header,
    text_field,
    textarea_field,
)
from cadenza_web.components.tracks import track_rows
from cadenza_web.models import TrackRow
from cadenza_web.pages.layout import app_page
from cadenza_web.states.playlist import (
    DESCRIPTION_FIELD,
    NAME_FIELD,
    PUBLIC_FIELD,
    PlaylistState,
)
from cadenza_web.states.session import SessionState

_is_owner = (PlaylistState.owner != "") & (PlaylistState.owner == SessionState.username)


def _owner_actions(row: ObjectVar[TrackRow], index: NumberVar) -> list[rx.Component]:
    return [
        rx.cond(
            _is_owner,
            rx.fragment(
                icon_button(
                    "arrow-up",
                    "Move up",
                    on_click=PlaylistState.move(index, -1),
                    disabled=index == 0,
                ),
                icon_button(
                    "arrow-down",
                    "Move down",
                    on_click=PlaylistState.move(index, 1),
                    disabled=index == PlaylistState.last_index,
                ),
                icon_button(
                    "x",
                    "Remove from playlist",
                    on_click=PlaylistState.remove(row.entry_id, row.title),
                ),
            ),
        )
    ]


def _dialog_buttons(confirm: str, **confirm_props: Any) -> rx.Component:
    return rx.el.div(
        button(confirm, disabled=PlaylistState.busy, **confirm_props),
        button("Cancel", quiet=True, on_click=PlaylistState.close_dialog),
        class_name="cz-row-actions",
    )


def _edit_dialog() -> rx.Component:
    return dialog(
        "Edit details",
        rx.el.form(
            text_field(
                "Name",
                field_id=NAME_FIELD,
                default_value=PlaylistState.name,
                auto_complete="off",
                auto_focus=True,
            ),
            textarea_field(
                "Description",
                field_id=DESCRIPTION_FIELD,
                default_value=PlaylistState.description,
            ),
            checkbox_field(
                "Public: anyone can find and play it",
                field_id=PUBLIC_FIELD,
                default_checked=PlaylistState.is_public,
            ),
            rx.cond(PlaylistState.form_error != "", alert(PlaylistState.form_error)),
            _dialog_buttons("Save", type="submit"),
            on_submit=PlaylistState.save_details,
            class_name="cz-form",
        ),
        dialog_id="playlist-edit",
        on_close=PlaylistState.close_dialog,
    )


def _delete_dialog() -> rx.Component:
    return dialog(
        "Delete “" + PlaylistState.name + "”?",
        rx.el.p("The playlist goes for good; its songs stay in the library."),
        rx.cond(PlaylistState.form_error != "", alert(PlaylistState.form_error)),
        _dialog_buttons("Delete", on_click=PlaylistState.delete, auto_focus=True),
        dialog_id="playlist-delete",
        on_close=PlaylistState.close_dialog,
    )


def _dialogs() -> rx.Component:
    return rx.cond(
        PlaylistState.dialog != "",
        rx.fragment(
            rx.cond(PlaylistState.dialog == "edit", _edit_dialog(), _delete_dialog()),
            rx.window_event_listener(on_key_down=PlaylistState.close_on_escape),
        ),
    )


def _actions() -> rx.Component:
    return rx.cond(
        PlaylistState.playlist_id != "",
        rx.el.div(
            icon_button(
                "heart", "Like", pressed=PlaylistState.liked, on_click=PlaylistState.toggle_like
            ),
            rx.cond(
                _is_owner,
                rx.fragment(
                    button("Edit details", quiet=True, on_click=PlaylistState.open_dialog("edit")),
                    button(
                        "Delete playlist",
                        quiet=True,
                        on_click=PlaylistState.open_dialog("delete"),
                    ),
                ),
            ),
            class_name="cz-toolbar",
        ),
    )


@app_page("/playlist/[playlist_id]", "Playlist", on_load=[PlaylistState.load])
def playlist() -> rx.Component:
    return rx.fragment(
        page_header(
            PlaylistState.name,
            eyebrow="Playlist",
            details=PlaylistState.details,
        ),
        rx.cond(
            PlaylistState.description != "",
            rx.el.p(PlaylistState.description, class_name="cz-muted"),
        ),
        _actions(),
        rx.cond(
            PlaylistState.error != "",
            error_state(PlaylistState.error, on_retry=PlaylistState.load),
            rx.cond(
                PlaylistState.loading,
                loading_state(),
                rx.cond(
                    PlaylistState.tracks.length() > 0,
                    track_rows(PlaylistState.tracks, label="Tracks", more_actions=_owner_actions),
                    empty_state(
                        "This playlist is empty",
                        "Use “Add to a playlist” on any song to fill it.",
                    ),
                ),
            ),
        ),
        _dialogs(),
    )
