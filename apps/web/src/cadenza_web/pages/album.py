"""An album and its tracks."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import (
    cover,
    empty_state,
    error_state,
    icon_button,
    link,
    loading_state,
    page_header,
)
from cadenza_web.components.tracks import track_rows
from cadenza_web.pages.layout import app_page
from cadenza_web.states.pages import AlbumState


def _actions() -> rx.Component:
    return rx.cond(
        AlbumState.album_id != "",
        rx.el.div(
            icon_button("heart", "Like", pressed=AlbumState.liked, on_click=AlbumState.toggle_like),
            link(
                AlbumState.artist_name,
                href=AlbumState.artist_href,
                class_name="cz-button cz-button--quiet",
            ),
            class_name="cz-toolbar",
        ),
    )


@app_page("/album/[album_id]", "Album", on_load=[AlbumState.load])
def album() -> rx.Component:
    return rx.fragment(
        page_header(
            AlbumState.title,
            eyebrow="Album",
            details=AlbumState.details,
            art=cover(AlbumState.cover_url, large=True),
        ),
        _actions(),
        rx.cond(
            AlbumState.error != "",
            error_state(AlbumState.error, on_retry=AlbumState.load),
            rx.cond(
                AlbumState.loading,
                loading_state(),
                rx.cond(
                    AlbumState.tracks.length() > 0,
                    track_rows(AlbumState.tracks, label="Tracks", show_album=False),
                    empty_state("No tracks yet", "This album has no tracks."),
                ),
            ),
        ),
    )
