"""`/tracks`: create with album checks, ownership, filters, sorting and PATCH semantics."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

from litestar import Litestar
from litestar.testing import AsyncTestClient

from cadenza_contracts.accounts import Role

API = "/api/v1"
Client = AsyncTestClient[Litestar]
MakeAccount = Callable[..., Awaitable[Any]]


def _assert_error(response: Any, status: int, code: str) -> str:
    """The one error body, exactly: `{status, code, detail}` (+ `errors`); returns `detail`."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) - {"errors"} == {"status", "code", "detail"}, body
    assert body["status"] == status
    assert body["code"] == code
    assert isinstance(body["detail"], str)
    assert body["detail"]
    detail: str = body["detail"]
    return detail


def _titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


async def test_owner_creates_a_track_on_their_album(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    owner = await make_account(Role.ARTIST)
    artist_id = await catalog_factory.artist("Daft Punk", owner_id=UUID(owner.id))
    album_id = await catalog_factory.album(artist_id, "Discovery")

    response = await client.post(
        f"{API}/tracks",
        json={
            "title": " One More Time ",
            "artistId": str(artist_id),
            "albumId": str(album_id),
            "trackNumber": 1,
            "discNumber": 1,
            "durationMs": 320_000,
            "genre": "House",
            "explicit": True,
        },
        headers=owner.headers,
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body == {
        "id": body["id"],
        "title": "One More Time",
        "artistId": str(artist_id),
        "artistName": "Daft Punk",
        "albumId": str(album_id),
        "albumTitle": "Discovery",
        "trackNumber": 1,
        "discNumber": 1,
        "durationMs": 320_000,
        "genre": "House",
        "explicit": True,
        "status": "ready",
        "statusReason": None,
        "hasAudio": False,
        "trackGainDb": None,
        "playCount": 0,
        "createdAt": body["createdAt"],
        "updatedAt": body["updatedAt"],
    }
    assert (await client.get(f"{API}/tracks/{body['id']}")).json() == body
    assert (await client.get(f"{API}/albums/{album_id}")).json()["trackCount"] == 1


async def test_a_single_has_defaults(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist_id = await catalog_factory.artist("Singles Only")

    response = await client.post(
        f"{API}/tracks", json={"title": "Single", "artistId": str(artist_id)}, headers=admin.headers
    )

    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in body if key not in {"id", "createdAt", "updatedAt"}} == {
        "title": "Single",
        "artistId": str(artist_id),
        "artistName": "Singles Only",
        "albumId": None,
        "albumTitle": None,
        "trackNumber": None,
        "discNumber": None,
        "durationMs": None,
        "genre": None,
        "explicit": False,
        "status": "ready",
        "statusReason": None,
        "hasAudio": False,
        "trackGainDb": None,
        "playCount": 0,
    }


async def test_album_must_exist_and_be_by_the_same_artist(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist_id = str(await catalog_factory.artist("Mine"))
    other_artist = await catalog_factory.artist("Someone Else")
    foreign_album = await catalog_factory.album(other_artist, "Not Mine")
    missing = uuid4()

    unknown_album = await client.post(
        f"{API}/tracks",
        json={"title": "Lost", "artistId": artist_id, "albumId": str(missing)},
        headers=admin.headers,
    )
    wrong_artist = await client.post(
        f"{API}/tracks",
        json={"title": "Stray", "artistId": artist_id, "albumId": str(foreign_album)},
        headers=admin.headers,
    )
    unknown_artist = await client.post(
        f"{API}/tracks", json={"title": "Nobody's", "artistId": str(missing)}, headers=admin.headers
    )

    detail = _assert_error(unknown_album, 404, "not_found")
    assert "albumId" in detail
    assert str(missing) in detail
    assert "albumId" in _assert_error(wrong_artist, 400, "invalid_input")
    assert str(missing) in _assert_error(unknown_artist, 404, "not_found")
    assert (await client.get(f"{API}/tracks")).json()["total"] == 0


async def test_create_track_permissions(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    owner = await make_account(Role.ARTIST)
    other_artist = await make_account(Role.ARTIST)
    listener = await make_account(Role.LISTENER)
    admin = await make_account(Role.ADMIN)
    artist_id = str(await catalog_factory.artist("Owned", owner_id=UUID(owner.id)))
    await catalog_factory.artist("Theirs", owner_id=UUID(other_artist.id))
    body = {"title": "Fresh", "artistId": artist_id}

    _assert_error(await client.post(f"{API}/tracks", json=body), 401, "unauthorized")
    _assert_error(
        await client.post(f"{API}/tracks", json=body, headers=listener.headers), 403, "forbidden"
    )
    _assert_error(
        await client.post(f"{API}/tracks", json=body, headers=other_artist.headers),
        403,
        "forbidden",
    )
    assert (await client.get(f"{API}/tracks")).json()["total"] == 0
    assert (await client.post(f"{API}/tracks", json=body, headers=owner.headers)).status_code == 201
    by_admin = await client.post(
        f"{API}/tracks", json={**body, "title": "Admin's"}, headers=admin.headers
    )
    assert by_admin.status_code == 201
    assert _titles(await client.get(f"{API}/tracks")) == ["Admin's", "Fresh"]


async def _seed_tracks(client: Client, admin: Any, catalog_factory: Any) -> dict[str, str]:
    """Two artists, one album, five tracks with distinct durations, numbers and genres."""
    first = str(await catalog_factory.artist("First"))
    second = str(await catalog_factory.artist("Second"))
    album = str(await catalog_factory.album(UUID(first), "The Album"))
    for title, artist_id, album_id, number, duration, genre, explicit in [
        ("Charlie", first, album, 2, 200_000, "Rock", False),
        ("alpha", first, album, 1, None, "rock", True),
        ("Bravo", first, None, None, 100_000, "Jazz", False),
        ("Delta", second, None, 3, 400_000, None, True),
        ("echo", second, None, None, 300_000, "Jazz", False),
    ]:
        response = await client.post(
            f"{API}/tracks",
            json={
                "title": title,
                "artistId": artist_id,
                "albumId": album_id,
                "trackNumber": number,
                "durationMs": duration,
                "genre": genre,
                "explicit": explicit,
            },
            headers=admin.headers,
        )
        assert response.status_code == 201, response.text
    return {"first": first, "second": second, "album": album}


async def test_list_filters(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    ids = await _seed_tracks(client, admin, catalog_factory)

    async def titles(**params: str) -> list[str]:
        return _titles(await client.get(f"{API}/tracks", params=params))

    assert await titles() == ["alpha", "Bravo", "Charlie", "Delta", "echo"]
    assert await titles(q="HA") == ["alpha", "Charlie"]
    assert await titles(artistId=ids["second"]) == ["Delta", "echo"]
    assert await titles(albumId=ids["album"]) == ["alpha", "Charlie"]
    assert await titles(genre="ROCK") == ["alpha", "Charlie"]
    assert await titles(genre="jazz", artistId=ids["first"]) == ["Bravo"]
    assert await titles(explicit="true") == ["alpha", "Delta"]
    assert await titles(explicit="false") == ["Bravo", "Charlie", "echo"]
    assert await titles(explicit="false", q="o", artistId=ids["second"]) == ["echo"]
    counted = await client.get(f"{API}/tracks", params={"explicit": "false", "limit": 1})
    assert counted.json()["total"] == 3
    assert _titles(counted) == ["Bravo"]
    _assert_error(
        await client.get(f"{API}/tracks", params={"explicit": "sometimes"}), 400, "validation_error"
    )
    _assert_error(
        await client.get(f"{API}/tracks", params={"albumId": "123"}), 400, "validation_error"
    )


async def test_sorting(client: Client, make_account: MakeAccount, catalog_factory: Any) -> None:
    admin = await make_account(Role.ADMIN)
    await _seed_tracks(client, admin, catalog_factory)

    async def order(sort: str) -> list[str]:
        return _titles(await client.get(f"{API}/tracks", params={"sort": sort}))

    assert await order("-title") == ["echo", "Delta", "Charlie", "Bravo", "alpha"]
    # Missing values sort last in both directions.
    assert await order("durationMs") == ["Bravo", "Charlie", "echo", "Delta", "alpha"]
    assert await order("-durationMs") == ["Delta", "echo", "Charlie", "Bravo", "alpha"]
    assert await order("trackNumber") == ["alpha", "Charlie", "Delta", "Bravo", "echo"]
    assert await order("-trackNumber") == ["Delta", "Charlie", "alpha", "Bravo", "echo"]
    assert await order("createdAt") == ["Charlie", "alpha", "Bravo", "Delta", "echo"]
    assert await order("-createdAt") == ["echo", "Delta", "Bravo", "alpha", "Charlie"]
    for bad in ["duration", "--title", "-", "releaseDate"]:
        _assert_error(await client.get(f"{API}/tracks", params={"sort": bad}), 400, "invalid_input")


async def test_patch_semantics(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    owner = await make_account(Role.ARTIST)
    artist_id = await catalog_factory.artist("Patcher", owner_id=UUID(owner.id))
    album_id = await catalog_factory.album(artist_id, "Home")
    foreign_album = await catalog_factory.album(await catalog_factory.artist("Else"), "Away")
    created = await client.post(
        f"{API}/tracks",
        json={
            "title": "Take 1",
            "artistId": str(artist_id),
            "albumId": str(album_id),
            "trackNumber": 4,
            "discNumber": 1,
            "durationMs": 1000,
            "genre": "Blues",
            "explicit": True,
        },
        headers=owner.headers,
    )
    track = created.json()
    url = f"{API}/tracks/{track['id']}"

    retitled = await client.patch(url, json={"title": "Take 2 "}, headers=owner.headers)
    assert retitled.status_code == 200, retitled.text
    assert retitled.json() == {
        **track,
        "title": "Take 2",
        "updatedAt": retitled.json()["updatedAt"],
    }

    detached = await client.patch(
        url,
        json={"albumId": None, "trackNumber": None, "genre": None, "explicit": False},
        headers=owner.headers,
    )
    assert detached.status_code == 200, detached.text
    assert {key: detached.json()[key] for key in ["albumId", "albumTitle", "trackNumber"]} == {
        "albumId": None,
        "albumTitle": None,
        "trackNumber": None,
    }
    assert (detached.json()["genre"], detached.json()["explicit"]) == (None, False)
    assert (detached.json()["discNumber"], detached.json()["durationMs"]) == (1, 1000)
    assert (await client.get(f"{API}/albums/{album_id}")).json()["trackCount"] == 0

    reattached = await client.patch(
        url, json={"albumId": str(album_id), "durationMs": 2000}, headers=owner.headers
    )
    assert (reattached.json()["albumId"], reattached.json()["albumTitle"]) == (
        str(album_id),
        "Home",
    )
    assert reattached.json()["durationMs"] == 2000

    to_foreign = await client.patch(
        url, json={"albumId": str(foreign_album)}, headers=owner.headers
    )
    to_missing = await client.patch(url, json={"albumId": str(uuid4())}, headers=owner.headers)
    explicit_null = await client.patch(url, json={"explicit": None}, headers=owner.headers)
    _assert_error(to_foreign, 400, "invalid_input")
    _assert_error(to_missing, 404, "not_found")
    _assert_error(explicit_null, 400, "validation_error")
    final = (await client.get(url)).json()
    assert (final["title"], final["albumTitle"], final["durationMs"]) == ("Take 2", "Home", 2000)


async def test_edit_and_delete_ownership_matrix(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    owner = await make_account(Role.ARTIST)
    other_artist = await make_account(Role.ARTIST)
    listener = await make_account(Role.LISTENER)
    admin = await make_account(Role.ADMIN)
    artist_id = await catalog_factory.artist("Owned", owner_id=UUID(owner.id))
    await catalog_factory.artist("Theirs", owner_id=UUID(other_artist.id))
    track_id = await catalog_factory.track(artist_id, "Owned Track")
    url = f"{API}/tracks/{track_id}"
    change = {"explicit": True}

    _assert_error(await client.patch(url, json=change), 401, "unauthorized")
    _assert_error(await client.patch(url, json=change, headers=listener.headers), 403, "forbidden")
    _assert_error(
        await client.patch(url, json=change, headers=other_artist.headers), 403, "forbidden"
    )
    assert (await client.get(url)).json()["explicit"] is False
    assert (await client.patch(url, json=change, headers=owner.headers)).json()["explicit"] is True
    by_admin = await client.patch(url, json={"title": "Remastered"}, headers=admin.headers)
    assert by_admin.json()["title"] == "Remastered"

    _assert_error(await client.delete(url), 401, "unauthorized")
    _assert_error(await client.delete(url, headers=listener.headers), 403, "forbidden")
    _assert_error(await client.delete(url, headers=other_artist.headers), 403, "forbidden")
    deleted = await client.delete(url, headers=owner.headers)
    assert deleted.status_code == 204
    _assert_error(await client.get(url), 404, "not_found")
    another = await catalog_factory.track(artist_id, "Another")
    assert (
        await client.delete(f"{API}/tracks/{another}", headers=admin.headers)
    ).status_code == 204
    assert (await client.get(f"{API}/tracks")).json()["total"] == 0
