"""`/genres`: public reads, admin-only writes, case-insensitive uniqueness."""

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


def _names(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


async def test_admin_creates_and_anyone_reads(client: Client, make_account: MakeAccount) -> None:
    admin = await make_account(Role.ADMIN)

    created = await client.post(f"{API}/genres", json={"name": " Trip Hop "}, headers=admin.headers)

    assert created.status_code == 201, created.text
    body = created.json()
    assert body == {"id": body["id"], "name": "Trip Hop", "createdAt": body["createdAt"]}
    UUID(body["id"])
    fetched = await client.get(f"{API}/genres/{body['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == body
    listed = await client.get(f"{API}/genres")
    assert listed.json() == {"items": [body], "total": 1, "limit": 20, "offset": 0}


async def test_names_are_unique_ignoring_case(client: Client, make_account: MakeAccount) -> None:
    admin = await make_account(Role.ADMIN)
    first = await client.post(f"{API}/genres", json={"name": "Hip Hop"}, headers=admin.headers)
    assert first.status_code == 201

    for name in ["Hip Hop", "hip hop", "  HIP HOP  "]:
        response = await client.post(f"{API}/genres", json={"name": name}, headers=admin.headers)
        assert "'Hip Hop'" in _assert_error(response, 409, "conflict")
    assert _names(await client.get(f"{API}/genres")) == ["Hip Hop"]


async def test_only_admins_write(client: Client, make_account: MakeAccount) -> None:
    admin = await make_account(Role.ADMIN)
    artist_user = await make_account(Role.ARTIST)
    listener = await make_account(Role.LISTENER)
    genre_id = (
        await client.post(f"{API}/genres", json={"name": "Ambient"}, headers=admin.headers)
    ).json()["id"]
    url = f"{API}/genres/{genre_id}"

    for account in [artist_user, listener]:
        assert "admin" in _assert_error(
            await client.post(f"{API}/genres", json={"name": "Noise"}, headers=account.headers),
            403,
            "forbidden",
        )
        _assert_error(
            await client.patch(url, json={"name": "Drone"}, headers=account.headers),
            403,
            "forbidden",
        )
        _assert_error(await client.delete(url, headers=account.headers), 403, "forbidden")
    _assert_error(await client.post(f"{API}/genres", json={"name": "Noise"}), 401, "unauthorized")
    _assert_error(await client.patch(url, json={"name": "Drone"}), 401, "unauthorized")
    _assert_error(await client.delete(url), 401, "unauthorized")
    assert _names(await client.get(f"{API}/genres")) == ["Ambient"]


async def test_rename(client: Client, make_account: MakeAccount) -> None:
    admin = await make_account(Role.ADMIN)
    ids = {}
    for name in ["Electronica", "Techno"]:
        response = await client.post(f"{API}/genres", json={"name": name}, headers=admin.headers)
        ids[name] = response.json()["id"]
    url = f"{API}/genres/{ids['Electronica']}"

    recased = await client.patch(url, json={"name": "electronica"}, headers=admin.headers)
    clash = await client.patch(url, json={"name": "TECHNO"}, headers=admin.headers)
    unchanged = await client.patch(url, json={}, headers=admin.headers)
    renamed = await client.patch(url, json={"name": " Electronic "}, headers=admin.headers)

    assert recased.status_code == 200, recased.text
    assert recased.json()["name"] == "electronica"
    _assert_error(clash, 409, "conflict")
    assert unchanged.json()["name"] == "electronica"
    assert renamed.json() == {
        "id": ids["Electronica"],
        "name": "Electronic",
        "createdAt": recased.json()["createdAt"],
    }
    assert _names(await client.get(f"{API}/genres")) == ["Electronic", "Techno"]


async def test_deleting_a_genre_untags_albums_and_tracks(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist_id = str(await catalog_factory.artist("Tagged"))
    album = await client.post(
        f"{API}/albums",
        json={"title": "Tagged Album", "artistId": artist_id, "genre": "Disco"},
        headers=admin.headers,
    )
    track = await client.post(
        f"{API}/tracks",
        json={"title": "Tagged Track", "artistId": artist_id, "genre": "disco"},
        headers=admin.headers,
    )
    genre = (await client.get(f"{API}/genres")).json()["items"][0]
    assert genre["name"] == "Disco"

    deleted = await client.delete(f"{API}/genres/{genre['id']}", headers=admin.headers)

    assert deleted.status_code == 204
    assert deleted.content == b""
    _assert_error(await client.get(f"{API}/genres/{genre['id']}"), 404, "not_found")
    assert (await client.get(f"{API}/albums/{album.json()['id']}")).json()["genre"] is None
    assert (await client.get(f"{API}/tracks/{track.json()['id']}")).json()["genre"] is None
    assert (await client.get(f"{API}/albums", params={"genre": "disco"})).json()["total"] == 0


async def test_list_filters_sorts_and_paginates(client: Client, make_account: MakeAccount) -> None:
    admin = await make_account(Role.ADMIN)
    for name in ["Soul", "funk", "Neo Soul", "Blues", "Soul Jazz"]:
        response = await client.post(f"{API}/genres", json={"name": name}, headers=admin.headers)
        assert response.status_code == 201

    assert _names(await client.get(f"{API}/genres")) == [
        "Blues",
        "funk",
        "Neo Soul",
        "Soul",
        "Soul Jazz",
    ]
    assert _names(await client.get(f"{API}/genres", params={"q": "SOUL"})) == [
        "Neo Soul",
        "Soul",
        "Soul Jazz",
    ]
    assert _names(await client.get(f"{API}/genres", params={"sort": "-name", "limit": 2})) == [
        "Soul Jazz",
        "Soul",
    ]
    paged = await client.get(f"{API}/genres", params={"limit": 2, "offset": 4})
    assert paged.json()["total"] == 5
    assert _names(paged) == ["Soul Jazz"]
    _assert_error(
        await client.get(f"{API}/genres", params={"sort": "createdAt"}), 400, "invalid_input"
    )
    _assert_error(await client.get(f"{API}/genres", params={"limit": 101}), 400, "validation_error")


async def test_unknown_genre_is_404(client: Client, make_account: MakeAccount) -> None:
    admin = await make_account(Role.ADMIN)
    missing = uuid4()

    for response in [
        await client.get(f"{API}/genres/{missing}"),
        await client.patch(f"{API}/genres/{missing}", json={"name": "X"}, headers=admin.headers),
        await client.delete(f"{API}/genres/{missing}", headers=admin.headers),
    ]:
        assert str(missing) in _assert_error(response, 404, "not_found")
