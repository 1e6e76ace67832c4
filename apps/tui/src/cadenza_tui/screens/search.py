"""Search as you type: tracks, albums, artists and playlists, each in its own group."""

from __future__ import annotations

import asyncio
from uuid import UUID

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from cadenza_contracts.catalog import Track
from cadenza_tui.appref import being_removed, cadenza
from cadenza_tui.screens.base import MainScreen, section
from cadenza_tui.screens.home import playlist_options
from cadenza_tui.widgets.lists import replace_options
from cadenza_tui.widgets.tracks.track_table import TrackTable

DEBOUNCE_S = 0.25


class SearchScreen(MainScreen):
    TITLE = "Search"

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query

    def compose_body(self) -> ComposeResult:
        yield Input(
            self.initial_query,
            placeholder="Search tracks, albums, artists and playlists",
            id="search-input",
        )
        yield Static("", id="search-summary", markup=False)
        with Horizontal():
            with Vertical(id="search-tracks"):
                yield section("Tracks")
                yield TrackTable(id="track-results")
            with Vertical(id="search-others", classes="side"):
                yield section("Albums")
                yield OptionList(id="album-results", classes="results")
                yield section("Artists")
                yield OptionList(id="artist-results", classes="results")
                yield section("Playlists")
                yield OptionList(id="playlist-results", classes="results")

    def on_mount(self) -> None:
        if being_removed(self):
            return
        self.query_one("#search-input", Input).focus()
        if self.initial_query:
            self.search(self.initial_query)

    def focus_input(self) -> None:
        self.query_one("#search-input", Input).focus()

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        self.query_one("#track-results", TrackTable).focus()

    @work(exclusive=True, group="search")
    async def search(self, query: str) -> None:
        query = query.strip()
        summary = self.query_one("#search-summary", Static)
        if not query:
            self._show_results([], [], [], [])
            summary.update("")
            return
        # Typing cancels this worker (exclusive): only a pause in typing reaches the server.
        await asyncio.sleep(DEBOUNCE_S)
        app = cadenza(self)
        results = await app.call_api("Searching", lambda api: api.search(query, limit=20))
        if results is None:
            return
        app.remember(results.tracks)
        self._show_results(
            results.tracks,
            [
                Option(Text(f"{album.title} — {album.artist_name}"), id=f"album:{album.id}")
                for album in results.albums
            ],
            [Option(Text(artist.name), id=f"artist:{artist.id}") for artist in results.artists],
            playlist_options(results.playlists),
        )
        found = len(results.tracks) + len(results.albums)
        found += len(results.artists) + len(results.playlists)
        summary.update(
            f"{found} results for “{query}”" if found else f"Nothing found for “{query}”"
        )

    def _show_results(
        self,
        tracks: list[Track],
        albums: list[Option],
        artists: list[Option],
        playlists: list[Option],
    ) -> None:
        table = self.query_one("#track-results", TrackTable)
        table.show_tracks(tracks)
        for selector, options in (
            ("#album-results", albums),
            ("#artist-results", artists),
            ("#playlist-results", playlists),
        ):
            replace_options(self.query_one(selector, OptionList), options)

    @on(OptionList.OptionSelected, ".results")
    async def _open(self, event: OptionList.OptionSelected) -> None:
        kind, _, raw_id = (event.option.id or "").partition(":")
        app = cadenza(self)
        if kind == "album":
            await app.open_album(UUID(raw_id))
        elif kind == "artist":
            await app.open_artist(UUID(raw_id))
        elif kind == "playlist":
            await app.open_playlist(UUID(raw_id))
