"""EBU R128 loudness through FFmpeg's ebur128 filter."""

import math
from collections.abc import Iterable, Iterator
from fractions import Fraction
from pathlib import Path

import av.error
from av.audio.frame import AudioFrame
from av.filter import Graph
from av.filter.context import FilterContext

from cadenza_converter.errors import UnreadableMediaError
from cadenza_converter.media import decoded_frames, layout_for, open_audio, resampled
from cadenza_converter.results import LoudnessResult

TARGET_LUFS = -14.0
# Loudness range compares 3 s short-term windows; FFmpeg's figure for clips with only one or
# two of them is noise (a steady 3.1 s tone reads 20 LU), so shorter clips report 0.
MIN_SECONDS_FOR_RANGE = 4.0
# Reported for digital silence, whose true peak is minus infinity (JSON has no such number).
TRUE_PEAK_FLOOR_DBTP = -120.0


def measure_loudness(path: str | Path) -> LoudnessResult:
    """Integrated loudness, true peak and loudness range of `path`, and its gain to -14 LUFS.

    Files with more than two channels are measured after the same stereo downmix their
    renditions get, so the gain matches what listeners hear.
    """
    path = Path(path)
    samples = 0

    def counted(frames: Iterable[AudioFrame]) -> Iterator[AudioFrame]:
        nonlocal samples
        for frame in frames:
            samples += frame.samples
            yield frame

    with open_audio(path) as (container, stream):
        layout, rate = layout_for(stream.channels), stream.sample_rate
        frames = resampled(
            decoded_frames(path, container, stream), format="dbl", layout=layout, rate=rate
        )
        summary = _last_metadata(_ebur128(counted(frames), rate, layout))
    if "lavfi.r128.I" not in summary:
        raise UnreadableMediaError(path, "too short to measure loudness")
    integrated = float(summary["lavfi.r128.I"])
    true_peak = float(summary.get("lavfi.r128.true_peak", "0"))
    long_enough = samples >= MIN_SECONDS_FOR_RANGE * rate
    return LoudnessResult(
        integrated_lufs=integrated,
        true_peak_dbtp=(
            max(round(20 * math.log10(true_peak), 3), TRUE_PEAK_FLOOR_DBTP)
            if true_peak > 0
            else TRUE_PEAK_FLOOR_DBTP
        ),
        loudness_range_lu=float(summary.get("lavfi.r128.LRA", "0")) if long_enough else 0.0,
        track_gain_db=round(TARGET_LUFS - integrated, 2),
    )


def _ebur128(frames: Iterable[AudioFrame], rate: int, layout: str) -> Iterator[dict[str, str]]:
    """Push frames through ebur128 and yield each output frame's running measurements."""
    graph = Graph()
    source = graph.add_abuffer(
        sample_rate=rate, format="dbl", layout=layout, time_base=Fraction(1, rate)
    )
    # A mono file plays on both speakers, so it is measured as dual mono.
    dualmono = "true" if layout == "mono" else "false"
    meter = graph.add("ebur128", f"metadata=1:peak=true:dualmono={dualmono}")
    sink = graph.add("abuffersink")
    graph.link_nodes(source, meter, sink).configure()
    for frame in frames:
        source.push(frame)
        yield from _drain(sink)
    source.push(None)
    yield from _drain(sink)


def _drain(sink: FilterContext) -> Iterator[dict[str, str]]:
    while True:
        try:
            frame = sink.pull()
        except (av.error.BlockingIOError, av.error.EOFError):
            return
        yield frame.metadata


def _last_metadata(measurements: Iterable[dict[str, str]]) -> dict[str, str]:
    """ebur128 reports running totals, so the last frame carries the whole file's figures."""
    last: dict[str, str] = {}
    for metadata in measurements:
        if metadata:
            last = metadata
    return last
