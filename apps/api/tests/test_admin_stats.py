"""The admin dashboard's figures follow the data: counts, storage, plays, queue, top tracks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import update

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import Job, PlayHistory, Rendition, Track
from cadenza_api.services import open_session
from cadenza_api.settings import Settings
from cadenza_contracts.accounts import Role

Client = AsyncTestClient[Litestar]
STATS = "/api/v1/admin/stats"


class Rows:
    def __init__(self, settings: Settings) -> None:
        self.config = build_sqlalchemy_config(settings.database)

    async def plays(self, user_id: str, track_id: UUID, at: datetime, times: int = 1) -> None:
        async with open_session(self.config) as session:
            session.add_all(
                PlayHistory(
                    user_id=UUID(user_id), track_id=track_id, played_at=at, listened_ms=60_000
                )
                for _ in range(times)
            )

    async def media(self, track_id: UUID, original: int, renditions: list[int]) -> None:
        async with open_session(self.config) as session:
            await session.execute(
                update(Track)
                .where(Track.id == track_id)
                .values(original_key=f"tracks/{track_id}/original", original_size_bytes=original)
            )
            session.add_all(
                Rendition(
                    track_id=track_id,
                    format="opus",
                    bitrate_kbps=bitrate,
                    storage_key=f"tracks/{track_id}/renditions/opus-{bitrate}.opus",
                    content_type="audio/ogg",
                    size_bytes=size,
                    duration_ms=1000,
                )
                for bitrate, size in zip((96, 160, 192), renditions, strict=False)
            )

    async def jobs(self, *states: str) -> None:
        async with open_session(self.config) as session:
            session.add_all(Job(kind="convert_track", state=state, payload={}) for state in states)


@pytest.fixture
async def rows(settings: Settings) -> AsyncIterator[Rows]:
    made = Rows(settings)
    yield made
    await made.config.get_engine().dispose()


async def stats(client: Client, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get(STATS, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_an_empty_instance_has_zeroes_and_thirty_days(
    client: Client, make_account: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    body = await stats(client, admin.headers)
    assert body["counts"] == {"users": 1, "artists": 0, "albums": 0, "tracks": 0, "playlists": 0}
    assert body["storage"] == {
        "originalsBytes": 0,
        "originalsCount": 0,
        "renditionsBytes": 0,
        "renditionsCount": 0,
    }
    assert body["queue"] == {"pending": 0, "running": 0, "failed": 0}
    assert body["topTracks"] == []
    days = body["playsPerDay"]
    today = datetime.now(UTC).date()
    assert [d["day"] for d in days] == [
        (today - timedelta(days=29 - n)).isoformat() for n in range(30)
    ]
    assert {d["plays"] for d in days} == {0}


async def test_figures_change_as_the_data_changes(
    client: Client, make_account: Any, catalog_factory: Any, rows: Rows
) -> None:
    admin = await make_account(Role.ADMIN)
    fan = await make_account(Role.LISTENER)
    artist = await catalog_factory.artist("Counted")
    album = await catalog_factory.album(artist, "Numbers")
    hit = await catalog_factory.track(artist, "Hit", album_id=album)
    deep_cut = await catalog_factory.track(artist, "Deep Cut")
    oldie = await catalog_factory.track(artist, "Oldie")
    created = await client.post("/api/v1/playlists", json={"name": "P"}, headers=fan.headers)
    assert created.status_code == 201

    body = await stats(client, admin.headers)
    assert body["counts"] == {"users": 2, "artists": 1, "albums": 1, "tracks": 3, "playlists": 1}

    await rows.media(hit, 5_000_000, [1_000, 2_000])
    await rows.media(deep_cut, 3_000_000, [500])
    await rows.jobs("queued", "queued", "running", "failed", "complete")
    now = datetime.now(UTC)
    await rows.plays(fan.id, hit, now, times=3)
    await rows.plays(fan.id, deep_cut, now - timedelta(days=2), times=5)
    await rows.plays(fan.id, oldie, now - timedelta(days=20), times=7)
    await rows.plays(fan.id, oldie, now - timedelta(days=45), times=4)

    body = await stats(client, admin.headers)
    assert body["storage"] == {
        "originalsBytes": 8_000_000,
        "originalsCount": 2,
        "renditionsBytes": 3_500,
        "renditionsCount": 3,
    }
    assert body["queue"] == {"pending": 2, "running": 1, "failed": 1}
    plays = {d["day"]: d["plays"] for d in body["playsPerDay"]}
    assert len(plays) == 30
    assert plays[now.date().isoformat()] == 3
    assert plays[(now - timedelta(days=2)).date().isoformat()] == 5
    assert plays[(now - timedelta(days=20)).date().isoformat()] == 7
    assert sum(plays.values()) == 15
    # The week's top tracks: a play 20 days ago does not count.
    assert [(t["title"], t["plays"], t["artistName"]) for t in body["topTracks"]] == [
        ("Deep Cut", 5, "Counted"),
        ("Hit", 3, "Counted"),
    ]

    deleted = await client.delete(f"/api/v1/admin/tracks/{deep_cut}", headers=admin.headers)
    assert deleted.status_code == 204
    body = await stats(client, admin.headers)
    assert body["counts"]["tracks"] == 2
    assert body["storage"]["originalsBytes"] == 5_000_000
    assert body["storage"]["renditionsBytes"] == 3_000
    assert [t["title"] for t in body["topTracks"]] == ["Hit"]
