"""Playback sync across processes: two `cadenza serve` processes on one PostgreSQL database and
one Redis, a device on each; commands sent through one reach the device on the other."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, TypeVar
from uuid import UUID

from websockets.asyncio.client import ClientConnection, connect

from cadenza_contracts import CadenzaClient
from cadenza_contracts.catalog import ArtistCreate, TrackCreate
from cadenza_contracts.playback import (
    CommandMessage,
    DeviceKind,
    DevicesMessage,
    PauseCommand,
    PlayCommand,
    ServerMessage,
    StateMessage,
    TransferCommand,
    VolumeCommand,
)
from cadenza_contracts.sync import PlayerSync, position_at

PASSWORD = "correct horse battery"
WAIT_SECONDS = 20.0
M = TypeVar("M", bound=ServerMessage)


class Device:
    """A real WebSocket client, keeping its view of the player with the contracts' helper."""

    def __init__(self, socket: ClientConnection, sync: PlayerSync) -> None:
        self.socket = socket
        self.sync = sync

    async def next(self) -> ServerMessage:
        while True:
            frame = await asyncio.wait_for(self.socket.recv(), WAIT_SECONDS)
            message = self.sync.receive(frame)
            if message is not None:
                return message

    async def expect(self, kind: type[M], where: Callable[[M], bool] = lambda _: True) -> M:
        async with asyncio.timeout(WAIT_SECONDS):
            while True:
                message = await self.next()
                if isinstance(message, kind) and where(message):
                    return message


@asynccontextmanager
async def device(api: CadenzaClient, device_id: str, kind: DeviceKind) -> AsyncIterator[Device]:
    """A device on `api`'s process, opened with a ticket that process issued."""
    async with connect(await api.ws_url()) as socket:
        connected = Device(socket, PlayerSync(device_id, f"Device {device_id}", kind))
        assert isinstance(await connected.next(), StateMessage)
        await socket.send(connected.sync.hello())
        await connected.expect(DevicesMessage, lambda m: device_id in [d.id for d in m.devices])
        yield connected


async def test_commands_cross_processes(api_cluster: Any) -> None:
    made = api_cluster.cadenza(
        *("users", "create", "--username", "alice", "--email", "alice@example.com"),
        *("--password", PASSWORD, "--role", "artist"),
    )
    assert made.returncode == 0, made.stderr
    url_a, url_b = api_cluster.urls
    async with (
        CadenzaClient(url_a) as alice_a,
        CadenzaClient(url_b) as alice_b,
        CadenzaClient(url_b) as mallory,
    ):
        await alice_a.login("alice", PASSWORD)
        alice_b.access_token = alice_a.access_token
        artist = await alice_a.create_artist(ArtistCreate(name="Nina Simone"))
        tracks = [
            await alice_a.create_track(
                TrackCreate(title=title, artist_id=artist.id, duration_ms=200_000)
            )
            for title in ("Sinnerman", "Feeling Good")
        ]
        track_ids = [track.id for track in tracks]
        await mallory.register("mallory", "mallory@example.com", PASSWORD)
        await mallory.login("mallory", PASSWORD)
        async with (
            device(alice_a, "alice-web", DeviceKind.WEB) as a,
            device(alice_b, "alice-tui", DeviceKind.TUI) as b,
            device(mallory, "mallory-web", DeviceKind.WEB) as c,
        ):
            await check_sync(a, b, c, track_ids)
            # Both processes answer from the one stored player.
            for api in (alice_a, alice_b):
                state = await api.player_state()
                assert (state.version, state.track_id) == (3, track_ids[0])
                assert state.active_device_id == "alice-tui"


async def check_sync(a: Device, b: Device, c: Device, track_ids: list[UUID]) -> None:
    # Each process sees the device connected to the other one.
    await a.expect(
        DevicesMessage, lambda m: [d.id for d in m.devices] == ["alice-web", "alice-tui"]
    )
    assert [d.id for d in a.sync.devices] == ["alice-web", "alice-tui"]

    await a.socket.send(a.sync.command(PlayCommand(track_ids=track_ids, position_ms=30_000)))
    seen_by_a = await a.expect(StateMessage, lambda m: m.version == 1)
    seen_by_b = await b.expect(StateMessage, lambda m: m.version == 1)
    assert seen_by_b.active_device_id == "alice-web"
    assert seen_by_b.track_id == track_ids[0]
    assert seen_by_b.queue.track_ids == track_ids
    assert seen_by_b.is_playing
    assert a.sync.is_active and not b.sync.is_active
    instant = max(seen_by_a.server_time, seen_by_b.server_time) + timedelta(seconds=1)
    assert abs(position_at(seen_by_a, instant) - position_at(seen_by_b, instant)) <= 250

    await a.socket.send(a.sync.command(TransferCommand(device_id="alice-tui")))
    moved = await b.expect(StateMessage, lambda m: m.version == 2)
    assert (moved.active_device_id, moved.is_playing) == ("alice-tui", True)
    assert moved.position_ms == position_at(seen_by_b, moved.position_at)
    assert await b.next() == CommandMessage(command=PlayCommand(position_ms=moved.position_ms))
    await a.expect(StateMessage, lambda m: m.version == 2)
    assert await a.next() == CommandMessage(command=PauseCommand())
    assert b.sync.is_active and not a.sync.is_active

    # Mallory's socket, on the same process as Alice's TUI device, got none of it.
    await c.socket.send(c.sync.command(VolumeCommand(volume=10)))
    own = await c.next()
    assert isinstance(own, StateMessage)
    assert (own.version, own.volume, own.track_id) == (1, 10, None)
    assert [d.id for d in c.sync.devices] == ["mallory-web"]

    # A remote command through process A reaches the device on process B.
    await a.socket.send(a.sync.command(PauseCommand()))
    paused = await b.expect(StateMessage, lambda m: m.version == 3)
    assert not paused.is_playing
    assert await b.next() == CommandMessage(command=PauseCommand())
