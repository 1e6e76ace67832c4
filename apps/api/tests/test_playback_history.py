"""Listening history: a play counts at half the track or four minutes, tested at the exact
boundaries by driving the playback hub with explicit timestamps (no sleeping)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from cadenza_api.domain.playback.hub import PlaybackHub
from cadenza_contracts.playback import (
    NextCommand,
    PauseCommand,
    PlayCommand,
    PlayerCommand,
    PlayerState,
    RepeatCommand,
    RepeatMode,
    SeekCommand,
)

Client = AsyncTestClient[Litestar]
API = "/api/v1"
T0 = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)


class Player:
    """One user's player, driven through the hub at chosen instants (ms after T0)."""

    def __init__(self, client: Client, hub: PlaybackHub, user_id: str) -> None:
        self.client = client
        self.hub = hub
        self.user_id = UUID(user_id)

    def command(self, command: PlayerCommand, at_ms: int, device: str | None = None) -> PlayerState:
        run = partial(self.hub.execute, self.user_id, command, sender=device, now=at(at_ms))
        state: PlayerState = self.client.blocking_portal.call(run)
        return state

    def progress(self, device: str, track_id: UUID, position_ms: int, at_ms: int) -> None:
        run = partial(self.hub.progress, self.user_id, device, track_id, position_ms, at(at_ms))
        self.client.blocking_portal.call(run)


def at(ms: int) -> datetime:
    return T0 + timedelta(milliseconds=ms)


@pytest.fixture
def player_of(client: Client, app: Litestar) -> Any:
    hub: PlaybackHub = app.state.playback_hub
    return lambda account: Player(client, hub, account.id)


