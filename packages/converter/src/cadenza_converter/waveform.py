"""Peak envelopes for seek bars."""

from pathlib import Path

from av.audio.frame import AudioFrame

from cadenza_converter.media import (
    decoded_frames,
    duration_seconds,
    layout_for,
    open_audio,
    resampled,
)

DEFAULT_POINTS = 800
# Blocks per point: finer blocks keep bucket edges accurate even when the header's duration
# is only an estimate and the real length is known only at the end.
_OVERSAMPLING = 8


def waveform(path: str | Path, points: int = DEFAULT_POINTS) -> list[float]:
    """Exactly `points` peak amplitudes (0..1), one per equal slice of the whole file."""
    if points < 1:
        raise ValueError(f"points must be at least 1, not {points}")
    path = Path(path)
    with open_audio(path) as (container, stream):
        rate = stream.sample_rate
        expected_samples = duration_seconds(container, stream) * rate
        if expected_samples > 0:
            block_size = max(1, int(expected_samples / (points * _OVERSAMPLING)))
        else:
            block_size = max(1, rate // 100)  # unknown length: 10 ms blocks
        blocks = [
            _peak(frame)
            for frame in resampled(
                decoded_frames(path, container, stream),
                format="flt",
                layout=layout_for(stream.channels),
                rate=rate,
                frame_size=block_size,
            )
        ]
    return _buckets(blocks, points)


def _peak(frame: AudioFrame) -> float:
    """Largest absolute sample of a packed float frame, clipped to 1."""
    values = len(frame.layout.channels) * frame.samples
    samples = memoryview(frame.planes[0]).cast("B")[: values * 4].cast("f")
    return min(1.0, max(abs(max(samples)), abs(min(samples)))) if values else 0.0


def _buckets(blocks: list[float], points: int) -> list[float]:
    """Reduce block peaks to `points` bucket peaks; repeat blocks if there are fewer."""
    if not blocks:
        return [0.0] * points
    count = len(blocks)
    peaks = []
    for index in range(points):
        start = index * count // points
        end = max(start + 1, (index + 1) * count // points)
        peaks.append(round(max(blocks[start:end]), 4))
    return peaks
