"""Cadenza's terminal player: the App, and `cadenza-tui [--server URL]` / `cadenza-tui logout`."""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import ClassVar, TypeVar
from uuid import UUID

import httpx
import miniaudio
from rich.text import Text
from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.widgets.option_list import Option

from cadenza_contracts import ApiError, Page
from cadenza_contracts.accounts import User
from cadenza_contracts.catalog import Track
from cadenza_contracts.likes import LikedTrack, LikeKind
from cadenza_contracts.playback import DeviceKind
from cadenza_contracts.playlists import PlaylistCreate
from cadenza_contracts.sync import PlayerSync
from cadenza_tokens import textual_theme_args
from cadenza_tui.audio import AudioEngine, AudioUnavailable, EngineEvent
from cadenza_tui.config import DEFAULT_SERVER_URL, TuiConfig, load_config
from cadenza_tui.messages import LikesChanged, PlaylistsChanged
from cadenza_tui.network import (
    backoff_delay,
    describe,
    is_session_over,
    is_transient,
    normalize_server_url,
)
from cadenza_tui.player import SEEK_STEP_MS, VOLUME_STEP, Player
from cadenza_tui.screens.album import AlbumScreen
from cadenza_tui.screens.artist import ArtistScreen
from cadenza_tui.screens.base import MainScreen, PaletteCommand
from cadenza_tui.screens.devices import DevicesScreen
from cadenza_tui.screens.dialogs import Choose, TextPrompt
from cadenza_tui.screens.help import HelpScreen
from cadenza_tui.screens.home import NEW_PLAYLIST, HomeScreen, playlist_options
from cadenza_tui.screens.login import LoginScreen
from cadenza_tui.screens.playlist import PlaylistScreen
from cadenza_tui.screens.queue import QueueScreen
from cadenza_tui.screens.search import SearchScreen
from cadenza_tui.session import SessionClient
from cadenza_tui.sync import DeviceLink, LinkState, LinkStatus
from cadenza_tui.widgets.tracks.track_table import TrackTable

T = TypeVar("T")

LIKED_PAGES = 5
LIKED_PAGE_SIZE = 100


COMMANDS = [
    PaletteCommand("Play / pause", "space", "toggle_play"),
    PaletteCommand("Next track", "n", "next_track"),
    PaletteCommand("Previous track", "p", "previous_track"),
    PaletteCommand("Seek forward 5 seconds", "→", f"seek({SEEK_STEP_MS})"),
    PaletteCommand("Seek back 5 seconds", "←", f"seek({-SEEK_STEP_MS})"),
    PaletteCommand("Volume up", "+", f"volume({VOLUME_STEP})"),
    PaletteCommand("Volume down", "-", f"volume({-VOLUME_STEP})"),
    PaletteCommand("Shuffle on / off", "s", "toggle_shuffle"),
    PaletteCommand("Repeat: off, all, one", "r", "cycle_repeat"),
    PaletteCommand("Search", "/", "search"),
    PaletteCommand(
        "Like / unlike the track", "l: the highlighted one, else the one playing", "like"
    ),
    PaletteCommand("Add the track to a playlist", "a", "add_to_playlist"),
    PaletteCommand("Add the track to the queue", "Q", "enqueue"),
    PaletteCommand("Show the queue", "q", "show_queue"),
    PaletteCommand("Devices: play on another device", "d", "devices"),
    PaletteCommand("Home", "h", "home"),
    PaletteCommand("New playlist", "Create an empty playlist", "new_playlist"),
    PaletteCommand("Keys", "?", "help"),
    PaletteCommand("Switch between the dark and light theme", "", "toggle_theme"),
    PaletteCommand("Sign out", "Forget this computer's session", "sign_out"),
]
SESSION_ACTIONS = frozenset(command.action.partition("(")[0] for command in COMMANDS)


async def _liked_page(offset: int, api: SessionClient) -> Page[LikedTrack]:
    return await api.liked_tracks(limit=LIKED_PAGE_SIZE, offset=offset)


