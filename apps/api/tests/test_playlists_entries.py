"""Playlist entries: insert, append, remove and reorder, keeping positions contiguous."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import delete, func, select

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import PlaylistEntry, Track
from cadenza_api.services import open_session
from cadenza_api.settings import Settings

Client = AsyncTestClient[Litestar]
API = "/api/v1"


def error_of(response: Response, status: int, code: str) -> str:
    """Assert the one error body and return its detail."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return str(body["detail"])


@dataclass
class Catalog:
    """Five tracks by one artist, the first two on an album; `t[i]` is a track id string."""

    artist_id: UUID
    album_id: UUID
    t: list[str]


DURATIONS = [100_000, 200_000, 300_000, 400_000, None]


@pytest.fixture
async def catalog(catalog_factory: Any) -> Catalog:
    artist_id = await catalog_factory.artist("The Testers")
    album_id = await catalog_factory.album(artist_id, "First Light")
    tracks = []
    for index, duration in enumerate(DURATIONS):
        tracks.append(
            await catalog_factory.track(
                artist_id,
                f"Song {index}",
                album_id=album_id if index < 2 else None,
                duration_ms=duration,
            )
        )
    return Catalog(artist_id=artist_id, album_id=album_id, t=[str(t) for t in tracks])


class Database:
    """Direct access to the test database, for what no route of this domain does."""

    def __init__(self, settings: Settings) -> None:
        self.config = build_sqlalchemy_config(settings.database)

    async def delete_track(self, track_id: str) -> None:
        """Delete a track through the ORM, as the catalogue's delete route would."""
        async with open_session(self.config) as session:
            await session.execute(delete(Track).where(Track.id == UUID(track_id)))

    async def entry_count(self, playlist_id: str) -> int:
        async with open_session(self.config) as session:
            count = await session.scalar(
                select(func.count())
                .select_from(PlaylistEntry)
                .where(PlaylistEntry.playlist_id == UUID(playlist_id))
            )
            return count or 0


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[Database]:
    db = Database(settings)
    yield db
    await db.config.get_engine().dispose()


