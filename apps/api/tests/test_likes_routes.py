"""Likes of tracks, albums, artists and playlists under `/me/liked`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import delete, select

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import (
    Album,
    Artist,
    LikedAlbum,
    LikedArtist,
    LikedPlaylist,
    LikedTrack,
    Track,
)
from cadenza_api.services import open_session
from cadenza_api.settings import Settings

Client = AsyncTestClient[Litestar]
API = "/api/v1"
KINDS = ["tracks", "albums", "artists", "playlists"]


def error_of(response: Response, status: int, code: str) -> str:
    """Assert the one error body and return its detail."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return str(body["detail"])


async def like(client: Client, headers: dict[str, str], kind: str, target_id: Any) -> None:
    response = await client.put(f"{API}/me/liked/{kind}/{target_id}", headers=headers)
    assert response.status_code == 204, response.text
    assert response.content == b""


async def liked(client: Client, headers: dict[str, str], kind: str, **params: Any) -> Any:
    response = await client.get(f"{API}/me/liked/{kind}", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids_of(page: Any, kind: str) -> list[str]:
    key = kind.removesuffix("s")
    return [item[key]["id"] for item in page["items"]]


async def new_playlist(
    client: Client, headers: dict[str, str], name: str, *, public: bool
) -> dict[str, Any]:
    response = await client.post(
        f"{API}/playlists", json={"name": name, "isPublic": public}, headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


class Database:
    """Deletes catalogue rows straight through the ORM, as the catalogue's routes would."""

    def __init__(self, settings: Settings) -> None:
        self.config = build_sqlalchemy_config(settings.database)

    async def delete(self, model: type[Track | Album | Artist], row_id: Any) -> None:
        async with open_session(self.config) as session:
            await session.execute(delete(model).where(model.id == UUID(str(row_id))))

    async def likes_of(self, user_id: str) -> dict[str, list[str]]:
        """Every like row of a user, by kind, whether or not its target still exists."""
        tables = {
            "tracks": LikedTrack,
            "albums": LikedAlbum,
            "artists": LikedArtist,
            "playlists": LikedPlaylist,
        }
        async with open_session(self.config) as session:
            return {
                kind: [
                    str(target)
                    for target in await session.scalars(
                        select(table.target_id).where(table.user_id == UUID(user_id))
                    )
                ]
                for kind, table in tables.items()
            }


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[Database]:
    db = Database(settings)
    yield db
    await db.config.get_engine().dispose()


async def test_like_a_track_and_list_it(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    alice = await make_account()
    artist_id = await catalog_factory.artist("Nina")
    album_id = await catalog_factory.album(artist_id, "Blue")
    track_id = await catalog_factory.track(artist_id, "Sinnerman", album_id=album_id)

    await like(client, alice.headers, "tracks", track_id)
    body = await liked(client, alice.headers, "tracks")

    (item,) = body["items"]
    assert body == {"items": [item], "total": 1, "limit": 20, "offset": 0}
    assert item == {
        "likedAt": item["likedAt"],
        "track": {
            "id": str(track_id),
            "title": "Sinnerman",
            "artistId": str(artist_id),
            "artistName": "Nina",
            "albumId": str(album_id),
            "albumTitle": "Blue",
            "trackNumber": None,
            "discNumber": None,
            "durationMs": 180_000,
            "genre": None,
            "explicit": False,
            "status": "ready",
            "statusReason": None,
            "hasAudio": False,
            "trackGainDb": None,
            "playCount": 0,
            "createdAt": item["track"]["createdAt"],
            "updatedAt": item["track"]["updatedAt"],
        },
    }
    datetime.fromisoformat(item["likedAt"])


async def test_like_an_album_and_an_artist(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    alice = await make_account()
    artist_id = await catalog_factory.artist("Nina")
    album_id = await catalog_factory.album(artist_id, "Blue")
    await catalog_factory.track(artist_id, "One", album_id=album_id)
    await catalog_factory.track(artist_id, "Two", album_id=album_id)

    await like(client, alice.headers, "albums", album_id)
    await like(client, alice.headers, "artists", artist_id)
    albums = await liked(client, alice.headers, "albums")
    artists = await liked(client, alice.headers, "artists")

    (album_item,) = albums["items"]
    assert album_item == {
        "likedAt": album_item["likedAt"],
        "album": {
            "id": str(album_id),
            "title": "Blue",
            "artistId": str(artist_id),
            "artistName": "Nina",
            "releaseDate": None,
            "genre": None,
            "trackCount": 2,
            "hasCover": False,
            "createdAt": album_item["album"]["createdAt"],
            "updatedAt": album_item["album"]["updatedAt"],
        },
    }
    (artist_item,) = artists["items"]
    assert artist_item == {
        "likedAt": artist_item["likedAt"],
        "artist": {
            "id": str(artist_id),
            "name": "Nina",
            "bio": None,
            "ownerId": None,
            "createdAt": artist_item["artist"]["createdAt"],
            "updatedAt": artist_item["artist"]["updatedAt"],
        },
    }
    assert albums["total"] == 1
    assert artists["total"] == 1


async def test_like_a_playlist(client: Client, make_account: Any) -> None:
    alice = await make_account(username="alice")
    bob = await make_account()
    playlist = await new_playlist(client, alice.headers, "Shared", public=True)

    await like(client, bob.headers, "playlists", playlist["id"])
    body = await liked(client, bob.headers, "playlists")

    (item,) = body["items"]
    summary = {k: v for k, v in playlist.items() if k != "entries"}
    assert body == {
        "items": [{"likedAt": item["likedAt"], "playlist": summary}],
        "total": 1,
        "limit": 20,
        "offset": 0,
    }
    assert item["playlist"]["owner"] == {"id": alice.id, "username": "alice"}


async def test_likes_are_listed_newest_first_and_paged(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    alice = await make_account()
    artist_id = await catalog_factory.artist()
    tracks = [await catalog_factory.track(artist_id, f"T{i}") for i in range(4)]
    for track_id in (tracks[2], tracks[0], tracks[3], tracks[1]):
        await like(client, alice.headers, "tracks", track_id)

    everything = await liked(client, alice.headers, "tracks")
    second_page = await liked(client, alice.headers, "tracks", limit=2, offset=2)

    expected = [str(t) for t in (tracks[1], tracks[3], tracks[0], tracks[2])]
    assert ids_of(everything, "tracks") == expected
    assert everything["total"] == 4
    stamps = [datetime.fromisoformat(i["likedAt"]) for i in everything["items"]]
    assert stamps == sorted(stamps, reverse=True)
    assert ids_of(second_page, "tracks") == expected[2:]
    assert (second_page["total"], second_page["limit"], second_page["offset"]) == (4, 2, 2)


async def test_liking_twice_keeps_the_first_like(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    alice = await make_account()
    artist_id = await catalog_factory.artist()
    first = await catalog_factory.track(artist_id, "First")
    second = await catalog_factory.track(artist_id, "Second")
    await like(client, alice.headers, "tracks", first)
    await like(client, alice.headers, "tracks", second)
    before = await liked(client, alice.headers, "tracks")

    await like(client, alice.headers, "tracks", first)
    after = await liked(client, alice.headers, "tracks")

    assert after == before
    assert ids_of(after, "tracks") == [str(second), str(first)]


async def test_unlike_is_idempotent(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    alice = await make_account()
    artist_id = await catalog_factory.artist()
    kept = await catalog_factory.track(artist_id, "Kept")
    dropped = await catalog_factory.track(artist_id, "Dropped")
    await like(client, alice.headers, "tracks", kept)
    await like(client, alice.headers, "tracks", dropped)
    await like(client, alice.headers, "artists", artist_id)

    responses = [
        await client.delete(f"{API}/me/liked/tracks/{dropped}", headers=alice.headers),
        await client.delete(f"{API}/me/liked/tracks/{dropped}", headers=alice.headers),
        await client.delete(f"{API}/me/liked/albums/{uuid4()}", headers=alice.headers),
    ]

    assert [r.status_code for r in responses] == [204, 204, 204]
    assert all(r.content == b"" for r in responses)
    assert ids_of(await liked(client, alice.headers, "tracks"), "tracks") == [str(kept)]
    assert ids_of(await liked(client, alice.headers, "artists"), "artists") == [str(artist_id)]


async def test_likes_belong_to_one_user(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    alice = await make_account()
    bob = await make_account()
    artist_id = await catalog_factory.artist()
    track_id = await catalog_factory.track(artist_id)
    await like(client, alice.headers, "tracks", track_id)
    await like(client, bob.headers, "tracks", track_id)

    unliked = await client.delete(f"{API}/me/liked/tracks/{track_id}", headers=bob.headers)

    assert unliked.status_code == 204
    assert (await liked(client, bob.headers, "tracks"))["total"] == 0
    assert ids_of(await liked(client, alice.headers, "tracks"), "tracks") == [str(track_id)]


@pytest.mark.parametrize("kind", KINDS)
async def test_liking_something_unknown_is_a_404(
    client: Client, make_account: Any, kind: str
) -> None:
    alice = await make_account()
    ghost = uuid4()

    response = await client.put(f"{API}/me/liked/{kind}/{ghost}", headers=alice.headers)

    noun = kind.removesuffix("s")
    assert error_of(response, 404, "not_found") == f"No {noun} with id {ghost}."
    assert (await liked(client, alice.headers, kind))["total"] == 0


async def test_unknown_kind_and_malformed_ids_are_404s(client: Client, make_account: Any) -> None:
    alice = await make_account()
    target = uuid4()

    bad_kind = await client.put(f"{API}/me/liked/songs/{target}", headers=alice.headers)
    bad_kind_delete = await client.delete(f"{API}/me/liked/songs/{target}", headers=alice.headers)
    bad_id = await client.put(f"{API}/me/liked/tracks/not-a-uuid", headers=alice.headers)
    bad_list = await client.get(f"{API}/me/liked/songs", headers=alice.headers)

    expected = (
        "There is nothing called 'songs' to like; use one of: tracks, albums, artists, playlists."
    )
    assert error_of(bad_kind, 404, "not_found") == expected
    assert error_of(bad_kind_delete, 404, "not_found") == expected
    error_of(bad_id, 404, "not_found")
    error_of(bad_list, 404, "not_found")


async def test_someone_elses_private_playlist_cannot_be_liked(
    client: Client, make_account: Any
) -> None:
    alice = await make_account()
    bob = await make_account()
    private = await new_playlist(client, alice.headers, "Secret", public=False)

    as_bob = await client.put(f"{API}/me/liked/playlists/{private['id']}", headers=bob.headers)
    await like(client, alice.headers, "playlists", private["id"])

    assert error_of(as_bob, 404, "not_found") == f"No playlist with id {private['id']}."
    assert (await liked(client, bob.headers, "playlists"))["total"] == 0
    assert ids_of(await liked(client, alice.headers, "playlists"), "playlists") == [private["id"]]


async def test_a_liked_playlist_made_private_drops_out_of_the_list(
    client: Client, make_account: Any
) -> None:
    alice = await make_account()
    bob = await make_account()
    playlist = await new_playlist(client, alice.headers, "Fickle", public=True)
    url = f"{API}/playlists/{playlist['id']}"
    await like(client, bob.headers, "playlists", playlist["id"])

    hidden = await client.patch(url, json={"isPublic": False}, headers=alice.headers)
    while_private = await liked(client, bob.headers, "playlists")
    shown = await client.patch(url, json={"isPublic": True}, headers=alice.headers)
    while_public = await liked(client, bob.headers, "playlists")

    assert hidden.status_code == 200
    assert shown.status_code == 200
    assert while_private == {"items": [], "total": 0, "limit": 20, "offset": 0}
    assert ids_of(while_public, "playlists") == [playlist["id"]]


async def test_deleting_liked_things_removes_the_likes(
    client: Client, make_account: Any, catalog_factory: Any, database: Database
) -> None:
    alice = await make_account()
    artist_id = await catalog_factory.artist("Going")
    album_id = await catalog_factory.album(artist_id)
    track_id = await catalog_factory.track(artist_id, album_id=album_id)
    kept_artist = await catalog_factory.artist("Staying")
    kept_track = await catalog_factory.track(kept_artist)
    playlist = await new_playlist(client, alice.headers, "Mine", public=False)
    for kind, target in [
        ("tracks", track_id),
        ("tracks", kept_track),
        ("albums", album_id),
        ("artists", artist_id),
        ("artists", kept_artist),
        ("playlists", playlist["id"]),
    ]:
        await like(client, alice.headers, kind, target)

    await database.delete(Track, track_id)
    await database.delete(Album, album_id)
    await database.delete(Artist, artist_id)
    deleted = await client.delete(f"{API}/playlists/{playlist['id']}", headers=alice.headers)

    assert deleted.status_code == 204
    assert ids_of(await liked(client, alice.headers, "tracks"), "tracks") == [str(kept_track)]
    assert (await liked(client, alice.headers, "albums"))["total"] == 0
    assert ids_of(await liked(client, alice.headers, "artists"), "artists") == [str(kept_artist)]
    assert (await liked(client, alice.headers, "playlists"))["total"] == 0
    # The like rows themselves are gone, not merely hidden by the join.
    assert await database.likes_of(alice.id) == {
        "tracks": [str(kept_track)],
        "albums": [],
        "artists": [str(kept_artist)],
        "playlists": [],
    }


async def test_contains_answers_for_each_id_in_order(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    alice = await make_account()
    artist_id = await catalog_factory.artist()
    liked_track = await catalog_factory.track(artist_id, "Liked")
    other_track = await catalog_factory.track(artist_id, "Other")
    await like(client, alice.headers, "tracks", liked_track)
    url = f"{API}/me/liked/tracks/contains"

    response = await client.get(
        url,
        params={"ids": f"{other_track},{liked_track}, {uuid4()},{liked_track}"},
        headers=alice.headers,
    )
    malformed = await client.get(url, params={"ids": "abc"}, headers=alice.headers)
    empty = await client.get(url, params={"ids": ","}, headers=alice.headers)
    too_many = await client.get(
        url, params={"ids": ",".join(str(uuid4()) for _ in range(101))}, headers=alice.headers
    )
    missing = await client.get(url, headers=alice.headers)

    assert response.status_code == 200, response.text
    assert response.json() == [False, True, False, True]
    assert error_of(malformed, 400, "invalid_input") == "`ids` must be comma-separated track UUIDs."
    assert error_of(empty, 400, "invalid_input") == "Give at least one track id in `ids`."
    assert error_of(too_many, 400, "invalid_input") == "Give at most 100 track ids in `ids`."
    assert "ids" in error_of(missing, 400, "validation_error")


async def test_every_like_route_needs_a_signed_in_user(
    client: Client, catalog_factory: Any
) -> None:
    artist_id = await catalog_factory.artist()
    base = f"{API}/me/liked"

    responses = [
        await client.put(f"{base}/artists/{artist_id}"),
        await client.delete(f"{base}/artists/{artist_id}"),
        await client.get(f"{base}/tracks/contains", params={"ids": str(artist_id)}),
        *[await client.get(f"{base}/{kind}") for kind in KINDS],
    ]

    for response in responses:
        assert error_of(response, 401, "unauthorized") == "Authentication required."
