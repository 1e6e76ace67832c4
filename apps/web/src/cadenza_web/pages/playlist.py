"""A playlist and its tracks."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import empty_state, error_state, loading_state, page_header
from cadenza_web.components.tracks import track_rows
from cadenza_web.pages.layout import app_page
from cadenza_web.states.pages import PlaylistState


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
        rx.cond(
            PlaylistState.error != "",
            error_state(PlaylistState.error, on_retry=PlaylistState.load),
            rx.cond(
                PlaylistState.loading,
                loading_state(),
                rx.cond(
                    PlaylistState.tracks.length() > 0,
                    track_rows(PlaylistState.tracks, label="Tracks"),
                    empty_state(
                        "This playlist is empty",
                        "Use “Add to a playlist” on any song to fill it.",
                    ),
                ),
            ),
        ),
    )
