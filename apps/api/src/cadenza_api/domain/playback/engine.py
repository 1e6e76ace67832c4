"""The player as pure state transitions: a command, the time and the tracks' durations in, the
next state, the plays that count and the instructions for devices out. No I/O here."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

from cadenza_api.errors import Conflict, InvalidInput
from cadenza_contracts.playback import (
    NextCommand,
    PauseCommand,
    PlayCommand,
    PlayerCommand,
    PreviousCommand,
    QueueCommand,
    RepeatCommand,
    RepeatMode,
    SeekCommand,
    ShuffleCommand,
    TransferCommand,
    VolumeCommand,
)

PLAY_CAP_MS = 240_000
"""Four minutes heard always count as a play, however long the track."""
RESTART_AFTER_MS = 3_000
"""`previous` restarts the current track once this much of it has played."""
PROGRESS_SLACK_MS = 1_000
"""A progress report may run this far ahead of the server's clock (network jitter)."""
MAX_UP_NEXT = 500

Durations = Mapping[UUID, int | None]


def counts_as_play(listened_ms: int, duration_ms: int | None) -> bool:
    """The scrobbling rule: at least half the track, or four minutes, was heard."""
    if listened_ms <= 0:
        return False
    if listened_ms >= PLAY_CAP_MS:
        return True
    return duration_ms is not None and duration_ms > 0 and listened_ms * 2 >= duration_ms


def _ms_between(start: datetime | None, end: datetime) -> int:
    if start is None:
        return 0
    return max(0, int((end - start).total_seconds() * 1000))


@dataclass(frozen=True)
class Snapshot:
    """One user's player as stored: the queue is `track_ids` in play order, `unshuffled` the
    original order while shuffle is on, and `listened_ms` the time the current track has been
    heard so far (for the history)."""

    active_device_id: str | None = None
    track_id: UUID | None = None
    position_ms: int = 0
    position_at: datetime | None = None
    is_playing: bool = False
    volume: int = 100
    shuffle: bool = False
    repeat: RepeatMode = RepeatMode.OFF
    track_ids: tuple[UUID, ...] = ()
    index: int = 0
    up_next: tuple[UUID, ...] = ()
    unshuffled: tuple[UUID, ...] | None = None
    listened_ms: int = 0
    version: int = 0


@dataclass(frozen=True)
class CountedPlay:
    """A play to write to the history."""

    track_id: UUID
    listened_ms: int
    played_at: datetime
    device_id: str | None


@dataclass(frozen=True)
class Directive:
    """A command for one device to carry out."""

    device_id: str
    command: PlayerCommand


@dataclass(frozen=True)
class Outcome:
    state: Snapshot
    plays: tuple[CountedPlay, ...] = ()
    directives: tuple[Directive, ...] = ()


@dataclass
class _Transition:
    """The state being built by one command, and what it has to report."""

    state: Snapshot
    now: datetime
    durations: Durations
    plays: list[CountedPlay] = field(default_factory=list)

    def duration(self, track_id: UUID | None) -> int | None:
        return self.durations.get(track_id) if track_id is not None else None

    def settle(self) -> None:
        """Bring the playhead (and the time heard) up to now."""
        state = self.state
        position = state.position_ms
        listened = state.listened_ms
        if state.is_playing and state.track_id is not None:
            reached = position + _ms_between(state.position_at, self.now)
            duration = self.duration(state.track_id)
            if duration is not None:
                reached = min(reached, max(duration, position))
            listened += reached - position
            position = reached
        self.state = replace(
            state, position_ms=position, listened_ms=listened, position_at=self.now
        )

    def leave_track(self) -> None:
        """The current track stops being the current one: count it if it was heard enough."""
        state = self.state
        if state.track_id is not None and counts_as_play(
            state.listened_ms, self.duration(state.track_id)
        ):
            self.plays.append(
                CountedPlay(
                    track_id=state.track_id,
                    listened_ms=state.listened_ms,
                    played_at=self.now,
                    device_id=state.active_device_id,
                )
            )
        self.state = replace(state, listened_ms=0)

    def start(self, track_id: UUID, position_ms: int = 0) -> None:
        self.leave_track()
        self.check_position(track_id, position_ms)
        self.state = replace(self.state, track_id=track_id, position_ms=position_ms)

    def check_position(self, track_id: UUID, position_ms: int) -> None:
        duration = self.duration(track_id)
        if duration is not None and position_ms > duration:
            raise InvalidInput(
                f"positionMs {position_ms} is beyond the end of the track ({duration} ms)."
            )


def _context_track(state: Snapshot) -> UUID | None:
    if 0 <= state.index < len(state.track_ids):
        return state.track_ids[state.index]
    return None


def _shuffled(track_ids: tuple[UUID, ...], first: int, rng: random.Random) -> tuple[UUID, ...]:
    """`track_ids[first]` first, then the others in random order."""
    rest = [track_id for position, track_id in enumerate(track_ids) if position != first]
    rng.shuffle(rest)
    return (track_ids[first], *rest)


