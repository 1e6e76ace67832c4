"""The audio engine on its own, on miniaudio's NULL backend (a silent device that consumes
frames in real time): generated Opus files streamed over HTTP with Range requests.

Durations are measured on the engine's own clock, the frames its device took
(`output_frames`), never on the wall clock: a busy machine may run the device late."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Iterator
from typing import Any

import miniaudio
import pytest

from cadenza_tui.audio import (
    AudioEngine,
    AudioUnavailable,
    EngineEvent,
    Seeked,
    Source,
    SourceDecoded,
    StreamFailed,
    TrackFinished,
    TrackStarted,
)

WAIT_S = 15.0


class Recorder:
    """Collects the engine's events, which arrive on its threads."""

    def __init__(self) -> None:
        self.events: queue.Queue[EngineEvent] = queue.Queue()

    def __call__(self, event: EngineEvent) -> None:
        self.events.put(event)

    def expect(self, kind: type[Any], **fields: Any) -> Any:
        deadline = time.monotonic() + WAIT_S
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                break
            if isinstance(event, kind) and all(
                getattr(event, name) == value for name, value in fields.items()
            ):
                return event
        raise AssertionError(f"no {kind.__name__} {fields} within {WAIT_S} s")


def until(predicate: Callable[[], bool], what: str) -> None:
    """Wait for `predicate()` (a bound on waiting, not a timing check)."""
    deadline = time.monotonic() + WAIT_S
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def plays_past(engine: AudioEngine, position_ms: int) -> None:
    until(lambda: engine.position_ms > position_ms, f"playback past {position_ms} ms")


def played_ms(engine: AudioEngine, since_frames: int) -> int:
    """How long the device has played since `output_frames` was `since_frames`, rounded up
    and a millisecond more (playheads are whole milliseconds)."""
    return -(-(engine.output_frames - since_frames) * 1000 // engine.rate) + 1


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def engine(recorder: Recorder) -> Iterator[AudioEngine]:
    engine = AudioEngine(backends=[miniaudio.Backend.NULL], listener=recorder)
    try:
        yield engine
    finally:
        engine.close()


def test_plays_in_real_time(engine: AudioEngine, recorder: Recorder, media_server: Any) -> None:
    engine.load(Source("long", media_server.url("/long.opus"), 20_000))
    started = recorder.expect(TrackStarted, key="long")
    assert (started.position_ms, started.gapless) == (0, False)
    assert engine.current_key == "long"
    assert engine.device_name == "Null"

    # Three seconds of the device's time: the playhead moved with every frame it took (give
    # or take a few periods, the two counters being read one after the other).
    frames_0, position_0 = engine.output_frames, engine.position_ms
    until(lambda: engine.output_frames - frames_0 >= 3 * engine.rate, "3 s of output")
    position_1, frames_1 = engine.position_ms, engine.output_frames
    output_ms = (frames_1 - frames_0) * 1000 // engine.rate
    assert abs((position_1 - position_0) - output_ms) <= 100
    assert engine.is_playing and not engine.is_buffering

    engine.pause()
    paused_at = engine.position_ms
    time.sleep(0.3)
    assert engine.position_ms == paused_at
    engine.play()
    plays_past(engine, paused_at)


def test_starts_at_a_position(engine: AudioEngine, recorder: Recorder, media_server: Any) -> None:
    engine.load(Source("long", media_server.url("/long.opus"), 20_000), position_ms=7_250)
    started = recorder.expect(TrackStarted, key="long")
    assert abs(started.position_ms - 7_250) <= 100


def test_seek_lands_on_the_target(
    engine: AudioEngine, recorder: Recorder, media_server: Any
) -> None:
    engine.load(Source("long", media_server.url("/long.opus"), 20_000))
    recorder.expect(TrackStarted, key="long")
    for target_ms in (12_345, 4_000, 17_800):
        frames_0 = engine.output_frames
        engine.seek(target_ms)
        landed = recorder.expect(Seeked, key="long")
        assert abs(landed.position_ms - target_ms) <= 100
        # It plays on from there: only as far as the device played since the seek.
        plays_past(engine, landed.position_ms)
        assert engine.position_ms <= landed.position_ms + played_ms(engine, frames_0)


def test_next_track_starts_without_a_gap(
    engine: AudioEngine, recorder: Recorder, media_server: Any
) -> None:
    engine.load(Source("first", media_server.url("/first.opus"), 1_500))
    recorder.expect(SourceDecoded, key="first")
    engine.enqueue(Source("second", media_server.url("/second.opus"), 1_500))
    assert engine.next_key == "second"

    finished = recorder.expect(TrackFinished, key="first")
    started = recorder.expect(TrackStarted, key="second")
    assert started.gapless and started.position_ms == 0
    gap_ms = (started.output_frame - finished.output_frame) * 1000 / engine.rate
    assert gap_ms <= 50
    assert engine.current_key == "second" and engine.next_key is None

    recorder.expect(TrackFinished, key="second")
    assert engine.current_key is None and not engine.is_playing


def test_queued_track_survives_a_seek(
    engine: AudioEngine, recorder: Recorder, media_server: Any
) -> None:
    engine.load(Source("first", media_server.url("/first.opus"), 1_500))
    engine.enqueue(Source("second", media_server.url("/second.opus"), 1_500))
    recorder.expect(TrackStarted, key="first")
    engine.seek(1_000)
    recorder.expect(Seeked, key="first")
    finished = recorder.expect(TrackFinished, key="first")
    started = recorder.expect(TrackStarted, key="second")
    assert (started.output_frame - finished.output_frame) * 1000 / engine.rate <= 50


def test_a_failed_stream_is_reported_and_resumed(
    engine: AudioEngine, recorder: Recorder, media_server: Any
) -> None:
    engine.load(Source("long", media_server.url("/missing.opus"), 20_000))
    failed = recorder.expect(StreamFailed, key="long")
    assert failed.position_ms == 0 and failed.message
    assert engine.current_key == "long" and engine.position_ms == 0

    assert engine.resume_stream("long", media_server.url("/long.opus"))
    recorder.expect(TrackStarted, key="long")
    plays_past(engine, 0)
    assert not engine.resume_stream("long", media_server.url("/long.opus"))


def test_volume_is_clamped(engine: AudioEngine) -> None:
    engine.volume = 140
    assert engine.volume == 100
    engine.volume = -3
    assert engine.volume == 0


def test_no_device_is_reported() -> None:
    # WASAPI exists only on Windows: elsewhere this is a machine without that audio device.
    with pytest.raises(AudioUnavailable, match="no audio output device"):
        AudioEngine(backends=[miniaudio.Backend.WASAPI])
