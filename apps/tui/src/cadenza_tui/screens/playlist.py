"""A playlist: its entries, and for its owner, editing (rename, visibility, remove, reorder,
delete)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from uuid import UUID

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from cadenza_contracts.likes import LikeKind
from cadenza_contracts.playlists import PlaylistDetail, PlaylistUpdate
from cadenza_tui.appref import being_removed, cadenza
from cadenza_tui.formatting import clock, heading
from cadenza_tui.messages import PlaylistsChanged
from cadenza_tui.screens.base import MainScreen, PaletteCommand
from cadenza_tui.screens.dialogs import Confirm, TextPrompt
from cadenza_tui.session import SessionClient
from cadenza_tui.widgets.tracks.track_table import TrackTable


class PlaylistScreen(MainScreen):
    TITLE = "Playlist"
    BINDINGS = [
        Binding("x", "remove_entry", "Remove"),
        Binding("left_square_bracket", "move(-1)", "Move up"),
        Binding("right_square_bracket", "move(1)", "Move down"),
        Binding("e", "rename", "Rename"),
        Binding("v", "toggle_public", "Public/private", show=False),
        Binding("D", "delete_playlist", "Delete", show=False),
    ]

    def __init__(self, playlist_id: UUID) -> None:
        super().__init__()
        self.playlist_id = playlist_id
        self.playlist: PlaylistDetail | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("Loading…", id="playlist-info", classes="info", markup=False)
        yield TrackTable(id="playlist-tracks")

    def on_mount(self) -> None:
        if being_removed(self):
            return
        self.query_one("#playlist-tracks", TrackTable).focus()
        self.load()

    @property
    def is_mine(self) -> bool:
        app = cadenza(self)
        return (
            self.playlist is not None
            and app.user is not None
            and self.playlist.owner.id == app.user.id
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"remove_entry", "move", "rename", "toggle_public", "delete_playlist"}:
            return self.is_mine
        return True

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand("Play this playlist", "From its first track", "play_playlist")
        if self.is_mine:
            yield PaletteCommand("Rename the playlist", "e", "rename")
            yield PaletteCommand("Make the playlist public or private", "v", "toggle_public")
            yield PaletteCommand("Remove the highlighted track", "x", "remove_entry")
            yield PaletteCommand("Move the highlighted track up", "[", "move(-1)")
            yield PaletteCommand("Move the highlighted track down", "]", "move(1)")
            yield PaletteCommand("Delete the playlist", "D", "delete_playlist")
        else:
            yield PaletteCommand("Like this playlist", "Save it", "like_playlist")

    def show(self, playlist: PlaylistDetail) -> None:
        self.playlist = playlist
        self.sub_title = playlist.name
        visibility = "Public" if playlist.is_public else "Private"
        details = (
            f"{visibility} playlist by {playlist.owner.username} · "
            f"{playlist.track_count} tracks, {clock(playlist.duration_ms)}"
        )
        lines = [details, playlist.description] if playlist.description else [details]
        self.query_one("#playlist-info", Static).update(heading(playlist.name, *lines))
        tracks = [entry.track for entry in playlist.entries]
        cadenza(self).remember(tracks)
        self.query_one("#playlist-tracks", TrackTable).show_tracks(tracks)
        self.refresh_bindings()

    @on(PlaylistsChanged)
    def _changed(self) -> None:
        # Tracks were added (the `a` key), maybe to this one, maybe before it was loaded.
        self.load()

    @work(exclusive=True, group="playlist")
    async def load(self) -> None:
        playlist = await cadenza(self).call_api(
            "Loading the playlist", lambda api: api.get_playlist(self.playlist_id)
        )
        if playlist is not None:
            self.show(playlist)

    @work(exclusive=True, group="playlist-edit")
    async def edit(
        self, doing: str, change: Callable[[SessionClient], Awaitable[PlaylistDetail]]
    ) -> None:
        app = cadenza(self)
        playlist = await app.call_api(doing, change, attempts=3)
        if playlist is not None:
            self.show(playlist)
            app.post_message(PlaylistsChanged())

    def _highlighted_entry(self) -> int | None:
        table = self.query_one("#playlist-tracks", TrackTable)
        if self.playlist is None or not self.playlist.entries:
            return None
        row = table.cursor_row
        return row if 0 <= row < len(self.playlist.entries) else None

    def action_remove_entry(self) -> None:
        row = self._highlighted_entry()
        if self.playlist is None or row is None:
            return
        entry_id = self.playlist.entries[row].id
        self.edit(
            "Removing the track",
            lambda api: api.remove_playlist_entries(self.playlist_id, [entry_id]),
        )

    def action_move(self, step: int) -> None:
        row = self._highlighted_entry()
        if self.playlist is None or row is None:
            return
        target = row + step
        entries = [entry.id for entry in self.playlist.entries]
        if not 0 <= target < len(entries):
            return
        entries[row], entries[target] = entries[target], entries[row]
        self.query_one("#playlist-tracks", TrackTable).move_cursor(row=target)
        self.edit("Reordering", lambda api: api.reorder_playlist(self.playlist_id, entries))

    def action_rename(self) -> None:
        if self.playlist is None:
            return

        def renamed(name: str | None) -> None:
            if name:
                body = PlaylistUpdate(name=name)
                self.edit("Renaming", lambda api: api.update_playlist(self.playlist_id, body))

        self.app.push_screen(TextPrompt("Rename the playlist", self.playlist.name), renamed)

    def action_toggle_public(self) -> None:
        if self.playlist is None:
            return
        body = PlaylistUpdate(is_public=not self.playlist.is_public)
        self.edit("Changing visibility", lambda api: api.update_playlist(self.playlist_id, body))

    def action_delete_playlist(self) -> None:
        if self.playlist is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.delete()

        question = f"Delete the playlist “{self.playlist.name}”?"
        self.app.push_screen(Confirm(question, "Delete"), confirmed)

    @work(exclusive=True, group="playlist-edit")
    async def delete(self) -> None:
        app = cadenza(self)

        async def delete(api: SessionClient) -> bool:
            await api.delete_playlist(self.playlist_id)
            return True

        if await app.call_api("Deleting the playlist", delete, attempts=3):
            app.notify("Playlist deleted.")
            app.post_message(PlaylistsChanged())
            self.dismiss()

    async def action_play_playlist(self) -> None:
        table = self.query_one("#playlist-tracks", TrackTable)
        player = cadenza(self).player
        if player is not None and table.tracks:
            await player.play_tracks(table.tracks, 0)

    def action_like_playlist(self) -> None:
        cadenza(self).like_item(LikeKind.PLAYLISTS, self.playlist_id, "the playlist")
