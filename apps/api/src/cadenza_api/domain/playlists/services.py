"""Playlist services: visibility, ownership and the ordered entries of a playlist."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import Playlist, PlaylistEntry, Track, User
from cadenza_api.errors import Conflict, Forbidden, InvalidInput, NotFound
from cadenza_api.pagination import PageParams, order_by
from cadenza_contracts.playlists import PlaylistCreate, PlaylistUpdate

PLAYLIST_SORTS: dict[str, ColumnElement[Any]] = {
    "name": func.lower(Playlist.name),
    "createdAt": Playlist.created_at.expression,
    "updatedAt": Playlist.updated_at.expression,
}


def visible_to(viewer_id: UUID | None) -> ColumnElement[bool]:
    """The playlists `viewer_id` may see: public ones and their own (anonymous: public only)."""
    if viewer_id is None:
        return Playlist.is_public.is_(True)
    return or_(Playlist.is_public.is_(True), Playlist.owner_id == viewer_id)


class PlaylistService(SQLAlchemyAsyncRepositoryService[Playlist]):
    class Repo(SQLAlchemyAsyncRepository[Playlist]):
        model_type = Playlist

    repository_type = Repo

    @property
    def _session(self) -> AsyncSession:
        return self.repository.session

    async def get_visible(self, playlist_id: UUID, viewer: User | None) -> Playlist:
        """The playlist if `viewer` may see it; a private playlist of someone else is a 404."""
        playlist = await self._session.scalar(
            select(Playlist).where(
                Playlist.id == playlist_id, visible_to(viewer.id if viewer else None)
            )
        )
        if playlist is None:
            raise NotFound(f"No playlist with id {playlist_id}.")
        return playlist

    async def get_for_change(self, playlist_id: UUID, user: User) -> Playlist:
        """The playlist `user` owns, locked against concurrent edits of its entries.

        Someone else's public playlist is a 403; their private one stays a 404.
        """
        # Serialise writers on PostgreSQL so positions stay contiguous; SQLite drops FOR UPDATE
        # and serialises writers with its database lock anyway.
        await self._session.execute(
            select(Playlist.id).where(Playlist.id == playlist_id).with_for_update()
        )
        playlist = await self.get_visible(playlist_id, user)
        if playlist.owner_id != user.id:
            raise Forbidden("Only the playlist's owner may change it.")
        return playlist

    async def entries(self, playlist: Playlist) -> list[PlaylistEntry]:
        """The playlist's entries in position order, with their tracks."""
        result = await self._session.scalars(
            select(PlaylistEntry)
            .where(PlaylistEntry.playlist_id == playlist.id)
            .order_by(PlaylistEntry.position)
            .execution_options(populate_existing=True)
        )
        return list(result)

    async def create_playlist(self, owner: User, data: PlaylistCreate) -> Playlist:
        playlist = Playlist(
            owner_id=owner.id,
            owner=owner,
            name=data.name,
            description=data.description,
            is_public=data.is_public,
        )
        self._session.add(playlist)
        await self._session.flush()
        await self._session.refresh(playlist)
        return playlist

    async def update_playlist(self, playlist: Playlist, data: PlaylistUpdate) -> Playlist:
        """Apply the fields present in `data`; absent fields keep their value."""
        if data.name is not msgspec.UNSET:
            playlist.name = data.name
        if data.description is not msgspec.UNSET:
            playlist.description = data.description
        if data.is_public is not msgspec.UNSET:
            playlist.is_public = data.is_public
        await self._touch(playlist)
        return playlist

    async def delete_playlist(self, playlist: Playlist) -> None:
        await self._session.delete(playlist)
        await self._session.flush()

    async def page_public(
        self, page: PageParams, *, q: str | None, owner_id: UUID | None, sort: str | None
    ) -> tuple[list[Playlist], int]:
        """Everyone's public playlists, optionally by name fragment and owner."""
        conditions: list[ColumnElement[bool]] = [Playlist.is_public.is_(True)]
        if q:
            conditions.append(Playlist.name.icontains(q, autoescape=True))
        if owner_id is not None:
            conditions.append(Playlist.owner_id == owner_id)
        return await self._page(
            select(Playlist).where(*conditions), page, order_by(sort, PLAYLIST_SORTS, "name")
        )

    async def page_owned(
        self, owner_id: UUID, page: PageParams, *, sort: str | None
    ) -> tuple[list[Playlist], int]:
        """A user's own playlists, public and private."""
        return await self._page(
            select(Playlist).where(Playlist.owner_id == owner_id),
            page,
            order_by(sort, PLAYLIST_SORTS, "-updatedAt"),
        )

    async def _page(
        self,
        statement: Select[Playlist],
        page: PageParams,
        ordering: Sequence[ColumnElement[Any]],
    ) -> tuple[list[Playlist], int]:
        total = await self._session.scalar(
            select(func.count()).select_from(statement.order_by(None).subquery())
        )
        rows = await self._session.scalars(page.apply(statement.order_by(*ordering, Playlist.id)))
        return list(rows), total or 0

    async def add_tracks(
        self, playlist: Playlist, track_ids: Sequence[UUID], position: int | None
    ) -> None:
        """Insert the tracks at `position` (0-based) or append them; all or nothing."""
        entries = await self.entries(playlist)
        if position is None:
            position = len(entries)
        elif position > len(entries):
            raise InvalidInput(
                f"Position {position} is past the end of the playlist, which has "
                f"{len(entries)} entries; use 0 to {len(entries)} or omit it to append."
            )
        found = set(await self._session.scalars(select(Track.id).where(Track.id.in_(track_ids))))
        missing = list(dict.fromkeys(str(i) for i in track_ids if i not in found))
        if missing:
            noun = "track" if len(missing) == 1 else "tracks"
            raise NotFound(f"No {noun} with id {', '.join(missing)}; nothing was added.")
        now = datetime.now(UTC)
        added = [
            PlaylistEntry(playlist_id=playlist.id, track_id=track_id, added_at=now, position=0)
            for track_id in track_ids
        ]
        self._session.add_all(added)
        _renumber([*entries[:position], *added, *entries[position:]])
        await self._touch(playlist)

    async def remove_entries(self, playlist: Playlist, entry_ids: Sequence[UUID]) -> None:
        """Remove the given entries; an id not in this playlist removes nothing (404)."""
        entries = await self.entries(playlist)
        by_id = {entry.id: entry for entry in entries}
        missing = list(dict.fromkeys(str(i) for i in entry_ids if i not in by_id))
        if missing:
            noun = "entry" if len(missing) == 1 else "entries"
            raise NotFound(
                f"This playlist has no {noun} with id {', '.join(missing)}; nothing was removed."
            )
        doomed = set(entry_ids)
        for entry_id in doomed:
            await self._session.delete(by_id[entry_id])
        _renumber([entry for entry in entries if entry.id not in doomed])
        await self._touch(playlist)

    async def reorder(self, playlist: Playlist, entry_ids: Sequence[UUID]) -> None:
        """Put the entries in the given order, which must name every entry exactly once."""
        entries = await self.entries(playlist)
        by_id = {entry.id: entry for entry in entries}
        if len(entry_ids) != len(entries) or set(entry_ids) != by_id.keys():
            raise Conflict(
                "The playlist changed: the new order must list each of its "
                f"{len(entries)} current entries exactly once. Reload it and try again."
            )
        _renumber([by_id[entry_id] for entry_id in entry_ids])
        await self._touch(playlist)

    async def _touch(self, playlist: Playlist) -> None:
        """Mark the playlist changed and reload its computed track count and duration."""
        playlist.updated_at = datetime.now(UTC)
        await self._session.flush()
        await self._session.refresh(playlist)


def _renumber(entries: Sequence[PlaylistEntry]) -> None:
    for position, entry in enumerate(entries):
        if entry.position != position:
            entry.position = position
