"""The user's library across pages: their playlists (sidebar) and which tracks they like."""

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

# The API answers "contains" for at most this many ids at once.
_CONTAINS_BATCH = 100


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

    def note_likes(self, flags: dict[str, bool]) -> None:
        """Merge what the API said about some tracks into `liked_ids`."""
        liked = [track_id for track_id in self.liked_ids if flags.get(track_id, True)]
        liked.extend(
            track_id for track_id, is_liked in flags.items() if is_liked and track_id not in liked
        )
        self.liked_ids = liked

    def show_playlists(self, playlists: Iterable[PlaylistCard]) -> None:
        self.playlists = list(playlists)

    @background
    async def load(self) -> EventSpec | None:
        """The sidebar's playlists; every signed-in page loads them (and clears old news)."""
        async with self:
            self.notice = ""
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
            self.notice = "Removed from Liked songs." if was_liked else "Added to Liked songs."
        return None
