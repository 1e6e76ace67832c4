"""What each page shows, loaded from the API when the page opens."""

from __future__ import annotations

from uuid import UUID

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.likes import LikeKind
from cadenza_web.api import SignedOut, failure_message
from cadenza_web.models import (
    AlbumCard,
    ArtistItem,
    PlaylistCard,
    TrackRow,
    plural,
    recently_played,
)
from cadenza_web.states.handlers import background, event
from cadenza_web.states.library import LibraryState, is_liked, liked_flags, send_like
from cadenza_web.states.session import LOGIN_ROUTE, signed_in_client

# Search waits for this pause in typing before it asks the API.
SEARCH_DEBOUNCE_MS = 250


def route_id(path: str) -> UUID | None:
    """The id at the end of `/album/<id>`, `/artist/<id>` or `/playlist/<id>`, if it is one."""
    try:
        return UUID(path.rstrip("/").rsplit("/", 1)[-1])
    except ValueError:
        return None


async def mark_likes(state: rx.State, api: CadenzaClient, rows: list[TrackRow]) -> None:
    flags = await liked_flags(api, [row.id for row in rows])
    async with state:
        (await state.get_state(LibraryState)).note_likes(flags)


class HomeState(rx.State):
    recent: rx.Field[list[TrackRow]] = rx.field(default_factory=list)
    albums: rx.Field[list[AlbumCard]] = rx.field(default_factory=list)
    liked: rx.Field[list[TrackRow]] = rx.field(default_factory=list)
    loading: rx.Field[bool] = rx.field(True)
    error: rx.Field[str] = rx.field("")

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            self.error = ""
        try:
            async with signed_in_client(self) as api:
                history = await api.history(limit=50)
                recent = recently_played(history.items, limit=5)
                await mark_likes(self, api, recent)
                albums = await api.list_albums(sort="-createdAt", limit=12)
                liked = await api.liked_tracks(limit=5)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.loading = False
                self.error = failure_message(error)
            return None
        rows = [TrackRow.of(item.track) for item in liked.items]
        async with self:
            self.recent = recent
            self.albums = [AlbumCard.of(album) for album in albums.items]
            self.liked = rows
            self.loading = False
            (await self.get_state(LibraryState)).note_likes({row.id: True for row in rows})
        return None


class SearchState(rx.State):
    query: rx.Field[str] = rx.field("")
    searched: rx.Field[str] = rx.field("")
    tracks: rx.Field[list[TrackRow]] = rx.field(default_factory=list)
    albums: rx.Field[list[AlbumCard]] = rx.field(default_factory=list)
    artists: rx.Field[list[ArtistItem]] = rx.field(default_factory=list)
    playlists: rx.Field[list[PlaylistCard]] = rx.field(default_factory=list)
    error: rx.Field[str] = rx.field("")

    @rx.var
    def has_results(self) -> bool:
        return bool(self.tracks or self.albums or self.artists or self.playlists)

    @rx.var
    def summary(self) -> str:
        """Announced politely to screen readers as results arrive."""
        if not self.searched:
            return ""
        if not self.has_results:
            return f"No results for “{self.searched}”."
        count = len(self.tracks) + len(self.albums) + len(self.artists) + len(self.playlists)
        return f"{plural(count, 'result')} for “{self.searched}”."

    @event
    def set_query(self, text: str) -> EventSpec | None:
        self.query = text
        if not text.strip():
            self._clear()
            return None
        return SearchState.run_search

    def _clear(self) -> None:
        self.searched = ""
        self.tracks, self.albums, self.artists, self.playlists = [], [], [], []
        self.error = ""

    @background
    async def run_search(self) -> EventSpec | None:
        async with self:
            query = self.query.strip()
        if not query:
            return None
        try:
            async with signed_in_client(self) as api:
                results = await api.search(query, limit=10)
                rows = [TrackRow.of(track) for track in results.tracks]
                await mark_likes(self, api, rows)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                if self.query.strip() == query:
                    self.error = failure_message(error)
            return None
        async with self:
            if self.query.strip() != query:
                return None  # the user typed on; a newer search will answer
            self.searched = query
            self.error = ""
            self.tracks = rows
            self.albums = [AlbumCard.of(album) for album in results.albums]
            self.artists = [ArtistItem.of(artist) for artist in results.artists]
            self.playlists = [PlaylistCard.of(playlist) for playlist in results.playlists]
        return None


class AlbumState(rx.State):
    album: rx.Field[AlbumCard] = rx.field(default_factory=AlbumCard)
    tracks: rx.Field[list[TrackRow]] = rx.field(default_factory=list)
    liked: rx.Field[bool] = rx.field(False)
    loading: rx.Field[bool] = rx.field(True)
    error: rx.Field[str] = rx.field("")

    @rx.var
    def title(self) -> str:
        return self.album.title or "Album"

    @rx.var
    def details(self) -> str:
        return self.album.details

    @rx.var
    def cover_url(self) -> str:
        return self.album.cover_url

    @rx.var
    def album_id(self) -> str:
        return self.album.id

    @rx.var
    def artist_name(self) -> str:
        return self.album.artist

    @rx.var
    def artist_href(self) -> str:
        return self.album.artist_href

    @background
    async def toggle_like(self) -> EventSpec | None:
        async with self:
            album_id, title, was_liked = self.album.id, self.album.title, self.liked
            if not album_id:
                return None
            self.liked = not was_liked
        try:
            saved = await send_like(self, LikeKind.ALBUMS, album_id, like=not was_liked, name=title)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        if not saved:
            async with self:
                self.liked = was_liked
        return None

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            album_id = route_id(self.router.url.path)
            self.loading = True
            self.error = ""
            self.album = AlbumCard()
            self.tracks = []
            self.liked = False
        if album_id is None:
            async with self:
                self.loading = False
                self.error = "There is no album at this address."
            return None
        try:
            async with signed_in_client(self) as api:
                album = await api.get_album(album_id)
                page = await api.album_tracks(album_id, limit=100)
                rows = [TrackRow.of(track) for track in page.items]
                await mark_likes(self, api, rows)
                liked = await is_liked(api, LikeKind.ALBUMS, album_id)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.loading = False
                self.error = failure_message(error)
            return None
        async with self:
            self.album = AlbumCard.of(album)
            self.tracks = rows
            self.liked = liked
            self.loading = False
        return None


class LikedState(rx.State):
    tracks: rx.Field[list[TrackRow]] = rx.field(default_factory=list)
    total: rx.Field[int] = rx.field(0)
    loading: rx.Field[bool] = rx.field(True)
    error: rx.Field[str] = rx.field("")

    @rx.var
    def details(self) -> str:
        return plural(self.total, "song")

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            self.loading = True
            self.error = ""
        try:
            async with signed_in_client(self) as api:
                page = await api.liked_tracks(limit=100)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.loading = False
                self.error = failure_message(error)
            return None
        rows = [TrackRow.of(item.track) for item in page.items]
        async with self:
            self.tracks = rows
            self.total = page.total
            self.loading = False
            (await self.get_state(LibraryState)).note_likes({row.id: True for row in rows})
        return None
