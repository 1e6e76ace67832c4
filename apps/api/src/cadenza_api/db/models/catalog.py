"""The catalogue: artists, their albums and tracks, and genres."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship


class Genre(UUIDAuditBase):
    __tablename__ = "genres"
    __table_args__ = (Index("uq_genres_name_lower", func.lower("name"), unique=True),)

    name: Mapped[str] = mapped_column(String(50))


class Artist(UUIDAuditBase):
    __tablename__ = "artists"

    name: Mapped[str] = mapped_column(String(200), index=True)
    bio: Mapped[str | None] = mapped_column(Text, default=None)
    owner_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )


class Track(UUIDAuditBase):
    __tablename__ = "tracks"

    title: Mapped[str] = mapped_column(String(200), index=True)
    artist_id: Mapped[UUID] = mapped_column(
        ForeignKey("artists.id", ondelete="CASCADE"), index=True
    )
    album_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("albums.id", ondelete="SET NULL"), default=None, index=True
    )
    genre_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("genres.id", ondelete="SET NULL"), default=None, index=True
    )
    track_number: Mapped[int | None] = mapped_column(Integer, default=None)
    disc_number: Mapped[int | None] = mapped_column(Integer, default=None)
    duration_ms: Mapped[int | None] = mapped_column(Integer, default=None)
    explicit: Mapped[bool] = mapped_column(Boolean, default=False)

    artist: Mapped[Artist] = relationship(lazy="joined", innerjoin=True)
    album: Mapped[Album | None] = relationship(lazy="joined")
    genre: Mapped[Genre | None] = relationship(lazy="joined")


class Album(UUIDAuditBase):
    __tablename__ = "albums"

    title: Mapped[str] = mapped_column(String(200), index=True)
    artist_id: Mapped[UUID] = mapped_column(
        ForeignKey("artists.id", ondelete="CASCADE"), index=True
    )
    release_date: Mapped[date | None] = mapped_column(Date, default=None)
    genre_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("genres.id", ondelete="SET NULL"), default=None, index=True
    )

    artist: Mapped[Artist] = relationship(lazy="joined", innerjoin=True)
    genre: Mapped[Genre | None] = relationship(lazy="joined")

    if TYPE_CHECKING:
        track_count: int


Album.track_count = column_property(  # type: ignore[assignment]
    select(func.count(Track.id))
    .where(Track.album_id == Album.id)
    .correlate_except(Track)
    .scalar_subquery()
)
