"""The library page: liked albums, followed artists, saved playlists, and new playlists."""

from __future__ import annotations

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError
from cadenza_contracts.playlists import PlaylistCreate
from cadenza_web.api import SignedOut, failure_message
from cadenza_web.models import AlbumCard, ArtistItem, PlaylistCard, playlist_href
from cadenza_web.states.handlers import background, event
from cadenza_web.states.library import LibraryState
from cadenza_web.states.session import LOGIN_ROUTE, signed_in_client

NEW_NAME_FIELD = "new-playlist-name"
# The library page shows up to this many of each kind (the API's page size).
COLLECTION_PAGE = 100


class CollectionState(rx.State):
    albums: rx.Field[list[AlbumCard]] = rx.field(default_factory=list)
    artists: rx.Field[list[ArtistItem]] = rx.field(default_factory=list)
    saved_playlists: rx.Field[list[PlaylistCard]] = rx.field(default_factory=list)
    loading: rx.Field[bool] = rx.field(True)
    error: rx.Field[str] = rx.field("")
    creating: rx.Field[bool] = rx.field(False)
    form_error: rx.Field[str] = rx.field("")
    busy: rx.Field[bool] = rx.field(False)

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            self.loading = True
            self.error = ""
            self.creating = False
        try:
            async with signed_in_client(self) as api:
                albums = await api.liked_albums(limit=COLLECTION_PAGE)
                artists = await api.liked_artists(limit=COLLECTION_PAGE)
                playlists = await api.liked_playlists(limit=COLLECTION_PAGE)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.loading = False
                self.error = failure_message(error)
            return None
        async with self:
            self.albums = [AlbumCard.of(item.album) for item in albums.items]
            self.artists = [ArtistItem.of(item.artist) for item in artists.items]
            self.saved_playlists = [PlaylistCard.of(item.playlist) for item in playlists.items]
            self.loading = False
        return None

    @event
    def open_create(self) -> None:
        self.creating = True
        self.form_error = ""
        self.busy = False

    @event
    def close_create(self) -> None:
        self.creating = False

    @event
    def close_on_escape(self, key: str) -> None:
        if key == "Escape" and not self.busy:
            self.creating = False

    @background
    async def create(self, form: dict[str, str]) -> EventSpec | None:
        name = str(form.get(NEW_NAME_FIELD, "")).strip()
        async with self:
            if not name:
                self.form_error = "Give the playlist a name."
                return None
            self.busy = True
            self.form_error = ""
        try:
            async with signed_in_client(self) as api:
                playlist = await api.create_playlist(PlaylistCreate(name=name))
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.busy = False
                self.form_error = failure_message(error)
            return None
        async with self:
            self.busy = False
            self.creating = False
            (await self.get_state(LibraryState)).notice_on_next_page(f"Created “{name}”.")
        return rx.redirect(playlist_href(str(playlist.id)))
