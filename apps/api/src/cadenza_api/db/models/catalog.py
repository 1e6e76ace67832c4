"""The catalogue: artists, their albums and tracks, and genres."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    func,
    select,
)
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
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True, unique=True
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
    status: Mapped[str] = mapped_column(String(16), default="ready", server_default="ready")
    status_reason: Mapped[str | None] = mapped_column(Text, default=None)
    has_audio: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    original_key: Mapped[str | None] = mapped_column(String(255), default=None)
    original_content_type: Mapped[str | None] = mapped_column(String(64), default=None)
    original_size_bytes: Mapped[int | None] = mapped_column(BigInteger, default=None)
    loudness_lufs: Mapped[float | None] = mapped_column(Float, default=None)
    true_peak_dbtp: Mapped[float | None] = mapped_column(Float, default=None)
    track_gain_db: Mapped[float | None] = mapped_column(Float, default=None)
    waveform: Mapped[list[float] | None] = mapped_column(JSON, default=None)
    cover_key: Mapped[str | None] = mapped_column(String(255), default=None)
    source_path: Mapped[str | None] = mapped_column(String(1024), default=None, index=True)
    source_mtime_ns: Mapped[int | None] = mapped_column(BigInteger, default=None)

    artist: Mapped[Artist] = relationship(lazy="joined", innerjoin=True)
    album: Mapped[Album | None] = relationship(lazy="joined")
    genre: Mapped[Genre | None] = relationship(lazy="joined")

    if TYPE_CHECKING:
        play_count: Mapped[int]


class Album(UUIDAuditBase):
    __tablename__ = "albums"

    title: Mapped[str] = mapped_column(String(200), index=True)
    artist_id: Mapped[UUID] = mapped_column(
        ForeignKey("artists.id", ondelete="CASCADE"), index=True
    )
    release_date: Mapped[date | None] = mapped_column(Date, default=None)
    cover_key: Mapped[str | None] = mapped_column(String(255), default=None)
    genre_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("genres.id", ondelete="SET NULL"), default=None, index=True
    )

    artist: Mapped[Artist] = relationship(lazy="joined", innerjoin=True)
    genre: Mapped[Genre | None] = relationship(lazy="joined")

    if TYPE_CHECKING:
        track_count: Mapped[int]


Album.track_count = column_property(
    select(func.count(Track.id))
    .where(Track.album_id == Album.id)
    .correlate_except(Track)
    .scalar_subquery()
)
