"""transcode(): formats, resampling, tags, faststart M4A and atomic writes."""

import struct
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

from cadenza_converter import (
    ConversionError,
    EncodingError,
    NotAudioError,
    UnreadableMediaError,
    measure_loudness,
    probe,
    transcode,
)
from cadenza_converter.results import OutputFormat

ListFiles = Callable[[Path], list[str]]

CASES: list[tuple[OutputFormat, str, str, str]] = [
    # format, extension, codec read back, container read back
    ("opus", ".opus", "opus", "ogg"),
    ("aac", ".m4a", "aac", "mov,mp4,m4a,3gp,3g2,mj2"),
    ("mp3", ".mp3", "mp3", "mp3"),
]


def top_level_boxes(data: bytes) -> list[str]:
    """The ISO-BMFF (MP4) top-level box types, in file order."""
    boxes, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if size == 1:
            (size,) = struct.unpack(">Q", data[offset + 8 : offset + 16])
        elif size == 0:
            size = len(data) - offset
        boxes.append(kind.decode("latin-1"))
        offset += size
    return boxes


@pytest.mark.parametrize(("format", "extension", "codec", "container"), CASES)
def test_transcode_writes_a_readable_rendition(
    media: Path, tmp_path: Path, format: OutputFormat, extension: str, codec: str, container: str
) -> None:
    target = tmp_path / f"out{extension}"

    result = transcode(media / "tagged.flac", target, format, 96)

    assert result.output_path == str(target)
    assert (result.format, result.bitrate_kbps, result.channels) == (format, 96, 2)
    assert result.size_bytes == target.stat().st_size > 0
    assert result.duration_ms == pytest.approx(2000, abs=30)
    back = probe(target)
    assert (back.codec, back.container, back.channels) == (codec, container, 2)
    assert back.sample_rate == result.sample_rate
    assert back.duration_ms == pytest.approx(2000, abs=100)
    assert (back.tags.title, back.tags.artist, back.tags.album) == (
        "Moonlight Étude",
        "Ada Lovelace",
        "Analytical Engines",
    )
    assert back.tags.track_number == 3


def test_opus_is_always_48_khz(media: Path, tmp_path: Path) -> None:
    result = transcode(media / "tagged.mp3", tmp_path / "a.opus", "opus", 64)

    assert result.sample_rate == 48_000
    assert probe(tmp_path / "a.opus").sample_rate == 48_000


@pytest.mark.parametrize("format", ["aac", "mp3"])
def test_aac_and_mp3_keep_44_1_khz_and_bring_96_khz_down_to_48(
    media: Path, tmp_path: Path, format: OutputFormat
) -> None:
    assert transcode(media / "tagged.flac", tmp_path / "a", format, 128).sample_rate == 44_100
    assert transcode(media / "surround.flac", tmp_path / "b", format, 128).sample_rate == 48_000


def test_mono_stays_mono_and_surround_is_downmixed_to_stereo(media: Path, tmp_path: Path) -> None:
    mono = transcode(media / "mono.flac", tmp_path / "mono.opus", "opus", 64)
    surround = transcode(media / "surround.flac", tmp_path / "surround.opus", "opus", 128)

    assert mono.channels == probe(tmp_path / "mono.opus").channels == 1
    assert surround.channels == probe(tmp_path / "surround.opus").channels == 2


def test_m4a_is_faststart(media: Path, tmp_path: Path) -> None:
    target = tmp_path / "fast.m4a"

    transcode(media / "tagged.flac", target, "aac", 128)

    boxes = top_level_boxes(target.read_bytes())
    assert boxes[0] == "ftyp"
    assert boxes.index("moov") < boxes.index("mdat")


def test_transcode_keeps_the_signal(make_audio: Callable[..., Path], tmp_path: Path) -> None:
    source = make_audio("tone.wav", seconds=3.0, amplitude=0.1, rate=48_000)

    transcode(source, tmp_path / "tone.opus", "opus", 128)

    # A lossy codec at 128k barely moves the loudness of a plain tone.
    original = measure_loudness(source).integrated_lufs
    assert measure_loudness(tmp_path / "tone.opus").integrated_lufs == pytest.approx(
        original, abs=0.5
    )


def test_progress_rises_to_one(media: Path, tmp_path: Path) -> None:
    fractions: list[float] = []

    transcode(media / "tagged.flac", tmp_path / "p.opus", "opus", 96, on_progress=fractions.append)

    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert len(fractions) > 2


def test_output_folders_are_created(media: Path, tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "x.mp3"

    transcode(media / "plain.wav", target, "mp3", 128)

    assert target.is_file()


def test_only_the_final_file_remains(media: Path, tmp_path: Path, files: ListFiles) -> None:
    transcode(media / "plain.wav", tmp_path / "x.opus", "opus", 96)

    assert files(tmp_path) == ["x.opus"]


@pytest.mark.parametrize(
    ("name", "error"),
    [("notes.mp3", UnreadableMediaError), ("cover.png", NotAudioError)],
)
def test_failed_input_leaves_nothing_behind(
    media: Path, tmp_path: Path, files: ListFiles, name: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        transcode(media / name, tmp_path / "x.opus", "opus", 96)

    assert files(tmp_path) == []


def test_corrupt_audio_fails_and_keeps_the_previous_output(
    corrupt_flac: Path, tmp_path: Path, files: ListFiles
) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    previous = outdir / "x.m4a"
    previous.write_bytes(b"an older rendition")

    with pytest.raises(UnreadableMediaError):
        transcode(corrupt_flac, previous, "aac", 96)

    assert previous.read_bytes() == b"an older rendition"
    assert files(outdir) == ["x.m4a"]


def test_existing_output_is_replaced_whole(media: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.mp3"
    target.write_bytes(b"stale")

    transcode(media / "plain.wav", target, "mp3", 128)

    assert probe(target).codec == "mp3"


@pytest.mark.parametrize("bitrate", [0, 7, 513])
def test_out_of_range_bitrate_is_rejected(media: Path, tmp_path: Path, bitrate: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        transcode(media / "plain.wav", tmp_path / "x.opus", "opus", bitrate)


def test_unknown_format_is_rejected(media: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        transcode(media / "plain.wav", tmp_path / "x.ogg", cast(OutputFormat, "vorbis"), 96)


def test_unwritable_destination_is_an_encoding_error(media: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    with pytest.raises(EncodingError, match="cannot write the output") as raised:
        transcode(media / "plain.wav", blocker / "x.opus", "opus", 96)

    assert raised.value.path == str(blocker / "x.opus")
    assert isinstance(raised.value, ConversionError)
