"""The user's library across pages: their playlists (sidebar), which tracks they like, and
liking albums, artists and playlists from their pages."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.likes import LikeKind
from cadenza_web.api import SignedOut, failure_message
from cadenza_web.models import PlaylistCard
from cadenza_web.states.handlers import background
from cadenza_web.states.session import LOGIN_ROUTE, signed_in_client

# The API answers "contains" for at most this many ids at once, and pages of at most this many.
_CONTAINS_BATCH = 100
_PAGE_LIMIT = 100

_LIKED_NOTICES = {
    LikeKind.TRACKS: ("Added to Liked songs.", "Removed from Liked songs."),
    LikeKind.ALBUMS: ("Saved “{}” to your library.", "Removed “{}” from your library."),
    LikeKind.ARTISTS: ("Following {}.", "Stopped following {}."),
    LikeKind.PLAYLISTS: ("Saved “{}” to your library.", "Removed “{}” from your library."),
}


def like_notice(kind: LikeKind, name: str, *, liked: bool) -> str:
    """What the toast says after liking (or unliking) `name`."""
    added, removed = _LIKED_NOTICES[kind]
    return (added if liked else removed).format(name)


async def _liked_ids(api: CadenzaClient, kind: LikeKind, offset: int) -> tuple[list[UUID], int]:
    if kind == LikeKind.ALBUMS:
        albums = await api.liked_albums(limit=_PAGE_LIMIT, offset=offset)
        return [item.album.id for item in albums.items], albums.total
    if kind == LikeKind.ARTISTS:
        artists = await api.liked_artists(limit=_PAGE_LIMIT, offset=offset)
        return [item.artist.id for item in artists.items], artists.total
    if kind == LikeKind.PLAYLISTS:
        playlists = await api.liked_playlists(limit=_PAGE_LIMIT, offset=offset)
        return [item.playlist.id for item in playlists.items], playlists.total
    tracks = await api.liked_tracks(limit=_PAGE_LIMIT, offset=offset)
    return [item.track.id for item in tracks.items], tracks.total


async def is_liked(api: CadenzaClient, kind: LikeKind, target_id: UUID) -> bool:
    """Whether the user likes (follows) one album, artist or playlist."""
    offset = 0
    while True:
        ids, total = await _liked_ids(api, kind, offset)
        if target_id in ids:
            return True
        offset += len(ids)
        if not ids or offset >= total:
            return False


async def send_like(
    state: rx.State, kind: LikeKind, target_id: str, *, like: bool, name: str
) -> bool:
    """Like or unlike `target_id` from a page's button and say so in the toast; `False`
    (the toast says why) when the API refused. Raises `SignedOut`."""
    try:
        async with signed_in_client(state) as api:
            if like:
                await api.like(kind, UUID(target_id))
            else:
                await api.unlike(kind, UUID(target_id))
    except (ApiError, httpx.HTTPError) as error:
        async with state:
            (await state.get_state(LibraryState)).notice = failure_message(error)
        return False
    async with state:
        (await state.get_state(LibraryState)).notice = like_notice(kind, name, liked=like)
    return True


async def liked_flags(api: CadenzaClient, track_ids: list[str]) -> dict[str, bool]:
    """Whether the user likes each of `track_ids`."""
    flags: dict[str, bool] = {}
    for start in range(0, len(track_ids), _CONTAINS_BATCH):
        batch = track_ids[start : start + _CONTAINS_BATCH]
        answer = await api.request(
            "GET", "/me/liked/tracks/contains", list[bool], params={"ids": ",".join(batch)}
        )
        flags.update(zip(batch, answer, strict=True))
    return flags


class LibraryState(rx.State):
    playlists: rx.Field[list[PlaylistCard]] = rx.field(default_factory=list)
    liked_ids: rx.Field[list[str]] = rx.field(default_factory=list)
    notice: rx.Field[str] = rx.field("")
    # Shown by the next page's `load`, for changes that end on another page.
    _next_notice: str = ""

    def note_likes(self, flags: dict[str, bool]) -> None:
        """Merge what the API said about some tracks into `liked_ids`."""
        liked = [track_id for track_id in self.liked_ids if flags.get(track_id, True)]
        liked.extend(
            track_id for track_id, is_liked in flags.items() if is_liked and track_id not in liked
        )
        self.liked_ids = liked

    def show_playlists(self, playlists: Iterable[PlaylistCard]) -> None:
        self.playlists = list(playlists)

    def notice_on_next_page(self, notice: str) -> None:
        self._next_notice = notice

    @background
    async def load(self) -> EventSpec | None:
        """The sidebar's playlists; every signed-in page loads them (and clears old news)."""
        async with self:
            self.notice = self._next_notice
            self._next_notice = ""
        try:
            async with signed_in_client(self) as api:
                page = await api.my_playlists(limit=50)
        except SignedOut:
            return None
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.notice = failure_message(error)
            return None
        async with self:
            self.show_playlists(PlaylistCard.of(playlist) for playlist in page.items)
        return None

    @background
    async def toggle_like(self, track_id: str) -> EventSpec | None:
        if not track_id:
            return None
        async with self:
            was_liked = track_id in self.liked_ids
            # Show the new state at once; put it back if the API disagrees.
            self.note_likes({track_id: not was_liked})
        try:
            async with signed_in_client(self) as api:
                if was_liked:
                    await api.unlike(LikeKind.TRACKS, UUID(track_id))
                else:
                    await api.like(LikeKind.TRACKS, UUID(track_id))
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.note_likes({track_id: was_liked})
                self.notice = failure_message(error)
            return None
        async with self:
            self.notice = like_notice(LikeKind.TRACKS, "", liked=not was_liked)
        return None
