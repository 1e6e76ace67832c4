"""All ORM models, imported together so the metadata is complete."""

from cadenza_api.db.models.accounts import AuthSession, RefreshToken, User
from cadenza_api.db.models.audit import AuditEntry
from cadenza_api.db.models.catalog import Album, Artist, Genre, Track
from cadenza_api.db.models.library import LikedAlbum, LikedArtist, LikedPlaylist, LikedTrack
from cadenza_api.db.models.media import Job, Rendition
from cadenza_api.db.models.playback import PlayerState, PlayHistory
from cadenza_api.db.models.playlists import Playlist, PlaylistEntry

__all__ = [
    "Album",
    "Artist",
    "AuditEntry",
    "AuthSession",
    "Genre",
    "Job",
    "LikedAlbum",
    "LikedArtist",
    "LikedPlaylist",
    "LikedTrack",
    "PlayHistory",
    "PlayerState",
    "Playlist",
    "PlaylistEntry",
    "RefreshToken",
    "Rendition",
    "Track",
    "User",
]
