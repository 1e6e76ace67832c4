"""Likes: a user's saved tracks, albums, artists and playlists.

The four like tables share a composite key (`user_id`, `target_id`) rather than an `id`, so this
is a small service over the session instead of an advanced-alchemy repository service.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import (
    Album,
    Artist,
    LikedAlbum,
    LikedArtist,
    LikedPlaylist,
    LikedTrack,
    Playlist,
    Track,
)
from cadenza_api.domain.playlists.services import visible_to
from cadenza_api.errors import NotFound
from cadenza_api.pagination import PageParams
from cadenza_contracts.likes import LikeKind

TargetT = TypeVar("TargetT", bound=UUIDAuditBase)
LikeModel = type[LikedTrack] | type[LikedAlbum] | type[LikedArtist] | type[LikedPlaylist]

_TABLES: dict[LikeKind, tuple[LikeModel, type[UUIDAuditBase], str]] = {
    LikeKind.TRACKS: (LikedTrack, Track, "track"),
    LikeKind.ALBUMS: (LikedAlbum, Album, "album"),
    LikeKind.ARTISTS: (LikedArtist, Artist, "artist"),
    LikeKind.PLAYLISTS: (LikedPlaylist, Playlist, "playlist"),
}


def parse_kind(kind: str) -> LikeKind:
    """The like kind named in a path; anything else is a 404."""
    try:
        return LikeKind(kind)
    except ValueError:
        kinds = ", ".join(k.value for k in LikeKind)
        raise NotFound(f"There is nothing called {kind!r} to like; use one of: {kinds}.") from None


class LikeService:
    """Likes of one user at a time, on the request's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def like(self, user_id: UUID, kind: LikeKind, target_id: UUID) -> None:
        """Like a target; liking it again keeps the first like and its time."""
        like_model, target, noun = _TABLES[kind]
        if (
            await self._session.scalar(
                select(target.id).where(target.id == target_id, *self._visible(kind, user_id))
            )
            is None
        ):
            raise NotFound(f"No {noun} with id {target_id}.")
        dialect = postgresql if self._session.get_bind().dialect.name == "postgresql" else sqlite
        # ON CONFLICT DO NOTHING keeps two racing likes of the same target from becoming a 409.
        await self._session.execute(
            dialect.insert(like_model)
            .values(user_id=user_id, target_id=target_id, liked_at=datetime.now(UTC))
            .on_conflict_do_nothing()
        )

    async def unlike(self, user_id: UUID, kind: LikeKind, target_id: UUID) -> None:
        """Remove a like; removing one that is not there is not an error."""
        like_model, _, _ = _TABLES[kind]
        await self._session.execute(
            delete(like_model).where(
                like_model.user_id == user_id, like_model.target_id == target_id
            )
        )

    async def contains_tracks(self, user_id: UUID, track_ids: Sequence[UUID]) -> list[bool]:
        """For each id in order, whether the user likes that track."""
        liked = set(
            await self._session.scalars(
                select(LikedTrack.target_id).where(
                    LikedTrack.user_id == user_id, LikedTrack.target_id.in_(track_ids)
                )
            )
        )
        return [track_id in liked for track_id in track_ids]

    async def liked_tracks(
        self, user_id: UUID, page: PageParams
    ) -> tuple[list[tuple[datetime, Track]], int]:
        return await self._page(LikedTrack, Track, user_id, page)

    async def liked_albums(
        self, user_id: UUID, page: PageParams
    ) -> tuple[list[tuple[datetime, Album]], int]:
        return await self._page(LikedAlbum, Album, user_id, page)

    async def liked_artists(
        self, user_id: UUID, page: PageParams
    ) -> tuple[list[tuple[datetime, Artist]], int]:
        return await self._page(LikedArtist, Artist, user_id, page)

    async def liked_playlists(
        self, user_id: UUID, page: PageParams
    ) -> tuple[list[tuple[datetime, Playlist]], int]:
        """Liked playlists the user can still see: one made private since drops out."""
        return await self._page(
            LikedPlaylist, Playlist, user_id, page, self._visible(LikeKind.PLAYLISTS, user_id)
        )

    @staticmethod
    def _visible(kind: LikeKind, user_id: UUID) -> list[ColumnElement[bool]]:
        return [visible_to(user_id)] if kind is LikeKind.PLAYLISTS else []

    async def _page(
        self,
        like_model: LikeModel,
        target: type[TargetT],
        user_id: UUID,
        page: PageParams,
        conditions: Sequence[ColumnElement[bool]] = (),
    ) -> tuple[list[tuple[datetime, TargetT]], int]:
        """Newest like first."""
        joined = target.id == like_model.target_id
        where = [like_model.user_id == user_id, *conditions]
        total = await self._session.scalar(
            select(func.count()).select_from(like_model).join(target, joined).where(*where)
        )
        rows = await self._session.execute(
            select(like_model.liked_at, target)
            .join(target, joined)
            .where(*where)
            .order_by(like_model.liked_at.desc(), like_model.target_id)
            .limit(page.limit)
            .offset(page.offset)
        )
        return [(liked_at, item) for liked_at, item in rows], total or 0
