"""Search as you type, results grouped by kind."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import card_grid, empty_state, error_state, page_header, search_box, section
from cadenza_web.components.tracks import track_rows
from cadenza_web.pages.home import album_card, artist_card, playlist_card
from cadenza_web.pages.layout import app_page
from cadenza_web.states.pages import SEARCH_DEBOUNCE_MS, SearchState


def _results() -> rx.Component:
    return rx.fragment(
        rx.cond(
            SearchState.tracks.length() > 0,
            section("Songs", track_rows(SearchState.tracks, label="Songs")),
        ),
        rx.cond(
            SearchState.albums.length() > 0,
            section(
                "Albums", card_grid(rx.foreach(SearchState.albums, album_card), label="Albums")
            ),
        ),
        rx.cond(
            SearchState.artists.length() > 0,
            section(
                "Artists", card_grid(rx.foreach(SearchState.artists, artist_card), label="Artists")
            ),
        ),
        rx.cond(
            SearchState.playlists.length() > 0,
            section(
                "Playlists",
                card_grid(rx.foreach(SearchState.playlists, playlist_card), label="Playlists"),
            ),
        ),
    )


@app_page("/search", "Search")
def search() -> rx.Component:
    return rx.fragment(
        page_header("Search"),
        search_box(
            initial=SearchState.query,
            on_change=SearchState.set_query.debounce(SEARCH_DEBOUNCE_MS),
        ),
        rx.el.p(SearchState.summary, role="status", class_name="cz-status"),
        rx.cond(
            SearchState.error != "",
            error_state(SearchState.error, on_retry=SearchState.run_search),
        ),
        rx.cond(
            SearchState.query == "",
            empty_state("Find something to play", "Type a song, album, artist or playlist."),
            _results(),
        ),
    )
