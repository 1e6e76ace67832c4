"""The user's liked songs."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import empty_state, error_state, loading_state, page_header
from cadenza_web.components.tracks import track_rows
from cadenza_web.pages.layout import app_page
from cadenza_web.states.pages import LikedState


@app_page("/liked", "Liked songs", on_load=[LikedState.load])
def liked() -> rx.Component:
    return rx.fragment(
        page_header("Liked songs", eyebrow="Playlist", details=LikedState.details),
        rx.cond(
            LikedState.error != "",
            error_state(LikedState.error, on_retry=LikedState.load),
            rx.cond(
                LikedState.loading,
                loading_state(),
                rx.cond(
                    LikedState.tracks.length() > 0,
                    track_rows(LikedState.tracks, label="Liked songs"),
                    empty_state(
                        "No liked songs yet", "Press the heart next to a song to keep it here."
                    ),
                ),
            ),
        ),
    )
