"""Admin: the dashboard, catalogue curation, jobs, users and the audit log (admins only).

Every route is under `/api/v1/admin` and answers 401 without a token, 403 for a listener or
an artist. Lists answer a `Page`; `sort` takes a field name, prefixed with `-` for descending.

- `GET    /admin/stats`                          → `AdminStats`
- `GET    /admin/artists?q=&sort=&limit=&offset=` → `Page[AdminArtist]`
  (sort: name, createdAt, updatedAt)
- `POST   /admin/artists`                        `catalog.ArtistCreate` → `AdminArtist` (201)
- `PATCH  /admin/artists/{id}`                   `catalog.ArtistUpdate` → `AdminArtist`
- `DELETE /admin/artists/{id}`                   → 204 (its albums and tracks go too)
- `GET    /admin/artists/{id}/delete-impact`     → `DeleteImpact`
- `POST   /admin/artists/merge`                  `MergeRequest` → `AdminArtist` (the target)
- `GET    /admin/albums?q=&artistId=&genre=&sort=&limit=&offset=` → `Page[catalog.Album]`
  (sort: title, releaseDate, createdAt)
- `POST   /admin/albums`                         `catalog.AlbumCreate` → `catalog.Album` (201)
- `PATCH  /admin/albums/{id}`                    `catalog.AlbumUpdate` → `catalog.Album`
- `PUT    /admin/albums/{id}/cover`              multipart `file` (JPEG, PNG, WebP) → `catalog.Album`
- `DELETE /admin/albums/{id}?withTracks=`        → 204 (tracks stay as singles unless withTracks)
- `GET    /admin/albums/{id}/delete-impact`      → `DeleteImpact`
- `POST   /admin/albums/merge`                   `MergeRequest` → `catalog.Album` (the target)
- `GET    /admin/tracks?q=&artistId=&albumId=&genre=&status=&sort=&limit=&offset=`
  → `Page[catalog.Track]` (sort: title, durationMs, createdAt, trackNumber)
- `POST   /admin/tracks`                         `catalog.TrackCreate` → `catalog.Track` (201)
- `PATCH  /admin/tracks/{id}`                    `catalog.TrackUpdate` → `catalog.Track`
- `PUT    /admin/tracks/{id}/cover`              multipart `file` → `catalog.Track`
- `DELETE /admin/tracks/{id}`                    → 204
- `GET    /admin/tracks/{id}/delete-impact`      → `DeleteImpact` (`albums` is 0)
- `POST   /admin/tracks/bulk`                    `TrackBulkAction` → `BulkResult` (all or nothing)
- `GET    /admin/jobs?state=&limit=&offset=`     → `Page[AdminJob]`, newest first
- `POST   /admin/jobs/{id}/retry`                → `AdminJob` (failed jobs whose original exists)
- `GET    /admin/users?q=&role=&active=&limit=&offset=` → `Page[AdminUser]`
- `PATCH  /admin/users/{id}`                     `AdminUserUpdate` → `AdminUser`
- `DELETE /admin/users/{id}/sessions`            → `SessionsRevoked`
- `POST   /admin/users/{id}/password-reset`      → `TemporaryPassword` (shown once)
- `GET    /admin/audit?actor=&action=&targetType=&targetId=&since=&until=&limit=&offset=`
  → `Page[AuditEntry]`, newest first

Uploads go through the ordinary `POST /tracks/upload` (admins may upload for any artist);
an admin's upload is recorded in the audit log as `track.upload`.
"""

import enum
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import Meta

from cadenza_contracts.accounts import Role, User
from cadenza_contracts.base import Model, Request
from cadenza_contracts.catalog import Artist
from cadenza_contracts.constraints import GenreName
from cadenza_contracts.media import Job

BulkTrackIds = Annotated[list[UUID], Meta(min_length=1, max_length=500)]


# --- dashboard ----------------------------------------------------------------------------


class CatalogueCounts(Model):
    users: int
    artists: int
    albums: int
    tracks: int
    playlists: int


class StorageUsage(Model):
    """Bytes the stored media take, as the media tables record them."""

    originals_bytes: int
    originals_count: int
    renditions_bytes: int
    renditions_count: int


class DailyPlays(Model):
    """Counted plays on one UTC day."""

    day: date
    plays: int


