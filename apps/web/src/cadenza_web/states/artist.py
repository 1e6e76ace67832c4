"""An artist's page: their tracks and albums, and following them."""

from __future__ import annotations

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError
from cadenza_contracts.likes import LikeKind
from cadenza_web.api import SignedOut, failure_message
from cadenza_web.models import AlbumCard, ArtistItem, TrackRow, plural
from cadenza_web.states.handlers import background
from cadenza_web.states.library import is_liked, send_like
from cadenza_web.states.pages import mark_likes, route_id
from cadenza_web.states.session import LOGIN_ROUTE, signed_in_client

# The artist page lists up to this many of their tracks and albums (the API's page size).
ARTIST_PAGE = 100


class ArtistState(rx.State):
    artist: rx.Field[ArtistItem] = rx.field(default_factory=ArtistItem)
    tracks: rx.Field[list[TrackRow]] = rx.field(default_factory=list)
    albums: rx.Field[list[AlbumCard]] = rx.field(default_factory=list)
    track_total: rx.Field[int] = rx.field(0)
    album_total: rx.Field[int] = rx.field(0)
    followed: rx.Field[bool] = rx.field(False)
    loading: rx.Field[bool] = rx.field(True)
    error: rx.Field[str] = rx.field("")

    @rx.var
    def name(self) -> str:
        return self.artist.name or "Artist"

    @rx.var
    def artist_id(self) -> str:
        return self.artist.id

    @rx.var
    def bio(self) -> str:
        return self.artist.bio

    @rx.var
    def details(self) -> str:
        if not self.artist.id:
            return ""
        return f"{plural(self.album_total, 'album')} · {plural(self.track_total, 'song')}"

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            artist_id = route_id(self.router.url.path)
            self.loading = True
            self.error = ""
            self.artist = ArtistItem()
            self.tracks = []
            self.albums = []
            self.followed = False
        if artist_id is None:
            async with self:
                self.loading = False
                self.error = "There is no artist at this address."
            return None
        try:
            async with signed_in_client(self) as api:
                artist = await api.get_artist(artist_id)
                tracks = await api.artist_tracks(artist_id, limit=ARTIST_PAGE)
                albums = await api.artist_albums(artist_id, limit=ARTIST_PAGE)
                popular = sorted(tracks.items, key=lambda track: track.play_count, reverse=True)
                rows = [TrackRow.of(track) for track in popular]
                await mark_likes(self, api, rows)
                followed = await is_liked(api, LikeKind.ARTISTS, artist_id)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.loading = False
                self.error = failure_message(error)
            return None
        async with self:
            self.artist = ArtistItem.of(artist)
            self.tracks = rows
            self.albums = [AlbumCard.of(album) for album in albums.items]
            self.track_total = tracks.total
            self.album_total = albums.total
            self.followed = followed
            self.loading = False
        return None

    @background
    async def toggle_follow(self) -> EventSpec | None:
        async with self:
            artist_id, name, was_followed = self.artist.id, self.artist.name, self.followed
            if not artist_id:
                return None
            self.followed = not was_followed
        try:
            saved = await send_like(
                self, LikeKind.ARTISTS, artist_id, like=not was_followed, name=name
            )
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        if not saved:
            async with self:
                self.followed = was_followed
        return None
