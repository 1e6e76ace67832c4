"""An artist: follow them, their songs (most played first) and their albums."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import (
    button,
    card_grid,
    empty_state,
    error_state,
    loading_state,
    page_header,
    section,
)
from cadenza_web.components.tracks import track_rows
from cadenza_web.pages.home import album_card
from cadenza_web.pages.layout import app_page
from cadenza_web.states.artist import ArtistState


def _follow_button() -> rx.Component:
    # One accessible name, "Follow", whose pressed state says whether the user follows.
    return button(
        rx.cond(ArtistState.followed, "Following", "Follow"),
        quiet=True,
        aria_label="Follow",
        aria_pressed=rx.cond(ArtistState.followed, "true", "false"),
        on_click=ArtistState.toggle_follow,
        disabled=ArtistState.artist_id == "",
    )


def _content() -> rx.Component:
    return rx.fragment(
        section(
            "Songs",
            rx.cond(
                ArtistState.tracks.length() > 0,
                track_rows(ArtistState.tracks, label="Songs"),
                empty_state("No songs yet", "This artist has no songs yet."),
            ),
        ),
        section(
            "Albums",
            rx.cond(
                ArtistState.albums.length() > 0,
                card_grid(rx.foreach(ArtistState.albums, album_card), label="Albums"),
                empty_state("No albums yet", "This artist has no albums yet."),
            ),
        ),
    )


@app_page("/artist/[artist_id]", "Artist", on_load=[ArtistState.load])
def artist() -> rx.Component:
    return rx.fragment(
        page_header(ArtistState.name, eyebrow="Artist", details=ArtistState.details),
        rx.el.div(_follow_button(), class_name="cz-toolbar"),
        rx.cond(
            ArtistState.bio != "",
            rx.el.p(ArtistState.bio, class_name="cz-muted"),
        ),
        rx.cond(
            ArtistState.error != "",
            error_state(ArtistState.error, on_retry=ArtistState.load),
            rx.cond(ArtistState.loading, loading_state(), _content()),
        ),
    )
