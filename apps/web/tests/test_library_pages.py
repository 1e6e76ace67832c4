"""The pure parts of the artist, library and playlist pages: links, history, reordering,
toasts and the playlist edit form."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import msgspec
import pytest

from cadenza_contracts.catalog import Album, Artist, Track
from cadenza_contracts.likes import LikeKind
from cadenza_contracts.playback import HistoryItem
from cadenza_web.models import AlbumCard, ArtistItem, TrackRow, moved, recently_played
from cadenza_web.states.library import like_notice
from cadenza_web.states.playlist import (
    DESCRIPTION_FIELD,
    NAME_FIELD,
    PUBLIC_FIELD,
    MissingName,
    details_update,
)

NOW = datetime(2026, 1, 2, tzinfo=UTC)
TRACK = Track(
    id=uuid4(),
    title="Moonlight",
    artist_id=uuid4(),
    artist_name="Nina",
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
    artist_name="Nina",
    release_date=date(2024, 5, 1),
    genre=None,
    track_count=1,
    has_cover=False,
    created_at=NOW,
    updated_at=NOW,
)


def played(track_title: str, minutes_ago: int) -> HistoryItem:
    track = msgspec.structs.replace(TRACK, id=uuid4(), title=track_title)
    return HistoryItem(
        played_at=NOW - timedelta(minutes=minutes_ago),
        listened_ms=60_000,
        device_id=None,
        track=track,
    )


def test_rows_and_cards_link_to_the_artist() -> None:
    assert TrackRow.of(TRACK).artist_href == f"/artist/{TRACK.artist_id}"
    assert AlbumCard.of(ALBUM).artist_href == f"/artist/{ALBUM.artist_id}"
    artist = Artist(
        id=uuid4(), name="Nina", bio=None, owner_id=None, created_at=NOW, updated_at=NOW
    )
    item = ArtistItem.of(artist)
    assert (item.name, item.bio, item.href) == ("Nina", "", f"/artist/{artist.id}")


def test_recently_played_lists_each_track_once_newest_first() -> None:
    first, second = played("Intro", 1), played("Outro", 2)
    again = HistoryItem(
        played_at=datetime(2025, 12, 31, tzinfo=UTC),
        listened_ms=60_000,
        device_id="web",
        track=first.track,
    )
    rows = recently_played([first, second, again, played("Third", 5)], limit=2)
    assert [row.title for row in rows] == ["Intro", "Outro"]
    assert [row.title for row in recently_played([first, again])] == ["Intro"]
    assert recently_played([]) == []


@pytest.mark.parametrize(
    ("index", "step", "order"),
    [
        (1, -1, ["b", "a", "c"]),
        (1, 1, ["a", "c", "b"]),
        (0, 1, ["b", "a", "c"]),
        (0, -1, ["a", "b", "c"]),
        (2, 1, ["a", "b", "c"]),
        (5, -1, ["a", "b", "c"]),
    ],
)
def test_moved_swaps_with_a_neighbour_and_never_leaves_the_list(
    index: int, step: int, order: list[str]
) -> None:
    items = ["a", "b", "c"]
    assert moved(items, index, step) == order
    assert items == ["a", "b", "c"]


def test_like_notices_name_what_changed() -> None:
    assert like_notice(LikeKind.TRACKS, "", liked=True) == "Added to Liked songs."
    assert like_notice(LikeKind.TRACKS, "", liked=False) == "Removed from Liked songs."
    assert like_notice(LikeKind.ARTISTS, "Nina", liked=True) == "Following Nina."
    assert like_notice(LikeKind.ARTISTS, "Nina", liked=False) == "Stopped following Nina."
    assert like_notice(LikeKind.ALBUMS, "Night", liked=True) == "Saved “Night” to your library."
    assert like_notice(LikeKind.PLAYLISTS, "Mix", liked=False) == "Removed “Mix” from your library."


def test_edit_form_becomes_the_apis_update() -> None:
    update = details_update(
        {NAME_FIELD: "  Road trip ", DESCRIPTION_FIELD: " Long drives ", PUBLIC_FIELD: "on"}
    )
    assert (update.name, update.description, update.is_public) == (
        "Road trip",
        "Long drives",
        True,
    )
    # An unchecked box is missing from the form; an empty description clears it.
    cleared = details_update({NAME_FIELD: "Road trip", DESCRIPTION_FIELD: "  "})
    assert (cleared.description, cleared.is_public) == (None, False)
    assert msgspec.json.decode(msgspec.json.encode(cleared)) == {
        "name": "Road trip",
        "description": None,
        "isPublic": False,
    }


def test_edit_form_needs_a_name() -> None:
    with pytest.raises(MissingName, match=r"Give the playlist a name\."):
        details_update({NAME_FIELD: "   ", PUBLIC_FIELD: "on"})
