"""An artist: their tracks and albums."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cadenza_contracts.likes import LikeKind
from cadenza_tui.appref import being_removed, cadenza
from cadenza_tui.formatting import heading
from cadenza_tui.screens.base import MainScreen, PaletteCommand, section
from cadenza_tui.widgets.lists import replace_options
from cadenza_tui.widgets.tracks.track_table import TrackTable


class ArtistScreen(MainScreen):
    TITLE = "Artist"

    def __init__(self, artist_id: UUID) -> None:
        super().__init__()
        self.artist_id = artist_id

    def compose_body(self) -> ComposeResult:
        yield Static("Loading…", id="artist-info", classes="info", markup=False)
        with Horizontal():
            with Vertical(id="artist-tracks-column"):
                yield section("Tracks")
                yield TrackTable(id="artist-tracks")
            with Vertical(id="artist-albums-column", classes="side"):
                yield section("Albums")
                yield OptionList(id="artist-albums")

    def on_mount(self) -> None:
        if being_removed(self):
            return
        self.query_one("#artist-tracks", TrackTable).focus()
        self.load()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand("Like this artist", "Save them to your library", "like_artist")

    @work(exclusive=True, group="artist")
    async def load(self) -> None:
        app = cadenza(self)
        artist = await app.call_api(
            "Loading the artist", lambda api: api.get_artist(self.artist_id)
        )
        if artist is None:
            return
        tracks = await app.call_api(
            "Loading the artist", lambda api: api.artist_tracks(self.artist_id, limit=100)
        )
        albums = await app.call_api(
            "Loading the artist", lambda api: api.artist_albums(self.artist_id, limit=100)
        )
        self.sub_title = artist.name
        bio = [artist.bio] if artist.bio else []
        self.query_one("#artist-info", Static).update(heading(artist.name, *bio))
        if tracks is not None:
            app.remember(tracks.items)
            self.query_one("#artist-tracks", TrackTable).show_tracks(tracks.items)
        if albums is not None:
            replace_options(
                self.query_one("#artist-albums", OptionList),
                (Option(Text(album.title), id=f"album:{album.id}") for album in albums.items),
            )

    @on(OptionList.OptionSelected, "#artist-albums")
    async def _open_album(self, event: OptionList.OptionSelected) -> None:
        await cadenza(self).open_album(UUID((event.option.id or "").removeprefix("album:")))

    def action_like_artist(self) -> None:
        cadenza(self).like_item(LikeKind.ARTISTS, self.artist_id, "the artist")
