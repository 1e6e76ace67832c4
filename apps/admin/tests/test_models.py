"""The admin's pure functions: figures, sentences, paging and rows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from cadenza_admin.models import (
    AuditRow,
    Dashboard,
    JobRow,
    UploadRow,
    album_impact,
    day_end,
    day_start,
    form_text,
    format_bytes,
    format_duration,
    impact_sentence,
    json_lines,
    next_offset,
    page_label,
    parse_date,
    parse_int,
    plays_chart,
    previous_offset,
    sort_key,
    toggled,
    upload_rows_after,
)
from cadenza_contracts.admin import (
    AdminJob,
    AdminStats,
    AuditAction,
    AuditEntry,
    AuditTargetType,
    CatalogueCounts,
    DailyPlays,
    DeleteImpact,
    QueueHealth,
    StorageUsage,
)
from cadenza_contracts.media import JobState

NOW = datetime(2026, 11, 25, 14, 3, 59, tzinfo=UTC)


def impact(**counts: int) -> DeleteImpact:
    fields = {"albums": 0, "tracks": 0, "playlist_entries": 0, "track_likes": 0, "plays": 0}
    return DeleteImpact(**{**fields, **counts})


def job(state: JobState, progress: float = 0.0, error: str | None = None) -> AdminJob:
    return AdminJob(
        id=uuid4(),
        kind="convert",
        state=state,
        progress=progress,
        error=error,
        attempts=1,
        track_id=uuid4(),
        created_at=NOW,
        updated_at=NOW,
        started_at=None,
        finished_at=None,
        track_title="First Tone",
        username="admin",
    )


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 bytes"), (1023, "1023 bytes"), (1536, "1.5 KB"), (5_000_000, "4.8 MB")],
)
def test_format_bytes(size: int, shown: str) -> None:
    assert format_bytes(size) == shown


def test_format_duration() -> None:
    assert format_duration(187_000) == "3:07"
    assert format_duration(None) == "–:––"


def test_form_fields_parse_or_refuse() -> None:
    assert form_text({"album-title": "  Blue Train "}, "album-title") == "Blue Train"
    assert form_text({}, "album-title") == ""
    assert parse_int(" 3 ") == 3
    assert parse_int("") is None
    with pytest.raises(ValueError, match="invalid literal"):
        parse_int("three")
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date(" ") is None
    with pytest.raises(ValueError, match="Invalid isoformat"):
        parse_date("29/02/2024")


def test_day_bounds_cover_the_whole_utc_day() -> None:
    assert day_start(date(2026, 11, 25)) == datetime(2026, 11, 25, tzinfo=UTC)
    assert day_end(date(2026, 11, 25)) == datetime(2026, 11, 26, tzinfo=UTC)
    assert day_start(None) is None
    assert day_end(None) is None


def test_impact_of_an_artist_lists_everything_that_goes() -> None:
    sentence = impact_sentence(
        "The Sines", impact(albums=2, tracks=14, playlist_entries=1, track_likes=3, plays=20)
    )
    assert sentence == (
        "Delete “The Sines”? This also deletes 2 albums, 14 tracks, 1 playlist entry, "
        "3 likes and 20 plays. This cannot be undone."
    )


def test_impact_of_nothing_else() -> None:
    assert impact_sentence("Solo", impact()) == (
        "Delete “Solo”? Nothing else goes with it. This cannot be undone."
    )


def test_impact_of_an_album_whose_tracks_stay() -> None:
    counts = impact(tracks=1, playlist_entries=4, plays=9)
    assert impact_sentence("Tones", counts, tracks_stay=True) == (
        "Delete “Tones”? Nothing else goes with it. Its 1 track stays, as a single. "
        "This cannot be undone."
    )
    assert "2 playlist entries" in impact_sentence("Tones", impact(tracks=3, playlist_entries=2))


def test_paging() -> None:
    assert page_label(0, 20, 45) == "1–20 of 45"
    assert page_label(40, 5, 45) == "41–45 of 45"
    assert page_label(0, 0, 0) == "None found"
    assert next_offset(0, 20, 45) == 20
    assert next_offset(40, 20, 45) == 40
    assert previous_offset(20, 20) == 0
    assert previous_offset(5, 20) == 0


def test_sorting_a_column_twice_reverses_it() -> None:
    assert sort_key("title", "") == "title"
    assert sort_key("title", "title") == "-title"
    assert sort_key("title", "-title") == "title"
    assert sort_key("createdAt", "title") == "createdAt"


def test_selection_toggles_keep_the_order_chosen() -> None:
    assert toggled(["a"], "b", True) == ["a", "b"]
    assert toggled(["a", "b"], "a", False) == ["b"]
    assert toggled(["a"], "a", True) == ["a"]


def test_dashboard_figures_and_chart() -> None:
    stats = AdminStats(
        counts=CatalogueCounts(users=3, artists=1, albums=0, tracks=2, playlists=0),
        storage=StorageUsage(
            originals_bytes=120_000,
            originals_count=2,
            renditions_bytes=1_536,
            renditions_count=1,
        ),
        plays_per_day=[
            DailyPlays(day=date(2026, 11, 24), plays=3),
            DailyPlays(day=date(2026, 11, 25), plays=4),
        ],
        queue=QueueHealth(pending=1, running=0, failed=2),
        top_tracks=[],
    )
    figures = Dashboard.of(stats)
    assert (figures.users, figures.tracks, figures.failed_jobs) == (3, 2, 2)
    assert (figures.originals, figures.originals_files) == ("117.2 KB", "in 2 files")
    assert figures.renditions_files == "in 1 file"
    assert figures.plays_in_30_days == 7
    assert plays_chart(stats) == [{"day": "Nov 24", "plays": 3}, {"day": "Nov 25", "plays": 4}]


def test_uploads_follow_their_jobs() -> None:
    running, done, failed = (
        job(JobState.RUNNING, 0.42),
        job(JobState.COMPLETE, 1.0),
        job(JobState.FAILED, error="Not audio."),
    )
    rows = [
        UploadRow.sending("a.flac").converting(str(running.id), "A"),
        UploadRow.sending("b.flac").converting(str(done.id), "B"),
        UploadRow.sending("c.flac").converting(str(failed.id), "C"),
        UploadRow.sending("d.flac"),
    ]
    a, b, c, d = upload_rows_after(rows, [running, done, failed])
    assert (a.state, a.percent, a.message) == ("converting", 42, "Converting 42%")
    assert (b.state, b.percent, b.message) == ("ready", 100, "Ready")
    assert (c.state, c.message) == ("failed", "Not audio.")
    assert d == rows[3]


def test_job_and_audit_rows() -> None:
    row = JobRow.of(job(JobState.RUNNING, 0.5))
    assert (row.track, row.state, row.percent, row.created) == (
        "First Tone",
        "running",
        50,
        "2026-11-25 14:03",
    )
    entry = AuditEntry(
        id=uuid4(),
        actor_id=None,
        actor_username="admin",
        action=AuditAction.TRACK_UPDATE,
        target_type=AuditTargetType.TRACK,
        target_id=uuid4(),
        target_label="First Tone (Remastered)",
        before={"title": "First Tone"},
        after={"title": "First Tone (Remastered)"},
        request_id=None,
        created_at=NOW,
    )
    audit = AuditRow.of(entry)
    assert (audit.action, audit.target_type, audit.actor) == ("track.update", "track", "admin")
    assert audit.before == '{\n  "title": "First Tone"\n}'
    assert json_lines(None) == ""


def test_an_album_does_not_count_itself_as_going_too() -> None:
    counts = album_impact(impact(albums=1, tracks=2))
    assert impact_sentence("Tones", counts) == (
        "Delete “Tones”? This also deletes 2 tracks. This cannot be undone."
    )
