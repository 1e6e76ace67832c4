"""What the pages show, flattened from the contracts' types into plain, serialisable rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cadenza_contracts.catalog import Album, Artist, Track
from cadenza_contracts.media import TrackStatus
from cadenza_contracts.playback import HistoryItem
from cadenza_contracts.playlists import Playlist, PlaylistEntry
from cadenza_web.settings import absolute_api_url


def format_duration(milliseconds: int | None) -> str:
    """`187000` → `"3:07"`; unknown → `"–:––"`."""
    if milliseconds is None:
        return "–:––"
    return format_seconds(milliseconds / 1000)


def format_seconds(seconds: float) -> str:
    """`67.4` → `"1:07"`, `3725` → `"1:02:05"`."""
    whole = max(int(seconds), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@dataclass
class TrackRow:
    """One track in a list; `entry_id` is its playlist slot, when it is in a playlist."""

    id: str = ""
    title: str = ""
    artist: str = ""
    artist_href: str = ""
    album_id: str = ""
    album: str = ""
    duration_ms: int = 0
    duration: str = ""
    playable: bool = False
    entry_id: str = ""

    @classmethod
    def of(cls, track: Track, *, entry_id: str = "") -> TrackRow:
        return cls(
            id=str(track.id),
            title=track.title,
            artist=track.artist_name,
            artist_href=artist_href(str(track.artist_id)),
            album_id=str(track.album_id) if track.album_id else "",
            album=track.album_title or "",
            duration_ms=track.duration_ms or 0,
            duration=format_duration(track.duration_ms),
            playable=track.status == TrackStatus.READY and track.has_audio,
            entry_id=entry_id,
        )

    @classmethod
    def of_entry(cls, entry: PlaylistEntry) -> TrackRow:
        return cls.of(entry.track, entry_id=str(entry.id))

    @classmethod
    def from_event(cls, data: TrackRow | dict[str, Any]) -> TrackRow:
        """A row as the page sent it back in an event."""
        if isinstance(data, TrackRow):
            return data
        fields = cls.__dataclass_fields__
        return cls(**{key: value for key, value in data.items() if key in fields})


def recently_played(history: list[HistoryItem], limit: int = 10) -> list[TrackRow]:
    """The latest plays as rows, newest first, each track once."""
    rows: list[TrackRow] = []
    seen: set[str] = set()
    for item in history:
        track_id = str(item.track.id)
        if track_id in seen:
            continue
        seen.add(track_id)
        rows.append(TrackRow.of(item.track))
        if len(rows) == limit:
            break
    return rows


def moved(items: list[str], index: int, step: int) -> list[str]:
    """`items` with the one at `index` moved `step` places (−1 up, +1 down); unchanged when
    that would leave the list."""
    target = index + step
    if not (0 <= index < len(items) and 0 <= target < len(items)):
        return list(items)
    reordered = list(items)
    reordered.insert(target, reordered.pop(index))
    return reordered


def artist_href(artist_id: str) -> str:
    return f"/artist/{artist_id}"


def album_href(album_id: str) -> str:
    return f"/album/{album_id}"


def playlist_href(playlist_id: str) -> str:
    return f"/playlist/{playlist_id}"


@dataclass
class AlbumCard:
    id: str = ""
    title: str = ""
    artist: str = ""
    artist_href: str = ""
    cover_url: str = ""
    href: str = ""
    details: str = ""

    @classmethod
    def of(cls, album: Album) -> AlbumCard:
        year = f"{album.release_date.year} · " if album.release_date else ""
        return cls(
            id=str(album.id),
            title=album.title,
            artist=album.artist_name,
            artist_href=artist_href(str(album.artist_id)),
            cover_url=album_cover_url(album),
            href=album_href(str(album.id)),
            details=f"{album.artist_name} · {year}{plural(album.track_count, 'song')}",
        )


def album_cover_url(album: Album, size: int = 300) -> str:
    """The cover's URL on the API, or `""` when the album has none (no request, no 404)."""
    if not album.has_cover:
        return ""
    return absolute_api_url(f"/api/v1/albums/{album.id}/cover?size={size}")


@dataclass
class PlaylistCard:
    id: str = ""
    name: str = ""
    description: str = ""
    owner: str = ""
    is_public: bool = False
    details: str = ""
    href: str = ""

    @classmethod
    def of(cls, playlist: Playlist) -> PlaylistCard:
        return cls(
            id=str(playlist.id),
            name=playlist.name,
            description=playlist.description or "",
            owner=playlist.owner.username,
            is_public=playlist.is_public,
            details=f"{plural(playlist.track_count, 'song')} · by {playlist.owner.username}",
            href=playlist_href(str(playlist.id)),
        )


@dataclass
class ArtistItem:
    id: str = ""
    name: str = ""
    bio: str = ""
    href: str = ""

    @classmethod
    def of(cls, artist: Artist) -> ArtistItem:
        return cls(
            id=str(artist.id),
            name=artist.name,
            bio=artist.bio or "",
            href=artist_href(str(artist.id)),
        )
