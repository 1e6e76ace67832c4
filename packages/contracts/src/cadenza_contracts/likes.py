"""Likes: a user's saved tracks, albums, artists and playlists."""

import enum
from datetime import datetime

from cadenza_contracts.base import Model
from cadenza_contracts.catalog import Album, Artist, Track
from cadenza_contracts.playlists import Playlist


class LikeKind(enum.StrEnum):
    TRACKS = "tracks"
    ALBUMS = "albums"
    ARTISTS = "artists"
    PLAYLISTS = "playlists"


class LikedTrack(Model):
    liked_at: datetime
    track: Track


class LikedAlbum(Model):
    liked_at: datetime
    album: Album


class LikedArtist(Model):
    liked_at: datetime
    artist: Artist


class LikedPlaylist(Model):
    liked_at: datetime
    playlist: Playlist