def cadenza_themes() -> list[Theme]:
    """Cadenza's dark and light themes, from the design tokens."""
    return [Theme(**textual_theme_args("dark")), Theme(**textual_theme_args("light"))]


def default_device_name() -> str:
    return f"Terminal on {socket.gethostname()}"[:64]


class CadenzaApp(App[None]):
    """The player. `audio_backends` picks miniaudio backends (tests: the NULL one); with no
    audio output the terminal still works as a remote control for the user's other devices."""

    TITLE = "Cadenza"
    CSS_PATH = "cadenza.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_play", "Play/pause"),
        Binding("n", "next_track", "Next", show=False),
        Binding("p", "previous_track", "Previous", show=False),
        Binding("left", f"seek({-SEEK_STEP_MS})", "Back 5 s", show=False),
        Binding("right", f"seek({SEEK_STEP_MS})", "Forward 5 s", show=False),
        Binding("plus,equals_sign", f"volume({VOLUME_STEP})", "Volume up", show=False),
        Binding("minus", f"volume({-VOLUME_STEP})", "Volume down", show=False),
        Binding("s", "toggle_shuffle", "Shuffle", show=False),
        Binding("r", "cycle_repeat", "Repeat", show=False),
        Binding("slash", "search", "Search"),
        Binding("l", "like", "Like", show=False),
        Binding("a", "add_to_playlist", "Add to playlist", show=False),
        Binding("Q", "enqueue", "Add to queue", show=False),
        Binding("q", "show_queue", "Queue"),
        Binding("d", "devices", "Devices"),
        Binding("h", "home", "Home", show=False),
        Binding("question_mark", "help", "Keys"),
    ]

    def __init__(
        self,
        *,
        server_url: str | None = None,
        config_file: Path | None = None,
        audio_backends: Sequence[miniaudio.Backend] | None = None,
        device_name: str | None = None,
    ) -> None:
        super().__init__()
        self.config_file = config_file
        self.config: TuiConfig = load_config(config_file)
        self.requested_server = normalize_server_url(server_url) if server_url else None
        self.audio_backends = audio_backends
        self.device_name = device_name or default_device_name()
        self.engine: AudioEngine | None = None
        self.api: SessionClient | None = None
        self.user: User | None = None
        self.player: Player | None = None
        self.link: DeviceLink | None = None
        self.liked: set[UUID] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- start and stop -------------------------------------------------------------------

    def on_mount(self) -> None:
        for theme in cadenza_themes():
            self.register_theme(theme)
        self.theme = "cadenza-dark"
        self._loop = asyncio.get_running_loop()
        try:
            self.engine = AudioEngine(backends=self.audio_backends, listener=self._engine_event)
        except AudioUnavailable as exc:
            self.notify(
                f"No audio here: {exc}. This terminal works as a remote control for your "
                "other devices.",
                title="Audio",
                severity="warning",
                timeout=10,
            )
        stored = self.config.server_url
        server_url = self.requested_server or stored or DEFAULT_SERVER_URL
        resume = self.config.has_session and server_url == stored
        self.push_screen(LoginScreen(server_url, resume=resume))

    async def on_unmount(self) -> None:
        if self.engine is not None:
            self.engine.close()
            self.engine = None
        if self.api is not None:
            await self.api.aclose()

    def start_session(self, api: SessionClient, user: User) -> None:
        """Signed in: join the user's devices, and show home."""
        self.api = api
        self.user = user
        sync = PlayerSync(self.config.device_id, self.device_name, DeviceKind.TUI)
        self.player = Player(self, api, sync, self.engine)
        self.link = DeviceLink(
            api,
            sync,
            on_message=self.player.on_message,
            on_status=self._link_status,
            heartbeat=self.player.heartbeat,
        )
        self.player.link = self.link
        self.run_link()
        self.load_likes()
        self.switch_screen(HomeScreen())

    def _end_session(self) -> SessionClient | None:
        api = self.api
        for group in ("sync", "likes", "stream", "preload", "recover", "advance"):
            self.workers.cancel_group(self, group)
        if self.player is not None:
            self.player.shutdown()
        self.api, self.user, self.player, self.link = None, None, None, None
        self.liked = set()
        return api

    async def _show_login(self, message: str) -> None:
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        server_url = self.config.server_url or DEFAULT_SERVER_URL
        await self.switch_screen(LoginScreen(server_url, message=message))

    def session_over(self, message: str = "Your session has ended; please sign in again.") -> None:
        """The server no longer accepts the session: back to the login screen."""
        api = self._end_session()
        if api is None:
            return
        api.forget_session()
        self.run_worker(self._close_and_login(api, message), group="session", exclusive=True)

    async def _close_and_login(self, api: SessionClient, message: str) -> None:
        await api.aclose()
        await self._show_login(message)

    @work(exclusive=True, group="session")
    async def action_sign_out(self) -> None:
        api = self._end_session()
        if api is None:
            return
        message = "Signed out."
        try:
            await api.logout()
        except (ApiError, httpx.HTTPError) as exc:
            message = f"Signed out on this computer; the server was not told ({describe(exc)})."
        await api.aclose()
        await self._show_login(message)

    # --- sync and engine --------------------------------------------------------------------

    @work(exclusive=True, group="sync")
    async def run_link(self) -> None:
        if self.link is not None:
            await self.link.run()

    def _link_status(self, status: LinkStatus) -> None:
        if self.player is not None:
            self.player.on_link_status(status)
        if status.state is LinkState.SIGNED_OUT:
            self.session_over(status.message or "Your session has ended; please sign in again.")

    def _engine_event(self, event: EngineEvent) -> None:
        """From the engine's threads: hand over to the event loop."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(self._on_engine_event, event)
        except RuntimeError:
            # The loop closed in between: the app is exiting.
            return

    def _on_engine_event(self, event: EngineEvent) -> None:
        if self.player is not None:
            self.player.on_engine_event(event)

    # --- the API ------------------------------------------------------------------------------

    async def call_api(
        self,
        doing: str,
        request: Callable[[SessionClient], Awaitable[T]],
        *,
        attempts: int | None = None,
    ) -> T | None:
        """`request` with the session's client. Network failures are retried with backoff,
        saying so (forever, or `attempts` times); any other failure is shown. None then."""
        attempt = 0
        while True:
            api = self.api
            if api is None:
                return None
            try:
                return await request(api)
            except (ApiError, httpx.HTTPError) as exc:
                if is_session_over(exc):
                    self.session_over()
                    return None
                attempt += 1
                if not is_transient(exc) or (attempts is not None and attempt >= attempts):
                    self.notify(f"{doing} failed: {describe(exc)}", severity="error")
                    return None
                delay = backoff_delay(attempt - 1)
                self.notify(
                    f"{doing}: {describe(exc)} Retrying in {delay:.0f} s.",
                    severity="warning",
                    timeout=delay,
                )
                await asyncio.sleep(delay)

    def tell_screen(self, message: Message) -> None:
        """Post to the screen on top, if there still is one (not while the app exits)."""
        if self.screen_stack:
            self.screen_stack[-1].post_message(message)

    def remember(self, tracks: Iterable[Track]) -> None:
        if self.player is not None:
            self.player.remember(tracks)

    @work(exclusive=True, group="likes")
    async def load_likes(self) -> None:
        liked: set[UUID] = set()
        for page_number in range(LIKED_PAGES):
            offset = page_number * LIKED_PAGE_SIZE
            page = await self.call_api("Loading liked songs", partial(_liked_page, offset))
            if page is None:
                return
            liked.update(item.track.id for item in page.items)
            if offset + len(page.items) >= page.total:
                break
        self.liked = liked

    # --- navigation ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in SESSION_ACTIONS:
            return self.player is not None and not isinstance(self.screen, ModalScreen)
        return True

    async def open_album(self, album_id: UUID) -> None:
        await self.push_screen(AlbumScreen(album_id))

    async def open_artist(self, artist_id: UUID) -> None:
        await self.push_screen(ArtistScreen(artist_id))

    async def open_playlist(self, playlist_id: UUID) -> None:
        await self.push_screen(PlaylistScreen(playlist_id))

    async def action_search(self) -> None:
        if isinstance(self.screen, SearchScreen):
            self.screen.focus_input()
        else:
            await self.push_screen(SearchScreen())

    async def action_home(self) -> None:
        while len(self.screen_stack) > 2:
            await self.pop_screen()

    async def action_show_queue(self) -> None:
        if not isinstance(self.screen, QueueScreen):
            await self.push_screen(QueueScreen())

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "cadenza-light" if self.theme == "cadenza-dark" else "cadenza-dark"

    def action_devices(self) -> None:
        def chosen(device_id: str | None) -> None:
            if device_id is not None and self.player is not None:
                self.run_worker(self.player.transfer(device_id), group="transfer")

        self.push_screen(DevicesScreen(), chosen)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.player is None:
            return
        for command in COMMANDS:
            yield SystemCommand(
                command.title, command.help, partial(self.run_action, command.action)
            )
        if isinstance(screen, MainScreen):
            for command in screen.palette_commands():
                callback = partial(self.run_action, command.action, screen)
                yield SystemCommand(command.title, command.help, callback)

    # --- the player's keys ----------------------------------------------------------------------

    @on(TrackTable.PlayRequested)
    async def _play_tracks(self, event: TrackTable.PlayRequested) -> None:
        if self.player is not None:
            await self.player.play_tracks(event.tracks, event.index)

    async def action_toggle_play(self) -> None:
        if self.player is not None:
            await self.player.toggle_play()

    async def action_next_track(self) -> None:
        if self.player is not None:
            await self.player.next()

    async def action_previous_track(self) -> None:
        if self.player is not None:
            await self.player.previous()

    async def action_seek(self, delta_ms: int) -> None:
        if self.player is not None:
            await self.player.seek_by(delta_ms)

    async def action_volume(self, delta: int) -> None:
        if self.player is not None:
            await self.player.change_volume(delta)

    async def action_toggle_shuffle(self) -> None:
        if self.player is not None:
            await self.player.toggle_shuffle()

    async def action_cycle_repeat(self) -> None:
        if self.player is not None:
            await self.player.cycle_repeat()

    def target_tracks(self) -> list[Track]:
        """The highlighted track of the focused list, else the one playing."""
        focused = self.focused
        if isinstance(focused, TrackTable) and focused.highlighted_track is not None:
            return [focused.highlighted_track]
        state = self.player.state if self.player is not None else None
        return [state.track] if state is not None and state.track is not None else []

    async def action_enqueue(self) -> None:
        tracks = self.target_tracks()
        if self.player is None or not tracks:
            self.notify("Highlight a track to queue it.", title="Queue")
            return
        if await self.player.queue_tracks(tracks):
            self.notify(f"Queued “{tracks[0].title}”.", title="Queue")

    @work(exclusive=True, group="like")
    async def action_like(self) -> None:
        tracks = self.target_tracks()
        if not tracks:
            self.notify("Highlight a track (or play one) to like it.", title="Likes")
            return
        track = tracks[0]
        liked = track.id in self.liked

        async def change(api: SessionClient) -> bool:
            if liked:
                await api.unlike(LikeKind.TRACKS, track.id)
            else:
                await api.like(LikeKind.TRACKS, track.id)
            return True

        if not await self.call_api("Liking", change, attempts=3):
            return
        if liked:
            self.liked.discard(track.id)
            self.notify(f"Removed “{track.title}” from Liked songs.", title="Likes")
        else:
            self.liked.add(track.id)
            self.notify(f"Added “{track.title}” to Liked songs.", title="Likes")
        self.tell_screen(LikesChanged())

    def like_item(self, kind: LikeKind, item_id: UUID, what: str) -> None:
        """Like an album, artist or playlist."""

        async def like() -> None:
            async def change(api: SessionClient) -> bool:
                await api.like(kind, item_id)
                return True

            if await self.call_api("Liking", change, attempts=3):
                self.notify(f"Liked {what}.", title="Likes")

        self.run_worker(like(), group="like-item", exclusive=True)

    @work(exclusive=True, group="add-to-playlist")
    async def action_add_to_playlist(self) -> None:
        tracks = self.target_tracks()
        if not tracks:
            self.notify("Highlight a track (or play one) to add it.", title="Playlists")
            return
        playlists = await self.call_api(
            "Loading your playlists", lambda api: api.my_playlists(limit=100)
        )
        if playlists is None:
            return
        options = [
            *playlist_options(playlists.items),
            Option(Text("+ New playlist…"), id=NEW_PLAYLIST),
        ]
        choice = await self.push_screen_wait(Choose(f"Add “{tracks[0].title}” to…", options))
        if choice is None:
            return
        if choice == NEW_PLAYLIST:
            created = await self._create_playlist()
            if created is None:
                return
            playlist_id = created
        else:
            playlist_id = UUID(choice.removeprefix("playlist:"))
        track_ids = [track.id for track in tracks]
        playlist = await self.call_api(
            "Adding to the playlist",
            lambda api: api.add_playlist_tracks(playlist_id, track_ids),
            attempts=3,
        )
        if playlist is not None:
            self.notify(f"Added “{tracks[0].title}” to {playlist.name}.", title="Playlists")
            self.tell_screen(PlaylistsChanged())

    async def _create_playlist(self) -> UUID | None:
        name = await self.push_screen_wait(
            TextPrompt("Name of the new playlist", placeholder="My playlist")
        )
        if not name:
            return None
        body = PlaylistCreate(name=name[:100])
        created = await self.call_api(
            "Creating the playlist", lambda api: api.create_playlist(body), attempts=3
        )
        if created is None:
            return None
        self.tell_screen(PlaylistsChanged())
        return created.id

    @work(exclusive=True, group="new-playlist")
    async def action_new_playlist(self) -> None:
        playlist_id = await self._create_playlist()
        if playlist_id is not None:
            await self.open_playlist(playlist_id)


# --- the command ---------------------------------------------------------------------------


async def _logout(server_url: str | None, config_file: Path | None) -> tuple[int, str]:
    config = load_config(config_file)
    if not config.has_session or config.server_url is None:
        return 0, "Not signed in."
    server_url = config.server_url
    api = SessionClient(server_url, config, config_file)
    try:
        await api.logout()
    except (ApiError, httpx.HTTPError) as exc:
        if isinstance(exc, ApiError) and exc.status in (401, 403):
            return 0, f"Signed out of {server_url}."
        return 0, (
            f"Removed the session from this computer; {server_url} could not be told "
            f"({describe(exc)})."
        )
    finally:
        await api.aclose()
    return 0, f"Signed out of {server_url}."


def main(argv: Sequence[str] | None = None) -> int:
    """`cadenza-tui [--server URL] [--device-name NAME]` or `cadenza-tui logout`."""
    parser = argparse.ArgumentParser(
        prog="cadenza-tui", description="Cadenza's terminal music player."
    )
    parser.add_argument("--server", metavar="URL", help="the Cadenza server to use")
    parser.add_argument("--device-name", metavar="NAME", help="how other devices list this one")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("logout", help="sign out and forget the stored session")
    args = parser.parse_args(argv)
    if args.command == "logout":
        code, message = asyncio.run(_logout(args.server, None))
        print(message, file=sys.stderr if code else sys.stdout)
        return code
    CadenzaApp(server_url=args.server, device_name=args.device_name).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
