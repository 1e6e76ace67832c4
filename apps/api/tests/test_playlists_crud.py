"""Playlists: create, read, list, update, delete, and who may do which."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient

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


def stamp(response: Response, field: str) -> datetime:
    return datetime.fromisoformat(response.json()[field])


async def create(
    client: Client, headers: dict[str, str], name: str, *, public: bool = False, **extra: Any
) -> dict[str, Any]:
    response = await client.post(
        f"{API}/playlists", json={"name": name, "isPublic": public, **extra}, headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_create_answers_the_new_empty_playlist(client: Client, make_account: Any) -> None:
    alice = await make_account(username="alice")

    response = await client.post(
        f"{API}/playlists",
        json={"name": "Road trip", "description": "Long drives", "isPublic": True},
        headers=alice.headers,
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body == {
        "id": body["id"],
        "name": "Road trip",
        "description": "Long drives",
        "isPublic": True,
        "owner": {"id": alice.id, "username": "alice"},
        "trackCount": 0,
        "durationMs": 0,
        "createdAt": body["createdAt"],
        "updatedAt": body["updatedAt"],
        "entries": [],
    }
    assert datetime.fromisoformat(body["updatedAt"]) >= datetime.fromisoformat(body["createdAt"])
    fetched = await client.get(f"{API}/playlists/{body['id']}", headers=alice.headers)
    assert fetched.status_code == 200
    assert fetched.json() == body


async def test_create_defaults_to_private_without_description(
    client: Client, make_account: Any
) -> None:
    alice = await make_account()

    response = await client.post(f"{API}/playlists", json={"name": "Mine"}, headers=alice.headers)

    assert response.status_code == 201, response.text
    assert response.json()["isPublic"] is False
    assert response.json()["description"] is None


async def test_create_needs_a_signed_in_user(client: Client) -> None:
    response = await client.post(f"{API}/playlists", json={"name": "Anon"})

    assert error_of(response, 401, "unauthorized") == "Authentication required."


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({}, "name"),
        ({"name": "ok", "description": "d" * 2001}, "description"),
        ({"name": "ok", "isPublic": "yes"}, "isPublic"),
        ({"name": "ok", "colour": "red"}, "colour"),
    ],
)
async def test_create_rejects_invalid_bodies(
    client: Client, make_account: Any, payload: dict[str, Any], field: str
) -> None:
    alice = await make_account()

    response = await client.post(f"{API}/playlists", json=payload, headers=alice.headers)

    detail = error_of(response, 400, "validation_error")
    assert field in detail
    mine = await client.get(f"{API}/me/playlists", headers=alice.headers)
    assert mine.json()["total"] == 0


async def test_create_rejects_malformed_json(client: Client, make_account: Any) -> None:
    alice = await make_account()

    response = await client.post(
        f"{API}/playlists",
        content=b'{"name": "broken"',
        headers={**alice.headers, "Content-Type": "application/json"},
    )

    error_of(response, 400, "bad_request")


async def test_public_playlist_is_visible_to_anyone(client: Client, make_account: Any) -> None:
    alice = await make_account()
    bob = await make_account()
    playlist = await create(client, alice.headers, "Shared", public=True)

    as_bob = await client.get(f"{API}/playlists/{playlist['id']}", headers=bob.headers)
    anonymous = await client.get(f"{API}/playlists/{playlist['id']}")

    assert as_bob.status_code == 200
    assert anonymous.status_code == 200
    assert as_bob.json() == playlist
    assert anonymous.json() == playlist


async def test_private_playlist_is_hidden_from_everyone_but_its_owner(
    client: Client, make_account: Any
) -> None:
    alice = await make_account()
    bob = await make_account()
    playlist = await create(client, alice.headers, "Secret")
    url = f"{API}/playlists/{playlist['id']}"
    missing_url = f"{API}/playlists/{uuid4()}"

    as_bob = await client.get(url, headers=bob.headers)
    anonymous = await client.get(url)
    never_existed = await client.get(missing_url, headers=bob.headers)

    # A private playlist answers exactly like one that does not exist.
    assert error_of(as_bob, 404, "not_found") == f"No playlist with id {playlist['id']}."
    assert error_of(anonymous, 404, "not_found") == f"No playlist with id {playlist['id']}."
    assert error_of(never_existed, 404, "not_found").startswith("No playlist with id ")
    assert (await client.get(url, headers=alice.headers)).status_code == 200


async def test_malformed_playlist_id_is_a_404_error_body(client: Client, make_account: Any) -> None:
    alice = await make_account()

    for method in ("GET", "PATCH", "DELETE"):
        response = await client.request(
            method, f"{API}/playlists/not-a-uuid", headers=alice.headers, json={}
        )
        error_of(response, 404, "not_found")


async def test_my_playlists_lists_only_mine_recently_changed_first(
    client: Client, make_account: Any
) -> None:
    alice = await make_account()
    bob = await make_account()
    first = await create(client, alice.headers, "First", public=True)
    second = await create(client, alice.headers, "Second")
    await create(client, bob.headers, "Bob's", public=True)
    touched = await client.patch(
        f"{API}/playlists/{first['id']}", json={"description": "now"}, headers=alice.headers
    )
    assert touched.status_code == 200

    response = await client.get(f"{API}/me/playlists", headers=alice.headers)

    assert response.status_code == 200
    body = response.json()
    assert [p["name"] for p in body["items"]] == ["First", "Second"]
    assert body["total"] == 2
    assert body["limit"] == 20
    assert body["offset"] == 0
    assert body["items"][1] == {k: v for k, v in second.items() if k != "entries"}
    assert "entries" not in body["items"][0]


async def test_my_playlists_sorts_and_pages(client: Client, make_account: Any) -> None:
    alice = await make_account()
    for name in ("b", "c", "a"):
        await create(client, alice.headers, name)

    by_name = await client.get(f"{API}/me/playlists?sort=name", headers=alice.headers)
    by_created = await client.get(f"{API}/me/playlists?sort=createdAt", headers=alice.headers)
    second_page = await client.get(
        f"{API}/me/playlists?sort=-name&limit=2&offset=2", headers=alice.headers
    )
    bad_sort = await client.get(f"{API}/me/playlists?sort=colour", headers=alice.headers)

    assert [p["name"] for p in by_name.json()["items"]] == ["a", "b", "c"]
    assert [p["name"] for p in by_created.json()["items"]] == ["b", "c", "a"]
    assert second_page.json() == {
        "items": [second_page.json()["items"][0]],
        "total": 3,
        "limit": 2,
        "offset": 2,
    }
    assert second_page.json()["items"][0]["name"] == "a"
    assert "colour" in error_of(bad_sort, 400, "invalid_input")


async def test_my_playlists_needs_a_signed_in_user(client: Client) -> None:
    error_of(await client.get(f"{API}/me/playlists"), 401, "unauthorized")


async def test_public_list_shows_only_public_playlists_of_everyone(
    client: Client, make_account: Any
) -> None:
    alice = await make_account()
    bob = await make_account()
    await create(client, alice.headers, "Alice public", public=True)
    await create(client, alice.headers, "Alice private")
    await create(client, bob.headers, "Bob public", public=True)

    anonymous = await client.get(f"{API}/playlists")
    as_alice = await client.get(f"{API}/playlists", headers=alice.headers)

    assert anonymous.status_code == 200
    assert [p["name"] for p in anonymous.json()["items"]] == ["Alice public", "Bob public"]
    assert anonymous.json()["total"] == 2
    # Even the owner's own private playlists stay out of the public list.
    assert as_alice.json() == anonymous.json()


async def test_public_list_filters_by_name_and_owner(client: Client, make_account: Any) -> None:
    alice = await make_account()
    bob = await make_account()
    await create(client, alice.headers, "Summer Hits", public=True)
    await create(client, alice.headers, "Winter", public=True)
    await create(client, bob.headers, "summer 100%", public=True)

    by_name = await client.get(f"{API}/playlists", params={"q": "SUMMER"})
    by_owner = await client.get(f"{API}/playlists", params={"ownerId": alice.id})
    both = await client.get(f"{API}/playlists", params={"q": "summer", "ownerId": bob.id})
    percent = await client.get(f"{API}/playlists", params={"q": "%"})
    bad_owner = await client.get(f"{API}/playlists", params={"ownerId": "nope"})

    assert [p["name"] for p in by_name.json()["items"]] == ["summer 100%", "Summer Hits"]
    assert [p["name"] for p in by_owner.json()["items"]] == ["Summer Hits", "Winter"]
    assert [p["name"] for p in both.json()["items"]] == ["summer 100%"]
    # LIKE wildcards in `q` match themselves, not everything.
    assert [p["name"] for p in percent.json()["items"]] == ["summer 100%"]
    error_of(bad_owner, 400, "validation_error")


async def test_public_list_sorts(client: Client, make_account: Any) -> None:
    alice = await make_account()
    for name in ("b", "a", "c"):
        await create(client, alice.headers, name, public=True)

    newest = await client.get(f"{API}/playlists?sort=-createdAt")
    updated = await client.get(f"{API}/playlists?sort=updatedAt")
    bad = await client.get(f"{API}/playlists?sort=owner")

    assert [p["name"] for p in newest.json()["items"]] == ["c", "a", "b"]
    assert [p["name"] for p in updated.json()["items"]] == ["b", "a", "c"]
    error_of(bad, 400, "invalid_input")


async def test_owner_updates_only_the_fields_sent(client: Client, make_account: Any) -> None:
    alice = await make_account()
    playlist = await create(client, alice.headers, "Old", description="keep me")
    url = f"{API}/playlists/{playlist['id']}"

    renamed = await client.patch(url, json={"name": "New"}, headers=alice.headers)
    published = await client.patch(url, json={"isPublic": True}, headers=alice.headers)
    cleared = await client.patch(url, json={"description": None}, headers=alice.headers)

    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "New"
    assert renamed.json()["description"] == "keep me"
    assert renamed.json()["isPublic"] is False
    assert published.json()["isPublic"] is True
    assert published.json()["name"] == "New"
    assert cleared.json()["description"] is None
    assert cleared.json() == {
        **playlist,
        "name": "New",
        "isPublic": True,
        "description": None,
        "updatedAt": cleared.json()["updatedAt"],
    }
    assert stamp(cleared, "updatedAt") > stamp(published, "updatedAt") > stamp(renamed, "updatedAt")
    assert stamp(renamed, "updatedAt") > datetime.fromisoformat(playlist["updatedAt"])


async def test_update_rejects_invalid_bodies(client: Client, make_account: Any) -> None:
    alice = await make_account()
    playlist = await create(client, alice.headers, "Fine")
    url = f"{API}/playlists/{playlist['id']}"

    too_long = await client.patch(url, json={"name": "n" * 101}, headers=alice.headers)
    null_name = await client.patch(url, json={"name": None}, headers=alice.headers)
    unknown = await client.patch(url, json={"ownerId": str(uuid4())}, headers=alice.headers)

    assert "name" in error_of(too_long, 400, "validation_error")
    assert "name" in error_of(null_name, 400, "validation_error")
    assert "ownerId" in error_of(unknown, 400, "validation_error")
    unchanged = await client.get(url, headers=alice.headers)
    assert unchanged.json()["name"] == "Fine"


async def test_others_cannot_edit_a_public_playlist(client: Client, make_account: Any) -> None:
    alice = await make_account()
    bob = await make_account()
    playlist = await create(client, alice.headers, "Alice's", public=True)
    url = f"{API}/playlists/{playlist['id']}"

    as_bob = await client.patch(url, json={"name": "Bob's now"}, headers=bob.headers)
    anonymous = await client.patch(url, json={"name": "Anyone's"})
    bob_deletes = await client.delete(url, headers=bob.headers)

    assert error_of(as_bob, 403, "forbidden") == "Only the playlist's owner may change it."
    error_of(anonymous, 401, "unauthorized")
    error_of(bob_deletes, 403, "forbidden")
    assert (await client.get(url)).json() == playlist


async def test_others_cannot_edit_or_delete_a_private_playlist(
    client: Client, make_account: Any
) -> None:
    alice = await make_account()
    bob = await make_account()
    playlist = await create(client, alice.headers, "Alice's secret")
    url = f"{API}/playlists/{playlist['id']}"

    as_bob = await client.patch(url, json={"isPublic": True}, headers=bob.headers)
    bob_deletes = await client.delete(url, headers=bob.headers)
    anonymous_deletes = await client.delete(url)

    error_of(as_bob, 404, "not_found")
    error_of(bob_deletes, 404, "not_found")
    error_of(anonymous_deletes, 401, "unauthorized")
    assert (await client.get(url, headers=alice.headers)).json() == playlist


async def test_owner_deletes_a_playlist(client: Client, make_account: Any) -> None:
    alice = await make_account()
    playlist = await create(client, alice.headers, "Doomed", public=True)
    url = f"{API}/playlists/{playlist['id']}"

    response = await client.delete(url, headers=alice.headers)

    assert response.status_code == 204
    assert response.content == b""
    error_of(await client.get(url, headers=alice.headers), 404, "not_found")
    error_of(await client.delete(url, headers=alice.headers), 404, "not_found")
    assert (await client.get(f"{API}/me/playlists", headers=alice.headers)).json()["total"] == 0