def tracks_of(state: Snapshot, command: PlayerCommand | None = None) -> set[UUID]:
    """Every track `state` and `command` mention: their durations drive the transition, and
    the ones that no longer exist are left out of it."""
    tracks = {*state.track_ids, *state.up_next, *(state.unshuffled or ())}
    if state.track_id is not None:
        tracks.add(state.track_id)
    if isinstance(command, PlayCommand | QueueCommand) and command.track_ids:
        tracks.update(command.track_ids)
    return tracks


def without_missing_tracks(state: Snapshot, durations: Durations) -> Snapshot:
    """`state` without the tracks missing from `durations` (deleted from the catalogue since
    they were queued); the current track stays where it was in the queue."""

    def kept(track_ids: tuple[UUID, ...]) -> tuple[UUID, ...]:
        return tuple(track_id for track_id in track_ids if track_id in durations)

    track_ids = kept(state.track_ids)
    up_next = kept(state.up_next)
    current = state.track_id if state.track_id in durations else None
    if (track_ids, up_next, current) == (state.track_ids, state.up_next, state.track_id):
        return state
    removed_before = sum(1 for t in state.track_ids[: state.index] if t not in durations)
    index = min(max(0, state.index - removed_before), max(0, len(track_ids) - 1))
    return replace(
        state,
        track_ids=track_ids,
        index=index,
        up_next=up_next,
        unshuffled=kept(state.unshuffled) if state.unshuffled is not None else None,
        track_id=current,
        position_ms=state.position_ms if current else 0,
        listened_ms=state.listened_ms if current else 0,
        is_playing=state.is_playing and current is not None,
    )


def apply_command(
    state: Snapshot,
    command: PlayerCommand,
    *,
    now: datetime,
    durations: Durations,
    sender: str | None = None,
    rng: random.Random | None = None,
) -> Outcome:
    """The player after `command`, sent by device `sender` (None: through the REST API).

    Every command bumps the version: the last command the database accepted wins.
    """
    change = _Transition(state=state, now=now, durations=durations)
    change.settle()
    previous_device = state.active_device_id
    directives: list[Directive] = []

    if isinstance(command, PlayCommand):
        target = command.device_id or sender or state.active_device_id
        _play(change, command, rng or random.Random())
        change.state = replace(change.state, is_playing=True, active_device_id=target)
        if previous_device and previous_device != target:
            directives.append(Directive(previous_device, PauseCommand()))
        if target and target != sender:
            play = PlayCommand(position_ms=change.state.position_ms)
            directives.append(Directive(target, play))
    elif isinstance(command, TransferCommand):
        playing = command.play if command.play is not None else state.is_playing
        change.state = replace(
            change.state,
            active_device_id=command.device_id,
            is_playing=playing and change.state.track_id is not None,
        )
        if previous_device and previous_device != command.device_id:
            directives.append(Directive(previous_device, PauseCommand()))
        if change.state.is_playing:
            play = PlayCommand(position_ms=change.state.position_ms)
            directives.append(Directive(command.device_id, play))
    else:
        _apply_simple(change, command, rng or random.Random())
        active = change.state.active_device_id
        if (
            active
            and active != sender
            and not isinstance(command, ShuffleCommand | RepeatCommand | QueueCommand)
        ):
            directives.append(Directive(active, command))

    final = replace(change.state, version=state.version + 1)
    return Outcome(state=final, plays=tuple(change.plays), directives=tuple(directives))


def _play(change: _Transition, command: PlayCommand, rng: random.Random) -> None:
    state = change.state
    if command.track_ids:
        track_ids = tuple(command.track_ids)
        index = command.index or 0
        if index >= len(track_ids):
            raise InvalidInput(f"index {index} is beyond the end of trackIds ({len(track_ids)}).")
        unshuffled = None
        if state.shuffle:
            unshuffled, track_ids, index = track_ids, _shuffled(track_ids, index, rng), 0
        change.state = replace(state, track_ids=track_ids, index=index, unshuffled=unshuffled)
        change.start(track_ids[index], command.position_ms or 0)
    elif command.index is not None:
        if command.index >= len(state.track_ids):
            raise InvalidInput(
                f"index {command.index} is beyond the end of the queue ({len(state.track_ids)})."
            )
        change.state = replace(state, index=command.index)
        change.start(state.track_ids[command.index], command.position_ms or 0)
    elif state.track_id is not None:
        if command.position_ms is not None:
            change.check_position(state.track_id, command.position_ms)
            change.state = replace(state, position_ms=command.position_ms)
    elif state.up_next:
        change.state = replace(state, up_next=state.up_next[1:])
        change.start(state.up_next[0], command.position_ms or 0)
    elif (current := _context_track(state)) is not None:
        change.start(current, command.position_ms or 0)
    else:
        raise Conflict("There is nothing to play: give trackIds.")


