"""What this terminal plays, and where.

The user has one player, kept by the server and shared by all their devices. The `Player`
follows it through the socket: while this terminal is the active device it drives the local
audio engine to match (track, position, playing, volume), reports the playhead and asks for
the next track when one ends; otherwise it is a remote control. Key presses become commands
on the socket; the server's answer (a new state) is what the engine follows, except for the
actions taken locally at once so that they feel immediate (pause, seek, volume).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Hashable, Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
from textual.app import App
from textual.message import Message

from cadenza_contracts import ApiError
from cadenza_contracts.catalog import Track
from cadenza_contracts.playback import (
    CommandMessage,
    DevicesMessage,
    ErrorMessage,
    NextCommand,
    PauseCommand,
    PlayCommand,
    PlayerCommand,
    PlayerState,
    PreviousCommand,
    QueueCommand,
    RepeatCommand,
    RepeatMode,
    SeekCommand,
    ServerMessage,
    ShuffleCommand,
    StateMessage,
    TransferCommand,
    VolumeCommand,
)
from cadenza_contracts.sync import PlayerSync
from cadenza_tui.audio import (
    AudioEngine,
    EngineEvent,
    EngineFailed,
    Source,
    SourceDecoded,
    StreamFailed,
    TrackFinished,
    TrackStarted,
)
from cadenza_tui.messages import DevicesChanged, PlayerChanged
from cadenza_tui.network import backoff_delay, describe, is_session_over, is_transient
from cadenza_tui.session import SessionClient
from cadenza_tui.sync import DeviceLink, LinkState, LinkStatus

SEEK_STEP_MS = 5_000
VOLUME_STEP = 5
POSITION_TOLERANCE_MS = 750
"""A playhead this close to where it should be is left alone (no audible jump)."""
REPEAT_CYCLE = {RepeatMode.OFF: RepeatMode.ALL, RepeatMode.ALL: RepeatMode.ONE}


@dataclass(frozen=True)
class PlayerView:
    """What the now-playing panel shows."""

    track: Track | None
    position_ms: int
    duration_ms: int | None
    is_playing: bool
    volume: int
    shuffle: bool
    repeat: RepeatMode
    device: str
    is_local: bool
    audio_here: bool
    buffering: bool
    problem: str | None


def next_track(state: PlayerState) -> UUID | None:
    """The track the server will move to when the current one ends (as `next` with
    `ended`): what to decode ahead for a gapless start."""
    if state.track_id is None:
        return None
    if state.repeat is RepeatMode.ONE:
        return state.track_id
    queue = state.queue
    if queue.up_next:
        return queue.up_next[0]
    following = queue.index + 1
    if following < len(queue.track_ids):
        return queue.track_ids[following]
    if state.repeat is RepeatMode.ALL and queue.track_ids:
        return queue.track_ids[0]
    return None


class Player:
    """The bridge between the shared player state, the local engine and the keys."""

    def __init__(
        self,
        app: App[Any],
        api: SessionClient,
        sync: PlayerSync,
        engine: AudioEngine | None,
    ) -> None:
        self.app = app
        self.api = api
        self.sync = sync
        self.engine = engine
        self.link: DeviceLink | None = None
        self.tracks: dict[UUID, Track] = {}
        """Tracks seen anywhere, to show queue entries by name."""
        self.link_problem: str | None = None
        self.stream_problem: str | None = None
        self._loading: UUID | None = None
        self._preloading: UUID | None = None
        self._stale_through: int | None = None
        """States up to this version were sent before the engine's last own move: ignored."""
        self._unanswered = 0
        """Commands sent whose new state has not come back yet."""
        self._newest_version: int | None = None
        self._expect_position = False
        self._asked_volume: int | None = None
        self._asked_shuffle: bool | None = None
        self._asked_repeat: RepeatMode | None = None
        """Settings sent but not yet in a state: a second key press builds on them."""

    # --- where things stand ---------------------------------------------------------------

    @property
    def state(self) -> PlayerState | None:
        return self.sync.state

    @property
    def is_local(self) -> bool:
        """Whether this terminal is the device that plays."""
        return self.sync.is_active

    def _engine_has(self, track_id: UUID | None) -> bool:
        engine = self.engine
        return engine is not None and track_id is not None and engine.current_key == track_id

    def device_label(self, device_id: str | None) -> str:
        if device_id is None:
            return "No device"
        if device_id == self.sync.device_id:
            return f"{self.sync.name} (this terminal)"
        for device in self.sync.devices:
            if device.id == device_id:
                return device.name
        return device_id

    def view(self) -> PlayerView:
        state = self.sync.state
        problem = self.link_problem or self.stream_problem
        if state is None:
            return PlayerView(
                track=None,
                position_ms=0,
                duration_ms=None,
                is_playing=False,
                volume=100,
                shuffle=False,
                repeat=RepeatMode.OFF,
                device="No device",
                is_local=False,
                audio_here=self.engine is not None,
                buffering=False,
                problem=problem,
            )
        engine = self.engine
        local = self.is_local and engine is not None and self._engine_has(state.track_id)
        track = state.track
        if engine is not None and local:
            position, playing, buffering = (
                engine.position_ms,
                engine.is_playing,
                engine.is_buffering,
            )
        else:
            position, playing, buffering = self.sync.position_ms(), state.is_playing, False
        return PlayerView(
            track=track,
            position_ms=position,
            duration_ms=track.duration_ms if track else None,
            is_playing=playing,
            volume=state.volume,
            shuffle=state.shuffle,
            repeat=state.repeat,
            device=self.device_label(state.active_device_id),
            is_local=self.is_local,
            audio_here=engine is not None,
            buffering=buffering,
            problem=problem,
        )

    def remember(self, tracks: Iterable[Track]) -> None:
        for track in tracks:
            self.tracks[track.id] = track

    # --- from the socket --------------------------------------------------------------------

    def on_message(self, message: ServerMessage) -> None:
        if isinstance(message, StateMessage):
            self._count_answers(message.version)
            if message.track is not None:
                self.tracks[message.track.id] = message.track
            if message.volume == self._asked_volume:
                self._asked_volume = None
            if message.shuffle == self._asked_shuffle:
                self._asked_shuffle = None
            if message.repeat == self._asked_repeat:
                self._asked_repeat = None
            self._follow(message)
            self._changed()
        elif isinstance(message, DevicesMessage):
            self._tell_screen(DevicesChanged())
            self._changed()
        elif isinstance(message, CommandMessage):
            self._obey(message.command)
        elif isinstance(message, ErrorMessage):
            self._forget_asked()
            self.app.notify(message.detail, title="Player", severity="error")

    def on_link_status(self, status: LinkStatus) -> None:
        if status.state is LinkState.CONNECTED:
            # Whatever was on its way over a previous connection may never have arrived.
            self._forget_asked()
            if self.link_problem is not None:
                self.app.notify("Connected to the server again.", title="Connection")
            self.link_problem = None
        elif status.state is LinkState.RETRYING:
            if self.link_problem is None:
                self.app.notify(status.message, title="Connection", severity="warning")
            self.link_problem = status.message
        elif status.state is LinkState.CONNECTING and self.link_problem is not None:
            self.link_problem = status.message or "Reconnecting…"
        elif status.state is LinkState.REPLACED:
            self.link_problem = status.message
            self.app.notify(status.message, title="Connection", severity="warning")
        self._changed()

    def heartbeat(self) -> str | None:
        """The playhead to report, while this terminal plays."""
        engine, state = self.engine, self.sync.state
        if engine is None or state is None or not self.is_local:
            return None
        key = engine.current_key
        if not engine.is_playing or engine.is_buffering or not isinstance(key, UUID):
            return None
        if key != state.track_id:
            return None
        return self.sync.progress(key, engine.position_ms)

    def _changed(self) -> None:
        self._tell_screen(PlayerChanged())

    def _tell_screen(self, message: Message) -> None:
        """Post to the screen on top, if there still is one (not while the app exits)."""
        stack = self.app.screen_stack
        if stack:
            stack[-1].post_message(message)

    def _follow(self, state: PlayerState) -> None:
        """Make the engine match the shared state while this terminal is the active device."""
        engine = self.engine
        if engine is None:
            return
        if not self.is_local:
            if engine.current_key is not None:
                engine.stop()
            self.stream_problem = None
            return
        if self._stale_through is not None:
            if state.version <= self._stale_through:
                # Sent before our own last command took effect: the engine is ahead of it.
                return
            self._stale_through = None
        engine.volume = self._asked_volume if self._asked_volume is not None else state.volume
        track_id = state.track_id
        if track_id is None:
            engine.stop()
            return
        if engine.current_key != track_id:
            # A new track starts where the state says: nothing to align afterwards.
            self._expect_position = False
            if self._loading != track_id:
                self._load(track_id, state.track)
            return
        if self._expect_position:
            self._expect_position = False
            self._align_position()
        if state.is_playing:
            engine.play()
        else:
            engine.pause()
        self._check_queued()

    def _align_position(self) -> None:
        engine = self.engine
        if engine is None:
            return
        target = self.sync.position_ms()
        if abs(target - engine.position_ms) > POSITION_TOLERANCE_MS:
            engine.seek(target)

    def _obey(self, command: PlayerCommand) -> None:
        """A command the server addressed to this device (another device sent it)."""
        engine, state = self.engine, self.sync.state
        if engine is None or state is None or not self._engine_has(state.track_id):
            return
        if isinstance(command, PlayCommand):
            target = command.position_ms
            if target is not None and abs(target - engine.position_ms) > POSITION_TOLERANCE_MS:
                engine.seek(target)
            engine.play()
        elif isinstance(command, PauseCommand):
            engine.pause()
        elif isinstance(command, SeekCommand):
            engine.seek(command.position_ms)
        elif isinstance(command, VolumeCommand):
            engine.volume = command.volume
        elif isinstance(command, NextCommand | PreviousCommand):
            # Back to the start of the same track (or the same again, on repeat one).
            self._align_position()

    # --- from the engine (on the event loop) -------------------------------------------------

    def on_engine_event(self, event: EngineEvent) -> None:
        engine, state = self.engine, self.sync.state
        if engine is None:
            return
        if isinstance(event, TrackFinished):
            if self.is_local and state is not None:
                self._acted()
                self._spawn(self._send(NextCommand(ended=True)), "advance")
        elif isinstance(event, TrackStarted | SourceDecoded):
            self._check_queued()
        elif isinstance(event, StreamFailed):
            if event.key == engine.current_key and isinstance(event.key, UUID):
                self._spawn(self._resume_stream(event.key), "recover")
        elif isinstance(event, EngineFailed):
            self.app.notify(event.message, title="Audio", severity="error")
        self._changed()

    # --- streams ------------------------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, object], group: str) -> None:
        self.app.run_worker(work, group=group, exclusive=True, exit_on_error=False)

    def _load(self, track_id: UUID, track: Track | None) -> None:
        self._loading = track_id
        duration = track.duration_ms if track is not None else None
        self._spawn(self._open_stream(track_id, duration), "stream")

    async def _open_stream(self, track_id: UUID, duration_ms: int | None) -> None:
        try:
            url = await self._stream_url(track_id)
        finally:
            if self._loading == track_id:
                self._loading = None
        engine, state = self.engine, self.sync.state
        if url is None or engine is None or state is None:
            return
        if not self.is_local or state.track_id != track_id:
            return
        source = Source(track_id, url, duration_ms)
        engine.volume = state.volume
        engine.load(source, position_ms=self.sync.position_ms(), play=state.is_playing)

    async def _stream_url(self, track_id: UUID) -> str | None:
        """A signed URL, retried with backoff while the network fails."""
        attempt = 0
        while True:
            try:
                url = await self.api.stream_url(track_id)
            except (ApiError, httpx.HTTPError) as exc:
                if is_session_over(exc) or not is_transient(exc):
                    self.app.notify(
                        f"Cannot play this track: {describe(exc)}", title="Audio", severity="error"
                    )
                    return None
                delay = backoff_delay(attempt)
                attempt += 1
                self.stream_problem = f"{describe(exc)} Retrying in {delay:.0f} s."
                self._changed()
                await asyncio.sleep(delay)
                continue
            if self.stream_problem is not None:
                self.stream_problem = None
                self._changed()
            return url

    def _check_queued(self) -> None:
        """Keep the engine's queued track the one the server will move to next."""
        engine, state = self.engine, self.sync.state
        if engine is None or state is None or not self.is_local:
            return
        if not self._engine_has(state.track_id):
            return
        wanted = next_track(state)
        if engine.next_key is not None and engine.next_key != wanted:
            engine.drop_next()
        if wanted is None or engine.next_key == wanted or not engine.current_decoded:
            return
        if self._preloading == wanted:
            return
        self._preloading = wanted
        self._spawn(self._preload(wanted), "preload")

    async def _preload(self, track_id: UUID) -> None:
        try:
            url = await self.api.stream_url(track_id)
        except (ApiError, httpx.HTTPError):
            # The track will load when it becomes current, with retries and messages.
            return
        finally:
            self._preloading = None
        engine, state = self.engine, self.sync.state
        if engine is None or state is None or next_track(state) != track_id:
            return
        if not engine.current_decoded or engine.next_key == track_id:
            return
        known = self.tracks.get(track_id)
        engine.enqueue(Source(track_id, url, known.duration_ms if known else None))

    async def _resume_stream(self, key: Hashable) -> None:
        """The current stream broke: the buffered audio plays on while a fresh URL is tried,
        with backoff, to carry on from where decoding stopped."""
        engine = self.engine
        attempt = 0
        while engine is not None and engine.current_key == key and isinstance(key, UUID):
            delay = backoff_delay(attempt)
            attempt += 1
            self.stream_problem = f"The audio stream was interrupted. Retrying in {delay:.0f} s."
            self._changed()
            await asyncio.sleep(delay)
            try:
                url = await self.api.stream_url(key)
            except (ApiError, httpx.HTTPError) as exc:
                if is_transient(exc):
                    continue
                self.app.notify(f"Cannot resume: {describe(exc)}", title="Audio", severity="error")
                break
            engine.resume_stream(key, url)
            break
        self.stream_problem = None
        self._changed()

    # --- commands -----------------------------------------------------------------------------

    async def _send(self, command: PlayerCommand) -> bool:
        link = self.link
        if link is None or not await link.send(self.sync.command(command)):
            self._forget_asked()
            self.app.notify(
                "Not connected to the server, so that did not reach the player.",
                title="Connection",
                severity="warning",
            )
            return False
        self._unanswered += 1
        return True

    def _count_answers(self, version: int) -> None:
        """Every version a state moves on is one command applied: take it as the answer to
        one of ours (it may be another device's; counting too many answers is the safe side,
        as too few would make this terminal ignore the answer to its own last command)."""
        if self._newest_version is not None and version > self._newest_version:
            self._unanswered = max(0, self._unanswered - (version - self._newest_version))
        self._newest_version = version

    def _forget_asked(self) -> None:
        self._stale_through = None
        self._unanswered = 0
        self._expect_position = False
        self._asked_volume = self._asked_shuffle = self._asked_repeat = None

    def _acted(self) -> None:
        """The engine already did what the command about to be sent asks: ignore the states
        sent before the server applies it, the answers to commands still on their way too
        (a pause right after a seek must not be undone by the seek's state)."""
        state = self.sync.state
        if state is not None:
            self._stale_through = state.version + self._unanswered

    def _target_device(self) -> str | None:
        """Where playback started here goes: the device already playing, else this terminal
        (None: the sender), else, without audio here, another connected device."""
        state = self.sync.state
        active = state.active_device_id if state else None
        connected = {device.id for device in self.sync.devices}
        if active is not None and active != self.sync.device_id and active in connected:
            return active
        if self.engine is not None:
            return None
        others = [device.id for device in self.sync.devices if device.id != self.sync.device_id]
        return others[0] if others else None

    def _can_play_somewhere(self) -> bool:
        if self.engine is not None or self._target_device() is not None:
            return True
        self.app.notify(
            "There is no audio output here and no other device is connected.",
            title="Audio",
            severity="warning",
        )
        return False

    async def play_tracks(self, tracks: list[Track], index: int) -> None:
        """Make `tracks` the queue and play `tracks[index]`."""
        if not tracks or not self._can_play_somewhere():
            return
        self.remember(tracks)
        ids = [track.id for track in tracks][:1000]
        index = min(index, len(ids) - 1)
        await self._send(PlayCommand(track_ids=ids, index=index, device_id=self._target_device()))

    async def play_index(self, index: int) -> None:
        """Jump to `index` of the current queue."""
        if self._can_play_somewhere():
            await self._send(PlayCommand(index=index, device_id=self._target_device()))

    async def queue_tracks(self, tracks: list[Track]) -> bool:
        if not tracks:
            return False
        self.remember(tracks)
        return await self._send(QueueCommand(track_ids=[track.id for track in tracks][:100]))

    async def toggle_play(self) -> None:
        state, engine = self.sync.state, self.engine
        if state is None or (state.track_id is None and not state.queue.track_ids):
            self.app.notify("Nothing to play yet: pick a track.", title="Player")
            return
        if self.is_local and engine is not None and self._engine_has(state.track_id):
            if engine.is_playing:
                engine.pause()
                self._acted()
                await self._send(PauseCommand())
            else:
                engine.play()
                self._acted()
                await self._send(PlayCommand())
            return
        if state.is_playing:
            await self._send(PauseCommand())
        elif self._can_play_somewhere():
            await self._send(PlayCommand(device_id=self._target_device()))

    async def next(self) -> None:
        if self.sync.state is not None:
            await self._send(NextCommand())

    async def previous(self) -> None:
        if self.sync.state is not None:
            self._expect_position = self.is_local
            await self._send(PreviousCommand())

    async def seek_by(self, delta_ms: int) -> None:
        view = self.view()
        if view.track is None:
            return
        target = max(0, view.position_ms + delta_ms)
        if view.duration_ms is not None:
            target = min(target, max(0, view.duration_ms - 1))
        engine = self.engine
        if self.is_local and engine is not None and self._engine_has(view.track.id):
            engine.seek(target)
            self._acted()
        await self._send(SeekCommand(position_ms=target))

    async def change_volume(self, delta: int) -> None:
        state = self.sync.state
        if state is None:
            return
        base = self._asked_volume if self._asked_volume is not None else state.volume
        volume = max(0, min(100, base + delta))
        self._asked_volume = volume
        if self.is_local and self.engine is not None:
            self.engine.volume = volume
            self._acted()
        await self._send(VolumeCommand(volume=volume))

    async def toggle_shuffle(self) -> None:
        state = self.sync.state
        if state is None:
            return
        shuffle = not (self._asked_shuffle if self._asked_shuffle is not None else state.shuffle)
        self._asked_shuffle = shuffle
        await self._send(ShuffleCommand(shuffle=shuffle))

    async def cycle_repeat(self) -> None:
        state = self.sync.state
        if state is None:
            return
        current = self._asked_repeat or state.repeat
        self._asked_repeat = REPEAT_CYCLE.get(current, RepeatMode.OFF)
        await self._send(RepeatCommand(repeat=self._asked_repeat))

    async def transfer(self, device_id: str) -> None:
        if device_id == self.sync.device_id and self.engine is None:
            self.app.notify("This terminal has no audio output.", title="Audio", severity="warning")
            return
        await self._send(TransferCommand(device_id=device_id))

    def shutdown(self) -> None:
        """Stop local playback (signing out, or quitting)."""
        if self.engine is not None:
            self.engine.stop()
