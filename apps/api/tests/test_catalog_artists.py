"""`/artists`: profiles, ownership, lists, PATCH semantics and cascading deletes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
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


async def test_artist_user_creates_a_profile_they_own(
    client: Client, make_account: MakeAccount
) -> None:
    artist_user = await make_account(Role.ARTIST)

    response = await client.post(
        f"{API}/artists",
        json={"name": "  Nina Simone ", "bio": "High priestess of soul."},
        headers=artist_user.headers,
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body == {
        "id": body["id"],
        "name": "Nina Simone",
        "bio": "High priestess of soul.",
        "ownerId": artist_user.id,
        "createdAt": body["createdAt"],
        "updatedAt": body["updatedAt"],
    }
    UUID(body["id"])
    assert datetime.fromisoformat(body["createdAt"]) <= datetime.fromisoformat(body["updatedAt"])
    fetched = await client.get(f"{API}/artists/{body['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == body


async def test_artist_user_owns_only_one_profile(client: Client, make_account: MakeAccount) -> None:
    artist_user = await make_account(Role.ARTIST)
    first = await client.post(f"{API}/artists", json={"name": "One"}, headers=artist_user.headers)
    assert first.status_code == 201

    second = await client.post(f"{API}/artists", json={"name": "Two"}, headers=artist_user.headers)

    assert "'One'" in _assert_error(second, 409, "conflict")
    listed = await client.get(f"{API}/artists")
    assert _names(listed) == ["One"]


async def test_owner_id_in_body_is_admin_only(client: Client, make_account: MakeAccount) -> None:
    artist_user = await make_account(Role.ARTIST)

    response = await client.post(
        f"{API}/artists",
        json={"name": "Mine", "ownerId": artist_user.id},
        headers=artist_user.headers,
    )

    assert "ownerId" in _assert_error(response, 403, "forbidden")
    assert (await client.get(f"{API}/artists")).json()["total"] == 0


async def test_admin_creates_a_profile_for_an_artist_user(
    client: Client, make_account: MakeAccount
) -> None:
    admin = await make_account(Role.ADMIN)
    artist_user = await make_account(Role.ARTIST)

    created = await client.post(
        f"{API}/artists",
        json={"name": "Curated", "ownerId": artist_user.id},
        headers=admin.headers,
    )

    assert created.status_code == 201, created.text
    assert created.json()["ownerId"] == artist_user.id
    # The named owner can now edit it, and cannot open a second profile.
    renamed = await client.patch(
        f"{API}/artists/{created.json()['id']}",
        json={"name": "Curated Too"},
        headers=artist_user.headers,
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "Curated Too"
    another = await client.post(
        f"{API}/artists", json={"name": "Another"}, headers=artist_user.headers
    )
    _assert_error(another, 409, "conflict")
    again_by_admin = await client.post(
        f"{API}/artists",
        json={"name": "Another", "ownerId": artist_user.id},
        headers=admin.headers,
    )
    _assert_error(again_by_admin, 409, "conflict")


async def test_admin_creates_an_unowned_profile(client: Client, make_account: MakeAccount) -> None:
    admin = await make_account(Role.ADMIN)

    created = await client.post(
        f"{API}/artists", json={"name": "Traditional"}, headers=admin.headers
    )

    assert created.status_code == 201
    assert created.json()["ownerId"] is None
    assert created.json()["bio"] is None


async def test_admin_owner_id_of_unknown_user_is_404(
    client: Client, make_account: MakeAccount
) -> None:
    admin = await make_account(Role.ADMIN)
    missing = uuid4()

    response = await client.post(
        f"{API}/artists", json={"name": "Ghost", "ownerId": str(missing)}, headers=admin.headers
    )

    detail = _assert_error(response, 404, "not_found")
    assert "ownerId" in detail
    assert str(missing) in detail


async def test_listener_and_anonymous_cannot_create_artists(
    client: Client, make_account: MakeAccount
) -> None:
    listener = await make_account(Role.LISTENER)

    as_listener = await client.post(
        f"{API}/artists", json={"name": "Nope"}, headers=listener.headers
    )
    anonymous = await client.post(f"{API}/artists", json={"name": "Nope"})

    assert "artist" in _assert_error(as_listener, 403, "forbidden")
    _assert_error(anonymous, 401, "unauthorized")
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert (await client.get(f"{API}/artists")).json()["total"] == 0


async def test_list_is_public_and_paginated(client: Client, catalog_factory: Any) -> None:
    for name in ["Echo", "alpha", "Delta", "bravo", "Charlie"]:
        await catalog_factory.artist(name)

    first = await client.get(f"{API}/artists")
    window = await client.get(f"{API}/artists", params={"limit": 2, "offset": 1})
    past_end = await client.get(f"{API}/artists", params={"limit": 2, "offset": 10})

    assert first.status_code == 200
    body = first.json()
    assert set(body) == {"items", "total", "limit", "offset"}
    assert (body["total"], body["limit"], body["offset"]) == (5, 20, 0)
    # Names sort alphabetically, ignoring case.
    assert _names(first) == ["alpha", "bravo", "Charlie", "Delta", "Echo"]
    assert window.json()["total"] == 5
    assert (window.json()["limit"], window.json()["offset"]) == (2, 1)
    assert _names(window) == ["bravo", "Charlie"]
    assert past_end.json() == {"items": [], "total": 5, "limit": 2, "offset": 10}


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "many"}]
)
async def test_page_bounds_are_enforced(client: Client, params: dict[str, Any]) -> None:
    response = await client.get(f"{API}/artists", params=params)

    detail = _assert_error(response, 400, "validation_error")
    assert next(iter(params)) in detail


async def test_limit_100_is_allowed(client: Client, catalog_factory: Any) -> None:
    await catalog_factory.artist("Solo")

    response = await client.get(f"{API}/artists", params={"limit": 100})

    assert response.status_code == 200
    assert response.json()["limit"] == 100


async def test_filters_by_name_and_owner(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    owner = await make_account(Role.ARTIST)
    await catalog_factory.artist("The Moonlighters", owner_id=UUID(owner.id))
    await catalog_factory.artist("MOONBOOTS")
    await catalog_factory.artist("Sunrise")
    await catalog_factory.artist("100% Pure")

    by_name = await client.get(f"{API}/artists", params={"q": "moon"})
    by_owner = await client.get(f"{API}/artists", params={"ownerId": owner.id})
    by_both = await client.get(f"{API}/artists", params={"q": "boots", "ownerId": owner.id})
    # `%` is matched literally, not as a wildcard.
    literal = await client.get(f"{API}/artists", params={"q": "0% p"})
    wildcard = await client.get(f"{API}/artists", params={"q": "%"})

    assert _names(by_name) == ["MOONBOOTS", "The Moonlighters"]
    assert by_name.json()["total"] == 2
    assert _names(by_owner) == ["The Moonlighters"]
    assert _names(by_both) == []
    assert _names(literal) == ["100% Pure"]
    assert _names(wildcard) == ["100% Pure"]


async def test_sorting(client: Client, make_account: MakeAccount, catalog_factory: Any) -> None:
    admin = await make_account(Role.ADMIN)
    ids = {name: await catalog_factory.artist(name) for name in ["Bee", "Ant", "Cat"]}
    touched = await client.patch(
        f"{API}/artists/{ids['Ant']}", json={"bio": "edited"}, headers=admin.headers
    )
    assert touched.status_code == 200

    async def order(sort: str) -> list[str]:
        return _names(await client.get(f"{API}/artists", params={"sort": sort}))

    assert await order("name") == ["Ant", "Bee", "Cat"]
    assert await order("-name") == ["Cat", "Bee", "Ant"]
    assert await order("createdAt") == ["Bee", "Ant", "Cat"]
    assert await order("-createdAt") == ["Cat", "Ant", "Bee"]
    assert await order("-updatedAt") == ["Ant", "Cat", "Bee"]
    assert await order("updatedAt") == ["Bee", "Cat", "Ant"]
    detail = _assert_error(
        await client.get(f"{API}/artists", params={"sort": "bogus"}), 400, "invalid_input"
    )
    assert "bogus" in detail
    assert "createdAt" in detail
    _assert_error(
        await client.get(f"{API}/artists", params={"sort": "title"}), 400, "invalid_input"
    )


async def test_patch_leaves_absent_fields_and_clears_null_ones(
    client: Client, make_account: MakeAccount
) -> None:
    owner = await make_account(Role.ARTIST)
    created = await client.post(
        f"{API}/artists", json={"name": "Before", "bio": "Original bio"}, headers=owner.headers
    )
    artist = created.json()
    url = f"{API}/artists/{artist['id']}"

    renamed = await client.patch(url, json={"name": " After "}, headers=owner.headers)
    unchanged = await client.patch(url, json={}, headers=owner.headers)
    cleared = await client.patch(url, json={"bio": None}, headers=owner.headers)
    null_name = await client.patch(url, json={"name": None}, headers=owner.headers)

    assert renamed.status_code == 200, renamed.text
    assert renamed.json() == {
        **artist,
        "name": "After",
        "updatedAt": renamed.json()["updatedAt"],
    }
    assert datetime.fromisoformat(renamed.json()["updatedAt"]) > datetime.fromisoformat(
        artist["updatedAt"]
    )
    assert unchanged.status_code == 200
    assert (unchanged.json()["name"], unchanged.json()["bio"]) == ("After", "Original bio")
    assert cleared.status_code == 200
    assert (cleared.json()["name"], cleared.json()["bio"]) == ("After", None)
    assert cleared.json()["ownerId"] == owner.id
    assert "name" in _assert_error(null_name, 400, "validation_error")
    final = (await client.get(url)).json()
    assert (final["name"], final["bio"]) == ("After", None)


async def test_edit_and_delete_ownership_matrix(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    owner = await make_account(Role.ARTIST)
    other_artist = await make_account(Role.ARTIST)
    listener = await make_account(Role.LISTENER)
    admin = await make_account(Role.ADMIN)
    artist_id = await catalog_factory.artist("Owned", owner_id=UUID(owner.id))
    url = f"{API}/artists/{artist_id}"

    _assert_error(await client.patch(url, json={"bio": "x"}), 401, "unauthorized")
    _assert_error(
        await client.patch(url, json={"bio": "x"}, headers=listener.headers), 403, "forbidden"
    )
    _assert_error(
        await client.patch(url, json={"bio": "x"}, headers=other_artist.headers),
        403,
        "forbidden",
    )
    by_owner = await client.patch(url, json={"bio": "by owner"}, headers=owner.headers)
    assert by_owner.status_code == 200
    by_admin = await client.patch(url, json={"bio": "by admin"}, headers=admin.headers)
    assert by_admin.status_code == 200
    assert by_admin.json()["bio"] == "by admin"
    assert by_admin.json()["ownerId"] == owner.id

    _assert_error(await client.delete(url), 401, "unauthorized")
    _assert_error(await client.delete(url, headers=listener.headers), 403, "forbidden")
    _assert_error(await client.delete(url, headers=other_artist.headers), 403, "forbidden")
    assert (await client.get(url)).status_code == 200
    deleted = await client.delete(url, headers=owner.headers)
    assert deleted.status_code == 204
    assert deleted.content == b""
    _assert_error(await client.get(url), 404, "not_found")

    admins_target = await catalog_factory.artist("Anyone's")
    by_admin_delete = await client.delete(f"{API}/artists/{admins_target}", headers=admin.headers)
    assert by_admin_delete.status_code == 204


async def test_deleting_an_artist_deletes_their_albums_and_tracks(
    client: Client, make_account: MakeAccount, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    doomed = await catalog_factory.artist("Doomed")
    album = await catalog_factory.album(doomed, "Last Album")
    await catalog_factory.track(doomed, "On Album", album_id=album)
    single = await catalog_factory.track(doomed, "Single")
    survivor = await catalog_factory.artist("Survivor")
    kept_album = await catalog_factory.album(survivor, "Kept")
    await catalog_factory.track(survivor, "Kept Track", album_id=kept_album)

    response = await client.delete(f"{API}/artists/{doomed}", headers=admin.headers)

    assert response.status_code == 204
    _assert_error(await client.get(f"{API}/albums/{album}"), 404, "not_found")
    _assert_error(await client.get(f"{API}/tracks/{single}"), 404, "not_found")
    albums = (await client.get(f"{API}/albums")).json()
    tracks = (await client.get(f"{API}/tracks")).json()
    assert [a["title"] for a in albums["items"]] == ["Kept"]
    assert [t["title"] for t in tracks["items"]] == ["Kept Track"]
    assert (albums["total"], tracks["total"]) == (1, 1)


async def test_artist_albums_and_tracks(client: Client, catalog_factory: Any) -> None:
    artist = await catalog_factory.artist("Prolific")
    other = await catalog_factory.artist("Other")
    for title in ["Gamma", "Alpha", "Beta"]:
        await catalog_factory.album(artist, title)
    await catalog_factory.album(other, "Not Theirs")
    for title, duration in [("Zed", 1000), ("Yak", 3000), ("Xylo", 2000)]:
        await catalog_factory.track(artist, title, duration_ms=duration)
    await catalog_factory.track(other, "Foreign")

    albums = await client.get(f"{API}/artists/{artist}/albums")
    album_page = await client.get(
        f"{API}/artists/{artist}/albums", params={"limit": 1, "offset": 1, "sort": "-title"}
    )
    tracks = await client.get(f"{API}/artists/{artist}/tracks")
    by_duration = await client.get(f"{API}/artists/{artist}/tracks", params={"sort": "-durationMs"})

    assert albums.status_code == 200
    assert [a["title"] for a in albums.json()["items"]] == ["Alpha", "Beta", "Gamma"]
    assert {a["artistName"] for a in albums.json()["items"]} == {"Prolific"}
    assert album_page.json()["total"] == 3
    assert [a["title"] for a in album_page.json()["items"]] == ["Beta"]
    assert [t["title"] for t in tracks.json()["items"]] == ["Xylo", "Yak", "Zed"]
    assert tracks.json()["total"] == 3
    assert [t["title"] for t in by_duration.json()["items"]] == ["Yak", "Xylo", "Zed"]


async def test_artist_sub_lists_of_unknown_artist_are_404(client: Client) -> None:
    missing = uuid4()

    for suffix in ["albums", "tracks"]:
        response = await client.get(f"{API}/artists/{missing}/{suffix}")
        assert str(missing) in _assert_error(response, 404, "not_found")
