"""Bad input on every catalogue route: always a 4xx with the one error body, never a 500."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from cadenza_contracts.accounts import Role

API = "/api/v1"
Client = AsyncTestClient[Litestar]
MakeAccount = Callable[..., Awaitable[Any]]
RESOURCES = ["artists", "albums", "tracks", "genres"]


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


async def _valid_bodies(catalog_factory: Any) -> dict[str, dict[str, Any]]:
    """A valid create body for each resource."""
    artist_id = str(await catalog_factory.artist("Valid Artist"))
    return {
        "artists": {"name": "Somebody"},
        "albums": {"title": "Something", "artistId": artist_id},
        "tracks": {"title": "Something", "artistId": artist_id},
        "genres": {"name": "Something"},
    }


async def _totals(client: Client) -> dict[str, int]:
    return {
        resource: (await client.get(f"{API}/{resource}")).json()["total"] for resource in RESOURCES
    }


@pytest.mark.parametrize("resource", RESOURCES)
async def test_malformed_and_unexpected_bodies(
    client: Client, make_account: MakeAccount, catalog_factory: Any, resource: str
) -> None:
    admin = await make_account(Role.ADMIN)
    valid = (await _valid_bodies(catalog_factory))[resource]
    before = await _totals(client)
    json_headers = {**admin.headers, "content-type": "application/json"}

    malformed = await client.post(f"{API}/{resource}", content=b'{"name": ', headers=json_headers)
    not_an_object = await client.post(f"{API}/{resource}", json=[valid], headers=admin.headers)
    unknown_field = await client.post(
        f"{API}/{resource}", json={**valid, "popularity": 11}, headers=admin.headers
    )
    empty = await client.post(f"{API}/{resource}", json={}, headers=admin.headers)

    _assert_error(malformed, 400, "bad_request")
    _assert_error(not_an_object, 400, "validation_error")
    assert "popularity" in _assert_error(unknown_field, 400, "validation_error")
    _assert_error(empty, 400, "validation_error")
    assert await _totals(client) == before


@pytest.mark.parametrize(
    ("resource", "field", "limit"),
    [
        ("artists", "name", 200),
        ("albums", "title", 200),
        ("tracks", "title", 200),
        ("genres", "name", 50),
    ],
)
async def test_names_are_required_trimmed_and_bounded(
    client: Client,
    make_account: MakeAccount,
    catalog_factory: Any,
    resource: str,
    field: str,
    limit: int,
) -> None:
    admin = await make_account(Role.ADMIN)
    valid = (await _valid_bodies(catalog_factory))[resource]

    for bad in ["", "   ", "\t\n", "x" * (limit + 1), 42, None]:
        response = await client.post(
            f"{API}/{resource}", json={**valid, field: bad}, headers=admin.headers
        )
        assert field in _assert_error(response, 400, "validation_error"), bad
    longest = await client.post(
        f"{API}/{resource}", json={**valid, field: "y" * limit}, headers=admin.headers
    )
    assert longest.status_code == 201, longest.text
    assert longest.json()[field] == "y" * limit


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("trackNumber", -1),
        ("trackNumber", 0),
        ("trackNumber", 1000),
        ("trackNumber", 1.5),
        ("trackNumber", "third"),
        ("discNumber", 0),
        ("discNumber", 100),
        ("durationMs", -1),
        ("durationMs", "long"),
        ("explicit", "yes"),
        ("explicit", None),
        ("albumId", "not-a-uuid"),
        ("artistId", "not-a-uuid"),
        ("artistId", None),
        ("genre", ""),
        ("genre", "g" * 51),
        ("genre", ["Rock"]),
    ],
)
async def test_track_fields_are_validated(
    client: Client, make_account: MakeAccount, catalog_factory: Any, field: str, value: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    valid = (await _valid_bodies(catalog_factory))["tracks"]

    response = await client.post(
        f"{API}/tracks", json={**valid, field: value}, headers=admin.headers
    )

    assert field in _assert_error(response, 400, "validation_error")
    assert (await client.get(f"{API}/tracks")).json()["total"] == 0


async def test_track_patch_fields_are_validated(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist_id = await catalog_factory.artist("Strict")
    track_id = await catalog_factory.track(artist_id, "Untouched")
    url = f"{API}/tracks/{track_id}"

    for body in [
        {"trackNumber": -3},
        {"discNumber": -1},
        {"durationMs": 86_400_001},
        {"title": " "},
        {"title": None},
        {"explicit": "maybe"},
        {"artistId": str(uuid4())},
    ]:
        response = await client.patch(url, json=body, headers=admin.headers)
        assert next(iter(body)) in _assert_error(response, 400, "validation_error"), body
    malformed = await client.patch(
        url, content=b"{nope}", headers={**admin.headers, "content-type": "application/json"}
    )
    assert "JSON is malformed" in _assert_error(malformed, 400, "bad_request")
    track = (await client.get(url)).json()
    assert (track["title"], track["trackNumber"], track["durationMs"]) == (
        "Untouched",
        None,
        180_000,
    )


async def test_album_and_artist_fields_are_validated(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    valid = await _valid_bodies(catalog_factory)

    cases: list[tuple[str, str, Any]] = [
        ("albums", "releaseDate", "yesterday"),
        ("albums", "releaseDate", "2024-13-01"),
        ("albums", "releaseDate", 20240101),
        ("albums", "artistId", "123"),
        ("albums", "genre", "   "),
        ("artists", "bio", "b" * 5001),
        ("artists", "bio", 7),
        ("artists", "ownerId", "someone"),
    ]
    for resource, field, value in cases:
        response = await client.post(
            f"{API}/{resource}", json={**valid[resource], field: value}, headers=admin.headers
        )
        assert field in _assert_error(response, 400, "validation_error"), (resource, field)
    assert await _totals(client) == {"artists": 1, "albums": 0, "tracks": 0, "genres": 0}


@pytest.mark.parametrize("resource", RESOURCES)
async def test_malformed_ids_in_paths_are_404(
    client: Client, make_account: MakeAccount, resource: str
) -> None:
    admin = await make_account(Role.ADMIN)

    for bad_id in ["not-a-uuid", "123", "0000"]:
        url = f"{API}/{resource}/{bad_id}"
        _assert_error(await client.get(url), 404, "not_found")
        _assert_error(await client.patch(url, json={}, headers=admin.headers), 404, "not_found")
        _assert_error(await client.delete(url, headers=admin.headers), 404, "not_found")
    for sub_list in ["artists/x/albums", "artists/x/tracks", "albums/x/tracks"]:
        _assert_error(await client.get(f"{API}/{sub_list}"), 404, "not_found")


@pytest.mark.parametrize("resource", RESOURCES)
async def test_unknown_ids_are_404(
    client: Client, make_account: MakeAccount, resource: str
) -> None:
    admin = await make_account(Role.ADMIN)
    missing = uuid4()
    url = f"{API}/{resource}/{missing}"

    for response in [
        await client.get(url),
        await client.patch(url, json={}, headers=admin.headers),
        await client.delete(url, headers=admin.headers),
    ]:
        assert str(missing) in _assert_error(response, 404, "not_found")


async def test_unknown_ids_for_owners_and_listeners(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    owner = await make_account(Role.ARTIST)
    listener = await make_account(Role.LISTENER)
    await catalog_factory.artist("Owned", owner_id=UUID(owner.id))
    missing = uuid4()

    # An artist user learns that the row does not exist; a listener only that they may not edit.
    _assert_error(
        await client.patch(f"{API}/albums/{missing}", json={}, headers=owner.headers),
        404,
        "not_found",
    )
    _assert_error(
        await client.delete(f"{API}/tracks/{missing}", headers=listener.headers), 403, "forbidden"
    )


@pytest.mark.parametrize(
    "authorization", ["Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer ", "Token abc"]
)
async def test_bad_credentials_on_writes_are_401(
    client: Client, catalog_factory: Any, authorization: str
) -> None:
    artist_id = await catalog_factory.artist("Guarded")
    headers = {"Authorization": authorization}

    _assert_error(
        await client.post(f"{API}/artists", json={"name": "X"}, headers=headers),
        401,
        "unauthorized",
    )
    _assert_error(
        await client.delete(f"{API}/artists/{artist_id}", headers=headers), 401, "unauthorized"
    )
    assert (await client.get(f"{API}/artists/{artist_id}")).status_code == 200


async def test_bad_query_parameters(client: Client) -> None:
    for path, params in [
        ("artists", {"ownerId": "me"}),
        ("albums", {"artistId": "them"}),
        ("tracks", {"albumId": "that-one"}),
        ("tracks", {"explicit": "perhaps"}),
        ("albums", {"offset": "first"}),
        ("genres", {"q": "q" * 201}),
    ]:
        response = await client.get(f"{API}/{path}", params=params)
        _assert_error(response, 400, "validation_error")
