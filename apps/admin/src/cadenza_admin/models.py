"""What the admin's pages show, flattened from the contracts' types into plain, serialisable
rows, and the sentences built from them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import msgspec

from cadenza_contracts.admin import (
    AdminArtist,
    AdminJob,
    AdminStats,
    AdminUser,
    AuditEntry,
    DeleteImpact,
)
from cadenza_contracts.catalog import Album, Track
from cadenza_contracts.media import Job, JobState

_BYTE_UNITS = ("bytes", "KB", "MB", "GB", "TB", "PB")


def plural(count: int, word: str, words: str = "") -> str:
    """`1, "track"` → `"1 track"`; `2, "track"` → `"2 tracks"` (or `words`, when given)."""
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


def format_bytes(size: int) -> str:
    """`0` → `"0 bytes"`, `1536` → `"1.5 KB"`, `5_000_000` → `"4.8 MB"` (powers of 1024)."""
    value = float(size)
    for unit in _BYTE_UNITS:
        if abs(value) < 1024 or unit == _BYTE_UNITS[-1]:
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def format_duration(milliseconds: int | None) -> str:
    """`187000` → `"3:07"`; unknown → `"–:––"`."""
    if milliseconds is None:
        return "–:––"
    minutes, seconds = divmod(max(milliseconds, 0) // 1000, 60)
    return f"{minutes}:{seconds:02d}"


def format_time(moment: datetime | None) -> str:
    """A timestamp as `2026-11-25 14:03` (UTC, as the API gives it); none → `""`."""
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def form_text(form: dict[str, str], name: str) -> str:
    """A submitted form's field `name`, trimmed; `""` when the form did not send it."""
    return str(form.get(name, "")).strip()


def parse_int(text: str) -> int | None:
    """A form's number field: `""` → None, `" 3 "` → 3; anything else is a `ValueError`."""
    stripped = text.strip()
    return None if stripped == "" else int(stripped)


def parse_date(text: str) -> date | None:
    """A form's date field (`YYYY-MM-DD`, as `<input type=date>` sends it); `""` → None."""
    stripped = text.strip()
    return None if stripped == "" else date.fromisoformat(stripped)


def day_start(day: date | None) -> datetime | None:
    """The first moment of a UTC day (a "from" filter), or None."""
    return None if day is None else datetime.combine(day, time.min, tzinfo=UTC)


def day_end(day: date | None) -> datetime | None:
    """The first moment after a UTC day (an inclusive "to" filter), or None."""
    return None if day is None else datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def optional_text(text: str) -> str | None:
    """A form's optional text field: blank → None (clears the value)."""
    stripped = text.strip()
    return stripped or None


def impact_sentence(name: str, impact: DeleteImpact, *, tracks_stay: bool = False) -> str:
    """What else goes when `name` is deleted, for the confirmation dialog; `tracks_stay`
    for an album deleted without its tracks (they become singles)."""
    parts = [plural(impact.albums, "album")] if impact.albums else []
    if not tracks_stay:
        counted = (
            (impact.tracks, "track", ""),
            (impact.playlist_entries, "playlist entry", "playlist entries"),
            (impact.track_likes, "like", ""),
            (impact.plays, "play", ""),
        )
        parts += [plural(count, word, words) for count, word, words in counted if count]
    if parts:
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        sentence = f"Delete “{name}”? This also deletes {listed}."
    else:
        sentence = f"Delete “{name}”? Nothing else goes with it."
    if tracks_stay and impact.tracks:
        stay = "stays, as a single" if impact.tracks == 1 else "stay, as singles"
        sentence += f" Its {plural(impact.tracks, 'track')} {stay}."
    return sentence + " This cannot be undone."


def album_impact(impact: DeleteImpact) -> DeleteImpact:
    """An album's delete impact without the album itself (which the API counts)."""
    return msgspec.structs.replace(impact, albums=0)


def page_label(offset: int, count: int, total: int) -> str:
    """`0, 20, 45` → `"1–20 of 45"`; nothing → `"None found"`."""
    if total == 0 or count == 0:
        return "None found"
    return f"{offset + 1}–{offset + count} of {total}"