class QueueHealth(Model):
    pending: int
    """Jobs queued, waiting for a worker."""
    running: int
    failed: int


class TopTrack(Model):
    track_id: UUID
    title: str
    artist_name: str
    plays: int


class AdminStats(Model):
    """The dashboard: `playsPerDay` holds the last 30 UTC days, oldest first, today last,
    zero-filled; `topTracks` the most-played tracks of the last 7 days."""

    counts: CatalogueCounts
    storage: StorageUsage
    plays_per_day: list[DailyPlays]
    queue: QueueHealth
    top_tracks: list[TopTrack]


# --- catalogue ----------------------------------------------------------------------------


class AdminArtist(Artist):
    """An artist with what hangs on it, for the admin's table and merge dialog."""

    owner_username: str | None
    album_count: int
    track_count: int


class DeleteImpact(Model):
    """What else goes when the thing is deleted, for the confirmation dialog.

    For an album, `tracks`, `playlistEntries` and `trackLikes` count what goes when it is
    deleted with `withTracks=true`; without it the tracks stay as singles.
    """

    albums: int
    tracks: int
    playlist_entries: int
    track_likes: int
    plays: int
    """Listening-history rows of the tracks that go."""


class MergeRequest(Request):
    """Merge `sourceId` into `targetId`: everything of the source moves, then it is deleted."""

    source_id: UUID
    target_id: UUID


class BulkDelete(Request, tag="delete", tag_field="action"):
    track_ids: BulkTrackIds


class BulkSetGenre(Request, tag="setGenre", tag_field="action"):
    """`genre` is a genre name (created if new), or null to clear it."""

    track_ids: BulkTrackIds
    genre: GenreName | None


class BulkMoveToAlbum(Request, tag="moveToAlbum", tag_field="action"):
    """`albumId` must be an album of each track's own artist; null makes them singles."""

    track_ids: BulkTrackIds
    album_id: UUID | None


TrackBulkAction = BulkDelete | BulkSetGenre | BulkMoveToAlbum


class BulkResult(Model):
    action: str
    affected: int


# --- jobs ---------------------------------------------------------------------------------


class AdminJob(Job):
    """A job with the title of its track and who started it."""

    track_title: str | None
    username: str | None


# --- users --------------------------------------------------------------------------------


class AdminUser(User):
    is_active: bool
    active_sessions: int
    updated_at: datetime


class AdminUserUpdate(Request):
    """Disabling a user (`isActive: false`) signs out every session at once."""

    role: Role | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET


class SessionsRevoked(Model):
    revoked: int


class TemporaryPassword(Model):
    """Shown once; the user's sessions were signed out. They sign in with it and should
    change it."""

    user_id: UUID
    temporary_password: str


# --- audit log ----------------------------------------------------------------------------


class AuditAction(enum.StrEnum):
    ARTIST_CREATE = "artist.create"
    ARTIST_UPDATE = "artist.update"
    ARTIST_DELETE = "artist.delete"
    ARTIST_MERGE = "artist.merge"
    ALBUM_CREATE = "album.create"
    ALBUM_UPDATE = "album.update"
    ALBUM_COVER = "album.cover"
    ALBUM_DELETE = "album.delete"
    ALBUM_MERGE = "album.merge"
    TRACK_CREATE = "track.create"
    TRACK_UPLOAD = "track.upload"
    TRACK_UPDATE = "track.update"
    TRACK_COVER = "track.cover"
    TRACK_DELETE = "track.delete"
    JOB_RETRY = "job.retry"
    USER_UPDATE = "user.update"
    USER_DISABLE = "user.disable"
    USER_ENABLE = "user.enable"
    USER_REVOKE_SESSIONS = "user.revoke_sessions"
    USER_PASSWORD_RESET = "user.password_reset"


class AuditTargetType(enum.StrEnum):
    ARTIST = "artist"
    ALBUM = "album"
    TRACK = "track"
    JOB = "job"
    USER = "user"


class AuditEntry(Model):
    """One admin action: who did what to which thing, when, and the thing before and after."""

    id: UUID
    actor_id: UUID | None
    """None once the acting user was deleted; `actorUsername` remains."""
    actor_username: str
    action: AuditAction
    target_type: AuditTargetType
    target_id: UUID | None
    target_label: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None
    created_at: datetime
