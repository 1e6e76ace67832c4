"""Rendered samples to a tagged FLAC file, with PyAV (FFmpeg's FLAC encoder)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from cadenza_api.domain.demo.synth import RATE, Signal

_FRAME_SAMPLES = 4096


def write_flac(path: Path, audio: Signal, tags: Mapping[str, str]) -> None:
    """Write stereo `audio` (shape `(frames, 2)`, within ±1) at `RATE` as 16-bit FLAC with
    `tags` as Vorbis comments (`title`, `artist`, `album`, `track`, ...)."""
    pcm = np.round(np.clip(audio, -1.0, 1.0) * 32767).astype(np.int16)
    with av.open(str(path), "w", format="flac") as container:
        container.metadata.update(tags)
        stream = container.add_stream("flac", rate=RATE, layout="stereo")
        stream.format = "s16"
        for start in range(0, len(pcm), _FRAME_SAMPLES):
            chunk = np.ascontiguousarray(pcm[start : start + _FRAME_SAMPLES])
            # Packed s16 wants one plane of interleaved samples: shape (1, frames * channels).
            frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="stereo")
            frame.sample_rate = RATE
            frame.pts = start
            frame.time_base = Fraction(1, RATE)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
