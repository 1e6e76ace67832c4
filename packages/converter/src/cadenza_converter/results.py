"""Result structs; they serialise to JSON with camelCase keys."""

from typing import Literal

import msgspec

OutputFormat = Literal["opus", "aac", "mp3"]
Outcome = Literal["converted", "skipped", "failed"]


class Result(msgspec.Struct, kw_only=True, rename="camel"):
    """Base for every result: keyword-only fields, camelCase JSON keys."""


class Tags(Result):
    """The tags Cadenza cares about; a missing or unparsable tag is None."""

    title: str | None = None
    artist: str | None = None
    album: str | None = None
    album_artist: str | None = None
    track_number: int | None = None
    track_total: int | None = None
    disc_number: int | None = None
    disc_total: int | None = None
    year: int | None = None
    genre: str | None = None


class ProbeResult(Result):
    """What a media file holds, as read from its headers."""

    duration_ms: int
    codec: str
    sample_rate: int
    channels: int
    bitrate_kbps: int | None
    container: str
    tags: Tags
    has_cover_art: bool


class CoverArt(Result):
    """An embedded picture and its MIME type."""

    data: bytes
    mime_type: str


class TranscodeResult(Result):
    """One rendition written to disk."""

    output_path: str
    format: OutputFormat
    bitrate_kbps: int
    sample_rate: int
    channels: int
    duration_ms: int
    size_bytes: int


class LoudnessResult(Result):
    """EBU R128 measurement and the gain that brings the track to -14 LUFS."""

    integrated_lufs: float
    true_peak_dbtp: float
    loudness_range_lu: float
    track_gain_db: float


class FileReport(Result):
    """What happened to one planned output of a batch."""

    input_path: str
    output_path: str
    format: OutputFormat
    bitrate_kbps: int
    outcome: Outcome
    reason: str | None = None
    result: TranscodeResult | None = None


class BatchReport(Result):
    """Every planned output of a batch, in input order."""

    files: list[FileReport]

    def count(self, outcome: Outcome) -> int:
        """How many outputs ended with `outcome`."""
        return sum(1 for report in self.files if report.outcome == outcome)

    @property
    def ok(self) -> bool:
        """True when no output failed."""
        return self.count("failed") == 0
