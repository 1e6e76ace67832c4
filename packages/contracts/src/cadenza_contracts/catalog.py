"""Catalogue: artists, albums, tracks and genres."""

from datetime import date, datetime
from uuid import UUID

import msgspec

from cadenza_contracts.base import Model, Request
from cadenza_contracts.constraints import (
    AlbumTitle,
    ArtistName,
    Bio,
    DiscNumber,
    DurationMs,
    GenreName,
    TrackNumber,
    TrackTitle,
)


class ArtistCreate(Request):
    name: ArtistName
    bio: Bio | None = None
    owner_id: UUID | None = None
    """Admins only: the artist user who owns the profile."""


class ArtistUpdate(Request):
    name: ArtistName | msgspec.UnsetType = msgspec.UNSET
    bio: Bio | None | msgspec.UnsetType = msgspec.UNSET


class Artist(Model):
    id: UUID
    name: str
    bio: str | None
    owner_id: UUID | None
    created_at: datetime
    updated_at: datetime


class AlbumCreate(Request):
    title: AlbumTitle
    artist_id: UUID
    release_date: date | None = None
    genre: GenreName | None = None


class AlbumUpdate(Request):
    title: AlbumTitle | msgspec.UnsetType = msgspec.UNSET
    release_date: date | None | msgspec.UnsetType = msgspec.UNSET
    genre: GenreName | None | msgspec.UnsetType = msgspec.UNSET


class Album(Model):
    id: UUID
    title: str
    artist_id: UUID
    artist_name: str
    release_date: date | None
    genre: str | None
    track_count: int
    has_cover: bool
    created_at: datetime
    updated_at: datetime


class TrackCreate(Request):
    title: TrackTitle
    artist_id: UUID
    album_id: UUID | None = None
    track_number: TrackNumber | None = None
    disc_number: DiscNumber | None = None
    duration_ms: DurationMs | None = None
    genre: GenreName | None = None
    explicit: bool = False


class TrackUpdate(Request):
    title: TrackTitle | msgspec.UnsetType = msgspec.UNSET
    album_id: UUID | None | msgspec.UnsetType = msgspec.UNSET
    track_number: TrackNumber | None | msgspec.UnsetType = msgspec.UNSET
    disc_number: DiscNumber | None | msgspec.UnsetType = msgspec.UNSET
    duration_ms: DurationMs | None | msgspec.UnsetType = msgspec.UNSET
    genre: GenreName | None | msgspec.UnsetType = msgspec.UNSET
    explicit: bool | msgspec.UnsetType = msgspec.UNSET


class Track(Model):
    id: UUID
    title: str
    artist_id: UUID
    artist_name: str
    album_id: UUID | None
    album_title: str | None
    track_number: int | None
    disc_number: int | None
    duration_ms: int | None
    genre: str | None
    explicit: bool
    status: str
    """`processing`, `ready` or `failed` (see `cadenza_contracts.media.TrackStatus`)."""
    status_reason: str | None
    has_audio: bool
    """True once the track has playable renditions."""
    track_gain_db: float | None
    """Gain that brings the track to -14 LUFS, for loudness normalisation."""
    play_count: int
    """Counted plays by everyone (half the track or four minutes heard)."""
    created_at: datetime
    updated_at: datetime


class GenreCreate(Request):
    name: GenreName


class GenreUpdate(Request):
    name: GenreName | msgspec.UnsetType = msgspec.UNSET


class Genre(Model):
    id: UUID
    name: str
    created_at: datetime
