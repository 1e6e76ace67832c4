"""Object keys: built from ids only, never from anything a user typed or uploaded."""

from __future__ import annotations

from uuid import UUID

EXTENSIONS = {"opus": "opus", "aac": "m4a", "mp3": "mp3"}
CONTENT_TYPES = {"opus": "audio/ogg", "aac": "audio/mp4", "mp3": "audio/mpeg"}


def track_prefix(track_id: UUID) -> str:
    return f"tracks/{track_id}/"


def original_key(track_id: UUID) -> str:
    return f"tracks/{track_id}/original"


def rendition_key(track_id: UUID, fmt: str, bitrate_kbps: int) -> str:
    return f"tracks/{track_id}/renditions/{fmt}-{bitrate_kbps}.{EXTENSIONS[fmt]}"


def renditions_prefix(track_id: UUID) -> str:
    return f"tracks/{track_id}/renditions/"


def track_cover_key(track_id: UUID) -> str:
    return f"tracks/{track_id}/cover"


def track_cover_size_key(track_id: UUID, size: int) -> str:
    return f"tracks/{track_id}/cover-{size}.jpg"


def album_prefix(album_id: UUID) -> str:
    return f"albums/{album_id}/"


def album_cover_key(album_id: UUID) -> str:
    return f"albums/{album_id}/cover"


def album_cover_size_key(album_id: UUID, size: int) -> str:
    return f"albums/{album_id}/cover-{size}.jpg"
