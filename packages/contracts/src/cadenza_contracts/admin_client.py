"""The admin routes of the client: `api.admin.stats()`, `api.admin.list_users(...)`, ...

Every method needs an admin's access token (see `cadenza_contracts.admin` for the routes).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from cadenza_contracts._query import query
from cadenza_contracts.accounts import Role
from cadenza_contracts.admin import (
    AdminArtist,
    AdminJob,
    AdminStats,
    AdminUser,
    AdminUserUpdate,
    AuditEntry,
    BulkResult,
    DeleteImpact,
    MergeRequest,
    SessionsRevoked,
    TemporaryPassword,
    TrackBulkAction,
)
from cadenza_contracts.catalog import (
    Album,
    AlbumCreate,
    AlbumUpdate,
    ArtistCreate,
    ArtistUpdate,
    Track,
    TrackCreate,
    TrackUpdate,
)
from cadenza_contracts.media import JobState, UploadResult
from cadenza_contracts.pagination import Page

if TYPE_CHECKING:
    from cadenza_contracts.client import CadenzaClient


T = TypeVar("T")


class AdminApi:
    """`/api/v1/admin/...` through the owning `CadenzaClient` (same token, errors, refresh)."""

    def __init__(self, client: CadenzaClient) -> None:
        self._client = client

    async def _put_cover(
        self, path: str, response_type: type[T], image: bytes, filename: str, content_type: str
    ) -> T:
        files = {"file": (filename, image, content_type or "application/octet-stream")}
        return await self._client.request("PUT", path, response_type, files=files)

    # --- dashboard ------------------------------------------------------------------------

    async def stats(self) -> AdminStats:
        return await self._client.request("GET", "/admin/stats", AdminStats)

    # --- artists --------------------------------------------------------------------------

    async def list_artists(
        self, *, q: str | None = None, sort: str | None = None, limit: int = 20, offset: int = 0
    ) -> Page[AdminArtist]:
        params = query(q=q, sort=sort, limit=limit, offset=offset)
        return await self._client.request("GET", "/admin/artists", Page[AdminArtist], params=params)

    async def create_artist(self, body: ArtistCreate) -> AdminArtist:
        return await self._client.request("POST", "/admin/artists", AdminArtist, body=body)

    async def update_artist(self, artist_id: UUID, body: ArtistUpdate) -> AdminArtist:
        return await self._client.request(
            "PATCH", f"/admin/artists/{artist_id}", AdminArtist, body=body
        )

    async def delete_artist(self, artist_id: UUID) -> None:
        await self._client.call("DELETE", f"/admin/artists/{artist_id}")

    async def artist_delete_impact(self, artist_id: UUID) -> DeleteImpact:
        return await self._client.request(
            "GET", f"/admin/artists/{artist_id}/delete-impact", DeleteImpact
        )

    async def merge_artists(self, source_id: UUID, target_id: UUID) -> AdminArtist:
        body = MergeRequest(source_id=source_id, target_id=target_id)
        return await self._client.request("POST", "/admin/artists/merge", AdminArtist, body=body)

    # --- albums ---------------------------------------------------------------------------

    async def list_albums(
        self,
        *,
        q: str | None = None,
        artist_id: UUID | None = None,
        genre: str | None = None,
        sort: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[Album]:
        params = query(q=q, artistId=artist_id, genre=genre, sort=sort, limit=limit, offset=offset)
        return await self._client.request("GET", "/admin/albums", Page[Album], params=params)

    async def create_album(self, body: AlbumCreate) -> Album:
        return await self._client.request("POST", "/admin/albums", Album, body=body)

    async def update_album(self, album_id: UUID, body: AlbumUpdate) -> Album:
        return await self._client.request("PATCH", f"/admin/albums/{album_id}", Album, body=body)

    async def set_album_cover(
        self, album_id: UUID, image: bytes, *, filename: str = "cover", content_type: str = ""
    ) -> Album:
        return await self._put_cover(
            f"/admin/albums/{album_id}/cover", Album, image, filename, content_type
        )

    async def delete_album(self, album_id: UUID, *, with_tracks: bool = False) -> None:
        params = query(withTracks=with_tracks)
        await self._client.call("DELETE", f"/admin/albums/{album_id}", params=params)

    async def album_delete_impact(self, album_id: UUID) -> DeleteImpact:
        return await self._client.request(
            "GET", f"/admin/albums/{album_id}/delete-impact", DeleteImpact
        )

    async def merge_albums(self, source_id: UUID, target_id: UUID) -> Album:
        body = MergeRequest(source_id=source_id, target_id=target_id)
        return await self._client.request("POST", "/admin/albums/merge", Album, body=body)

    # --- tracks ---------------------------------------------------------------------------

    async def list_tracks(
        self,
        *,
        q: str | None = None,
        artist_id: UUID | None = None,
        album_id: UUID | None = None,
        genre: str | None = None,
        status: str | None = None,
        sort: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[Track]:
        params = query(
            q=q,
            artistId=artist_id,
            albumId=album_id,
            genre=genre,
            status=status,
            sort=sort,
            limit=limit,
            offset=offset,
        )
        return await self._client.request("GET", "/admin/tracks", Page[Track], params=params)

    async def create_track(self, body: TrackCreate) -> Track:
        return await self._client.request("POST", "/admin/tracks", Track, body=body)

    async def update_track(self, track_id: UUID, body: TrackUpdate) -> Track:
        return await self._client.request("PATCH", f"/admin/tracks/{track_id}", Track, body=body)

    async def set_track_cover(
        self, track_id: UUID, image: bytes, *, filename: str = "cover", content_type: str = ""
    ) -> Track:
        return await self._put_cover(
            f"/admin/tracks/{track_id}/cover", Track, image, filename, content_type
        )

    async def delete_track(self, track_id: UUID) -> None:
        await self._client.call("DELETE", f"/admin/tracks/{track_id}")

    async def track_delete_impact(self, track_id: UUID) -> DeleteImpact:
        return await self._client.request(
            "GET", f"/admin/tracks/{track_id}/delete-impact", DeleteImpact
        )

    async def bulk_tracks(self, action: TrackBulkAction) -> BulkResult:
        return await self._client.request("POST", "/admin/tracks/bulk", BulkResult, body=action)

    async def upload_track(
        self,
        audio: bytes,
        *,
        filename: str,
        content_type: str = "application/octet-stream",
        title: str | None = None,
        artist_name: str | None = None,
        album_title: str | None = None,
        genre: str | None = None,
    ) -> UploadResult:
        """Upload through the ordinary `POST /tracks/upload`; fields override the file's tags."""
        fields = query(title=title, artistName=artist_name, albumTitle=album_title, genre=genre)
        files = {"file": (filename, audio, content_type)}
        return await self._client.request(
            "POST", "/tracks/upload", UploadResult, files=files, data=fields
        )

    # --- jobs -----------------------------------------------------------------------------

    async def list_jobs(
        self, *, state: JobState | None = None, limit: int = 20, offset: int = 0
    ) -> Page[AdminJob]:
        params = query(state=state, limit=limit, offset=offset)
        return await self._client.request("GET", "/admin/jobs", Page[AdminJob], params=params)

    async def retry_job(self, job_id: UUID) -> AdminJob:
        return await self._client.request("POST", f"/admin/jobs/{job_id}/retry", AdminJob)

    # --- users ----------------------------------------------------------------------------

    async def list_users(
        self,
        *,
        q: str | None = None,
        role: Role | None = None,
        active: bool | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[AdminUser]:
        params = query(q=q, role=role, active=active, limit=limit, offset=offset)
        return await self._client.request("GET", "/admin/users", Page[AdminUser], params=params)

    async def update_user(self, user_id: UUID, body: AdminUserUpdate) -> AdminUser:
        return await self._client.request("PATCH", f"/admin/users/{user_id}", AdminUser, body=body)

    async def revoke_user_sessions(self, user_id: UUID) -> SessionsRevoked:
        return await self._client.request(
            "DELETE", f"/admin/users/{user_id}/sessions", SessionsRevoked
        )

    async def reset_password(self, user_id: UUID) -> TemporaryPassword:
        return await self._client.request(
            "POST", f"/admin/users/{user_id}/password-reset", TemporaryPassword
        )

    # --- audit log ------------------------------------------------------------------------

    async def audit(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        target_type: str | None = None,
        target_id: UUID | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[AuditEntry]:
        """`actor` is a username or a user id; `since` and `until` bound `createdAt`."""
        params = query(
            actor=actor,
            action=action,
            targetType=target_type,
            targetId=target_id,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
        return await self._client.request("GET", "/admin/audit", Page[AuditEntry], params=params)
