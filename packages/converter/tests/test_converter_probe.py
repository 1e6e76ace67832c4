"""probe(), extract_cover() and tag parsing."""

from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest

from cadenza_converter import (
    ConversionError,
    NotAudioError,
    UnreadableMediaError,
    extract_cover,
    probe,
)
from cadenza_converter.results import Tags
from cadenza_converter.tags import metadata_for_output, parse_tags

EXPECTED_TAGS = Tags(
    title="Moonlight Étude",
    artist="Ada Lovelace",
    album="Analytical Engines",
    album_artist="Various Artists",
    track_number=3,
    track_total=12,
    disc_number=1,
    disc_total=2,
    year=2021,
    genre="Ambient",
)


@pytest.mark.parametrize(
    ("name", "codec", "container"),
    [
        ("tagged.flac", "flac", "flac"),
        ("tagged.mp3", "mp3", "mp3"),
        ("tagged.m4a", "aac", "mov,mp4,m4a,3gp,3g2,mj2"),
    ],
)
def test_probe_reads_stream_facts_tags_and_cover(
    media: Path, name: str, codec: str, container: str
) -> None:
    result = probe(media / name)

    assert result.codec == codec
    assert result.container == container
    assert result.sample_rate == 44_100
    assert result.channels == 2
    assert result.duration_ms == pytest.approx(2000, abs=60)
    assert result.bitrate_kbps is not None
    assert result.bitrate_kbps > 0
    assert result.tags == EXPECTED_TAGS
    assert result.has_cover_art


def test_probe_of_untagged_wav(media: Path) -> None:
    result = probe(media / "plain.wav")

    assert (result.codec, result.sample_rate, result.channels) == ("pcm_f32le", 48_000, 2)
    assert result.duration_ms == 1000
    # 48 kHz x 2 channels x 32 bits.
    assert result.bitrate_kbps == 3072
    assert result.tags == Tags()
    assert not result.has_cover_art


def test_probe_serialises_to_camel_case_json(media: Path) -> None:
    document = msgspec.json.decode(msgspec.json.encode(probe(media / "tagged.flac")))

    assert set(document) == {
        "durationMs",
        "codec",
        "sampleRate",
        "channels",
        "bitrateKbps",
        "container",
        "tags",
        "hasCoverArt",
    }
    assert document["tags"]["albumArtist"] == "Various Artists"
    assert document["tags"]["trackNumber"] == 3
    assert document["hasCoverArt"] is True


def test_extract_cover_returns_png_bytes_from_flac(media: Path) -> None:
    cover = extract_cover(media / "tagged.flac")

    assert cover is not None
    assert cover.mime_type == "image/png"
    assert cover.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert cover.data.endswith(b"IEND\xae\x42\x60\x82")


@pytest.mark.parametrize(
    ("name", "mime_type"), [("tagged.mp3", "image/jpeg"), ("tagged.m4a", "image/png")]
)
def test_extract_cover_from_mp3_and_m4a(media: Path, name: str, mime_type: str) -> None:
    cover = extract_cover(media / name)

    assert cover is not None
    assert cover.mime_type == mime_type
    assert len(cover.data) > 50


def test_extract_cover_is_none_without_a_picture(media: Path) -> None:
    assert extract_cover(media / "plain.wav") is None


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableMediaError, match="no such file") as raised:
        probe(tmp_path / "absent.flac")
    assert raised.value.path == str(tmp_path / "absent.flac")


def test_directory_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableMediaError, match="directory"):
        probe(tmp_path)


def test_text_renamed_to_mp3_is_unreadable(media: Path) -> None:
    with pytest.raises(UnreadableMediaError) as raised:
        probe(media / "notes.mp3")
    assert "Invalid data" in raised.value.reason


def test_image_is_not_audio(media: Path) -> None:
    with pytest.raises(NotAudioError, match="no audio stream"):
        probe(media / "cover.png")
    with pytest.raises(NotAudioError):
        extract_cover(media / "cover.png")


def test_errors_share_one_base_class() -> None:
    assert issubclass(UnreadableMediaError, ConversionError)
    assert issubclass(NotAudioError, ConversionError)


def test_probe_of_mono_and_surround(media: Path) -> None:
    assert probe(media / "mono.flac").channels == 1
    surround = probe(media / "surround.flac")
    assert (surround.channels, surround.sample_rate) == (6, 96_000)


def test_probe_reads_vorbis_comment_tags(make_audio: Callable[..., Path]) -> None:
    path = make_audio(
        "vorbis.flac",
        tags={
            "TITLE": "Song",
            "ALBUMARTIST": "Band",
            "TRACKNUMBER": "7",
            "TRACKTOTAL": "9",
            "DISCNUMBER": "2",
            "DATE": "1999",
        },
    )

    tags = probe(path).tags

    assert (tags.title, tags.album_artist) == ("Song", "Band")
    assert (tags.track_number, tags.track_total) == (7, 9)
    assert (tags.disc_number, tags.disc_total, tags.year) == (2, None, 1999)


@pytest.mark.parametrize(
    ("track", "expected"),
    [
        ("3/12", (3, 12)),
        ("3", (3, None)),
        (" 04 / 10 ", (4, 10)),
        ("A1", (None, None)),
        ("", (None, None)),
    ],
)
def test_parse_tags_track_numbers(track: str, expected: tuple[int | None, int | None]) -> None:
    tags = parse_tags({"track": track})

    assert (tags.track_number, tags.track_total) == expected


def test_parse_tags_prefers_earlier_sources_and_ignores_key_case() -> None:
    tags = parse_tags({"Title": "Container"}, {"TITLE": "Stream", "GENRE": "Jazz"})

    assert (tags.title, tags.genre) == ("Container", "Jazz")


def test_parse_tags_reads_years_from_dates() -> None:
    assert parse_tags({"date": "2019-05-01"}).year == 2019
    assert parse_tags({"year": "circa 1972"}).year == 1972
    assert parse_tags({"date": "unknown"}).year is None


def test_metadata_for_output_round_trips() -> None:
    assert parse_tags(metadata_for_output(EXPECTED_TAGS)) == EXPECTED_TAGS
    assert metadata_for_output(Tags()) == {}
