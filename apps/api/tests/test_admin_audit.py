"""The audit log: filters by actor, action, target and time; newest first; paginated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

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
