"""Likes: one table per kind, so deleting the liked thing removes the like."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import orm_registry
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column


class _LikeColumns:
    user_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    liked_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


@orm_registry.mapped
class LikedTrack(_LikeColumns):
    __tablename__ = "liked_tracks"
    __table_args__ = (Index("ix_liked_tracks_user_liked_at", "user_id", "liked_at"),)

    target_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("tracks.id", ondelete="CASCADE"), primary_key=True, index=True
    )


@orm_registry.mapped
class LikedAlbum(_LikeColumns):
    __tablename__ = "liked_albums"
    __table_args__ = (Index("ix_liked_albums_user_liked_at", "user_id", "liked_at"),)

    target_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("albums.id", ondelete="CASCADE"), primary_key=True, index=True
    )


@orm_registry.mapped
class LikedArtist(_LikeColumns):
    __tablename__ = "liked_artists"
    __table_args__ = (Index("ix_liked_artists_user_liked_at", "user_id", "liked_at"),)

    target_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("artists.id", ondelete="CASCADE"), primary_key=True, index=True
    )


@orm_registry.mapped
class LikedPlaylist(_LikeColumns):
    __tablename__ = "liked_playlists"
    __table_args__ = (Index("ix_liked_playlists_user_liked_at", "user_id", "liked_at"),)

    target_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("playlists.id", ondelete="CASCADE"), primary_key=True, index=True
    )
