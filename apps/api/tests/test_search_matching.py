"""`GET /search`: prefix, accent- and case-insensitive matching, ranking, limits and groups."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from litestar import Litestar
from litestar.testing import AsyncTestClient

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import Album, Track
from cadenza_api.services import open_session
from cadenza_api.settings import Settings

SEARCH = "/api/v1/search"
GROUPS = ("tracks", "albums", "artists", "playlists")

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def orm(settings: Settings) -> AsyncIterator[SQLAlchemyAsyncConfig]:
    """A database config of the test's own, to change rows behind the API's back."""
    config = build_sqlalchemy_config(settings.database)
    yield config
    await config.get_engine().dispose()


async def search(client: Client, q: str, **params: Any) -> dict[str, Any]:
    response = await client.get(SEARCH, params={"q": q, **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def titles(body: dict[str, Any], group: str) -> list[str]:
    key = "name" if group in ("artists", "playlists") else "title"
    return [item[key] for item in body[group]]


async def test_each_word_matches_the_start_of_any_word(
    client: Client, catalog_factory: Any
) -> None:
    artist = await catalog_factory.artist("Ludwig van Beethoven")
    for title in ("Moonlight Sonata", "Blue Moon", "Sonatina", "Harvest Moonlight", "Limelight"):
        await catalog_factory.track(artist, title)

    assert titles(await search(client, "moonl"), "tracks") == [
        "Moonlight Sonata",
        "Harvest Moonlight",
    ]
    assert titles(await search(client, "son moon"), "tracks") == ["Moonlight Sonata"]
    assert titles(await search(client, "sonata moonlight"), "tracks") == ["Moonlight Sonata"]
    # Every word must match: one word without a match empties the group.
    assert titles(await search(client, "moonlight harvest sonata"), "tracks") == []
    # A word must start a word: "light" is inside "Moonlight", not at its start.
    assert titles(await search(client, "light"), "tracks") == []
    assert titles(await search(client, "lud beet"), "artists") == ["Ludwig van Beethoven"]


async def test_case_and_accents_are_ignored_both_ways(client: Client, catalog_factory: Any) -> None:
    beyonce = await catalog_factory.artist("Beyoncé")
    motley = await catalog_factory.artist("Motley Crue")
    await catalog_factory.track(beyonce, "Halo")
    await catalog_factory.track(motley, "Kickstart My Heart")
    await catalog_factory.album(beyonce, "Ñandú Señorita")

    for query in ("beyonce", "BEYONCÉ", "Beyoncé", "bEyOnC", "BEYONCE"):
        body = await search(client, query)
        assert titles(body, "artists") == ["Beyoncé"], query
        # Tracks are matched on their own title, not their artist's name.
        assert body["tracks"] == [], query
    for query in ("Mötley Crüe", "MÖTL", "crue"):
        assert titles(await search(client, query), "artists") == ["Motley Crue"], query
    for query in ("nandu senorita", "ÑANDÚ", "señ"):
        assert titles(await search(client, query), "albums") == ["Ñandú Señorita"], query
    assert titles(await search(client, "KICKSTART heart"), "tracks") == ["Kickstart My Heart"]


async def test_exact_name_then_names_starting_with_the_query_then_relevance_then_name(
    client: Client, catalog_factory: Any
) -> None:
    # Inserted so that neither insertion order nor plain name order gives the expected one.
    for name in (
        "Baba Love",
        "Endless Love Love Love",
        "Lovers Rock",
        "Abba Love",
        "Love Love Love",
        "Lové",
        "Glove",
    ):
        await catalog_factory.artist(name)

    assert titles(await search(client, "LOVE"), "artists") == [
        "Lové",  # the exact name, though "Love Love Love" is more relevant to the engine
        "Love Love Love",  # starts with the query and is more relevant than "Lovers Rock"
        "Lovers Rock",  # starts with the query, so before the more relevant "Endless Love..."
        "Endless Love Love Love",  # the engine's relevance before the name order
        "Abba Love",  # equally relevant: by name
        "Baba Love",
    ]


async def test_a_name_starting_with_a_multi_word_query_comes_first(
    client: Client, catalog_factory: Any
) -> None:
    artist = await catalog_factory.artist("Ludwig van Beethoven")
    for title in (
        "Sonata for the Moonlight",
        "Moonlight Sonata No. 14",
        "Moonlight Sonatas",
        "Moonlight Sonata",
    ):
        await catalog_factory.track(artist, title)

    body = await search(client, "  moonlight   SONATA ")
    assert body["query"] == "moonlight   SONATA"
    assert titles(body, "tracks") == [
        "Moonlight Sonata",
        "Moonlight Sonatas",
        "Moonlight Sonata No. 14",
        "Sonata for the Moonlight",
    ]


async def test_results_carry_the_contract_fields(client: Client, catalog_factory: Any) -> None:
    artist = await catalog_factory.artist("Nina Simone")
    album = await catalog_factory.album(artist, "Pastel Blues")
    track = await catalog_factory.track(artist, "Sinnerman", album_id=album, duration_ms=622_000)

    body = await search(client, "sinner")
    assert body["query"] == "sinner"
    assert body["albums"] == [] and body["artists"] == [] and body["playlists"] == []
    [found] = body["tracks"]
    assert found["id"] == str(track)
    assert found["artistId"] == str(artist)
    assert found["artistName"] == "Nina Simone"
    assert found["albumId"] == str(album)
    assert found["albumTitle"] == "Pastel Blues"
    assert found["durationMs"] == 622_000

    [found_album] = (await search(client, "pastel"))["albums"]
    assert found_album["id"] == str(album)
    assert found_album["artistName"] == "Nina Simone"
    assert found_album["trackCount"] == 1


async def test_limit_applies_to_each_group(client: Client, catalog_factory: Any) -> None:
    first = await catalog_factory.artist("Echo 00")
    for number in range(1, 12):
        await catalog_factory.artist(f"Echo {number:02d}")
    for number in range(12):
        await catalog_factory.track(first, f"Echo Track {number:02d}")
    await catalog_factory.album(first, "Echoes")

    body = await search(client, "echo")
    assert titles(body, "artists") == [f"Echo {n:02d}" for n in range(10)]
    assert len(body["tracks"]) == 10
    assert titles(body, "albums") == ["Echoes"]

    body = await search(client, "echo", limit=3)
    assert titles(body, "artists") == ["Echo 00", "Echo 01", "Echo 02"]
    assert titles(body, "tracks") == ["Echo Track 00", "Echo Track 01", "Echo Track 02"]
    assert titles(body, "albums") == ["Echoes"]

    body = await search(client, "echo", limit=50)
    assert len(body["artists"]) == 12
    assert len(body["tracks"]) == 12

    for limit in (0, 51, -1):
        response = await client.get(SEARCH, params={"q": "echo", "limit": limit})
        assert response.status_code == 400, response.text
        assert response.json()["code"] == "validation_error"


async def test_types_restricts_the_groups_searched(client: Client, catalog_factory: Any) -> None:
    artist = await catalog_factory.artist("Aurora")
    await catalog_factory.album(artist, "Aurora Borealis")
    await catalog_factory.track(artist, "Aurora Song")

    body = await search(client, "aurora", types="tracks,albums")
    assert titles(body, "tracks") == ["Aurora Song"]
    assert titles(body, "albums") == ["Aurora Borealis"]
    assert body["artists"] == []
    assert body["playlists"] == []

    body = await search(client, "aurora", types=" artists ")
    assert titles(body, "artists") == ["Aurora"]
    assert body["tracks"] == [] and body["albums"] == []

    body = await search(client, "aurora")
    assert [len(body[group]) for group in GROUPS] == [1, 1, 1, 0]

    for types in ("tracks,bogus", "Tracks", "", ","):
        response = await client.get(SEARCH, params={"q": "aurora", "types": types})
        assert response.status_code == 400, (types, response.text)
        error = response.json()
        assert error["status"] == 400
        assert error["code"] == "invalid_input"
        assert "tracks, albums, artists, playlists" in error["detail"]


async def test_renames_and_deletes_are_reflected(
    client: Client, catalog_factory: Any, orm: SQLAlchemyAsyncConfig
) -> None:
    artist = await catalog_factory.artist("Prince")
    album = await catalog_factory.album(artist, "Purple Rain")
    track = await catalog_factory.track(artist, "Old Title", album_id=album)
    assert titles(await search(client, "old"), "tracks") == ["Old Title"]

    async with open_session(orm) as session:
        (await session.get_one(Track, track)).title = "Fresh Title"
    assert titles(await search(client, "fresh"), "tracks") == ["Fresh Title"]
    assert titles(await search(client, "old"), "tracks") == []
    assert titles(await search(client, "title"), "tracks") == ["Fresh Title"]

    async with open_session(orm) as session:
        await session.delete(await session.get_one(Track, track))
        await session.delete(await session.get_one(Album, album))
    body = await search(client, "fresh purple")
    assert body["tracks"] == [] and body["albums"] == []
    assert (await search(client, "fresh"))["tracks"] == []
    assert (await search(client, "purple"))["albums"] == []
    assert titles(await search(client, "prince"), "artists") == ["Prince"]
