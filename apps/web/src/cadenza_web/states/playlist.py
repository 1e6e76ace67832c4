"""A playlist's page: its tracks, liking it and, for its owner, editing it."""

from __future__ import annotations

from uuid import UUID

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError
from cadenza_contracts.likes import LikeKind
from cadenza_contracts.playlists import PlaylistDetail, PlaylistUpdate
from cadenza_web.api import SignedOut, failure_message
from cadenza_web.models import PlaylistCard, TrackRow, moved
from cadenza_web.states.handlers import background, event
from cadenza_web.states.library import LibraryState, is_liked, send_like
from cadenza_web.states.pages import mark_likes, route_id
from cadenza_web.states.session import LOGIN_ROUTE, signed_in_client

LIBRARY_ROUTE = "/library"
NAME_FIELD = "playlist-name"
DESCRIPTION_FIELD = "playlist-description"
PUBLIC_FIELD = "playlist-public"


class MissingName(ValueError):
    """The edit dialog's name field was left empty."""


def details_update(form: dict[str, str]) -> PlaylistUpdate:
    """The edit dialog's fields as the API's update (the API checks their lengths); raises
    `MissingName` when the name is empty."""
    name = str(form.get(NAME_FIELD, "")).strip()
    if not name:
        raise MissingName("Give the playlist a name.")
    description = str(form.get(DESCRIPTION_FIELD, "")).strip()
    return PlaylistUpdate(
        name=name,
        description=description or None,
        is_public=str(form.get(PUBLIC_FIELD, "")) not in ("", "false", "off"),
    )


def _copy(row: TrackRow) -> TrackRow:
    return TrackRow(**{name: getattr(row, name) for name in TrackRow.__dataclass_fields__})


