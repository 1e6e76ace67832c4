"""How fast cadenza-converter is: `uv run python benchmarks/converter_bench.py [--seconds 60]`.

Synthesises a stereo 44.1 kHz FLAC (a chord plus a little noise, so encoders have work to
do), then times each operation and prints seconds and the realtime factor (audio seconds
processed per wall-clock second).
"""

import argparse
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import av
import av.error
from av.audio.stream import AudioStream
from av.filter import Graph

from cadenza_converter import (
    OutputFormat,
    convert_many,
    measure_loudness,
    probe,
    transcode,
    waveform,
)

# A chord of sines with different partials per channel, plus white noise at -32 dBFS.
_SIGNAL = (
    "0.25*sin(2*PI*220*t)+0.12*sin(2*PI*330*t)+0.05*sin(2*PI*1760*t)+0.025*(2*random(0)-1)|"
    "0.25*sin(2*PI*277*t)+0.12*sin(2*PI*440*t)+0.05*sin(2*PI*2217*t)+0.025*(2*random(1)-1)"
)


def synthesise(path: Path, seconds: float, rate: int = 44_100) -> Path:
    """Write `seconds` of the benchmark signal as 16-bit stereo FLAC."""
    graph = Graph()
    source = graph.add("aevalsrc", f"exprs='{_SIGNAL}':d={seconds}:s={rate}:c=stereo")
    sink = graph.add("abuffersink")
    source.link_to(sink)
    graph.configure()
    with av.open(str(path), "w") as output:
        stream = output.add_stream("flac", rate=rate)
        assert isinstance(stream, AudioStream)
        stream.layout = "stereo"
        while True:
            try:
                frame = sink.pull()
            except (av.error.EOFError, av.error.BlockingIOError):
                break
            assert isinstance(frame, av.AudioFrame)
            output.mux(stream.encode(frame))
        output.mux(stream.encode(None))
    return path


def timed(action: Callable[[], object]) -> float:
    """Best of three wall-clock times, in seconds."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def row(label: str, seconds: float, audio_seconds: float | None) -> None:
    """Print one figure; the speed column only for work that runs through the audio."""
    speed = f"{audio_seconds / seconds:9.1f}x realtime" if audio_seconds else ""
    print(f"{label:<34} {seconds:9.4f} s {speed}".rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the test audio")
    duration = parser.parse_args().seconds
    workdir = Path(tempfile.mkdtemp(prefix="cadenza-bench-"))
    try:
        source = synthesise(workdir / "source.flac", duration)
        print(f"PyAV {av.__version__}, {os.cpu_count()} CPUs, {duration:g} s stereo 44.1 kHz FLAC")
        print(f"{'operation':<34} {'best of 3':>11} {'speed':>19}")
        row("probe (headers only)", timed(partial(probe, source)), None)
        renditions: list[tuple[OutputFormat, str, int]] = [
            ("opus", "opus", 96),
            ("opus", "opus", 160),
            ("aac", "m4a", 160),
            ("mp3", "mp3", 160),
        ]
        for format, extension, bitrate in renditions:
            target = workdir / f"out.{bitrate}k.{extension}"
            seconds = timed(partial(transcode, source, target, format, bitrate))
            row(f"transcode to {format} {bitrate}k", seconds, duration)
        row("measure_loudness (EBU R128)", timed(partial(measure_loudness, source)), duration)
        row("waveform (800 points)", timed(partial(waveform, source)), duration)

        # A batch of four files to two renditions, serial and then on every core.
        album = workdir / "album"
        album.mkdir()
        for number in range(4):
            shutil.copy(source, album / f"track{number}.flac")
        batch_audio = 4 * 2 * duration
        for jobs in sorted({1, os.cpu_count() or 1}):
            convert = partial(
                convert_many, [album], workdir / f"batch{jobs}", ["opus", "aac"], [160]
            )
            seconds = timed(partial(convert, jobs=jobs, overwrite=True))
            row(f"convert_many 4 files x 2, jobs={jobs}", seconds, batch_audio)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
