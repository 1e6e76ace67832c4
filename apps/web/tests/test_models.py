"""The rows and cards the pages show, flattened from the contracts' types."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import msgspec
import pytest

from cadenza_contracts.accounts import UserSummary
from cadenza_contracts.catalog import Album, Track
from cadenza_contracts.playlists import Playlist
from cadenza_web.models import (
    AlbumCard,
    PlaylistCard,
    TrackRow,
    format_duration,
    format_seconds,
)

NOW = datetime(2026, 1, 2, tzinfo=UTC)
TRACK = Track(
    id=uuid4(),
    title="Moonlight",
    artist_id=uuid4(),
    artist_name="Beyoncé",
    album_id=uuid4(),
    album_title="Night",
    track_number=1,
    disc_number=1,
    duration_ms=187_000,
    genre=None,
    explicit=False,
    status="ready",
    status_reason=None,
    has_audio=True,
    track_gain_db=None,
    play_count=0,
    created_at=NOW,
    updated_at=NOW,
)
ALBUM = Album(
    id=uuid4(),
    title="Night",
    artist_id=uuid4(),
    artist_name="Beyoncé",
    release_date=date(2024, 5, 1),
    genre=None,
    track_count=1,
    has_cover=True,
    created_at=NOW,
    updated_at=NOW,
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (7.9, "0:07"), (67.4, "1:07"), (3725, "1:02:05"), (-3, "0:00")],
)
def test_format_seconds(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text


def test_unknown_duration_has_a_placeholder() -> None:
    assert format_duration(None) == "–:––"
    assert format_duration(187_000) == "3:07"


def test_track_row_is_playable_only_when_converted() -> None:
    row = TrackRow.of(TRACK)
    assert (row.title, row.artist, row.album, row.duration) == (
        "Moonlight",
        "Beyoncé",
        "Night",
        "3:07",
    )
    assert row.playable
    processing = msgspec.structs.replace(TRACK, status="processing", has_audio=False)
    assert not TrackRow.of(processing).playable


def test_track_row_round_trips_through_an_event() -> None:
    row = TrackRow.of(TRACK)
    sent = {**row.__dict__, "unknown": "ignored"}
    assert TrackRow.from_event(sent) == row
    assert TrackRow.from_event(row) is row


def test_album_cover_points_at_the_api_only_when_there_is_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CADENZA_API_URL", "http://api.example:9000/")
    card = AlbumCard.of(ALBUM)
    assert card.cover_url == f"http://api.example:9000/api/v1/albums/{ALBUM.id}/cover?size=300"
    assert card.href == f"/album/{ALBUM.id}"
    assert card.details == "Beyoncé · 2024 · 1 song"
    assert AlbumCard.of(msgspec.structs.replace(ALBUM, has_cover=False)).cover_url == ""


def test_playlist_card_counts_songs() -> None:
    playlist = Playlist(
        id=uuid4(),
        name="Evening",
        description=None,
        is_public=False,
        owner=UserSummary(id=uuid4(), username="ada"),
        track_count=3,
        duration_ms=600_000,
        created_at=NOW,
        updated_at=NOW,
    )
    card = PlaylistCard.of(playlist)
    assert (card.name, card.details, card.href) == (
        "Evening",
        "3 songs · by ada",
        f"/playlist/{playlist.id}",
    )