class PlaylistState(rx.State):
    playlist: rx.Field[PlaylistCard] = rx.field(default_factory=PlaylistCard)
    tracks: rx.Field[list[TrackRow]] = rx.field(default_factory=list)
    liked: rx.Field[bool] = rx.field(False)
    loading: rx.Field[bool] = rx.field(True)
    error: rx.Field[str] = rx.field("")
    # The owner's dialogs: "edit" (details), "delete" (confirmation) or "" (none).
    dialog: rx.Field[str] = rx.field("")
    form_error: rx.Field[str] = rx.field("")
    busy: rx.Field[bool] = rx.field(False)
    # Counts the owner's changes, so that a load that started before one does not put back
    # what it changed.
    _edits: int = 0

    @rx.var
    def name(self) -> str:
        return self.playlist.name or "Playlist"

    @rx.var
    def details(self) -> str:
        visibility = "Public" if self.playlist.is_public else "Private"
        return f"{self.playlist.details} · {visibility}" if self.playlist.details else ""

    @rx.var
    def description(self) -> str:
        return self.playlist.description

    @rx.var
    def playlist_id(self) -> str:
        return self.playlist.id

    @rx.var
    def owner(self) -> str:
        return self.playlist.owner

    @rx.var
    def is_public(self) -> bool:
        return self.playlist.is_public

    @rx.var
    def last_index(self) -> int:
        return len(self.tracks) - 1

    def _show(self, playlist: PlaylistDetail, rows: list[TrackRow]) -> None:
        self.playlist = PlaylistCard.of(playlist)
        self.tracks = rows

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            playlist_id = route_id(self.router.url.path)
            edits = self._edits
            self.error = ""
            self.dialog = ""
            if playlist_id is None or self.playlist.id != str(playlist_id):
                # Another playlist: nothing of the last one may show. The same one (a reload)
                # stays on screen, and usable, until the fresh copy arrives.
                self.loading = True
                self.playlist = PlaylistCard()
                self.tracks = []
                self.liked = False
        if playlist_id is None:
            async with self:
                self.loading = False
                self.error = "There is no playlist at this address."
            return None
        try:
            async with signed_in_client(self) as api:
                playlist = await api.get_playlist(playlist_id)
                rows = [TrackRow.of_entry(entry) for entry in playlist.entries]
                await mark_likes(self, api, rows)
                liked = await is_liked(api, LikeKind.PLAYLISTS, playlist_id)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.loading = False
                self.error = failure_message(error)
            return None
        async with self:
            self.loading = False
            if self._edits == edits:
                self._show(playlist, rows)
                self.liked = liked
        return None

    @background
    async def toggle_like(self) -> EventSpec | None:
        async with self:
            playlist_id, name, was_liked = self.playlist.id, self.playlist.name, self.liked
            if not playlist_id:
                return None
            self._edits += 1
            self.liked = not was_liked
        try:
            saved = await send_like(
                self, LikeKind.PLAYLISTS, playlist_id, like=not was_liked, name=name
            )
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        if not saved:
            async with self:
                self.liked = was_liked
        return None

    @event
    def open_dialog(self, which: str) -> None:
        self.dialog = which
        self.form_error = ""
        self.busy = False

    @event
    def close_dialog(self) -> None:
        self.dialog = ""

    @event
    def close_on_escape(self, key: str) -> None:
        if key == "Escape" and not self.busy:
            self.dialog = ""

    async def _refresh_sidebar(self, notice: str) -> None:
        """Show `notice` and reload the sidebar's playlists (names and counts changed)."""
        try:
            async with signed_in_client(self) as api:
                page = await api.my_playlists(limit=50)
        except (ApiError, httpx.HTTPError):
            page = None
        async with self:
            library = await self.get_state(LibraryState)
            library.notice = notice
            if page is not None:
                library.show_playlists(PlaylistCard.of(item) for item in page.items)

    async def _fail(self, error: Exception, *, in_dialog: bool = False) -> None:
        async with self:
            self.busy = False
            message = failure_message(error)
            if in_dialog:
                self.form_error = message
            else:
                (await self.get_state(LibraryState)).notice = message

    @background
    async def save_details(self, form: dict[str, str]) -> EventSpec | None:
        try:
            update = details_update(form)
        except MissingName as error:
            async with self:
                self.form_error = str(error)
            return None
        async with self:
            playlist_id = self.playlist.id
            if not playlist_id:
                return None
            self._edits += 1
            self.busy = True
            self.form_error = ""
        try:
            async with signed_in_client(self) as api:
                playlist = await api.update_playlist(UUID(playlist_id), update)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            await self._fail(error, in_dialog=True)
            return None
        async with self:
            self.playlist = PlaylistCard.of(playlist)
            self.busy = False
            self.dialog = ""
        await self._refresh_sidebar(f"Saved “{playlist.name}”.")
        return None

    @background
    async def delete(self) -> EventSpec | None:
        async with self:
            playlist_id, name = self.playlist.id, self.playlist.name
            self.busy = True
            self.form_error = ""
        try:
            async with signed_in_client(self) as api:
                await api.delete_playlist(UUID(playlist_id))
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            await self._fail(error, in_dialog=True)
            return None
        async with self:
            self.busy = False
            self.dialog = ""
            (await self.get_state(LibraryState)).notice_on_next_page(f"Deleted “{name}”.")
        return rx.redirect(LIBRARY_ROUTE)

    @background
    async def remove(self, entry_id: str, title: str) -> EventSpec | None:
        async with self:
            playlist_id = self.playlist.id
            if not playlist_id:
                return None
            self._edits += 1
        try:
            async with signed_in_client(self) as api:
                playlist = await api.remove_playlist_entries(UUID(playlist_id), [UUID(entry_id)])
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            await self._fail(error)
            return None
        async with self:
            self._show(playlist, [TrackRow.of_entry(entry) for entry in playlist.entries])
        await self._refresh_sidebar(f"Removed “{title}” from {playlist.name}.")
        return None

    @background
    async def move(self, index: int, step: int) -> EventSpec | None:
        """Move the track at `index` one place up (`step` −1) or down (+1)."""
        async with self:
            playlist_id = self.playlist.id
            # Plain copies: the state's own rows cannot be read once the lock is let go.
            before = [_copy(row) for row in self.tracks]
            order = moved([row.entry_id for row in before], index, step)
            if not playlist_id or order == [row.entry_id for row in before]:
                return None
            self._edits += 1
            title = before[index].title
            by_entry = {row.entry_id: row for row in before}
            # Show the new order at once; put it back if the API disagrees.
            self.tracks = [by_entry[entry_id] for entry_id in order]
        try:
            async with signed_in_client(self) as api:
                playlist = await api.reorder_playlist(
                    UUID(playlist_id), [UUID(entry_id) for entry_id in order]
                )
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.tracks = before
            await self._fail(error)
            return None
        async with self:
            self._show(playlist, [TrackRow.of_entry(entry) for entry in playlist.entries])
            direction = "up" if step < 0 else "down"
            (await self.get_state(LibraryState)).notice = f"Moved “{title}” {direction}."
        return None
