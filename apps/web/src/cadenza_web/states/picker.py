"""The "Add to playlist" dialog: pick one of your playlists, or name a new one."""

from __future__ import annotations

from uuid import UUID

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError
from cadenza_contracts.playlists import PlaylistCreate
from cadenza_web.api import SignedOut, failure_message
from cadenza_web.models import PlaylistCard
from cadenza_web.states.handlers import background, event
from cadenza_web.states.library import LibraryState
from cadenza_web.states.session import LOGIN_ROUTE, signed_in_client


class PickerState(rx.State):
    is_open: rx.Field[bool] = rx.field(False)
    track_id: rx.Field[str] = rx.field("")
    track_title: rx.Field[str] = rx.field("")
    new_name: rx.Field[str] = rx.field("")
    error: rx.Field[str] = rx.field("")
    busy: rx.Field[bool] = rx.field(False)

    @event
    def open_for(self, track_id: str, track_title: str) -> None:
        self.track_id = track_id
        self.track_title = track_title
        self.new_name = ""
        self.error = ""
        self.busy = False
        self.is_open = True

    @event
    def close(self) -> None:
        self.is_open = False

    @event
    def close_on_escape(self, key: str) -> None:
        if key == "Escape":
            self.is_open = False

    @event
    def set_new_name(self, name: str) -> None:
        self.new_name = name

    @background
    async def add_to(self, playlist_id: str, playlist_name: str) -> EventSpec | None:
        async with self:
            track_id = self.track_id
            self.busy = True
            self.error = ""
        try:
            async with signed_in_client(self) as api:
                await api.add_playlist_tracks(UUID(playlist_id), [UUID(track_id)])
                playlists = await api.my_playlists(limit=50)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.busy = False
                self.error = failure_message(error)
            return None
        await self._finish(playlist_name, [PlaylistCard.of(item) for item in playlists.items])
        return None

    @background
    async def create_and_add(self, form: dict[str, str]) -> EventSpec | None:
        async with self:
            track_id = self.track_id
            name = self.new_name.strip()
            if not name:
                self.error = "Name the new playlist first."
                return None
            self.busy = True
            self.error = ""
        try:
            async with signed_in_client(self) as api:
                playlist = await api.create_playlist(PlaylistCreate(name=name))
                await api.add_playlist_tracks(playlist.id, [UUID(track_id)])
                playlists = await api.my_playlists(limit=50)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.busy = False
                self.error = failure_message(error)
            return None
        await self._finish(name, [PlaylistCard.of(item) for item in playlists.items])
        return None

    async def _finish(self, playlist_name: str, playlists: list[PlaylistCard]) -> None:
        async with self:
            title = self.track_title
            self.busy = False
            self.is_open = False
            library = await self.get_state(LibraryState)
            library.show_playlists(playlists)
            library.notice = f"Added “{title}” to {playlist_name}."
