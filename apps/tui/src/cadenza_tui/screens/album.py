"""An album: its details and tracks; enter plays the album from the highlighted track."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from cadenza_contracts.catalog import Album
from cadenza_contracts.likes import LikeKind
from cadenza_tui.appref import being_removed, cadenza
from cadenza_tui.formatting import clock, heading
from cadenza_tui.screens.base import MainScreen, PaletteCommand
from cadenza_tui.widgets.tracks.track_table import TrackTable


class AlbumScreen(MainScreen):
    TITLE = "Album"
    BINDINGS = [Binding("g", "go_to_artist", "Artist")]

    def __init__(self, album_id: UUID) -> None:
        super().__init__()
        self.album_id = album_id
        self.album: Album | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("Loading…", id="album-info", classes="info", markup=False)
        yield TrackTable(show_album=False, id="album-tracks")

    def on_mount(self) -> None:
        if being_removed(self):
            return
        self.query_one("#album-tracks", TrackTable).focus()
        self.load()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand("Play this album", "From its first track", "play_album")
        yield PaletteCommand("Like this album", "Save it to your library", "like_album")
        yield PaletteCommand("Go to the album's artist", "g", "go_to_artist")

    @work(exclusive=True, group="album")
    async def load(self) -> None:
        app = cadenza(self)
        album = await app.call_api("Loading the album", lambda api: api.get_album(self.album_id))
        if album is None:
            return
        tracks = await app.call_api(
            "Loading the album", lambda api: api.album_tracks(self.album_id, limit=100)
        )
        if tracks is None:
            return
        self.album = album
        self.sub_title = album.title
        duration = sum(track.duration_ms or 0 for track in tracks.items)
        details = [album.artist_name]
        if album.release_date is not None:
            details.append(str(album.release_date.year))
        if album.genre:
            details.append(album.genre)
        details.append(f"{album.track_count} tracks, {clock(duration)}")
        self.query_one("#album-info", Static).update(heading(album.title, " · ".join(details)))
        app.remember(tracks.items)
        self.query_one("#album-tracks", TrackTable).show_tracks(tracks.items)

    async def action_play_album(self) -> None:
        table = self.query_one("#album-tracks", TrackTable)
        player = cadenza(self).player
        if player is not None and table.tracks:
            await player.play_tracks(table.tracks, 0)

    def action_like_album(self) -> None:
        cadenza(self).like_item(LikeKind.ALBUMS, self.album_id, "the album")

    async def action_go_to_artist(self) -> None:
        if self.album is not None:
            await cadenza(self).open_artist(self.album.artist_id)