def _apply_simple(change: _Transition, command: PlayerCommand, rng: random.Random) -> None:
    state = change.state
    if isinstance(command, PauseCommand):
        change.state = replace(state, is_playing=False)
    elif isinstance(command, SeekCommand):
        if state.track_id is None:
            raise Conflict("There is no current track to seek in.")
        change.check_position(state.track_id, command.position_ms)
        change.state = replace(state, position_ms=command.position_ms)
    elif isinstance(command, NextCommand):
        _next(change, ended=command.ended)
    elif isinstance(command, PreviousCommand):
        _previous(change)
    elif isinstance(command, VolumeCommand):
        change.state = replace(state, volume=command.volume)
    elif isinstance(command, ShuffleCommand):
        change.state = _set_shuffle(state, command.shuffle, rng)
    elif isinstance(command, RepeatCommand):
        change.state = replace(state, repeat=command.repeat)
    elif isinstance(command, QueueCommand):
        if len(state.up_next) + len(command.track_ids) > MAX_UP_NEXT:
            raise Conflict(f"Up next holds at most {MAX_UP_NEXT} tracks.")
        change.state = replace(state, up_next=(*state.up_next, *command.track_ids))


def _next(change: _Transition, *, ended: bool) -> None:
    state = change.state
    following = state.index + 1
    if ended and state.repeat is RepeatMode.ONE and state.track_id is not None:
        change.start(state.track_id)
    elif state.up_next:
        change.state = replace(state, up_next=state.up_next[1:])
        change.start(state.up_next[0])
    elif state.track_id is None and (waiting := _context_track(state)) is not None:
        # Nothing is current (its track was deleted): the queue goes on from where it was.
        change.start(waiting)
    elif following < len(state.track_ids):
        change.state = replace(state, index=following)
        change.start(state.track_ids[following])
    elif state.repeat is not RepeatMode.OFF and state.track_ids:
        change.state = replace(state, index=0)
        change.start(state.track_ids[0])
    elif state.track_id is not None:
        # End of the queue: stay on the last track, stopped at its start.
        change.start(state.track_id)
        change.state = replace(change.state, is_playing=False)


def _previous(change: _Transition) -> None:
    state = change.state
    current = _context_track(state)
    if state.track_id is None:
        raise Conflict("There is no current track.")
    if state.position_ms > RESTART_AFTER_MS:
        change.start(state.track_id)
    elif current is not None and current != state.track_id:
        # The current track came from "up next": go back to where the queue was.
        change.start(current)
    elif state.index > 0:
        change.state = replace(state, index=state.index - 1)
        change.start(state.track_ids[state.index - 1])
    elif state.repeat is not RepeatMode.OFF and state.track_ids:
        change.state = replace(state, index=len(state.track_ids) - 1)
        change.start(state.track_ids[-1])
    else:
        change.start(state.track_id)


def _set_shuffle(state: Snapshot, shuffle: bool, rng: random.Random) -> Snapshot:
    if shuffle == state.shuffle:
        return state
    if shuffle:
        if not state.track_ids:
            return replace(state, shuffle=True, unshuffled=())
        order = _shuffled(state.track_ids, min(state.index, len(state.track_ids) - 1), rng)
        return replace(state, shuffle=True, track_ids=order, index=0, unshuffled=state.track_ids)
    original = state.unshuffled or state.track_ids
    current = _context_track(state)
    index = original.index(current) if current in original else 0
    return replace(state, shuffle=False, track_ids=original, index=index, unshuffled=None)


def apply_progress(
    state: Snapshot,
    *,
    device_id: str,
    track_id: UUID,
    position_ms: int,
    now: datetime,
    durations: Durations,
) -> tuple[Snapshot, int] | None:
    """The state after the active device reported its playhead, and how far that was from
    where the server thought it was; None when the report does not apply (another device, a
    track that is no longer current, or a paused player)."""
    if device_id != state.active_device_id or track_id != state.track_id or not state.is_playing:
        return None
    elapsed = _ms_between(state.position_at, now)
    duration = durations.get(track_id)
    reported = min(position_ms, duration) if duration is not None else position_ms
    expected = state.position_ms + elapsed
    if duration is not None:
        expected = min(expected, duration)
    # Time heard is how far the playhead moved, never more than the time that passed.
    heard = min(max(0, reported - state.position_ms), elapsed + PROGRESS_SLACK_MS)
    updated = replace(
        state,
        position_ms=reported,
        position_at=now,
        listened_ms=state.listened_ms + heard,
    )
    return updated, abs(reported - expected)


def device_left(
    state: Snapshot, device_id: str, *, now: datetime, durations: Durations
) -> Outcome | None:
    """The active device went away: the player pauses where it was and has no device."""
    if state.active_device_id != device_id:
        return None
    change = _Transition(state=state, now=now, durations=durations)
    change.settle()
    paused = replace(
        change.state, is_playing=False, active_device_id=None, version=state.version + 1
    )
    return Outcome(state=paused)
