"""`GET /search`: playlists are found when public, or when private and the caller's own."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import Playlist
from cadenza_api.services import open_session
from cadenza_api.settings import Settings

SEARCH = "/api/v1/search"

Client = AsyncTestClient[Litestar]
AddPlaylist = Callable[..., Awaitable[UUID]]


@pytest.fixture
async def add_playlist(settings: Settings) -> AsyncIterator[AddPlaylist]:
    """Inserts a playlist straight through the ORM."""
    config = build_sqlalchemy_config(settings.database)

    async def add(
        owner_id: str, name: str, *, is_public: bool, description: str | None = None
    ) -> UUID:
        async with open_session(config) as session:
            playlist = Playlist(
                owner_id=UUID(owner_id), name=name, description=description, is_public=is_public
            )
            session.add(playlist)
            await session.flush()
            return playlist.id

    yield add
    await config.get_engine().dispose()


async def playlist_names(
    client: Client, q: str, headers: dict[str, str] | None = None
) -> list[str]:
    response = await client.get(SEARCH, params={"q": q}, headers=headers or {})
    assert response.status_code == 200, response.text
    return [playlist["name"] for playlist in response.json()["playlists"]]


async def test_private_playlists_are_found_only_by_their_owner(
    client: Client, make_account: Any, add_playlist: AddPlaylist
) -> None:
    alice = await make_account()
    bob = await make_account()
    await add_playlist(alice.id, "Road Trip Secrets", is_public=False)
    await add_playlist(alice.id, "Road Trip Classics", is_public=True)
    await add_playlist(bob.id, "Road Trip B-Sides", is_public=False)

    assert await playlist_names(client, "road trip") == ["Road Trip Classics"]
    assert sorted(await playlist_names(client, "road trip", alice.headers)) == [
        "Road Trip Classics",
        "Road Trip Secrets",
    ]
    assert sorted(await playlist_names(client, "road trip", bob.headers)) == [
        "Road Trip B-Sides",
        "Road Trip Classics",
    ]
    assert await playlist_names(client, "secrets") == []
    assert await playlist_names(client, "secrets", bob.headers) == []
    assert await playlist_names(client, "secrets", alice.headers) == ["Road Trip Secrets"]


async def test_playlists_match_on_name_and_description(
    client: Client, make_account: Any, add_playlist: AddPlaylist
) -> None:
    owner = await make_account()
    playlist_id = await add_playlist(
        owner.id, "Summer", is_public=True, description="Songs for the beach, très chaud"
    )
    await add_playlist(owner.id, "Beach House", is_public=True)

    # The name ranks: "Beach House" starts with the query, "Summer" only matches its description.
    assert await playlist_names(client, "BEACH") == ["Beach House", "Summer"]
    assert await playlist_names(client, "summer tres") == ["Summer"]
    assert await playlist_names(client, "house chaud") == []

    response = await client.get(SEARCH, params={"q": "summer"})
    [found] = response.json()["playlists"]
    assert found["id"] == str(playlist_id)
    assert found["owner"] == {"id": owner.id, "username": owner.username}
    assert found["isPublic"] is True
    assert found["description"] == "Songs for the beach, très chaud"
    assert found["trackCount"] == 0
    assert found["durationMs"] == 0


async def test_an_invalid_token_is_refused_rather_than_searching_anonymously(
    client: Client,
) -> None:
    response = await client.get(
        SEARCH, params={"q": "road"}, headers={"Authorization": "Bearer not-a-token"}
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
