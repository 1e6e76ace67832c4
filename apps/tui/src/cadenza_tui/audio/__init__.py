"""The terminal player's audio engine: PyAV decodes a stream URL, miniaudio plays it."""

from cadenza_tui.audio.engine import AudioEngine, AudioUnavailable, Source
from cadenza_tui.audio.events import (
    EngineEvent,
    EngineFailed,
    Seeked,
    SourceDecoded,
    StreamFailed,
    TrackFinished,
    TrackStarted,
)

__all__ = [
    "AudioEngine",
    "AudioUnavailable",
    "EngineEvent",
    "EngineFailed",
    "Seeked",
    "Source",
    "SourceDecoded",
    "StreamFailed",
    "TrackFinished",
    "TrackStarted",
]
