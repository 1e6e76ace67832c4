"""Encode any readable audio file to Ogg Opus, AAC in M4A, or MP3, written atomically."""

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import av
import av.error
from av.audio.stream import AudioStream

from cadenza_converter.errors import EncodingError
from cadenza_converter.media import (
    decoded_frames,
    describe,
    duration_seconds,
    layout_for,
    open_audio,
    resampled,
)
from cadenza_converter.results import OutputFormat, TranscodeResult
from cadenza_converter.tags import metadata_for_output, parse_tags

MIN_BITRATE_KBPS = 8
MAX_BITRATE_KBPS = 512

ProgressCallback = Callable[[float], None]


@dataclass(frozen=True)
class Encoding:
    """How one output format is encoded and muxed."""

    codec: str
    muxer: str
    extension: str
    sample_format: str
    container_options: dict[str, str]


ENCODINGS: dict[OutputFormat, Encoding] = {
    "opus": Encoding("libopus", "ogg", ".opus", "flt", {}),
    # faststart moves the moov atom ahead of the audio so playback starts before download ends.
    "aac": Encoding("aac", "ipod", ".m4a", "fltp", {"movflags": "+faststart"}),
    "mp3": Encoding("libmp3lame", "mp3", ".mp3", "fltp", {}),
}


def output_rate(format: OutputFormat, input_rate: int) -> int:
    """Opus always runs at 48 kHz; AAC and MP3 keep 44.1 or 48 kHz and resample the rest."""
    if format == "opus" or input_rate > 44_100:
        return 48_000
    return 44_100


def transcode(
    input_path: str | Path,
    output_path: str | Path,
    format: OutputFormat,
    bitrate_kbps: int,
    *,
    on_progress: ProgressCallback | None = None,
) -> TranscodeResult:
    """Encode `input_path` into `output_path`; the output appears whole or not at all.

    `on_progress` receives the fraction done (0..1) now and then while encoding.
    """
    if format not in ENCODINGS:
        raise ValueError(f"unknown output format {format!r}; choose one of {sorted(ENCODINGS)}")
    if not MIN_BITRATE_KBPS <= bitrate_kbps <= MAX_BITRATE_KBPS:
        raise ValueError(
            f"bitrate {bitrate_kbps}k is outside {MIN_BITRATE_KBPS}k-{MAX_BITRATE_KBPS}k"
        )
    source, target = Path(input_path), Path(output_path)
    encoding = ENCODINGS[format]
    with open_audio(source) as (container, stream):
        rate = output_rate(format, stream.sample_rate)
        layout = layout_for(stream.channels)
        expected_samples = duration_seconds(container, stream) * rate
        frames = resampled(
            decoded_frames(source, container, stream),
            format=encoding.sample_format,
            layout=layout,
            rate=rate,
        )
        metadata = metadata_for_output(parse_tags(container.metadata, stream.metadata))
        with _atomic_output(target) as partial:
            samples = _encode(
                frames,
                partial,
                encoding,
                target=target,
                rate=rate,
                layout=layout,
                bitrate_kbps=bitrate_kbps,
                metadata=metadata,
                report=_progress_reporter(on_progress, expected_samples),
            )
    if on_progress is not None:
        on_progress(1.0)
    return TranscodeResult(
        output_path=str(target),
        format=format,
        bitrate_kbps=bitrate_kbps,
        sample_rate=rate,
        channels=1 if layout == "mono" else 2,
        duration_ms=round(samples * 1000 / rate),
        size_bytes=target.stat().st_size,
    )


def _encode(
    frames: Iterator[av.AudioFrame],
    path: Path,
    encoding: Encoding,
    *,
    target: Path,
    rate: int,
    layout: str,
    bitrate_kbps: int,
    metadata: dict[str, str],
    report: Callable[[int], None],
) -> int:
    """Encode `frames` into a new file at `path` (errors name `target`); return samples written."""
    try:
        output = av.open(str(path), "w", format=encoding.muxer, options=encoding.container_options)
    except av.error.FFmpegError as error:
        raise EncodingError(target, f"cannot create the output ({describe(error)})") from error
    samples = 0
    with output:
        output.metadata.update(metadata)
        stream = output.add_stream(encoding.codec, rate=rate)
        if not isinstance(stream, AudioStream):
            raise EncodingError(target, f"{encoding.codec} is not an audio encoder")
        stream.layout = layout
        stream.format = encoding.sample_format
        stream.bit_rate = bitrate_kbps * 1000
        # Ogg keeps tags per stream (Vorbis comments), so give them to the stream as well.
        stream.metadata.update(metadata)
        try:
            for frame in frames:
                output.mux(stream.encode(frame))
                samples += frame.samples
                report(samples)
            output.mux(stream.encode(None))
        except av.error.FFmpegError as error:
            raise EncodingError(target, f"{encoding.codec} failed ({describe(error)})") from error
    return samples


@contextmanager
def _atomic_output(target: Path) -> Iterator[Path]:
    """Yield a hidden sibling path to write; rename it onto `target` only if the block succeeds."""
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        yield partial
        with partial.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    except OSError as error:
        detail = f"{error.strerror}: {error.filename}" if error.strerror else str(error)
        raise EncodingError(target, f"cannot write the output ({detail})") from error
    finally:
        with suppress(OSError):
            partial.unlink(missing_ok=True)


def _progress_reporter(
    on_progress: ProgressCallback | None, expected_samples: float
) -> Callable[[int], None]:
    """Turn sample counts into fractions, calling back at most once per percent."""
    last_percent = -1

    def report(samples: int) -> None:
        nonlocal last_percent
        if on_progress is None or expected_samples <= 0:
            return
        percent = min(99, int(samples * 100 / expected_samples))
        if percent > last_percent:
            last_percent = percent
            on_progress(percent / 100)

    return report
