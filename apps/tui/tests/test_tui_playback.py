"""Listening in the terminal against a real API: search, open an album, play (the engine on
miniaudio's NULL backend), seek, next, like, add to a playlist, and playback sync with a
second device connected by the test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import miniaudio
from websockets.asyncio.client import ClientConnection, connect

from cadenza_contracts import CadenzaClient
from cadenza_contracts.playback import (
    CommandMessage,
    DeviceKind,
    DevicesMessage,
    NextCommand,
    PauseCommand,
    PlayCommand,
    ServerMessage,
    StateMessage,
    TransferCommand,
)
from cadenza_contracts.sync import PlayerSync, position_at
from cadenza_tui.screens.album import AlbumScreen
from cadenza_tui.screens.dialogs import Choose, TextPrompt
from cadenza_tui.screens.playlist import PlaylistScreen
from cadenza_tui.screens.search import SearchScreen

M = TypeVar("M", bound=ServerMessage)
WAIT_S = 20.0


class WebDevice:
    """A second device of the user, as the web player would be: a WebSocket of its own."""

    def __init__(self, socket: ClientConnection, sync: PlayerSync) -> None:
        self.socket = socket
        self.sync = sync

    async def expect(self, kind: type[M], where: Callable[[M], bool] = lambda _: True) -> M:
        async with asyncio.timeout(WAIT_S):
            while True:
                message = self.sync.receive(await self.socket.recv())
                if isinstance(message, kind) and where(message):
                    return message

    async def send(self, command: Any) -> None:
        await self.socket.send(self.sync.command(command))


@asynccontextmanager
async def web_device(base_url: str, user: tuple[str, str]) -> AsyncIterator[WebDevice]:
    async with CadenzaClient(base_url) as api:
        await api.login(*user)
        async with connect(await api.ws_url()) as socket:
            device = WebDevice(socket, PlayerSync("web-test", "Web player", DeviceKind.WEB))
            await device.expect(StateMessage)
            await socket.send(device.sync.hello())
            await device.expect(DevicesMessage, lambda m: "web-test" in {d.id for d in m.devices})
            yield device


async def open_album(tui: Any) -> None:
    """Search for it, then open it from the album results."""
    await tui.pilot.press("slash")
    assert isinstance(tui.app.screen, SearchScreen)
    await tui.pilot.press(*"drive")
    albums = tui.app.screen.query_one("#album-results")
    await tui.until(lambda: albums.option_count == 1, "the album in the results")
    albums.focus()
    await tui.pilot.press("enter")
    await tui.until(lambda: isinstance(tui.app.screen, AlbumScreen), "the album screen")
    table = tui.app.screen.query_one("#album-tracks")
    await tui.until(lambda: table.row_count == 3, "the album's tracks")


async def press_and_measure(tui: Any, key: str) -> tuple[int, int, int]:
    """Press `key`: the playhead before and after, and how much audio the engine played
    meanwhile (on its own clock: however long the press took on a busy machine)."""
    engine = tui.engine
    played_from = engine.output_frames
    before = engine.position_ms
    await tui.pilot.press(key)
    # Rounded up, and a millisecond more: the playheads are whole milliseconds.
    played_ms = -(-(engine.output_frames - played_from) * 1000 // engine.rate) + 1
    return before, engine.position_ms, played_ms


async def position_advances(tui: Any, by_ms: int = 1_000) -> None:
    start = tui.engine.position_ms
    await tui.until(lambda: tui.engine.position_ms >= start + by_ms, "the position to advance")


async def test_search_album_play_seek_next(
    open_tui: Any, listener: tuple[str, str], cadenza_api: Any
) -> None:
    alpha, beta, gamma = cadenza_api.track_ids("Alpha", "Beta", "Gamma")
    async with open_tui() as tui, CadenzaClient(cadenza_api.base_url) as api:
        await api.login(*listener)
        await tui.sign_in(*listener)
        await open_album(tui)
        await tui.pilot.press("enter")
        await tui.until(lambda: tui.engine.current_key == alpha, "Alpha in the engine")
        await position_advances(tui)
        state = await api.player_state()
        assert (state.track_id, state.is_playing) == (alpha, True)
        assert state.active_device_id == tui.app.config.device_id
        await tui.until(
            lambda: tui.text("#np-track") == "▶ Alpha — The Testers · Night Drive",
            "the now-playing panel",
        )
        assert "On: Test terminal (this terminal)" in tui.text("#np-flags")

        # → seeks 5 s ahead, in the engine at once and on the server.
        version = tui.app.player.state.version
        before, after, played = await press_and_measure(tui, "right")
        assert before + 5_000 <= after <= before + 5_000 + played
        await tui.until(lambda: tui.app.player.state.version > version, "the seek's state")
        heard = tui.engine.position_ms
        state = await api.player_state()
        # The server's playhead, when it answered, is the engine's (give or take the way).
        server_playhead = position_at(state, state.server_time)
        assert heard - 1_000 <= server_playhead <= tui.engine.position_ms + 1_000
        await position_advances(tui, 500)
        before, after, played = await press_and_measure(tui, "left")
        assert before - 5_000 <= after <= before - 5_000 + played

        # Pause and resume.
        await tui.pilot.press("space")
        assert not tui.engine.is_playing
        paused_at = tui.engine.position_ms
        await tui.until(lambda: tui.text("#np-track").startswith("‖"), "the paused icon")
        assert tui.engine.position_ms == paused_at
        await tui.pilot.press("space")
        await position_advances(tui, 300)

        # `Q` queues the highlighted track (Gamma): it plays next, before Beta.
        await tui.pilot.press("down", "down", "Q")
        await tui.until(lambda: tui.app.player.state.queue.up_next == [gamma], "up next")
        await tui.pilot.press("n")
        await tui.until(lambda: tui.engine.current_key == gamma, "Gamma in the engine")
        await position_advances(tui, 300)
        assert (await api.player_state()).track_id == gamma
        await tui.pilot.press("n")
        await tui.until(lambda: tui.engine.current_key == beta, "Beta in the engine")
        await position_advances(tui, 300)
        assert (await api.player_state()).track_id == beta
        # `p` within a track's first seconds goes back along the album. Back to Beta's start
        # first: the server counts those seconds from when it switched tracks, and a loaded
        # machine may take that long to get here.
        await tui.pilot.press("left", "left", "p")
        await tui.until(lambda: tui.engine.current_key == alpha, "Alpha again")

        # Volume, shuffle and repeat reach the shared player.
        await tui.pilot.press("minus", "minus", "s", "r")
        await tui.until(lambda: tui.app.player.state.repeat.value == "all", "repeat all")
        state = await api.player_state()
        assert (state.volume, state.shuffle, state.repeat.value) == (90, True, "all")
        assert tui.engine.volume == 90
        await tui.until(
            lambda: "Vol 90%  Shuffle on  Repeat all" in tui.text("#np-flags"), "the panel"
        )


async def test_a_pause_right_after_a_seek_stays_paused(
    open_tui: Any, listener: tuple[str, str], cadenza_api: Any
) -> None:
    alpha = cadenza_api.track_ids("Alpha")[0]
    async with open_tui() as tui:
        await tui.sign_in(*listener)
        await open_album(tui)
        await tui.pilot.press("enter")
        await tui.until(lambda: tui.engine.current_key == alpha, "Alpha in the engine")
        await position_advances(tui, 300)
        player, link = tui.app.player, tui.app.link
        # Whether the engine plays after each state the terminal follows.
        followed: list[tuple[int, bool]] = []
        on_message = link._on_message

        def record(message: ServerMessage) -> None:
            on_message(message)
            if isinstance(message, StateMessage):
                followed.append((message.version, tui.engine.is_playing))

        link._on_message = record
        # A seek, then a pause before the seek's state is back (a quick hand, a slow link):
        # that state, still playing, was sent before the pause and must not undo it.
        before = player.state.version
        await player.seek_by(5_000)
        await player.toggle_play()
        assert not tui.engine.is_playing
        await tui.until(lambda: player.state.version >= before + 2, "both answers")
        assert not player.state.is_playing
        assert {before + 1, before + 2} <= {version for version, _ in followed}
        assert not any(playing for _, playing in followed)


async def test_picks_up_the_queue_where_it_was(
    open_tui: Any, listener: tuple[str, str], cadenza_api: Any
) -> None:
    alpha, beta = cadenza_api.track_ids("Alpha", "Beta")
    async with CadenzaClient(cadenza_api.base_url) as api:
        await api.login(*listener)
        await api.play([alpha, beta], index=1)
        await api.pause()
        await api.seek(7_000)
    async with open_tui() as tui:
        await tui.sign_in(*listener)
        await tui.until(lambda: "Beta" in tui.text("#np-track"), "the paused track")
        assert tui.text("#np-track").startswith("‖")
        await tui.pilot.press("space")
        await tui.until(lambda: tui.engine.current_key == beta, "Beta in the engine")
        await tui.until(lambda: tui.engine.is_playing, "playback")
        # From where it was paused, and not ahead of the shared player, which has been
        # playing since the key was pressed (the stream took a moment to open).
        assert 7_000 <= tui.engine.position_ms <= tui.app.player.sync.position_ms() + 100
        await position_advances(tui, 300)


async def test_gapless_advance_to_the_next_track(
    open_tui: Any, listener: tuple[str, str], cadenza_api: Any
) -> None:
    alpha, beta = cadenza_api.track_ids("Alpha", "Beta")
    async with open_tui() as tui:
        await tui.sign_in(*listener)
        await open_album(tui)
        await tui.pilot.press("enter")
        await tui.until(lambda: tui.engine.current_key == alpha, "Alpha in the engine")
        await tui.until(lambda: tui.engine.next_key == beta, "Beta queued in the engine")
        tui.engine.seek(18_500)
        await tui.until(lambda: tui.engine.current_key == beta, "Beta started by the engine")
        await position_advances(tui, 500)
        await tui.until(lambda: tui.app.player.state.track_id == beta, "the server to follow")
        # The engine kept playing Beta: it was not reloaded by the server's answer.
        assert tui.engine.position_ms >= 500


async def test_like_and_add_to_playlist(
    open_tui: Any, listener: tuple[str, str], cadenza_api: Any
) -> None:
    alpha, beta = cadenza_api.track_ids("Alpha", "Beta")
    async with open_tui() as tui, CadenzaClient(cadenza_api.base_url) as api:
        await api.login(*listener)
        await tui.sign_in(*listener)
        await open_album(tui)
        # `l` likes the highlighted track.
        await tui.pilot.press("l")
        await tui.until(lambda: alpha in tui.app.liked, "the like")
        liked = await api.liked_tracks()
        assert [item.track.id for item in liked.items] == [alpha]

        # `a` adds it to a playlist, here a new one.
        await tui.pilot.press("down", "a")
        await tui.until(lambda: isinstance(tui.app.screen, Choose), "the playlist choice")
        await tui.pilot.press("enter")  # "+ New playlist…", the only choice yet
        await tui.until(lambda: isinstance(tui.app.screen, TextPrompt), "the name prompt")
        await tui.pilot.press(*"Mix", "enter")
        await tui.until(lambda: isinstance(tui.app.screen, AlbumScreen), "the album again")

        async def mine() -> list[Any]:
            return (await api.my_playlists()).items

        async def entries() -> list[Any]:
            return (await api.get_playlist(playlists[0].id)).entries

        for _ in range(100):
            playlists = await mine()
            if playlists and playlists[0].track_count == 1:
                break
            await tui.pilot.pause(0.1)
        assert [(p.name, p.track_count) for p in playlists] == [("Mix", 1)]
        assert [entry.track.id for entry in await entries()] == [beta]

        # Add another to the existing playlist, then edit it on its screen.
        await tui.pilot.press("up", "a")
        await tui.until(lambda: isinstance(tui.app.screen, Choose), "the playlist choice")
        await tui.pilot.press("enter")
        await tui.until(lambda: isinstance(tui.app.screen, AlbumScreen), "the album again")
        await tui.app.open_playlist(playlists[0].id)
        await tui.until(lambda: isinstance(tui.app.screen, PlaylistScreen), "the playlist")
        table = tui.app.screen.query_one("#playlist-tracks")
        await tui.until(lambda: table.row_count == 2, "both entries")
        assert [track.id for track in table.tracks] == [beta, alpha]
        await tui.pilot.press("right_square_bracket")  # move Beta down
        await tui.until(lambda: [t.id for t in table.tracks] == [alpha, beta], "the new order")
        assert [entry.track.id for entry in await entries()] == [alpha, beta]
        await tui.pilot.press("x")  # remove the highlighted one (Beta, moved with the cursor)
        await tui.until(lambda: table.row_count == 1, "the removal")
        assert [entry.track.id for entry in await entries()] == [alpha]
        await tui.pilot.press("e")
        await tui.until(lambda: isinstance(tui.app.screen, TextPrompt), "the rename prompt")
        tui.app.screen.query_one("#prompt-input").value = "Road trip"
        await tui.pilot.press("enter")
        await tui.until(lambda: tui.app.screen.sub_title == "Road trip", "the new name")
        assert (await api.get_playlist(playlists[0].id)).name == "Road trip"

        # Adding a track with the playlist on show shows it there once the server has it.
        await tui.pilot.press("a")
        await tui.until(lambda: isinstance(tui.app.screen, Choose), "the playlist choice")
        await tui.pilot.press("enter")
        await tui.until(lambda: isinstance(tui.app.screen, PlaylistScreen), "the playlist")
        await tui.until(lambda: [t.id for t in table.tracks] == [alpha, alpha], "the new entry")
        assert [entry.track.id for entry in await entries()] == [alpha, alpha]


async def test_remote_control_of_another_device(
    open_tui: Any, listener: tuple[str, str], cadenza_api: Any
) -> None:
    alpha, beta = cadenza_api.track_ids("Alpha", "Beta")
    async with open_tui() as tui, web_device(cadenza_api.base_url, listener) as web:
        await tui.sign_in(*listener)
        await tui.until(lambda: len(tui.app.player.sync.devices) == 2, "both devices")
        await open_album(tui)
        await tui.pilot.press("enter")
        await tui.until(lambda: tui.engine.current_key == alpha, "Alpha in the engine")
        await position_advances(tui, 500)

        # `d`: the device list; choose the web player, and playback moves there.
        await tui.pilot.press("d")
        await tui.until(lambda: isinstance(tui.app.screen, Choose), "the device list")
        choices = tui.app.screen.query_one("#choices")
        labels = [str(choices.get_option_at_index(i).prompt) for i in range(2)]
        assert labels == ["▶ Test terminal (this terminal)", "  Web player"]
        await tui.pilot.press("down", "enter")
        play = await web.expect(CommandMessage)
        assert isinstance(play.command, PlayCommand)
        await tui.until(lambda: tui.engine.current_key is None, "the engine to stop here")
        await tui.until(lambda: "On: Web player" in tui.text("#np-flags"), "the device shown")

        # The keys now control the web player.
        await tui.pilot.press("space")
        assert isinstance((await web.expect(CommandMessage)).command, PauseCommand)
        await tui.pilot.press("n")
        assert isinstance((await web.expect(CommandMessage)).command, NextCommand)
        # The state came first, then the command for the device that plays.
        state = web.sync.state
        assert (state.track_id, state.active_device_id) == (beta, "web-test")
        assert tui.engine.current_key is None

        # And the web player hands playback back to the terminal, which plays Beta.
        await web.send(TransferCommand(device_id=tui.app.config.device_id, play=True))
        await tui.until(lambda: tui.engine.current_key == beta, "Beta in the engine")
        await position_advances(tui, 500)
        assert tui.app.player.is_local


async def test_without_audio_it_is_a_remote_control(
    open_tui: Any, listener: tuple[str, str], cadenza_api: Any
) -> None:
    # WASAPI exists only on Windows: elsewhere this terminal has no audio output.
    async with (
        open_tui(backends=[miniaudio.Backend.WASAPI]) as tui,
        web_device(cadenza_api.base_url, listener) as web,
    ):
        assert tui.app.engine is None
        await tui.sign_in(*listener)
        await tui.until(lambda: len(tui.app.player.sync.devices) == 2, "both devices")
        assert "no audio here" in tui.text("#np-flags")
        await open_album(tui)
        await tui.pilot.press("enter")
        state = await web.expect(StateMessage, lambda m: m.track_id is not None)
        assert state.active_device_id == "web-test"
        assert state.track_id == cadenza_api.track_ids("Alpha")[0]
