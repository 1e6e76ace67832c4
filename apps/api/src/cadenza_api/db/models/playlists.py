"""Playlists and their ordered entries."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from cadenza_api.db.models.accounts import User
from cadenza_api.db.models.catalog import Track


class Playlist(UUIDAuditBase):
    __tablename__ = "playlists"

    owner_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    description: Mapped[str | None] = mapped_column(Text, default=None)
    is_public: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    owner: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    if TYPE_CHECKING:
        track_count: Mapped[int]
        duration_ms: Mapped[int]


class PlaylistEntry(UUIDAuditBase):
    """One slot of a playlist: positions run 0..n-1 without gaps."""

    __tablename__ = "playlist_entries"
    __table_args__ = (Index("ix_playlist_entries_playlist_position", "playlist_id", "position"),)

    playlist_id: Mapped[UUID] = mapped_column(ForeignKey("playlists.id", ondelete="CASCADE"))
    track_id: Mapped[UUID] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))

    track: Mapped[Track] = relationship(lazy="joined", innerjoin=True)


Playlist.track_count = column_property(
    select(func.count(PlaylistEntry.id))
    .where(PlaylistEntry.playlist_id == Playlist.id)
    .correlate_except(PlaylistEntry)
    .scalar_subquery()
)
Playlist.duration_ms = column_property(
    select(func.coalesce(func.sum(Track.duration_ms), 0))
    .select_from(PlaylistEntry)
    .join(Track, Track.id == PlaylistEntry.track_id)
    .where(PlaylistEntry.playlist_id == Playlist.id)
    .correlate_except(PlaylistEntry, Track)
    .scalar_subquery()
)
