"""`/albums`: create with genre names, ownership, lists, PATCH semantics, album tracks."""

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


async def _genre_names(client: Client) -> list[str]:
    response = await client.get(f"{API}/genres", params={"limit": 100})
    return [genre["name"] for genre in response.json()["items"]]


async def test_owner_creates_an_album(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    owner = await make_account(Role.ARTIST)
    artist_id = await catalog_factory.artist("Miles Davis", owner_id=UUID(owner.id))

    response = await client.post(
        f"{API}/albums",
        json={
            "title": "  Kind of Blue  ",
            "artistId": str(artist_id),
            "releaseDate": "1959-08-17",
            "genre": " Jazz ",
        },
        headers=owner.headers,
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body == {
        "id": body["id"],
        "title": "Kind of Blue",
        "artistId": str(artist_id),
        "artistName": "Miles Davis",
        "releaseDate": "1959-08-17",
        "genre": "Jazz",
        "trackCount": 0,
        "hasCover": False,
        "createdAt": body["createdAt"],
        "updatedAt": body["updatedAt"],
    }
    assert (await client.get(f"{API}/albums/{body['id']}")).json() == body
    assert await _genre_names(client) == ["Jazz"]


async def test_album_defaults_and_track_count(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist_id = await catalog_factory.artist("Anyone")

    created = await client.post(
        f"{API}/albums", json={"title": "Bare", "artistId": str(artist_id)}, headers=admin.headers
    )
    album_id = created.json()["id"]
    await catalog_factory.track(artist_id, "One", album_id=UUID(album_id))
    await catalog_factory.track(artist_id, "Two", album_id=UUID(album_id))
    await catalog_factory.track(artist_id, "Elsewhere")

    assert created.status_code == 201
    assert (created.json()["releaseDate"], created.json()["genre"]) == (None, None)
    assert created.json()["trackCount"] == 0
    assert (await client.get(f"{API}/albums/{album_id}")).json()["trackCount"] == 2
    listed = (await client.get(f"{API}/albums")).json()["items"]
    assert [(a["title"], a["trackCount"]) for a in listed] == [("Bare", 2)]
    assert await _genre_names(client) == []


async def test_genre_names_are_found_ignoring_case_or_created(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist_id = str(await catalog_factory.artist("Genre Hopper"))
    seeded = await client.post(f"{API}/genres", json={"name": "Rock"}, headers=admin.headers)
    assert seeded.status_code == 201

    shouting = await client.post(
        f"{API}/albums",
        json={"title": "Loud", "artistId": artist_id, "genre": "ROCK"},
        headers=admin.headers,
    )
    new_genre = await client.post(
        f"{API}/albums",
        json={"title": "Smooth", "artistId": artist_id, "genre": "Bossa Nova"},
        headers=admin.headers,
    )
    same_new_genre = await client.post(
        f"{API}/albums",
        json={"title": "Smoother", "artistId": artist_id, "genre": "bossa nova"},
        headers=admin.headers,
    )

    assert shouting.json()["genre"] == "Rock"
    assert new_genre.json()["genre"] == "Bossa Nova"
    assert same_new_genre.json()["genre"] == "Bossa Nova"
    assert await _genre_names(client) == ["Bossa Nova", "Rock"]


async def test_create_album_permissions(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    owner = await make_account(Role.ARTIST)
    other_artist = await make_account(Role.ARTIST)
    listener = await make_account(Role.LISTENER)
    admin = await make_account(Role.ADMIN)
    artist_id = str(await catalog_factory.artist("Owned", owner_id=UUID(owner.id)))
    await catalog_factory.artist("Other's", owner_id=UUID(other_artist.id))
    body = {"title": "New", "artistId": artist_id}

    _assert_error(await client.post(f"{API}/albums", json=body), 401, "unauthorized")
    _assert_error(
        await client.post(f"{API}/albums", json=body, headers=listener.headers), 403, "forbidden"
    )
    # Naming someone else's artist in the body is refused, even for another artist user.
    _assert_error(
        await client.post(f"{API}/albums", json=body, headers=other_artist.headers),
        403,
        "forbidden",
    )
    assert (await client.get(f"{API}/albums")).json()["total"] == 0
    by_owner = await client.post(f"{API}/albums", json=body, headers=owner.headers)
    by_admin = await client.post(
        f"{API}/albums", json={**body, "title": "By Admin"}, headers=admin.headers
    )
    assert (by_owner.status_code, by_admin.status_code) == (201, 201)
    assert _titles(await client.get(f"{API}/albums")) == ["By Admin", "New"]


async def test_create_album_for_unknown_artist_is_404(
    client: Client, make_account: MakeAccount
) -> None:
    admin = await make_account(Role.ADMIN)
    missing = uuid4()

    response = await client.post(
        f"{API}/albums", json={"title": "Orphan", "artistId": str(missing)}, headers=admin.headers
    )

    assert str(missing) in _assert_error(response, 404, "not_found")
    assert await _genre_names(client) == []


async def test_list_filters(
    client: Client, catalog_factory: Any, make_account: MakeAccount
) -> None:
    admin = await make_account(Role.ADMIN)
    first = str(await catalog_factory.artist("First"))
    second = str(await catalog_factory.artist("Second"))
    for title, artist_id, genre in [
        ("Night Drive", first, "Synthwave"),
        ("Daylight", first, "Pop"),
        ("Nightfall", second, "synthwave"),
        ("Untagged Night", second, None),
    ]:
        response = await client.post(
            f"{API}/albums",
            json={"title": title, "artistId": artist_id, "genre": genre},
            headers=admin.headers,
        )
        assert response.status_code == 201, response.text

    async def titles(**params: str) -> list[str]:
        return _titles(await client.get(f"{API}/albums", params=params))

    assert await titles(q="NIGHT") == ["Night Drive", "Nightfall", "Untagged Night"]
    assert await titles(artistId=first) == ["Daylight", "Night Drive"]
    assert await titles(genre="SYNTHWAVE") == ["Night Drive", "Nightfall"]
    assert await titles(genre="Jazz") == []
    assert await titles(q="night", artistId=second) == ["Nightfall", "Untagged Night"]
    assert await titles(q="night", genre="synthwave", artistId=second) == ["Nightfall"]
    filtered = await client.get(f"{API}/albums", params={"q": "night", "limit": 1})
    assert filtered.json()["total"] == 3
    _assert_error(
        await client.get(f"{API}/albums", params={"artistId": "not-a-uuid"}),
        400,
        "validation_error",
    )


async def test_sorting_puts_missing_release_dates_last(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist_id = str(await catalog_factory.artist("Chronological"))
    for title, released in [
        ("b-side", "2001-01-01"),
        ("Undated", None),
        ("Archive", "1990-05-05"),
        ("Comeback", "2020-02-02"),
    ]:
        response = await client.post(
            f"{API}/albums",
            json={"title": title, "artistId": artist_id, "releaseDate": released},
            headers=admin.headers,
        )
        assert response.status_code == 201

    async def order(sort: str) -> list[str]:
        return _titles(await client.get(f"{API}/albums", params={"sort": sort}))

    assert await order("title") == ["Archive", "b-side", "Comeback", "Undated"]
    assert await order("-title") == ["Undated", "Comeback", "b-side", "Archive"]
    assert await order("releaseDate") == ["Archive", "b-side", "Comeback", "Undated"]
    assert await order("-releaseDate") == ["Comeback", "b-side", "Archive", "Undated"]
    assert await order("createdAt") == ["b-side", "Undated", "Archive", "Comeback"]
    assert await order("-createdAt") == ["Comeback", "Archive", "Undated", "b-side"]
    assert "releaseDate" in _assert_error(
        await client.get(f"{API}/albums", params={"sort": "name"}), 400, "invalid_input"
    )


async def test_patch_semantics(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    owner = await make_account(Role.ARTIST)
    artist_id = str(await catalog_factory.artist("Patcher", owner_id=UUID(owner.id)))
    created = await client.post(
        f"{API}/albums",
        json={
            "title": "Draft",
            "artistId": artist_id,
            "releaseDate": "2024-01-01",
            "genre": "Folk",
        },
        headers=owner.headers,
    )
    album = created.json()
    url = f"{API}/albums/{album['id']}"

    retitled = await client.patch(url, json={"title": " Final "}, headers=owner.headers)
    regenred = await client.patch(url, json={"genre": "FOLK"}, headers=owner.headers)
    cleared = await client.patch(
        url, json={"genre": None, "releaseDate": None}, headers=owner.headers
    )
    moved = await client.patch(url, json={"artistId": str(uuid4())}, headers=owner.headers)
    null_title = await client.patch(url, json={"title": None}, headers=owner.headers)

    assert retitled.status_code == 200, retitled.text
    assert retitled.json() == {**album, "title": "Final", "updatedAt": retitled.json()["updatedAt"]}
    assert regenred.json()["genre"] == "Folk"
    assert await _genre_names(client) == ["Folk"]
    assert cleared.status_code == 200
    assert (cleared.json()["title"], cleared.json()["genre"], cleared.json()["releaseDate"]) == (
        "Final",
        None,
        None,
    )
    # An album cannot move to another artist: `artistId` is not a field of AlbumUpdate.
    assert "artistId" in _assert_error(moved, 400, "validation_error")
    _assert_error(null_title, 400, "validation_error")
    final = (await client.get(url)).json()
    assert (final["title"], final["genre"], final["releaseDate"]) == ("Final", None, None)


async def test_edit_and_delete_ownership_matrix(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    owner = await make_account(Role.ARTIST)
    other_artist = await make_account(Role.ARTIST)
    listener = await make_account(Role.LISTENER)
    admin = await make_account(Role.ADMIN)
    artist_id = await catalog_factory.artist("Owned", owner_id=UUID(owner.id))
    await catalog_factory.artist("Theirs", owner_id=UUID(other_artist.id))
    album_id = await catalog_factory.album(artist_id, "Owned Album")
    url = f"{API}/albums/{album_id}"
    change = {"title": "Changed"}

    _assert_error(await client.patch(url, json=change), 401, "unauthorized")
    _assert_error(await client.patch(url, json=change, headers=listener.headers), 403, "forbidden")
    _assert_error(
        await client.patch(url, json=change, headers=other_artist.headers), 403, "forbidden"
    )
    assert (await client.get(url)).json()["title"] == "Owned Album"
    assert (await client.patch(url, json=change, headers=owner.headers)).status_code == 200
    by_admin = await client.patch(url, json={"title": "Admin Cut"}, headers=admin.headers)
    assert by_admin.json()["title"] == "Admin Cut"

    _assert_error(await client.delete(url), 401, "unauthorized")
    _assert_error(await client.delete(url, headers=listener.headers), 403, "forbidden")
    _assert_error(await client.delete(url, headers=other_artist.headers), 403, "forbidden")
    assert (await client.delete(url, headers=owner.headers)).status_code == 204
    _assert_error(await client.get(url), 404, "not_found")
    second = await catalog_factory.album(artist_id, "Second")
    assert (await client.delete(f"{API}/albums/{second}", headers=admin.headers)).status_code == 204


async def test_deleting_an_album_keeps_its_tracks_as_singles(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist_id = await catalog_factory.artist("Keeper")
    album_id = await catalog_factory.album(artist_id, "Gone")
    track_id = await catalog_factory.track(artist_id, "Stays", album_id=album_id)

    response = await client.delete(f"{API}/albums/{album_id}", headers=admin.headers)

    assert response.status_code == 204
    track = (await client.get(f"{API}/tracks/{track_id}")).json()
    assert (track["albumId"], track["albumTitle"]) == (None, None)


async def test_album_tracks_in_playing_order(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist_id = str(await catalog_factory.artist("Double Album"))
    album_id = (
        await client.post(
            f"{API}/albums",
            json={"title": "Two Discs", "artistId": artist_id},
            headers=admin.headers,
        )
    ).json()["id"]
    for title, disc, number in [
        ("Disc Two Opener", 2, 1),
        ("Second", 1, 2),
        ("Unnumbered B", 1, None),
        ("Opener", None, 1),
        ("Unnumbered A", 1, None),
        ("Third", 1, 3),
    ]:
        response = await client.post(
            f"{API}/tracks",
            json={
                "title": title,
                "artistId": artist_id,
                "albumId": album_id,
                "discNumber": disc,
                "trackNumber": number,
            },
            headers=admin.headers,
        )
        assert response.status_code == 201, response.text
    await catalog_factory.track(UUID(artist_id), "Not On It")

    everything = await client.get(f"{API}/albums/{album_id}/tracks")
    second_page = await client.get(
        f"{API}/albums/{album_id}/tracks", params={"limit": 2, "offset": 2}
    )

    assert _titles(everything) == [
        "Opener",
        "Second",
        "Third",
        "Unnumbered A",
        "Unnumbered B",
        "Disc Two Opener",
    ]
    assert everything.json()["total"] == 6
    assert {t["albumTitle"] for t in everything.json()["items"]} == {"Two Discs"}
    assert second_page.json()["total"] == 6
    assert (second_page.json()["limit"], second_page.json()["offset"]) == (2, 2)
    assert _titles(second_page) == ["Third", "Unnumbered A"]
    assert (await client.get(f"{API}/albums/{album_id}")).json()["trackCount"] == 6
    missing = uuid4()
    assert str(missing) in _assert_error(
        await client.get(f"{API}/albums/{missing}/tracks"), 404, "not_found"
    )
