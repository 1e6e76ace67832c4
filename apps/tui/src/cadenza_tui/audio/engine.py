"""The audio engine: decoder threads fill a PCM buffer, a miniaudio device plays it.

One source plays at a time, and one more may be queued behind it: it is decoded as soon as
the current one is, into the same buffer, so it starts on the frame after the current one ends
(gapless). Volume is applied as the device takes the samples, so it changes at once.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Generator, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import miniaudio
import numpy as np

from cadenza_tui.audio.buffer import Chunk, EndOfItem, Item, Pcm, PcmBuffer
from cadenza_tui.audio.decoder import DecodeResult, DecodeTask
from cadenza_tui.audio.events import (
    EngineEvent,
    EngineFailed,
    Seeked,
    SourceDecoded,
    StreamFailed,
    TrackFinished,
    TrackStarted,
)

SAMPLE_RATE = 48_000
CHANNELS = 2
STDERR_FD = 2

Listener = Callable[[EngineEvent], None]


class AudioUnavailable(Exception):
    """No audio output could be opened."""


@dataclass(frozen=True)
class Source:
    """Something to play: `key` names it in events (a track id), `url` is what PyAV opens."""

    key: Hashable
    url: str
    duration_ms: int | None = None


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence the C libraries' own chatter on file descriptor 2 (ALSA's, probing for
    devices) so that it cannot scribble over the terminal UI."""
    try:
        saved = os.dup(STDERR_FD)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, STDERR_FD)
        yield
    finally:
        os.dup2(saved, STDERR_FD)
        os.close(saved)
        os.close(devnull)


