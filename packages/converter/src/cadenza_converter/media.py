"""Opening inputs and decoding them to uniform PCM frames, shared by every operation."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import av
import av.error
from av.audio.frame import AudioFrame
from av.audio.resampler import AudioResampler
from av.audio.stream import AudioStream
from av.container import InputContainer

from cadenza_converter.errors import NotAudioError, UnreadableMediaError

# A few damaged packets are tolerated, as FFmpeg's CLI does; more than this share fails.
MAX_CORRUPT_PACKET_SHARE = 0.05


@contextmanager
def open_audio(path: Path) -> Iterator[tuple[InputContainer, AudioStream]]:
    """Open `path` and yield its container and best audio stream, or raise a typed error."""
    if not path.exists():
        raise UnreadableMediaError(path, "no such file")
    if path.is_dir():
        raise UnreadableMediaError(path, "is a directory, not a media file")
    try:
        container = av.open(str(path), "r", metadata_errors="replace")
    except av.error.FFmpegError as error:
        raise UnreadableMediaError(path, f"FFmpeg cannot read it ({describe(error)})") from error
    with container:
        stream = container.streams.best("audio")
        if not isinstance(stream, AudioStream):
            detected = container.format.long_name or container.format.name
            raise NotAudioError(path, f"it contains no audio stream (FFmpeg sees {detected})")
        yield container, stream


def decoded_frames(
    path: Path, container: InputContainer, stream: AudioStream
) -> Iterator[AudioFrame]:
    """Decode `stream`, skipping the odd damaged packet; raise if more than a few are damaged."""
    packets = corrupt = samples = 0
    try:
        for packet in container.demux(stream):
            packets += 1
            try:
                frames = packet.decode()
            except av.error.FFmpegError:
                corrupt += 1
                continue
            for frame in frames:
                samples += frame.samples
                yield frame
    except av.error.FFmpegError as error:
        raise UnreadableMediaError(path, f"reading failed ({describe(error)})") from error
    if samples == 0:
        raise UnreadableMediaError(path, "no audio could be decoded")
    if corrupt > packets * MAX_CORRUPT_PACKET_SHARE:
        raise UnreadableMediaError(path, f"{corrupt} of {packets} audio packets are corrupt")


def layout_for(channels: int) -> str:
    """Mono stays mono; everything else becomes (or stays) stereo."""
    return "mono" if channels == 1 else "stereo"


def resampled(
    frames: Iterable[AudioFrame],
    *,
    format: str,
    layout: str,
    rate: int,
    frame_size: int | None = None,
) -> Iterator[AudioFrame]:
    """Convert frames to one sample format, layout and rate, with continuous timestamps.

    A new resampler is started whenever the input's own format changes mid-stream
    (chained Ogg, some broadcast MP3s), since PyAV's resampler is fixed to its first frame.
    """
    time_base = Fraction(1, rate)
    resampler: AudioResampler | None = None
    input_shape: tuple[str, str, int] | None = None
    written = 0

    def stamped(output: list[AudioFrame]) -> Iterator[AudioFrame]:
        nonlocal written
        for frame in output:
            frame.pts = written
            frame.time_base = time_base
            written += frame.samples
            yield frame

    for frame in frames:
        shape = (frame.format.name, frame.layout.name, frame.sample_rate)
        if resampler is None or shape != input_shape:
            if resampler is not None:
                yield from stamped(resampler.resample(None))
            resampler = AudioResampler(
                format=format, layout=layout, rate=rate, frame_size=frame_size
            )
            input_shape = shape
        frame.pts = None
        yield from stamped(resampler.resample(frame))
    if resampler is not None:
        yield from stamped(resampler.resample(None))


def duration_seconds(container: InputContainer, stream: AudioStream) -> float:
    """The stream's duration from the headers, falling back to the container's (0 if unknown)."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def describe(error: av.error.FFmpegError) -> str:
    """FFmpeg's own short explanation of an error."""
    return error.strerror or str(error)
