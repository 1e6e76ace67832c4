"""What the engine tells its listener, from its own threads: keep handlers short and hand the
work to the event loop (`loop.call_soon_threadsafe`)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class TrackStarted:
    """The first frame of a source reached the device. `output_frame` counts the frames the
    device has played (silence included) since the engine opened, so the distance to the
    previous `TrackFinished` is the gap heard between two tracks."""

    key: Hashable
    position_ms: int
    output_frame: int
    gapless: bool


@dataclass(frozen=True)
class TrackFinished:
    """The last frame of a source was played."""

    key: Hashable
    output_frame: int


@dataclass(frozen=True)
class Seeked:
    """The first frame after a seek reached the device, `position_ms` into the source."""

    key: Hashable
    position_ms: int


@dataclass(frozen=True)
class SourceDecoded:
    """A source was decoded to its end: the moment to queue the next one for a gapless start."""

    key: Hashable
    duration_ms: int


@dataclass(frozen=True)
class StreamFailed:
    """Reading or decoding a source failed `position_ms` into it; what was buffered still
    plays, and `AudioEngine.resume_stream` carries on from there."""

    key: Hashable
    position_ms: int
    message: str


@dataclass(frozen=True)
class EngineFailed:
    """The output callback failed; the device plays silence until the next `load`."""

    message: str


EngineEvent = TrackStarted | TrackFinished | Seeked | SourceDecoded | StreamFailed | EngineFailed