class AudioEngine:
    """Plays `Source`s on an audio device; every method is safe to call from any thread.

    `backends` picks miniaudio backends (tests pass `[miniaudio.Backend.NULL]`); by default
    the system's device is used, and finding none raises `AudioUnavailable`. `listener`
    receives `EngineEvent`s from the engine's threads.
    """

    def __init__(
        self,
        *,
        backends: Sequence[miniaudio.Backend] | None = None,
        listener: Listener | None = None,
        buffer_seconds: float = 30.0,
        prebuffer_ms: int = 250,
        period_ms: int = 20,
    ) -> None:
        self.rate = SAMPLE_RATE
        self.channels = CHANNELS
        self._listener = listener
        self._buffer = PcmBuffer(int(buffer_seconds * self.rate))
        self._prebuffer_frames = prebuffer_ms * self.rate // 1000
        self._lock = threading.RLock()
        self._current: Item | None = None
        self._next: Item | None = None
        self._tasks: list[DecodeTask] = []
        self._frame = 0
        self._playing = False
        self._buffering = False
        self._announce: Literal["start", "gapless", "seek"] | None = None
        self._output_frames = 0
        self._gain = 1.0
        self._volume = 100
        self._failed = False
        self._device = self._open_device(backends, period_ms)
        self.device_name: str = str(self._device.backend)
        generator = self._generate()
        next(generator)
        self._device.start(generator)

    def _open_device(
        self, backends: Sequence[miniaudio.Backend] | None, period_ms: int
    ) -> miniaudio.PlaybackDevice:
        try:
            with _quiet_stderr():
                device = miniaudio.PlaybackDevice(
                    output_format=miniaudio.SampleFormat.SIGNED16,
                    nchannels=self.channels,
                    sample_rate=self.rate,
                    buffersize_msec=period_ms,
                    backends=list(backends) if backends else None,
                    app_name="Cadenza",
                )
        except miniaudio.MiniaudioError:
            raise AudioUnavailable("no audio output device could be opened") from None
        if not backends and device.backend == "Null":
            # miniaudio fell back to its silent backend: there is no real device.
            device.close()
            raise AudioUnavailable("no audio output device was found")
        return device

    # --- what is playing ------------------------------------------------------------------

    @property
    def current_key(self) -> Hashable | None:
        item = self._current
        return item.key if item is not None else None

    @property
    def next_key(self) -> Hashable | None:
        item = self._next
        return item.key if item is not None else None

    @property
    def current_decoded(self) -> bool:
        """Whether the current source is decoded to its end: time to queue the next one."""
        item = self._current
        return item is not None and item.complete

    @property
    def position_ms(self) -> int:
        """How far into the current source the device has played."""
        return self._frame * 1000 // self.rate if self._current is not None else 0

    @property
    def duration_ms(self) -> int | None:
        item = self._current
        return item.duration_ms if item is not None else None

    @property
    def is_playing(self) -> bool:
        return self._playing and self._current is not None

    @property
    def is_buffering(self) -> bool:
        return self.is_playing and self._buffering

    @property
    def output_frames(self) -> int:
        """Frames the device has played while the engine was playing, silence included."""
        return self._output_frames

    @property
    def volume(self) -> int:
        return self._volume

    @volume.setter
    def volume(self, volume: int) -> None:
        self._volume = max(0, min(100, volume))
        # A square law sounds even across the range; the device takes the gain at once.
        self._gain = (self._volume / 100) ** 2

    # --- control --------------------------------------------------------------------------

    def load(self, source: Source, *, position_ms: int = 0, play: bool = True) -> None:
        """Play `source` from `position_ms` (or hold it there, paused), dropping all else."""
        with self._lock:
            generation = self._reset()
            self._current = Item(source.key, source.url, source.duration_ms)
            self._next = None
            self._frame = max(0, position_ms) * self.rate // 1000
            self._playing = play
            self._announce = "start"
            self._start(self._current, self._frame, generation)

    def enqueue(self, source: Source) -> None:
        """Queue `source` to start right after the current one ends, replacing any queued."""
        with self._lock:
            self._drop_next()
            if self._current is None:
                self.load(source, play=self._playing)
                return
            self._next = Item(source.key, source.url, source.duration_ms)
            if not self._tasks and not self._failed:
                self._start(self._next, 0, self._buffer.generation)

    def drop_next(self) -> None:
        """Forget the queued source."""
        with self._lock:
            self._drop_next()

    def seek(self, position_ms: int) -> None:
        """Jump within the current source; the queued one stays queued. Forward within what
        is buffered, this needs no new request (and works while the network is down)."""
        with self._lock:
            current = self._current
            if current is None:
                return
            target = max(0, position_ms) * self.rate // 1000
            if current.duration_ms is not None:
                target = min(target, current.duration_ms * self.rate // 1000)
            self._announce = "seek"
            if self._frame <= target <= current.decoded_frames:
                self._buffer.skip(current, target)
                self._frame = target
                return
            queued = self._next
            generation = self._reset()
            self._frame = target
            current.decoded_frames = self._frame
            current.complete = False
            self._next = queued
            if queued is not None:
                queued.decoded_frames = 0
                queued.complete = False
            self._start(current, self._frame, generation)

    def resume_stream(self, key: Hashable, url: str) -> bool:
        """Carry on decoding the current source, whose stream failed, from where it stopped
        (with a fresh `url`); the buffered audio plays on meanwhile. False if `key` is not
        current or its stream did not fail."""
        with self._lock:
            current = self._current
            if current is None or current.key != key or not self._failed:
                return False
            current.url = url
            self._failed = False
            self._start(current, current.decoded_frames, self._buffer.generation)
            return True

    def play(self) -> None:
        with self._lock:
            self._playing = True

    def pause(self) -> None:
        with self._lock:
            self._playing = False

    def stop(self) -> None:
        """Stop and forget every source."""
        with self._lock:
            self._reset()
            self._current = None
            self._next = None
            self._frame = 0
            self._playing = False

    def close(self) -> None:
        self.stop()
        self._device.close()

    # --- decoding -------------------------------------------------------------------------

    def _reset(self) -> int:
        for task in self._tasks:
            task.cancel()
        self._tasks = []
        self._failed = False
        self._buffering = True
        return self._buffer.clear()

    def _drop_next(self) -> None:
        queued = self._next
        if queued is None:
            return
        for task in [task for task in self._tasks if task.item is queued]:
            task.cancel()
            self._tasks.remove(task)
        self._buffer.drop_item(queued)
        self._next = None

    def _start(self, item: Item, start_frame: int, generation: int) -> None:
        task = DecodeTask(
            item,
            start_frame,
            self._buffer,
            generation,
            rate=self.rate,
            channels=self.channels,
            on_done=self._decoded,
        )
        self._tasks.append(task)
        task.start()

    def _decoded(self, task: DecodeTask, result: DecodeResult) -> None:
        """A decoder thread finished: report it, and start decoding the queued source."""
        events: list[EngineEvent] = []
        with self._lock:
            if task not in self._tasks:
                return
            self._tasks.remove(task)
            item = result.item
            if result.error is not None:
                self._failed = True
                position_ms = item.decoded_frames * 1000 // self.rate
                events.append(StreamFailed(item.key, position_ms, result.error))
            else:
                item.complete = True
                duration_ms = item.decoded_frames * 1000 // self.rate
                events.append(SourceDecoded(item.key, duration_ms))
                queued = self._next
                if queued is not None and item is not queued and queued.decoded_frames == 0:
                    self._start(queued, 0, task.generation)
        self._emit(events)

    # --- the device -----------------------------------------------------------------------

    def _generate(self) -> Generator[bytes, int, None]:
        frames = yield b""
        while True:
            frames = yield self._fill(frames)

    def _fill(self, frames: int) -> bytes:
        """The device wants `frames` frames: never block, never raise."""
        events: list[EngineEvent] = []
        out: Pcm = np.zeros((frames, self.channels), dtype=np.int16)
        try:
            with self._lock:
                if self._playing and self._current is not None:
                    self._take(out, events)
                gain = self._gain
            if gain < 1.0:
                out = (out * gain).astype(np.int16)
        except Exception as exc:
            # Anything raised here would kill the device's callback for good.
            events = [EngineFailed(f"audio output failed: {exc}")]
            out = np.zeros((frames, self.channels), dtype=np.int16)
        self._emit(events)
        return out.tobytes()

    def _take(self, out: Pcm, events: list[EngineEvent]) -> None:
        """Copy buffered frames into `out`, following the sources' boundaries."""
        frames = len(out)
        if self._buffering:
            decoding = any(task.item is self._current for task in self._tasks)
            if self._buffer.frames >= self._prebuffer_frames or (
                self._buffer.frames > 0 and not decoding
            ):
                self._buffering = False
            elif not decoding and not self._failed and self._buffer.frames == 0:
                # Nothing is left to come: an end marker is all that may remain.
                self._buffering = False
        filled = 0
        if not self._buffering:
            for entry in self._buffer.read(frames):
                if isinstance(entry, EndOfItem):
                    self._finish(entry, filled, events)
                    continue
                chunk, start, stop = entry
                if chunk.item is not self._current:
                    continue
                self._announce_first(chunk, start, filled, events)
                count = stop - start
                out[filled : filled + count] = chunk.pcm[start:stop]
                filled += count
                self._frame = chunk.start_frame + stop
            if filled < frames and self._current is not None:
                self._buffering = True
        self._output_frames += frames

    def _finish(self, marker: EndOfItem, filled: int, events: list[EngineEvent]) -> None:
        if marker.item is not self._current:
            return
        events.append(TrackFinished(marker.item.key, self._output_frames + filled))
        self._current = self._next
        self._next = None
        self._frame = 0
        self._announce = "gapless" if self._current is not None else None

    def _announce_first(
        self, chunk: Chunk, start: int, filled: int, events: list[EngineEvent]
    ) -> None:
        announce = self._announce
        if announce is None:
            return
        self._announce = None
        position_ms = (chunk.start_frame + start) * 1000 // self.rate
        if announce == "seek":
            events.append(Seeked(chunk.item.key, position_ms))
        else:
            events.append(
                TrackStarted(
                    chunk.item.key,
                    position_ms,
                    self._output_frames + filled,
                    gapless=announce == "gapless",
                )
            )

    def _emit(self, events: list[EngineEvent]) -> None:
        if self._listener is None:
            return
        for event in events:
            self._listener(event)
