"""The audit log: filters by actor, action, target and time; newest first; paginated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from litestar import Litestar
from litestar.testing import AsyncTestClient

from cadenza_contracts.accounts import Role

Client = AsyncTestClient[Litestar]
ADMIN = "/api/v1/admin"


async def test_audit_filters_and_pages(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    ann = await make_account(Role.ADMIN, username="ann")
    ben = await make_account(Role.ADMIN, username="ben")
    listener = await make_account(Role.LISTENER)
    artist = await catalog_factory.artist("Audited")
    track = await catalog_factory.track(artist, "T")
    started = datetime.now(UTC) - timedelta(seconds=1)

    async def patch(path: str, body: dict[str, Any], who: Any) -> None:
        response = await client.patch(f"{ADMIN}/{path}", json=body, headers=who.headers)
        assert response.status_code == 200, response.text

    await patch(f"tracks/{track}", {"title": "T1"}, ann)
    await patch(f"artists/{artist}", {"name": "Audited Too"}, ben)
    await patch(f"tracks/{track}", {"title": "T2"}, ben)
    await patch(f"users/{listener.id}", {"role": "artist"}, ann)

    async def entries(**params: str) -> list[dict[str, Any]]:
        response = await client.get(f"{ADMIN}/audit", params=params, headers=ann.headers)
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    everything = await entries()
    assert [e["action"] for e in everything] == [
        "user.update",
        "track.update",
        "artist.update",
        "track.update",
    ]
    stamps = [datetime.fromisoformat(e["createdAt"]) for e in everything]
    assert stamps == sorted(stamps, reverse=True)
    assert [e["actorUsername"] for e in await entries(actor="BEN")] == ["ben", "ben"]
    assert [e["actorUsername"] for e in await entries(actor=ann.id)] == ["ann", "ann"]
    assert await entries(actor="nobody") == []
    assert [e["after"]["title"] for e in await entries(action="track.update")] == ["T2", "T1"]
    assert [e["targetLabel"] for e in await entries(targetType="artist")] == ["Audited Too"]
    assert len(await entries(targetId=str(track))) == 2
    assert len(await entries(targetId=str(track), actor="ann")) == 1
    assert len(await entries(since=started.isoformat())) == 4
    assert await entries(since=(datetime.now(UTC) + timedelta(minutes=1)).isoformat()) == []
    assert await entries(until=started.isoformat()) == []
    # A time without an offset is UTC.
    naive_start = started.replace(tzinfo=None).isoformat()
    assert len(await entries(since=naive_start)) == 4

    page = await client.get(f"{ADMIN}/audit?limit=3&offset=3", headers=ann.headers)
    assert page.json()["total"] == 4
    assert [e["id"] for e in page.json()["items"]] == [everything[3]["id"]]

    for bad in ("action=track.explode", "targetType=planet", "since=yesterday", "limit=1000"):
        response = await client.get(f"{ADMIN}/audit?{bad}", headers=ann.headers)
        assert response.status_code == 400, (bad, response.text)
        assert response.json()["code"] == "validation_error"


# Admin actions through the public catalogue routes: an admin changing what they do not own is
# recorded exactly as through the admin routes; an owner's own changes are not admin actions.

API = "/api/v1"


async def _audit(client: Client, admin: Any, **params: str) -> list[dict[str, Any]]:
    response = await client.get(f"{ADMIN}/audit", params=params, headers=admin.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def _admin_and_someone_elses_artist(
    make_account: Any, catalog_factory: Any
) -> tuple[Any, UUID]:
    """An admin called ann, and the artist profile "Owned" of an artist user."""
    admin = await make_account(Role.ADMIN, username="ann")
    owner = await make_account(Role.ARTIST)
    return admin, await catalog_factory.artist("Owned", owner_id=UUID(owner.id))


async def test_an_admin_editing_someone_elses_track_publicly_is_audited_like_the_admin_route(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    admin, artist = await _admin_and_someone_elses_artist(make_account, catalog_factory)
    track = await catalog_factory.track(artist, "Before")

    response = await client.patch(
        f"{API}/tracks/{track}", json={"title": "After"}, headers=admin.headers
    )
    assert response.status_code == 200, response.text

    [entry] = await _audit(client, admin, targetId=str(track))
    assert entry["action"] == "track.update"
    assert entry["targetType"] == "track"
    assert entry["targetLabel"] == "After"
    assert entry["actorUsername"] == "ann"
    assert entry["before"]["title"] == "Before"
    assert entry["after"]["title"] == "After"
    assert entry["after"] == response.json()

    # The admin route records the same action with the same before/after shape.
    response = await client.patch(
        f"{ADMIN}/tracks/{track}", json={"title": "Again"}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    admin_entry, public_entry = await _audit(client, admin, action="track.update")
    assert admin_entry["after"]["title"] == "Again"
    assert set(admin_entry["before"]) == set(public_entry["before"])
    assert set(admin_entry["after"]) == set(public_entry["after"])


async def test_owners_changing_their_own_catalogue_are_not_audited(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    owner = await make_account(Role.ARTIST)
    artist = await catalog_factory.artist("Mine", owner_id=UUID(owner.id))
    track = await catalog_factory.track(artist, "Mine Too")
    # An admin who owns a profile is its owner there, not an admin overriding anyone.
    admins_own = await catalog_factory.artist("The Admin's", owner_id=UUID(admin.id))
    admins_track = await catalog_factory.track(admins_own, "Side Project")

    for who, track_id in ((owner, track), (admin, admins_track)):
        response = await client.patch(
            f"{API}/tracks/{track_id}", json={"title": "Renamed"}, headers=who.headers
        )
        assert response.status_code == 200, response.text
    response = await client.post(
        f"{API}/albums", json={"title": "Own Album", "artistId": str(artist)}, headers=owner.headers
    )
    assert response.status_code == 201, response.text
    response = await client.delete(f"{API}/tracks/{track}", headers=owner.headers)
    assert response.status_code == 204, response.text

    assert await _audit(client, admin) == []


async def test_an_admin_deleting_someone_elses_album_publicly_is_audited_with_what_went(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    admin, artist = await _admin_and_someone_elses_artist(make_account, catalog_factory)
    album = await catalog_factory.album(artist, "Gone")
    single = await catalog_factory.track(artist, "Stays", album_id=album)

    response = await client.delete(f"{API}/albums/{album}", headers=admin.headers)
    assert response.status_code == 204, response.text

    [entry] = await _audit(client, admin)
    assert entry["action"] == "album.delete"
    assert entry["targetId"] == str(album)
    assert entry["targetLabel"] == "Gone"
    assert entry["before"]["title"] == "Gone"
    assert entry["before"]["artistName"] == "Owned"
    assert entry["before"]["trackCount"] == 1
    assert entry["after"] is None
    # The public route keeps the album's tracks, as singles.
    response = await client.get(f"{API}/tracks/{single}")
    assert response.status_code == 200, response.text
    assert response.json()["albumId"] is None


async def test_an_admin_creating_for_another_owner_publicly_is_audited(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    owner = await make_account(Role.ARTIST, username="owner")
    artist = await catalog_factory.artist("Owned", owner_id=UUID(owner.id))

    response = await client.post(
        f"{API}/artists", json={"name": "Signed", "ownerId": owner.id}, headers=admin.headers
    )
    # That owner already has a profile: nothing was made, so nothing is recorded.
    assert response.status_code == 409, response.text
    other = await make_account(Role.ARTIST, username="other")
    response = await client.post(
        f"{API}/artists", json={"name": "Signed", "ownerId": other.id}, headers=admin.headers
    )
    assert response.status_code == 201, response.text
    response = await client.post(
        f"{API}/albums", json={"title": "Debut", "artistId": str(artist)}, headers=admin.headers
    )
    assert response.status_code == 201, response.text
    album = response.json()

    [artist_entry] = await _audit(client, admin, action="artist.create")
    assert artist_entry["targetLabel"] == "Signed"
    # The admin routes' artist shape, with the owner's name and counts.
    assert artist_entry["after"]["ownerUsername"] == "other"
    assert artist_entry["after"]["trackCount"] == 0
    [album_entry] = await _audit(client, admin, action="album.create")
    assert album_entry["after"] == album
    assert album_entry["before"] is None
