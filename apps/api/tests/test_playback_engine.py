"""The player's pure transitions (queue order, who gets which command, what counts as heard)
and the playback settings."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from cadenza_api.domain.playback.engine import (
    Directive,
    Snapshot,
    apply_command,
    apply_progress,
    counts_as_play,
    device_left,
    tracks_of,
    without_missing_tracks,
)
from cadenza_api.errors import Conflict, InvalidInput
from cadenza_api.settings import PlaybackSettings, SettingsError, load_settings
from cadenza_contracts.playback import (
    NextCommand,
    PauseCommand,
    PlayCommand,
    PreviousCommand,
    QueueCommand,
    RepeatMode,
    SeekCommand,
    ShuffleCommand,
    TransferCommand,
    VolumeCommand,
)

T0 = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
A, B, C, D, E = (UUID(int=n) for n in range(1, 6))
DURATIONS = {A: 200_000, B: 200_000, C: 200_000, D: 200_000, E: None}


def at(ms: int) -> datetime:
    return T0 + timedelta(milliseconds=ms)


def playing(**changes: Any) -> Snapshot:
    """A player on web, playing A of [A, B, C] from 0 at T0."""
    state = Snapshot(
        active_device_id="web",
        track_id=A,
        position_at=T0,
        is_playing=True,
        track_ids=(A, B, C),
        version=1,
    )
    return replace(state, **changes)


@pytest.mark.parametrize(
    ("listened", "duration", "counted"),
    [
        (0, 0, False),
        (0, None, False),
        (1, 2, True),
        (1, 3, False),
        (2, 3, True),
        (239_999, None, False),
        (240_000, None, True),
        (239_999, 10_000_000, False),
        (240_000, 10_000_000, True),
        (5, 0, False),
    ],
)
def test_counts_as_play(listened: int, duration: int | None, counted: bool) -> None:
    assert counts_as_play(listened, duration) is counted


def test_every_command_bumps_the_version_and_settles_the_playhead() -> None:
    outcome = apply_command(playing(), VolumeCommand(volume=7), now=at(1_500), durations=DURATIONS)
    assert outcome.state == playing(
        volume=7, position_ms=1_500, position_at=at(1_500), listened_ms=1_500, version=2
    )
    assert outcome.directives == (Directive("web", VolumeCommand(volume=7)),)


def test_the_sender_gets_no_command_only_others_do() -> None:
    mine = apply_command(playing(), PauseCommand(), now=at(1), durations=DURATIONS, sender="web")
    assert mine.directives == ()
    remote = apply_command(
        playing(), PauseCommand(), now=at(1), durations=DURATIONS, sender="phone"
    )
    assert remote.directives == (Directive("web", PauseCommand()),)


def test_play_elsewhere_pauses_the_old_device_and_starts_the_new_one() -> None:
    outcome = apply_command(
        playing(),
        PlayCommand(track_ids=[D, E], index=1, position_ms=9, device_id="tv"),
        now=at(10),
        durations=DURATIONS,
        sender="phone",
    )
    assert outcome.state.active_device_id == "tv"
    assert (outcome.state.track_id, outcome.state.position_ms) == (E, 9)
    assert outcome.directives == (
        Directive("web", PauseCommand()),
        Directive("tv", PlayCommand(position_ms=9)),
    )


def test_transfer_keeps_playing_unless_told_and_carries_the_playhead() -> None:
    moved = apply_command(
        playing(), TransferCommand(device_id="tv"), now=at(4_000), durations=DURATIONS
    )
    assert (moved.state.active_device_id, moved.state.is_playing) == ("tv", True)
    assert moved.state.position_ms == 4_000
    assert moved.directives == (
        Directive("web", PauseCommand()),
        Directive("tv", PlayCommand(position_ms=4_000)),
    )
    parked = apply_command(
        playing(), TransferCommand(device_id="tv", play=False), now=at(4_000), durations=DURATIONS
    )
    assert (parked.state.is_playing, parked.directives) == (
        False,
        (Directive("web", PauseCommand()),),
    )
    empty = apply_command(
        Snapshot(), TransferCommand(device_id="tv", play=True), now=T0, durations={}
    )
    assert (empty.state.active_device_id, empty.state.is_playing, empty.directives) == (
        "tv",
        False,
        (),
    )


def test_previous_from_up_next_returns_to_the_queue() -> None:
    state = playing(up_next=(D,))
    after_next = apply_command(state, NextCommand(), now=at(1_000), durations=DURATIONS).state
    assert (after_next.track_id, after_next.index, after_next.up_next) == (D, 0, ())
    back = apply_command(after_next, PreviousCommand(), now=at(2_000), durations=DURATIONS).state
    assert (back.track_id, back.index) == (A, 0)
    start = apply_command(playing(), PreviousCommand(), now=at(1_000), durations=DURATIONS)
    assert (start.state.track_id, start.state.position_ms) == (A, 0)


def test_shuffle_keeps_the_current_track_and_restores_the_order() -> None:
    state = playing(track_ids=(A, B, C, D), index=2, track_id=C)
    on = apply_command(
        state,
        ShuffleCommand(shuffle=True),
        now=at(1),
        durations=DURATIONS,
        rng=random.Random(4),
    ).state
    assert on.track_ids[0] == C and sorted(on.track_ids) == [A, B, C, D]
    assert (on.index, on.unshuffled, on.track_id) == (0, (A, B, C, D), C)
    moved = apply_command(on, NextCommand(), now=at(2), durations=DURATIONS).state
    off = apply_command(moved, ShuffleCommand(shuffle=False), now=at(3), durations=DURATIONS)
    assert off.state.track_ids == (A, B, C, D)
    assert off.state.index == (A, B, C, D).index(on.track_ids[1])
    assert off.state.unshuffled is None
    assert off.directives == ()

    played = apply_command(
        on, PlayCommand(track_ids=[A, B, C], index=1), now=at(4), durations=DURATIONS
    ).state
    assert (played.track_ids[0], played.index, played.unshuffled) == (B, 0, (A, B, C))


def test_queue_and_seek_limits() -> None:
    with pytest.raises(Conflict):
        apply_command(
            playing(up_next=(A,) * 500), QueueCommand(track_ids=[B]), now=T0, durations={}
        )
    with pytest.raises(InvalidInput):
        apply_command(playing(), SeekCommand(position_ms=200_001), now=T0, durations=DURATIONS)
    unknown = apply_command(
        playing(track_id=E), SeekCommand(position_ms=10_000_000), now=T0, durations=DURATIONS
    )
    assert unknown.state.position_ms == 10_000_000
    with pytest.raises(Conflict):
        apply_command(Snapshot(), PreviousCommand(), now=T0, durations={})


def test_resume_an_empty_player_plays_up_next_or_the_queue() -> None:
    queued = Snapshot(up_next=(D, E))
    resumed = apply_command(queued, PlayCommand(), now=T0, durations=DURATIONS).state
    assert (resumed.track_id, resumed.up_next, resumed.is_playing) == (D, (E,), True)
    stored = Snapshot(track_ids=(B, C), index=1)
    resumed = apply_command(stored, PlayCommand(), now=T0, durations=DURATIONS).state
    assert resumed.track_id == C


def test_repeat_one_replays_only_when_the_track_ended() -> None:
    state = playing(repeat=RepeatMode.ONE)
    ended = apply_command(state, NextCommand(ended=True), now=at(5), durations=DURATIONS)
    assert (ended.state.track_id, ended.state.index) == (A, 0)
    skipped = apply_command(state, NextCommand(), now=at(5), durations=DURATIONS)
    assert (skipped.state.track_id, skipped.state.index) == (B, 1)


def test_progress_applies_only_to_the_active_device_and_current_track() -> None:
    state = playing()
    assert (
        apply_progress(
            state, device_id="tv", track_id=A, position_ms=5, now=at(5), durations=DURATIONS
        )
        is None
    )
    assert (
        apply_progress(
            state, device_id="web", track_id=B, position_ms=5, now=at(5), durations=DURATIONS
        )
        is None
    )
    paused = replace(state, is_playing=False)
    assert (
        apply_progress(
            paused, device_id="web", track_id=A, position_ms=5, now=at(5), durations=DURATIONS
        )
        is None
    )
    applied = apply_progress(
        state, device_id="web", track_id=A, position_ms=3_000, now=at(5_000), durations=DURATIONS
    )
    assert applied is not None
    after, drift = applied
    assert (after.position_ms, after.position_at, after.listened_ms, drift) == (
        3_000,
        at(5_000),
        3_000,
        2_000,
    )
    assert after.version == state.version


def test_device_left_pauses_only_for_the_active_device() -> None:
    state = playing()
    assert device_left(state, "tv", now=at(1), durations=DURATIONS) is None
    outcome = device_left(state, "web", now=at(2_500), durations=DURATIONS)
    assert outcome is not None
    assert outcome.state == replace(
        state,
        active_device_id=None,
        is_playing=False,
        position_ms=2_500,
        position_at=at(2_500),
        listened_ms=2_500,
        version=2,
    )


def test_tracks_of_a_state_and_a_command() -> None:
    state = playing(track_ids=(A, B), up_next=(D,), unshuffled=(B, A))
    assert tracks_of(state) == {A, B, D}
    assert tracks_of(state, QueueCommand(track_ids=[E])) == {A, B, D, E}
    assert tracks_of(Snapshot(), PlayCommand(track_ids=[C])) == {C}
    assert tracks_of(Snapshot(), PlayCommand(index=1)) == set()


def test_deleted_tracks_leave_the_queue() -> None:
    state = playing(track_ids=(A, B, C, D), index=2, track_id=C, up_next=(E, B))
    assert without_missing_tracks(state, DURATIONS) is state
    known = {A: 1, C: 1, D: 1}
    pruned = without_missing_tracks(state, known)
    assert (pruned.track_ids, pruned.index, pruned.up_next, pruned.track_id) == (
        (A, C, D),
        1,
        (),
        C,
    )
    gone = without_missing_tracks(replace(state, track_id=None, listened_ms=9), {A: 1, B: 1})
    assert (gone.track_ids, gone.index, gone.track_id, gone.is_playing, gone.listened_ms) == (
        (A, B),
        1,
        None,
        False,
        0,
    )
    after = apply_command(pruned, NextCommand(), now=at(1), durations=known).state
    assert (after.track_id, after.index) == (D, 2)


def test_timeouts_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CADENZA_DATA_DIR", str(tmp_path))
    assert load_settings().playback == PlaybackSettings(30.0, 30)
    monkeypatch.setenv("CADENZA_DEVICE_TIMEOUT_MS", "4500")
    monkeypatch.setenv("CADENZA_WS_TICKET_TTL", "12")
    assert load_settings().playback == PlaybackSettings(4.5, 12)
    monkeypatch.setenv("CADENZA_DEVICE_TIMEOUT_MS", "10")
    with pytest.raises(SettingsError, match="CADENZA_DEVICE_TIMEOUT_MS"):
        load_settings()
