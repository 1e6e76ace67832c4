"""Playlists and their entries."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from cadenza_contracts.accounts import UserSummary
from cadenza_contracts.base import Model, Request
from cadenza_contracts.catalog import Track
from cadenza_contracts.constraints import Description, PlaylistName, Position

TrackIdList = Annotated[list[UUID], Meta(min_length=1, max_length=500)]
EntryIdList = Annotated[list[UUID], Meta(min_length=1, max_length=10_000)]


class PlaylistCreate(Request):
    name: PlaylistName
    description: Description | None = None
    is_public: bool = False


class PlaylistUpdate(Request):
    name: PlaylistName | msgspec.UnsetType = msgspec.UNSET
    description: Description | None | msgspec.UnsetType = msgspec.UNSET
    is_public: bool | msgspec.UnsetType = msgspec.UNSET


class Playlist(Model):
    id: UUID
    name: str
    description: str | None
    is_public: bool
    owner: UserSummary
    track_count: int
    duration_ms: int
    created_at: datetime
    updated_at: datetime


class PlaylistEntry(Model):
    """One slot of a playlist; the same track may fill several slots."""

    id: UUID
    position: int
    added_at: datetime
    track: Track


class PlaylistDetail(Playlist):
    entries: list[PlaylistEntry]


class PlaylistTracksAdd(Request):
    """Insert tracks at `position` (0-based), or append when it is omitted."""

    track_ids: TrackIdList
    position: Position | None = None


class PlaylistEntriesRemove(Request):
    entry_ids: EntryIdList


class PlaylistReorder(Request):
    """The playlist's entry ids in their new order: every entry exactly once."""

    entry_ids: EntryIdList