async def new_playlist(client: Client, headers: dict[str, str], *, public: bool = False) -> str:
    response = await client.post(
        f"{API}/playlists", json={"name": "Mix", "isPublic": public}, headers=headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def add(
    client: Client,
    headers: dict[str, str],
    playlist_id: str,
    track_ids: list[str],
    position: int | None = None,
) -> Response:
    body: dict[str, Any] = {"trackIds": track_ids}
    if position is not None:
        body["position"] = position
    return await client.post(f"{API}/playlists/{playlist_id}/tracks", json=body, headers=headers)


def tracks_of(response: Response) -> list[str]:
    entries = response.json()["entries"]
    assert [e["position"] for e in entries] == list(range(len(entries)))
    return [e["track"]["id"] for e in entries]


def entry_ids(response: Response) -> list[str]:
    return [e["id"] for e in response.json()["entries"]]


async def test_append_to_an_empty_playlist(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    before = await client.get(f"{API}/playlists/{playlist_id}", headers=alice.headers)

    response = await add(client, alice.headers, playlist_id, [catalog.t[0], catalog.t[2]])

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["trackCount"] == 2
    assert body["durationMs"] == 400_000
    first, second = body["entries"]
    assert first == {
        "id": first["id"],
        "position": 0,
        "addedAt": first["addedAt"],
        "track": {
            "id": catalog.t[0],
            "title": "Song 0",
            "artistId": str(catalog.artist_id),
            "artistName": "The Testers",
            "albumId": str(catalog.album_id),
            "albumTitle": "First Light",
            "trackNumber": None,
            "discNumber": None,
            "durationMs": 100_000,
            "genre": None,
            "explicit": False,
            "status": "ready",
            "statusReason": None,
            "hasAudio": False,
            "trackGainDb": None,
            "playCount": 0,
            "createdAt": first["track"]["createdAt"],
            "updatedAt": first["track"]["updatedAt"],
        },
    }
    assert second["position"] == 1
    assert second["track"]["id"] == catalog.t[2]
    assert second["track"]["albumId"] is None
    assert second["track"]["albumTitle"] is None
    assert datetime.fromisoformat(body["updatedAt"]) > datetime.fromisoformat(
        before.json()["updatedAt"]
    )
    fetched = await client.get(f"{API}/playlists/{playlist_id}", headers=alice.headers)
    assert fetched.json() == body


async def test_append_goes_after_existing_entries(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    await add(client, alice.headers, playlist_id, [catalog.t[0], catalog.t[1]])

    response = await add(client, alice.headers, playlist_id, [catalog.t[2]])

    assert tracks_of(response) == [catalog.t[0], catalog.t[1], catalog.t[2]]


@pytest.mark.parametrize(
    ("position", "expected"),
    [(0, [3, 4, 0, 1, 2]), (1, [0, 3, 4, 1, 2]), (2, [0, 1, 3, 4, 2]), (3, [0, 1, 2, 3, 4])],
)
async def test_insert_at_a_position(
    client: Client, make_account: Any, catalog: Catalog, position: int, expected: list[int]
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    await add(client, alice.headers, playlist_id, catalog.t[:3])

    response = await add(client, alice.headers, playlist_id, catalog.t[3:], position=position)

    assert response.status_code == 200, response.text
    assert tracks_of(response) == [catalog.t[i] for i in expected]
    assert response.json()["trackCount"] == 5


async def test_position_past_the_end_is_rejected(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    await add(client, alice.headers, playlist_id, catalog.t[:2])

    response = await add(client, alice.headers, playlist_id, [catalog.t[2]], position=3)
    negative = await add(client, alice.headers, playlist_id, [catalog.t[2]], position=-1)

    assert error_of(response, 400, "invalid_input") == (
        "Position 3 is past the end of the playlist, which has 2 entries; "
        "use 0 to 2 or omit it to append."
    )
    assert "position" in error_of(negative, 400, "validation_error")
    current = await client.get(f"{API}/playlists/{playlist_id}", headers=alice.headers)
    assert tracks_of(current) == catalog.t[:2]


async def test_the_same_track_may_appear_several_times(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    await add(client, alice.headers, playlist_id, [catalog.t[1], catalog.t[1]])

    response = await add(client, alice.headers, playlist_id, [catalog.t[1]], position=1)

    assert tracks_of(response) == [catalog.t[1]] * 3
    assert len(set(entry_ids(response))) == 3
    assert response.json()["trackCount"] == 3
    assert response.json()["durationMs"] == 600_000


async def test_unknown_track_adds_nothing(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    await add(client, alice.headers, playlist_id, [catalog.t[0]])
    before = await client.get(f"{API}/playlists/{playlist_id}", headers=alice.headers)
    ghost, other_ghost = str(uuid4()), str(uuid4())

    one = await add(client, alice.headers, playlist_id, [catalog.t[1], ghost, catalog.t[2]])
    two = await add(client, alice.headers, playlist_id, [ghost, catalog.t[1], other_ghost, ghost])

    assert error_of(one, 404, "not_found") == f"No track with id {ghost}; nothing was added."
    assert error_of(two, 404, "not_found") == (
        f"No tracks with id {ghost}, {other_ghost}; nothing was added."
    )
    after = await client.get(f"{API}/playlists/{playlist_id}", headers=alice.headers)
    assert after.json() == before.json()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"trackIds": []}, "trackIds"),
        ({}, "trackIds"),
        ({"trackIds": ["not-a-uuid"]}, "trackIds"),
        ({"trackIds": "abc"}, "trackIds"),
        ({"trackIds": [str(uuid4())], "position": "first"}, "position"),
        ({"trackIds": [str(uuid4())], "at": 0}, "at"),
    ],
)
async def test_add_rejects_invalid_bodies(
    client: Client, make_account: Any, payload: dict[str, Any], field: str
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)

    response = await client.post(
        f"{API}/playlists/{playlist_id}/tracks", json=payload, headers=alice.headers
    )

    assert field in error_of(response, 400, "validation_error")


async def test_add_to_a_missing_or_malformed_playlist(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    missing = str(uuid4())

    response = await add(client, alice.headers, missing, [catalog.t[0]])
    malformed = await add(client, alice.headers, "nope", [catalog.t[0]])

    assert error_of(response, 404, "not_found") == f"No playlist with id {missing}."
    error_of(malformed, 404, "not_found")


async def test_remove_entries_keeps_positions_contiguous(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    added = await add(client, alice.headers, playlist_id, catalog.t[:4])
    ids = entry_ids(added)

    response = await client.request(
        "DELETE",
        f"{API}/playlists/{playlist_id}/tracks",
        json={"entryIds": [ids[1], ids[3]]},
        headers=alice.headers,
    )

    assert response.status_code == 200, response.text
    assert tracks_of(response) == [catalog.t[0], catalog.t[2]]
    assert entry_ids(response) == [ids[0], ids[2]]
    assert response.json()["trackCount"] == 2
    assert response.json()["durationMs"] == 400_000
    assert datetime.fromisoformat(response.json()["updatedAt"]) > datetime.fromisoformat(
        added.json()["updatedAt"]
    )
    fetched = await client.get(f"{API}/playlists/{playlist_id}", headers=alice.headers)
    assert fetched.json() == response.json()


async def test_remove_one_copy_of_a_repeated_track(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    added = await add(
        client, alice.headers, playlist_id, [catalog.t[0], catalog.t[1], catalog.t[0]]
    )
    ids = entry_ids(added)

    response = await client.request(
        "DELETE",
        f"{API}/playlists/{playlist_id}/tracks",
        json={"entryIds": [ids[0]]},
        headers=alice.headers,
    )

    assert tracks_of(response) == [catalog.t[1], catalog.t[0]]
    assert entry_ids(response) == [ids[1], ids[2]]


async def test_remove_with_an_unknown_entry_removes_nothing(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    other_id = await new_playlist(client, alice.headers)
    added = await add(client, alice.headers, playlist_id, catalog.t[:2])
    elsewhere = entry_ids(await add(client, alice.headers, other_id, [catalog.t[0]]))[0]
    ghost = str(uuid4())
    url = f"{API}/playlists/{playlist_id}/tracks"

    unknown = await client.request(
        "DELETE", url, json={"entryIds": [entry_ids(added)[0], ghost]}, headers=alice.headers
    )
    foreign = await client.request(
        "DELETE", url, json={"entryIds": [elsewhere]}, headers=alice.headers
    )
    empty = await client.request("DELETE", url, json={"entryIds": []}, headers=alice.headers)
    unknown_field = await client.request(
        "DELETE", url, json={"trackIds": [catalog.t[0]]}, headers=alice.headers
    )

    assert error_of(unknown, 404, "not_found") == (
        f"This playlist has no entry with id {ghost}; nothing was removed."
    )
    error_of(foreign, 404, "not_found")
    assert "entryIds" in error_of(empty, 400, "validation_error")
    assert "trackIds" in error_of(unknown_field, 400, "validation_error")
    current = await client.get(f"{API}/playlists/{playlist_id}", headers=alice.headers)
    assert current.json() == added.json()


async def test_reorder_with_a_permutation(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    added = await add(client, alice.headers, playlist_id, catalog.t[:4])
    a, b, c, d = entry_ids(added)

    response = await client.put(
        f"{API}/playlists/{playlist_id}/tracks/order",
        json={"entryIds": [d, b, a, c]},
        headers=alice.headers,
    )

    assert response.status_code == 200, response.text
    assert entry_ids(response) == [d, b, a, c]
    assert tracks_of(response) == [catalog.t[3], catalog.t[1], catalog.t[0], catalog.t[2]]
    assert response.json()["trackCount"] == 4
    assert datetime.fromisoformat(response.json()["updatedAt"]) > datetime.fromisoformat(
        added.json()["updatedAt"]
    )
    fetched = await client.get(f"{API}/playlists/{playlist_id}", headers=alice.headers)
    assert fetched.json() == response.json()


async def test_stale_reorder_is_a_conflict(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    a, b, c = entry_ids(await add(client, alice.headers, playlist_id, catalog.t[:3]))
    current = await add(client, alice.headers, playlist_id, [catalog.t[3]])
    url = f"{API}/playlists/{playlist_id}/tracks/order"
    expected_detail = (
        "The playlist changed: the new order must list each of its 4 current entries "
        "exactly once. Reload it and try again."
    )

    # The client still thinks the playlist holds a, b and c.
    stale = await client.put(url, json={"entryIds": [c, b, a]}, headers=alice.headers)
    repeated = await client.put(url, json={"entryIds": [c, b, a, a]}, headers=alice.headers)
    # Every current entry, but one of them twice.
    padded = await client.put(
        url, json={"entryIds": [*entry_ids(current), a]}, headers=alice.headers
    )
    foreign = await client.put(
        url, json={"entryIds": [c, b, a, str(uuid4())]}, headers=alice.headers
    )
    empty = await client.put(url, json={"entryIds": []}, headers=alice.headers)

    assert error_of(stale, 409, "conflict") == expected_detail
    assert error_of(repeated, 409, "conflict") == expected_detail
    assert error_of(padded, 409, "conflict") == expected_detail
    assert error_of(foreign, 409, "conflict") == expected_detail
    assert "entryIds" in error_of(empty, 400, "validation_error")
    after = await client.get(f"{API}/playlists/{playlist_id}", headers=alice.headers)
    assert after.json() == current.json()


async def test_playlist_totals_follow_its_entries(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers, public=True)

    # Song 4 has no known duration: it counts as a track but adds nothing to the duration.
    added = await add(client, alice.headers, playlist_id, [catalog.t[4], catalog.t[3]])
    listed = await client.get(f"{API}/me/playlists", headers=alice.headers)
    public = await client.get(f"{API}/playlists")

    assert added.json()["trackCount"] == 2
    assert added.json()["durationMs"] == 400_000
    for page in (listed, public):
        (summary,) = page.json()["items"]
        assert summary["trackCount"] == 2
        assert summary["durationMs"] == 400_000


async def test_deleting_a_track_drops_its_entries(
    client: Client, make_account: Any, catalog: Catalog, database: Database
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    added = await add(
        client, alice.headers, playlist_id, [catalog.t[0], catalog.t[1], catalog.t[2]]
    )
    first, _, third = entry_ids(added)

    await database.delete_track(catalog.t[1])
    fetched = await client.get(f"{API}/playlists/{playlist_id}", headers=alice.headers)
    appended = await add(client, alice.headers, playlist_id, [catalog.t[3]], position=2)

    assert tracks_of(fetched) == [catalog.t[0], catalog.t[2]]
    assert entry_ids(fetched) == [first, third]
    assert fetched.json()["trackCount"] == 2
    assert fetched.json()["durationMs"] == 400_000
    assert tracks_of(appended) == [catalog.t[0], catalog.t[2], catalog.t[3]]


async def test_others_cannot_change_the_entries_of_a_private_playlist(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    bob = await make_account()
    playlist_id = await new_playlist(client, alice.headers)
    added = await add(client, alice.headers, playlist_id, catalog.t[:2])
    ids = entry_ids(added)
    url = f"{API}/playlists/{playlist_id}/tracks"

    for headers in (bob.headers, {}):
        status, code = (404, "not_found") if headers else (401, "unauthorized")
        error_of(await add(client, headers, playlist_id, [catalog.t[2]]), status, code)
        removed = await client.request("DELETE", url, json={"entryIds": ids[:1]}, headers=headers)
        error_of(removed, status, code)
        reordered = await client.put(f"{url}/order", json={"entryIds": ids[::-1]}, headers=headers)
        error_of(reordered, status, code)

    current = await client.get(f"{API}/playlists/{playlist_id}", headers=alice.headers)
    assert current.json() == added.json()


async def test_others_cannot_change_the_entries_of_a_public_playlist(
    client: Client, make_account: Any, catalog: Catalog
) -> None:
    alice = await make_account()
    bob = await make_account()
    playlist_id = await new_playlist(client, alice.headers, public=True)
    added = await add(client, alice.headers, playlist_id, catalog.t[:2])
    ids = entry_ids(added)
    url = f"{API}/playlists/{playlist_id}/tracks"

    added_by_bob = await add(client, bob.headers, playlist_id, [catalog.t[2]])
    removed_by_bob = await client.request(
        "DELETE", url, json={"entryIds": ids[:1]}, headers=bob.headers
    )
    reordered_by_bob = await client.put(
        f"{url}/order", json={"entryIds": ids[::-1]}, headers=bob.headers
    )

    for response in (added_by_bob, removed_by_bob, reordered_by_bob):
        assert error_of(response, 403, "forbidden") == "Only the playlist's owner may change it."
    current = await client.get(f"{API}/playlists/{playlist_id}")
    assert current.json() == added.json()


async def test_deleting_a_playlist_deletes_its_entries(
    client: Client, make_account: Any, catalog: Catalog, database: Database
) -> None:
    alice = await make_account()
    playlist_id = await new_playlist(client, alice.headers, public=True)
    await add(client, alice.headers, playlist_id, catalog.t[:3])
    assert await database.entry_count(playlist_id) == 3

    response = await client.delete(f"{API}/playlists/{playlist_id}", headers=alice.headers)

    assert response.status_code == 204
    error_of(await client.get(f"{API}/playlists/{playlist_id}"), 404, "not_found")
    assert await database.entry_count(playlist_id) == 0