def previous_offset(offset: int, limit: int) -> int:
    return max(offset - limit, 0)


def next_offset(offset: int, limit: int, total: int) -> int:
    """The next page's offset, or `offset` itself on the last page."""
    return offset + limit if offset + limit < total else offset


def sort_key(column: str, current: str) -> str:
    """Clicking column `column` when sorted by `current`: ascending first, then descending."""
    return f"-{column}" if current == column else column


def json_lines(value: dict[str, Any] | None) -> str:
    """An audit record's before/after as indented JSON (`""` when there is none)."""
    if value is None:
        return ""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str)


# --- rows ----------------------------------------------------------------------------------


@dataclass
class ArtistRow:
    id: str = ""
    name: str = ""
    bio: str = ""
    owner: str = ""
    albums: int = 0
    tracks: int = 0
    updated: str = ""

    @classmethod
    def of(cls, artist: AdminArtist) -> ArtistRow:
        return cls(
            id=str(artist.id),
            name=artist.name,
            bio=artist.bio or "",
            owner=artist.owner_username or "",
            albums=artist.album_count,
            tracks=artist.track_count,
            updated=format_time(artist.updated_at),
        )


@dataclass
class AlbumRow:
    id: str = ""
    title: str = ""
    artist_id: str = ""
    artist: str = ""
    release_date: str = ""
    genre: str = ""
    tracks: int = 0
    has_cover: bool = False
    label: str = ""
    """`Title — Artist`, for choosers."""

    @classmethod
    def of(cls, album: Album) -> AlbumRow:
        return cls(
            id=str(album.id),
            title=album.title,
            artist_id=str(album.artist_id),
            artist=album.artist_name,
            release_date=album.release_date.isoformat() if album.release_date else "",
            genre=album.genre or "",
            tracks=album.track_count,
            has_cover=album.has_cover,
            label=f"{album.title} — {album.artist_name}",
        )


@dataclass
class TrackRow:
    id: str = ""
    title: str = ""
    artist_id: str = ""
    artist: str = ""
    album_id: str = ""
    album: str = ""
    track_number: str = ""
    disc_number: str = ""
    genre: str = ""
    explicit: bool = False
    duration: str = ""
    status: str = ""
    status_reason: str = ""
    plays: int = 0

    @classmethod
    def of(cls, track: Track) -> TrackRow:
        return cls(
            id=str(track.id),
            title=track.title,
            artist_id=str(track.artist_id),
            artist=track.artist_name,
            album_id=str(track.album_id) if track.album_id else "",
            album=track.album_title or "",
            track_number="" if track.track_number is None else str(track.track_number),
            disc_number="" if track.disc_number is None else str(track.disc_number),
            genre=track.genre or "",
            explicit=track.explicit,
            duration=format_duration(track.duration_ms),
            status=track.status,
            status_reason=track.status_reason or "",
            plays=track.play_count,
        )


@dataclass
class JobRow:
    id: str = ""
    track: str = ""
    kind: str = ""
    state: str = ""
    percent: int = 0
    attempts: int = 0
    error: str = ""
    user: str = ""
    created: str = ""

    @classmethod
    def of(cls, job: AdminJob) -> JobRow:
        return cls(
            id=str(job.id),
            track=job.track_title or "(deleted track)",
            kind=job.kind,
            state=job.state.value,
            percent=round(job.progress * 100),
            attempts=job.attempts,
            error=job.error or "",
            user=job.username or "",
            created=format_time(job.created_at),
        )


@dataclass
class UserRow:
    id: str = ""
    username: str = ""
    email: str = ""
    role: str = ""
    active: bool = True
    sessions: int = 0
    created: str = ""

    @classmethod
    def of(cls, user: AdminUser) -> UserRow:
        return cls(
            id=str(user.id),
            username=user.username,
            email=user.email,
            role=user.role.value,
            active=user.is_active,
            sessions=user.active_sessions,
            created=user.created_at.date().isoformat(),
        )


