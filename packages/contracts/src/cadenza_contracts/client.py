"""An async, typed client for Cadenza's HTTP API, shared by every Cadenza app."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self, TypeVar
from uuid import UUID

import httpx
import msgspec

from cadenza_contracts._query import query
from cadenza_contracts.accounts import (
    AccessTokenResponse,
    LoginRequest,
    PasswordChange,
    RegisterRequest,
    SessionInfo,
    User,
)
from cadenza_contracts.admin_client import AdminApi
from cadenza_contracts.catalog import (
    Album,
    AlbumCreate,
    AlbumUpdate,
    Artist,
    ArtistCreate,
    ArtistUpdate,
    Genre,
    GenreCreate,
    GenreUpdate,
    Track,
    TrackCreate,
    TrackUpdate,
)
from cadenza_contracts.errors import ErrorBody
from cadenza_contracts.likes import LikedAlbum, LikedArtist, LikedPlaylist, LikedTrack, LikeKind
from cadenza_contracts.media import StreamFormat, StreamUrl
from cadenza_contracts.pagination import Page
from cadenza_contracts.playback import (
    Device,
    HistoryItem,
    PlayerState,
    PlayRequest,
    QueueAddRequest,
    RepeatMode,
    RepeatRequest,
    SeekRequest,
    ShuffleRequest,
    TrackPlays,
    TransferRequest,
    VolumeRequest,
    WsTicket,
)
from cadenza_contracts.playlists import (
    Playlist,
    PlaylistCreate,
    PlaylistDetail,
    PlaylistEntriesRemove,
    PlaylistReorder,
    PlaylistTracksAdd,
    PlaylistUpdate,
)
from cadenza_contracts.search import SearchResults
from cadenza_contracts.sync import ws_url
from cadenza_contracts.system import Health

T = TypeVar("T")

API_PREFIX = "/api/v1"
CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"
_NO_AUTO_REFRESH = frozenset({"/auth/login", "/auth/register", "/auth/refresh", "/auth/logout"})


class ApiError(Exception):
    """The API answered with an error body."""

    def __init__(self, error: ErrorBody, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(f"{error.status} {error.code}: {error.detail}")
        self.error = error
        self.headers = dict(headers or {})

    @property
    def retry_after(self) -> int | None:
        """Seconds to wait, for a 429 answer."""
        value = self.headers.get("retry-after")
        return int(value) if value and value.isdigit() else None

    @property
    def status(self) -> int:
        return self.error.status


class CadenzaClient:
    """`async with CadenzaClient("http://localhost:8080") as api: await api.login(...)`.

    Keeps the access token after login/refresh, and the refresh and CSRF cookies in its
    cookie jar, so `refresh()` works like a browser's would. With `auto_refresh`, a request
    answered 401 is retried once after a successful refresh.
    """

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8080",
        *,
        access_token: str | None = None,
        http: httpx.AsyncClient | None = None,
        timeout: float = 30.0,
        auto_refresh: bool = False,
    ) -> None:
        self._http = http or httpx.AsyncClient(base_url=base_url, timeout=timeout)
        self._owns_http = http is None
        self.access_token = access_token
        self.auto_refresh = auto_refresh

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    @property
    def http(self) -> httpx.AsyncClient:
        return self._http

    @property
    def admin(self) -> AdminApi:
        """The admin routes (`/api/v1/admin/...`); they need an admin's access token."""
        return AdminApi(self)

    def _headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.access_token:
            headers["Authorization"] = f"Bearer {self.access_token}"
        return headers

    async def _send(
        self,
        method: str,
        path: str,
        *,
        body: msgspec.Struct | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        content = msgspec.json.encode(body) if body is not None else None
        request_headers = self._headers(headers)
        if content is not None:
            request_headers["content-type"] = "application/json"
        return await self._http.request(
            method,
            f"{API_PREFIX}{path}",
            content=content,
            params=params,
            headers=request_headers,
            files=files,
            data=data,
        )

    async def call(
        self,
        method: str,
        path: str,
        *,
        body: msgspec.Struct | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request under `/api/v1`; raise `ApiError` for an error answer.

        `files` and `data` make it a multipart request (httpx's forms), e.g. for uploads.
        """
        response = await self._send(
            method, path, body=body, params=params, headers=headers, files=files, data=data
        )
        if (
            response.status_code == 401
            and self.auto_refresh
            and path not in _NO_AUTO_REFRESH
            and self._http.cookies.get(CSRF_COOKIE)
        ):
            await self.refresh()
            response = await self._send(
                method, path, body=body, params=params, headers=headers, files=files, data=data
            )
        if response.status_code >= 400:
            raise ApiError(self._error(response), response.headers)
        return response

    async def request(
        self,
        method: str,
        path: str,
        response_type: type[T],
        *,
        body: msgspec.Struct | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> T:
        """Like `call`, decoding the answer's body as `response_type`."""
        response = await self.call(
            method, path, body=body, params=params, headers=headers, files=files, data=data
        )
        return msgspec.json.decode(response.content, type=response_type)

    @staticmethod
    def _error(response: httpx.Response) -> ErrorBody:
        try:
            return msgspec.json.decode(response.content, type=ErrorBody)
        except msgspec.DecodeError:
            return ErrorBody(
                status=response.status_code,
                code="http_error",
                detail=response.text[:500] or response.reason_phrase,
            )

    # --- accounts -------------------------------------------------------------------------

    async def register(self, username: str, email: str, password: str) -> User:
        body = RegisterRequest(username=username, email=email, password=password)
        return await self.request("POST", "/auth/register", User, body=body)

    async def login(self, username: str, password: str) -> AccessTokenResponse:
        body = LoginRequest(username=username, password=password)
        tokens = await self.request("POST", "/auth/login", AccessTokenResponse, body=body)
        self.access_token = tokens.access_token
        return tokens

    def _csrf_headers(self) -> dict[str, str]:
        return {CSRF_HEADER: self._http.cookies.get(CSRF_COOKIE) or ""}

    async def refresh(self) -> AccessTokenResponse:
        tokens = await self.request(
            "POST", "/auth/refresh", AccessTokenResponse, headers=self._csrf_headers()
        )
        self.access_token = tokens.access_token
        return tokens

    async def logout(self) -> None:
        await self.call("POST", "/auth/logout", headers=self._csrf_headers())
        self.access_token = None

    async def me(self) -> User:
        return await self.request("GET", "/auth/me", User)

    async def sessions(self) -> list[SessionInfo]:
        return await self.request("GET", "/auth/sessions", list[SessionInfo])

    async def revoke_session(self, session_id: UUID) -> None:
        await self.call("DELETE", f"/auth/sessions/{session_id}")

    async def change_password(self, current_password: str, new_password: str) -> None:
        """Change the password; the user's other sessions are signed out."""
        body = PasswordChange(current_password=current_password, new_password=new_password)
        await self.call("POST", "/auth/password", body=body)

    # --- catalogue ------------------------------------------------------------------------

    async def list_artists(
        self,
        *,
        q: str | None = None,
        owner_id: UUID | None = None,
        sort: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[Artist]:
        params = query(q=q, ownerId=owner_id, sort=sort, limit=limit, offset=offset)
        return await self.request("GET", "/artists", Page[Artist], params=params)

    async def get_artist(self, artist_id: UUID) -> Artist:
        return await self.request("GET", f"/artists/{artist_id}", Artist)

    async def create_artist(self, body: ArtistCreate) -> Artist:
        return await self.request("POST", "/artists", Artist, body=body)

    async def update_artist(self, artist_id: UUID, body: ArtistUpdate) -> Artist:
        return await self.request("PATCH", f"/artists/{artist_id}", Artist, body=body)

    async def delete_artist(self, artist_id: UUID) -> None:
        await self.call("DELETE", f"/artists/{artist_id}")

    async def artist_albums(
        self, artist_id: UUID, *, limit: int = 20, offset: int = 0
    ) -> Page[Album]:
        params = query(limit=limit, offset=offset)
        return await self.request("GET", f"/artists/{artist_id}/albums", Page[Album], params=params)

    async def artist_tracks(
        self, artist_id: UUID, *, limit: int = 20, offset: int = 0
    ) -> Page[Track]:
        params = query(limit=limit, offset=offset)
        return await self.request("GET", f"/artists/{artist_id}/tracks", Page[Track], params=params)

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
        return await self.request("GET", "/albums", Page[Album], params=params)

    async def get_album(self, album_id: UUID) -> Album:
        return await self.request("GET", f"/albums/{album_id}", Album)

    async def album_tracks(
        self, album_id: UUID, *, limit: int = 100, offset: int = 0
    ) -> Page[Track]:
        params = query(limit=limit, offset=offset)
        return await self.request("GET", f"/albums/{album_id}/tracks", Page[Track], params=params)

    async def create_album(self, body: AlbumCreate) -> Album:
        return await self.request("POST", "/albums", Album, body=body)

    async def update_album(self, album_id: UUID, body: AlbumUpdate) -> Album:
        return await self.request("PATCH", f"/albums/{album_id}", Album, body=body)

    async def delete_album(self, album_id: UUID) -> None:
        await self.call("DELETE", f"/albums/{album_id}")

    async def list_tracks(
        self,
        *,
        q: str | None = None,
        artist_id: UUID | None = None,
        album_id: UUID | None = None,
        genre: str | None = None,
        explicit: bool | None = None,
        sort: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[Track]:
        params = query(
            q=q,
            artistId=artist_id,
            albumId=album_id,
            genre=genre,
            explicit=explicit,
            sort=sort,
            limit=limit,
            offset=offset,
        )
        return await self.request("GET", "/tracks", Page[Track], params=params)

    async def get_track(self, track_id: UUID) -> Track:
        return await self.request("GET", f"/tracks/{track_id}", Track)

    async def create_track(self, body: TrackCreate) -> Track:
        return await self.request("POST", "/tracks", Track, body=body)

    async def update_track(self, track_id: UUID, body: TrackUpdate) -> Track:
        return await self.request("PATCH", f"/tracks/{track_id}", Track, body=body)

    async def delete_track(self, track_id: UUID) -> None:
        await self.call("DELETE", f"/tracks/{track_id}")

    async def list_genres(
        self, *, q: str | None = None, limit: int = 100, offset: int = 0
    ) -> Page[Genre]:
        params = query(q=q, limit=limit, offset=offset)
        return await self.request("GET", "/genres", Page[Genre], params=params)

    async def get_genre(self, genre_id: UUID) -> Genre:
        return await self.request("GET", f"/genres/{genre_id}", Genre)

    async def create_genre(self, body: GenreCreate) -> Genre:
        return await self.request("POST", "/genres", Genre, body=body)

    async def update_genre(self, genre_id: UUID, body: GenreUpdate) -> Genre:
        return await self.request("PATCH", f"/genres/{genre_id}", Genre, body=body)

    async def delete_genre(self, genre_id: UUID) -> None:
        await self.call("DELETE", f"/genres/{genre_id}")

    # --- playlists ------------------------------------------------------------------------

    async def create_playlist(self, body: PlaylistCreate) -> PlaylistDetail:
        return await self.request("POST", "/playlists", PlaylistDetail, body=body)

    async def get_playlist(self, playlist_id: UUID) -> PlaylistDetail:
        return await self.request("GET", f"/playlists/{playlist_id}", PlaylistDetail)

    async def my_playlists(
        self, *, sort: str | None = None, limit: int = 20, offset: int = 0
    ) -> Page[Playlist]:
        params = query(sort=sort, limit=limit, offset=offset)
        return await self.request("GET", "/me/playlists", Page[Playlist], params=params)

    async def public_playlists(
        self,
        *,
        q: str | None = None,
        owner_id: UUID | None = None,
        sort: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[Playlist]:
        params = query(q=q, ownerId=owner_id, sort=sort, limit=limit, offset=offset)
        return await self.request("GET", "/playlists", Page[Playlist], params=params)

    async def update_playlist(self, playlist_id: UUID, body: PlaylistUpdate) -> PlaylistDetail:
        return await self.request("PATCH", f"/playlists/{playlist_id}", PlaylistDetail, body=body)

    async def delete_playlist(self, playlist_id: UUID) -> None:
        await self.call("DELETE", f"/playlists/{playlist_id}")

    async def add_playlist_tracks(
        self, playlist_id: UUID, track_ids: list[UUID], position: int | None = None
    ) -> PlaylistDetail:
        body = PlaylistTracksAdd(track_ids=track_ids, position=position)
        return await self.request(
            "POST", f"/playlists/{playlist_id}/tracks", PlaylistDetail, body=body
        )

    async def remove_playlist_entries(
        self, playlist_id: UUID, entry_ids: list[UUID]
    ) -> PlaylistDetail:
        body = PlaylistEntriesRemove(entry_ids=entry_ids)
        return await self.request(
            "DELETE", f"/playlists/{playlist_id}/tracks", PlaylistDetail, body=body
        )

    async def reorder_playlist(self, playlist_id: UUID, entry_ids: list[UUID]) -> PlaylistDetail:
        body = PlaylistReorder(entry_ids=entry_ids)
        return await self.request(
            "PUT", f"/playlists/{playlist_id}/tracks/order", PlaylistDetail, body=body
        )

    # --- likes ----------------------------------------------------------------------------

    async def like(self, kind: LikeKind, target_id: UUID) -> None:
        await self.call("PUT", f"/me/liked/{kind.value}/{target_id}")

    async def unlike(self, kind: LikeKind, target_id: UUID) -> None:
        await self.call("DELETE", f"/me/liked/{kind.value}/{target_id}")

    async def liked_tracks(self, *, limit: int = 20, offset: int = 0) -> Page[LikedTrack]:
        params = query(limit=limit, offset=offset)
        return await self.request("GET", "/me/liked/tracks", Page[LikedTrack], params=params)

    async def liked_albums(self, *, limit: int = 20, offset: int = 0) -> Page[LikedAlbum]:
        params = query(limit=limit, offset=offset)
        return await self.request("GET", "/me/liked/albums", Page[LikedAlbum], params=params)

    async def liked_artists(self, *, limit: int = 20, offset: int = 0) -> Page[LikedArtist]:
        params = query(limit=limit, offset=offset)
        return await self.request("GET", "/me/liked/artists", Page[LikedArtist], params=params)

    async def liked_playlists(self, *, limit: int = 20, offset: int = 0) -> Page[LikedPlaylist]:
        params = query(limit=limit, offset=offset)
        return await self.request("GET", "/me/liked/playlists", Page[LikedPlaylist], params=params)

    # --- playback -------------------------------------------------------------------------

    async def player_state(self) -> PlayerState:
        return await self.request("GET", "/me/player", PlayerState)

    async def devices(self) -> list[Device]:
        return await self.request("GET", "/me/player/devices", list[Device])

    async def play(
        self,
        track_ids: list[UUID] | None = None,
        *,
        index: int | None = None,
        position_ms: int | None = None,
        device_id: str | None = None,
    ) -> PlayerState:
        body = PlayRequest(
            track_ids=track_ids, index=index, position_ms=position_ms, device_id=device_id
        )
        return await self.request("PUT", "/me/player/play", PlayerState, body=body)

    async def pause(self) -> PlayerState:
        return await self.request("PUT", "/me/player/pause", PlayerState)

    async def seek(self, position_ms: int) -> PlayerState:
        body = SeekRequest(position_ms=position_ms)
        return await self.request("PUT", "/me/player/seek", PlayerState, body=body)

    async def next(self) -> PlayerState:
        return await self.request("POST", "/me/player/next", PlayerState)

    async def previous(self) -> PlayerState:
        return await self.request("POST", "/me/player/previous", PlayerState)

    async def set_volume(self, volume: int) -> PlayerState:
        body = VolumeRequest(volume=volume)
        return await self.request("PUT", "/me/player/volume", PlayerState, body=body)

    async def set_shuffle(self, shuffle: bool) -> PlayerState:
        body = ShuffleRequest(shuffle=shuffle)
        return await self.request("PUT", "/me/player/shuffle", PlayerState, body=body)

    async def set_repeat(self, repeat: RepeatMode) -> PlayerState:
        body = RepeatRequest(repeat=repeat)
        return await self.request("PUT", "/me/player/repeat", PlayerState, body=body)

    async def add_to_queue(self, track_ids: list[UUID]) -> PlayerState:
        body = QueueAddRequest(track_ids=track_ids)
        return await self.request("POST", "/me/player/queue", PlayerState, body=body)

    async def transfer(self, device_id: str, *, play: bool | None = None) -> PlayerState:
        body = TransferRequest(device_id=device_id, play=play)
        return await self.request("PUT", "/me/player/transfer", PlayerState, body=body)

    async def history(self, *, limit: int = 20, offset: int = 0) -> Page[HistoryItem]:
        params = query(limit=limit, offset=offset)
        return await self.request("GET", "/me/history", Page[HistoryItem], params=params)

    async def signed_stream_url(
        self,
        track_id: UUID,
        *,
        format: StreamFormat = StreamFormat.OPUS,
        bitrate: int | None = None,
    ) -> StreamUrl:
        """A short-lived signed stream URL (a path on the API's origin), for players that
        cannot send an Authorization header, such as a browser's `<audio>`."""
        params = query(format=format, bitrate=bitrate)
        return await self.request("GET", f"/tracks/{track_id}/stream-url", StreamUrl, params=params)

    async def track_plays(self, track_id: UUID) -> TrackPlays:
        return await self.request("GET", f"/tracks/{track_id}/plays", TrackPlays)

    async def ws_ticket(self) -> WsTicket:
        return await self.request("POST", "/auth/ws-ticket", WsTicket)

    async def ws_url(self) -> str:
        """The playback socket's URL with a fresh ticket, for any WebSocket client."""
        ticket = await self.ws_ticket()
        return ws_url(str(self._http.base_url), ticket.ticket)

    # --- search and system ----------------------------------------------------------------

    async def search(
        self, q: str, *, limit: int = 10, types: list[str] | None = None
    ) -> SearchResults:
        params = query(q=q, limit=limit, types=types)
        return await self.request("GET", "/search", SearchResults, params=params)

    async def health(self) -> Health:
        return await self.request("GET", "/health", Health)