async def history(client: Client, headers: dict[str, str], **params: Any) -> Any:
    response = await client.get(f"{API}/me/history", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def play_count(client: Client, track_id: UUID) -> int:
    response = await client.get(f"{API}/tracks/{track_id}/plays")
    assert response.status_code == 200, response.text
    assert response.json()["trackId"] == str(track_id)
    count: int = response.json()["playCount"]
    # The track itself carries the same count.
    track = await client.get(f"{API}/tracks/{track_id}")
    assert track.json()["playCount"] == count
    return count


@pytest.mark.parametrize(
    ("duration_ms", "listened_ms", "counted"),
    [
        (180_000, 89_999, False),
        (180_000, 90_000, True),
        (180_000, 90_001, True),
        (100_001, 50_000, False),
        (100_001, 50_001, True),
        (600_000, 239_999, False),
        (600_000, 240_000, True),
        (600_000, 240_001, True),
        (None, 239_999, False),
        (None, 240_000, True),
    ],
)
async def test_a_play_counts_from_half_the_track_or_four_minutes(
    client: Client,
    make_account: Any,
    catalog_factory: Any,
    player_of: Any,
    duration_ms: int | None,
    listened_ms: int,
    counted: bool,
) -> None:
    alice = await make_account()
    artist_id = await catalog_factory.artist()
    track_id = await catalog_factory.track(artist_id, "Heard", duration_ms=duration_ms)
    after = await catalog_factory.track(artist_id, "After")
    player = player_of(alice)

    player.command(PlayCommand(track_ids=[track_id, after]), at_ms=0)
    player.command(NextCommand(), at_ms=listened_ms)

    page = await history(client, alice.headers)
    if counted:
        (item,) = page["items"]
        assert item["track"]["id"] == str(track_id)
        assert item["listenedMs"] == listened_ms
        assert item["playedAt"] == at(listened_ms).isoformat().replace("+00:00", "Z")
        assert item["deviceId"] is None
    else:
        assert page["items"] == []
    assert page["total"] == int(counted)
    assert await play_count(client, track_id) == int(counted)
    assert await play_count(client, after) == 0


async def test_time_heard_adds_up_across_pauses_and_progress(
    client: Client, make_account: Any, catalog_factory: Any, player_of: Any
) -> None:
    alice = await make_account()
    artist_id = await catalog_factory.artist()
    track_id = await catalog_factory.track(artist_id, "Long", duration_ms=300_000)
    other = await catalog_factory.track(artist_id, "Other")
    player = player_of(alice)

    player.command(PlayCommand(track_ids=[track_id, other]), at_ms=0, device="web")
    player.command(PauseCommand(), at_ms=60_000, device="web")  # 60 s heard
    player.command(PlayCommand(), at_ms=500_000, device="web")  # the pause counts for nothing
    # The device buffered: its playhead moved 80 s in 90 s.
    player.progress("web", track_id, 140_000, at_ms=590_000)
    player.command(NextCommand(), at_ms=599_999, device="web")  # 149_999 heard: not half
    assert (await history(client, alice.headers))["items"] == []

    player.command(PlayCommand(index=0), at_ms=600_000, device="web")
    player.progress("web", track_id, 150_000, at_ms=750_000)
    player.command(NextCommand(), at_ms=750_000, device="web")  # exactly half
    (item,) = (await history(client, alice.headers))["items"]
    assert (item["listenedMs"], item["deviceId"]) == (150_000, "web")


async def test_skipping_ahead_is_not_listening(
    client: Client, make_account: Any, catalog_factory: Any, player_of: Any
) -> None:
    alice = await make_account()
    artist_id = await catalog_factory.artist()
    short = await catalog_factory.track(artist_id, "Short", duration_ms=20_000)
    song = await catalog_factory.track(artist_id, "Song", duration_ms=180_000)
    player = player_of(alice)

    player.command(PlayCommand(track_ids=[song, short]), at_ms=0, device="web")
    player.command(SeekCommand(position_ms=170_000), at_ms=1_000)
    player.command(NextCommand(), at_ms=5_000)  # 5 s heard, though the playhead moved 175 s
    # A progress report cannot claim more than the time that passed, plus 1 s of jitter:
    # 19 s claimed after 9 s count 10 s, then 1 s claimed after 0.5 s counts 1 s.
    player.command(PlayCommand(index=1), at_ms=10_000, device="web")
    player.progress("web", short, 19_000, at_ms=19_000)
    player.progress("web", short, 20_000, at_ms=19_500)
    player.command(NextCommand(), at_ms=19_500, device="web")

    page = await history(client, alice.headers)
    assert [(i["track"]["title"], i["listenedMs"]) for i in page["items"]] == [("Short", 11_000)]
    # Only the active device's reports count.
    player.command(PlayCommand(index=0), at_ms=20_000, device="web")
    player.progress("tui", song, 150_000, at_ms=21_000)
    state = player.command(PauseCommand(), at_ms=21_000, device="web")
    assert state.position_ms == 1_000


async def test_repeat_one_counts_each_time_round(
    client: Client, make_account: Any, catalog_factory: Any, player_of: Any
) -> None:
    alice = await make_account()
    artist_id = await catalog_factory.artist()
    loop = await catalog_factory.track(artist_id, "Loop", duration_ms=60_000)
    player = player_of(alice)

    player.command(RepeatCommand(repeat=RepeatMode.ONE), at_ms=0)
    player.command(PlayCommand(track_ids=[loop]), at_ms=0, device="web")
    first = player.command(NextCommand(ended=True), at_ms=60_000, device="web")
    second = player.command(NextCommand(ended=True), at_ms=120_000, device="web")
    for state in (first, second):
        assert (state.track_id, state.position_ms, state.is_playing) == (loop, 0, True)
    # The playhead stops at the track's end however long the device takes to say so.
    player.command(NextCommand(), at_ms=999_000, device="web")
    page = await history(client, alice.headers)
    assert [item["listenedMs"] for item in page["items"]] == [60_000, 60_000, 60_000]
    assert await play_count(client, loop) == 3


async def test_history_is_newest_first_paginated_and_per_user(
    client: Client, make_account: Any, catalog_factory: Any, player_of: Any
) -> None:
    alice = await make_account()
    bob = await make_account()
    artist_id = await catalog_factory.artist()
    songs = [
        await catalog_factory.track(artist_id, f"Song {n}", duration_ms=10_000) for n in range(4)
    ]
    alices = player_of(alice)
    alices.command(PlayCommand(track_ids=songs), at_ms=0)
    for n in range(1, 4):
        alices.command(NextCommand(), at_ms=n * 10_000)
    bobs = player_of(bob)
    bobs.command(PlayCommand(track_ids=songs[:2]), at_ms=0)
    bobs.command(NextCommand(), at_ms=10_000)

    first = await history(client, alice.headers, limit=2)
    assert [i["track"]["title"] for i in first["items"]] == ["Song 2", "Song 1"]
    assert (first["total"], first["limit"], first["offset"]) == (3, 2, 0)
    rest = await history(client, alice.headers, limit=2, offset=2)
    assert [i["track"]["title"] for i in rest["items"]] == ["Song 0"]
    bobs_page = await history(client, bob.headers)
    assert [i["track"]["title"] for i in bobs_page["items"]] == ["Song 0"]
    assert [await play_count(client, song) for song in songs] == [2, 1, 1, 0]