@dataclass
class AuditRow:
    id: str = ""
    when: str = ""
    actor: str = ""
    action: str = ""
    target_type: str = ""
    target: str = ""
    before: str = ""
    after: str = ""

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditRow:
        return cls(
            id=str(entry.id),
            when=format_time(entry.created_at),
            actor=entry.actor_username,
            action=entry.action.value,
            target_type=entry.target_type.value,
            target=entry.target_label,
            before=json_lines(entry.before),
            after=json_lines(entry.after),
        )


@dataclass
class TopTrackRow:
    title: str = ""
    artist: str = ""
    plays: int = 0


@dataclass
class Dashboard:
    """The dashboard's figures, ready to show."""

    users: int = 0
    artists: int = 0
    albums: int = 0
    tracks: int = 0
    playlists: int = 0
    originals: str = ""
    originals_files: str = ""
    renditions: str = ""
    renditions_files: str = ""
    pending_jobs: int = 0
    running_jobs: int = 0
    failed_jobs: int = 0
    plays_in_30_days: int = 0

    @classmethod
    def of(cls, stats: AdminStats) -> Dashboard:
        storage = stats.storage
        return cls(
            users=stats.counts.users,
            artists=stats.counts.artists,
            albums=stats.counts.albums,
            tracks=stats.counts.tracks,
            playlists=stats.counts.playlists,
            originals=format_bytes(storage.originals_bytes),
            originals_files=f"in {plural(storage.originals_count, 'file')}",
            renditions=format_bytes(storage.renditions_bytes),
            renditions_files=f"in {plural(storage.renditions_count, 'file')}",
            pending_jobs=stats.queue.pending,
            running_jobs=stats.queue.running,
            failed_jobs=stats.queue.failed,
            plays_in_30_days=sum(day.plays for day in stats.plays_per_day),
        )


def plays_chart(stats: AdminStats) -> list[dict[str, Any]]:
    """The chart's bars (`day`, `plays`): `Nov 25`-style days, oldest first, as the API
    orders them."""
    return [{"day": day.day.strftime("%b %d"), "plays": day.plays} for day in stats.plays_per_day]


def top_tracks(stats: AdminStats) -> list[TopTrackRow]:
    return [
        TopTrackRow(title=top.title, artist=top.artist_name, plays=top.plays)
        for top in stats.top_tracks
    ]


def toggled(selected: list[str], item: str, checked: bool) -> list[str]:
    """`selected` with `item` in it (`checked`) or out of it, in the order chosen."""
    without = [chosen for chosen in selected if chosen != item]
    return [*without, item] if checked else without


@dataclass
class UploadRow:
    """One file of a drag-and-drop upload, from the browser to a converted track."""

    name: str = ""
    state: str = ""
    """`sending` (to this server), `uploading` (to the API), `converting`, `ready`, `failed`."""
    percent: int = 0
    job_id: str = ""
    title: str = ""
    message: str = ""

    @classmethod
    def sending(cls, name: str) -> UploadRow:
        return cls(name=name, state="sending", message="Sending…")

    def converting(self, job_id: str, title: str) -> UploadRow:
        return replace(
            self, state="converting", percent=0, job_id=job_id, title=title, message="Queued"
        )

    def failed(self, message: str) -> UploadRow:
        return replace(self, state="failed", message=message)


def upload_rows_after(rows: list[UploadRow], jobs: Sequence[Job]) -> list[UploadRow]:
    """The uploads' rows, brought up to date with their jobs' states (those on the page)."""
    by_id = {str(job.id): job for job in jobs}
    updated = []
    for row in rows:
        job = by_id.get(row.job_id)
        if row.state != "converting" or job is None:
            updated.append(row)
        elif job.state == JobState.COMPLETE:
            updated.append(replace(row, state="ready", percent=100, message="Ready"))
        elif job.state == JobState.FAILED:
            updated.append(row.failed(job.error or "The conversion failed."))
        else:
            percent = round(job.progress * 100)
            message = f"Converting {percent}%" if job.state == JobState.RUNNING else "Queued"
            updated.append(replace(row, percent=percent, message=message))
    return updated
