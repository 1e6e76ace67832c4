"""The "Add to playlist" dialog."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import alert, button, icon_button, text_field
from cadenza_web.models import PlaylistCard
from cadenza_web.states.library import LibraryState
from cadenza_web.states.picker import PickerState

_TITLE_ID = "cz-picker-title"


def _choice(playlist: rx.vars.ObjectVar[PlaylistCard]) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            playlist.name,
            type="button",
            on_click=PickerState.add_to(playlist.id, playlist.name),
            disabled=PickerState.busy,
            class_name="cz-choice",
        )
    )


def playlist_picker() -> rx.Component:
    """A modal dialog: the user's playlists to add the track to, or a new one to create."""
    return rx.cond(
        PickerState.is_open,
        rx.el.div(
            rx.el.div(
                rx.el.div(
                    rx.el.h2(
                        "Add “",
                        PickerState.track_title,
                        "” to a playlist",
                        id=_TITLE_ID,
                        class_name="cz-dialog-title",
                    ),
                    icon_button("x", "Close", on_click=PickerState.close),
                    class_name="cz-dialog-header",
                ),
                rx.cond(
                    LibraryState.playlists.length() > 0,
                    rx.el.ul(
                        rx.foreach(LibraryState.playlists, _choice),
                        aria_label="Your playlists",
                        class_name="cz-choice-list",
                    ),
                ),
                rx.el.form(
                    text_field(
                        "New playlist name",
                        field_id="cz-new-playlist",
                        value=PickerState.new_name,
                        on_change=PickerState.set_new_name,
                        auto_complete="off",
                        auto_focus=True,
                    ),
                    button("Create and add", type="submit", disabled=PickerState.busy),
                    on_submit=PickerState.create_and_add,
                    class_name="cz-inline-form",
                ),
                rx.cond(PickerState.error != "", alert(PickerState.error)),
                role="dialog",
                aria_modal="true",
                aria_labelledby=_TITLE_ID,
                class_name="cz-dialog",
            ),
            rx.window_event_listener(on_key_down=PickerState.close_on_escape),
            class_name="cz-backdrop",
        ),
    )
