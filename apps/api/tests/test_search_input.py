"""`GET /search`: user text never reaches FTS5 or tsquery syntax; bad input is a 400."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

SEARCH = "/api/v1/search"
GROUPS = ("tracks", "albums", "artists", "playlists")

Client = AsyncTestClient[Litestar]

MOONLIGHT = ["Moonlight Sonata"]
NEAR = ["Near and Far"]
ROCK = ["Rock 'n' Roll"]

# Each query with the track titles it must find; None: any result, as long as it is not a 500.
QUERIES: list[tuple[str, list[str] | None]] = [
    ('"', []),
    ("*", []),
    ("'", []),
    (":", []),
    ("&", []),
    ("(", []),
    ("-", []),
    ("!!!", []),
    ("\\", []),
    ("%", []),
    ("_", []),
    ("^", []),
    ("ʼ", []),
    ('moon"', MOONLIGHT),
    ('"moon', MOONLIGHT),
    ("moon*", MOONLIGHT),
    ("moon'", MOONLIGHT),
    ("moon:*", MOONLIGHT),
    ("moon:* & sonata", MOONLIGHT),
    ("moon & sonata", MOONLIGHT),
    ("moon | far", []),
    ("!moon", MOONLIGHT),
    ("(moon", MOONLIGHT),
    ("moon)", MOONLIGHT),
    ("-moon", MOONLIGHT),
    ("moon -sonata", MOONLIGHT),
    ("^moon", MOONLIGHT),
    ("moon\\", MOONLIGHT),
    ("moon%", MOONLIGHT),
    ("moon_", MOONLIGHT),
    ("moon_sonata", MOONLIGHT),
    ("title:moon", []),
    ("NEAR", NEAR),
    ("AND", NEAR),
    ("near AND far", NEAR),
    ("NEAR(moon sonata)", []),
    ("moon OR far", []),
    ("moon NOT sonata", []),
    ("rock 'n' roll", ROCK),
    ("ŉ", None),
    ("a" * 200, []),
    (" ".join("m" * 100), MOONLIGHT),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q[:20] for q, _ in QUERIES])
async def test_special_characters_are_plain_text(
    client: Client, catalog_factory: Any, query: str, expected: list[str] | None
) -> None:
    artist = await catalog_factory.artist("Various")
    for title in ("Moonlight Sonata", "Near and Far", "Rock 'n' Roll"):
        await catalog_factory.track(artist, title)

    response = await client.get(SEARCH, params={"q": query})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["query"] == query
    if expected is not None:
        assert [track["title"] for track in body["tracks"]] == expected
    if expected == []:
        assert all(body[group] == [] for group in GROUPS)


@pytest.mark.parametrize("query", ["", " ", "\t\n  "])
async def test_a_blank_query_is_refused(client: Client, query: str) -> None:
    response = await client.get(SEARCH, params={"q": query})
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "code": "invalid_input",
        "detail": "The search query `q` must not be blank.",
    }


async def test_a_missing_query_is_refused(client: Client) -> None:
    response = await client.get(SEARCH)
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "code": "validation_error",
        "detail": "Missing required query parameter 'q' for path /api/v1/search",
    }


async def test_a_query_over_200_characters_is_refused(client: Client) -> None:
    response = await client.get(SEARCH, params={"q": "a" * 201})
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "code": "invalid_input",
        "detail": "The search query `q` must be at most 200 characters long.",
    }
    # The length counts after trimming.
    response = await client.get(SEARCH, params={"q": f"  {'a' * 200}  "})
    assert response.status_code == 200, response.text
    assert response.json()["query"] == "a" * 200
