"""Home: recently played, your playlists and your liked songs."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cadenza_contracts.catalog import Track
from cadenza_contracts.playlists import Playlist
from cadenza_tui.appref import being_removed, cadenza
from cadenza_tui.messages import LikesChanged, PlaylistsChanged
from cadenza_tui.screens.base import MainScreen, PaletteCommand, section
from cadenza_tui.widgets.lists import replace_options
from cadenza_tui.widgets.tracks.track_table import TrackTable

NEW_PLAYLIST = "new-playlist"


def playlist_options(playlists: Iterable[Playlist]) -> list[Option]:
    return [
        Option(Text(f"{playlist.name} ({playlist.track_count})"), id=f"playlist:{playlist.id}")
        for playlist in playlists
    ]


class HomeScreen(MainScreen):
    TITLE = "Home"

    def compose_body(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="home-tracks"):
                yield section("Recently played")
                yield TrackTable(id="recent")
                yield section("Liked songs")
                yield TrackTable(id="liked")
            with Vertical(id="home-playlists", classes="side"):
                yield section("Your playlists")
                yield OptionList(id="playlists")

    def on_mount(self) -> None:
        if being_removed(self):
            return
        self.query_one("#liked", TrackTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand("Reload home", "Fetch the lists again", "reload")

    def action_reload(self) -> None:
        self.load()

    @on(LikesChanged)
    @on(PlaylistsChanged)
    def _changed(self) -> None:
        self.load()

    @work(exclusive=True, group="home")
    async def load(self) -> None:
        app = cadenza(self)
        history = await app.call_api("Loading your history", lambda api: api.history(limit=20))
        liked = await app.call_api("Loading liked songs", lambda api: api.liked_tracks(limit=100))
        playlists = await app.call_api(
            "Loading your playlists", lambda api: api.my_playlists(limit=100)
        )
        if history is not None:
            recent: list[Track] = []
            seen: set[UUID] = set()
            for item in history.items:
                if item.track.id not in seen:
                    seen.add(item.track.id)
                    recent.append(item.track)
            self.query_one("#recent", TrackTable).show_tracks(recent)
            app.remember(recent)
        if liked is not None:
            liked_tracks = [item.track for item in liked.items]
            self.query_one("#liked", TrackTable).show_tracks(liked_tracks)
            app.remember(liked_tracks)
        if playlists is not None:
            new = Option(Text("+ New playlist…"), id=NEW_PLAYLIST)
            replace_options(
                self.query_one("#playlists", OptionList),
                [*playlist_options(playlists.items), new],
            )

    @on(OptionList.OptionSelected, "#playlists")
    async def _open_playlist(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == NEW_PLAYLIST:
            await cadenza(self).run_action("new_playlist")
        elif option_id.startswith("playlist:"):
            await cadenza(self).open_playlist(UUID(option_id.removeprefix("playlist:")))
