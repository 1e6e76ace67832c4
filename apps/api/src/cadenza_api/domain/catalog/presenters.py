"""Catalogue rows to contract structs."""

from __future__ import annotations

from cadenza_api.db.models import Album, Artist, Genre, Track
from cadenza_contracts.catalog import Album as AlbumBody
from cadenza_contracts.catalog import Artist as ArtistBody
from cadenza_contracts.catalog import Genre as GenreBody
from cadenza_contracts.catalog import Track as TrackBody


def present_artist(artist: Artist) -> ArtistBody:
    return ArtistBody(
        id=artist.id,
        name=artist.name,
        bio=artist.bio,
        owner_id=artist.owner_id,
        created_at=artist.created_at,
        updated_at=artist.updated_at,
    )


def present_album(album: Album) -> AlbumBody:
    return AlbumBody(
        id=album.id,
        title=album.title,
        artist_id=album.artist_id,
        artist_name=album.artist.name,
        release_date=album.release_date,
        genre=album.genre.name if album.genre else None,
        track_count=album.track_count or 0,
        has_cover=album.cover_key is not None,
        created_at=album.created_at,
        updated_at=album.updated_at,
    )


def present_track(track: Track) -> TrackBody:
    return TrackBody(
        id=track.id,
        title=track.title,
        artist_id=track.artist_id,
        artist_name=track.artist.name,
        album_id=track.album_id,
        album_title=track.album.title if track.album else None,
        track_number=track.track_number,
        disc_number=track.disc_number,
        duration_ms=track.duration_ms,
        genre=track.genre.name if track.genre else None,
        explicit=track.explicit,
        status=track.status,
        status_reason=track.status_reason,
        has_audio=track.has_audio,
        track_gain_db=track.track_gain_db,
        play_count=track.play_count or 0,
        created_at=track.created_at,
        updated_at=track.updated_at,
    )


def present_genre(genre: Genre) -> GenreBody:
    return GenreBody(id=genre.id, name=genre.name, created_at=genre.created_at)
