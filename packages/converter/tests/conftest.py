"""Audio fixtures made at test time with PyAV: sine tones, tags and embedded cover art."""

import array
import math
import struct
import zlib
from collections.abc import Callable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import pytest
from av.audio.stream import AudioStream
from av.stream import Disposition

TAGS = {
    "title": "Moonlight Étude",
    "artist": "Ada Lovelace",
    "album": "Analytical Engines",
    "album_artist": "Various Artists",
    "track": "3/12",
    "disc": "1/2",
    "date": "2021-05-04",
    "genre": "Ambient",
}

# Encoder and muxer per fixture extension; M4A goes through the mp4 muxer, which (unlike ipod)
# accepts a PNG or JPEG attached picture.
_WRITERS = {
    ".wav": ("pcm_f32le", "wav"),
    ".flac": ("flac", "flac"),
    ".mp3": ("libmp3lame", "mp3"),
    ".m4a": ("aac", "mp4"),
}
_LAYOUTS = {1: "mono", 2: "stereo", 6: "5.1"}


def png_image(width: int = 4, height: int = 4) -> bytes:
    """A tiny solid-red PNG, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_image(size: int = 16) -> bytes:
    """A tiny grey JPEG, encoded by FFmpeg's mjpeg encoder."""
    context = av.CodecContext.create("mjpeg", "w")
    context.width = context.height = size
    context.pix_fmt = "yuvj420p"
    context.time_base = Fraction(1, 25)
    frame = av.VideoFrame(size, size, "yuvj420p")
    for plane in frame.planes:
        plane.update(bytes([128]) * plane.buffer_size)
    packets = context.encode(frame) + context.encode(None)
    return b"".join(bytes(packet) for packet in packets)


def write_audio(
    path: Path,
    *,
    seconds: float = 1.5,
    amplitude: float = 0.5,
    frequency: float = 997.0,
    rate: int = 44_100,
    channels: int = 2,
    silent_after: float | None = None,
    tags: Mapping[str, str] | None = None,
    cover: bytes | None = None,
    cover_codec: str = "png",
) -> Path:
    """Write a sine tone (the same in every channel), silent from `silent_after` seconds on."""
    codec, muxer = _WRITERS[path.suffix]
    layout = _LAYOUTS[channels]
    with av.open(str(path), "w", format=muxer) as output:
        output.metadata.update(tags or {})
        stream = output.add_stream(codec, rate=rate)
        assert isinstance(stream, AudioStream)
        stream.layout = layout
        if codec == "libmp3lame":
            stream.bit_rate = 192_000
        if cover is not None:
            picture = output.add_mux_stream(cover_codec, width=16, height=16)
            picture.disposition = Disposition.attached_pic
            packet = av.Packet(cover)
            packet.stream = picture
            packet.pts = packet.dts = 0
            output.mux(packet)
        total = round(seconds * rate)
        silent_from = total if silent_after is None else round(silent_after * rate)
        step = 2 * math.pi * frequency / rate
        for start in range(0, total, 4096):
            count = min(4096, total - start)
            samples = array.array(
                "f",
                (
                    amplitude * math.sin(step * index) if index < silent_from else 0.0
                    for index in range(start, start + count)
                    for _ in range(channels)
                ),
            )
            frame = av.AudioFrame(format="flt", layout=layout, samples=count)
            frame.planes[0].update(samples.tobytes())
            frame.sample_rate = rate
            frame.pts = start
            frame.time_base = Fraction(1, rate)
            output.mux(stream.encode(frame))
        output.mux(stream.encode(None))
    return path


@pytest.fixture
def make_audio(tmp_path: Path) -> Callable[..., Path]:
    """Write a tone named `name` (a path relative to this test's temporary folder)."""

    def make(name: str, **options: Any) -> Path:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        return write_audio(target, **options)

    return make


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shared, read-only folder of fixtures that many tests probe or convert."""
    folder = tmp_path_factory.mktemp("media")
    write_audio(folder / "tagged.flac", seconds=2.0, tags=TAGS, cover=png_image())
    write_audio(
        folder / "tagged.mp3", seconds=2.0, tags=TAGS, cover=jpeg_image(), cover_codec="mjpeg"
    )
    write_audio(folder / "tagged.m4a", seconds=2.0, tags=TAGS, cover=png_image())
    write_audio(folder / "plain.wav", seconds=1.0, rate=48_000)
    write_audio(folder / "mono.flac", seconds=1.0, channels=1)
    write_audio(folder / "surround.flac", seconds=1.0, channels=6, rate=96_000)
    (folder / "notes.mp3").write_text("These are liner notes, not audio.\n" * 50)
    (folder / "cover.png").write_bytes(png_image(64, 64))
    return folder


@pytest.fixture
def corrupt_flac(tmp_path: Path) -> Path:
    """A FLAC whose first bytes are right and whose remainder is noise."""
    genuine = write_audio(tmp_path / "genuine.flac", seconds=1.0)
    damaged = tmp_path / "damaged.flac"
    noise = bytes((index * 7919 + 13) % 251 for index in range(40_000))
    damaged.write_bytes(genuine.read_bytes()[:200] + noise)
    genuine.unlink()
    return damaged


Files = Callable[[Path], list[str]]


@pytest.fixture
def files() -> Files:
    """Every file under a folder, relative and sorted, hidden ones included."""

    def list_files(folder: Path) -> list[str]:
        return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())

    return list_files
