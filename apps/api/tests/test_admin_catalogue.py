"""Admin catalogue: tables with filters, sort and pages; audited edits; delete impact; bulk
actions (all or nothing); merges that lose nothing; covers."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image
from sqlalchemy import func, select, update

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import PlayHistory, Track
from cadenza_api.services import open_session
from cadenza_api.settings import Settings
from cadenza_contracts.accounts import Role

Client = AsyncTestClient[Litestar]
API = "/api/v1"
ADMIN = "/api/v1/admin"


def error_of(response: Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert (body["status"], body["code"]) == (status, code)
    return str(body["detail"])


def ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


class Db:
    """Direct access to rows the API has no route for (plays, track status)."""

    def __init__(self, settings: Settings) -> None:
        self.config = build_sqlalchemy_config(settings.database)

    async def play(self, user_id: str, track_id: UUID, times: int = 1) -> None:
        async with open_session(self.config) as session:
            for _ in range(times):
                session.add(
                    PlayHistory(
                        user_id=UUID(user_id),
                        track_id=track_id,
                        played_at=datetime.now(UTC),
                        listened_ms=120_000,
                    )
                )

    async def set_status(self, track_id: UUID, status: str) -> None:
        async with open_session(self.config) as session:
            await session.execute(update(Track).where(Track.id == track_id).values(status=status))

    async def plays_of(self, track_id: UUID) -> int:
        async with open_session(self.config) as session:
            count = await session.scalar(
                select(func.count())
                .select_from(PlayHistory)
                .where(PlayHistory.track_id == track_id)
            )
            return count or 0


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Db]:
    database = Db(settings)
    yield database
    await database.config.get_engine().dispose()


async def audit(client: Client, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = ok(
        await client.get(f"{ADMIN}/audit", params=params, headers=headers)
    )["items"]
    return items


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 30, 90)).save(output, format="PNG")
    return output.getvalue()


async def test_tables_search_filter_sort_and_paginate(
    client: Client, make_account: Any, catalog_factory: Any, db: Db
) -> None:
    admin = await make_account(Role.ADMIN)
    beta = await catalog_factory.artist("Beta")
    alpha = await catalog_factory.artist("alpha")
    gamma = await catalog_factory.artist("Gamma Rays")
    first = await catalog_factory.album(beta, "First Light")
    second = await catalog_factory.album(beta, "Second Wind")
    await catalog_factory.album(alpha, "Only One")
    t1 = await catalog_factory.track(beta, "Dawn", album_id=first, duration_ms=100_000)
    t2 = await catalog_factory.track(beta, "Noon", album_id=first, duration_ms=300_000)
    t3 = await catalog_factory.track(beta, "Dusk", album_id=second, duration_ms=200_000)
    await catalog_factory.track(gamma, "Ray", duration_ms=None)
    await db.set_status(t3, "failed")
    ok(
        await client.patch(
            f"{ADMIN}/albums/{second}", json={"genre": "Jazz"}, headers=admin.headers
        )
    )
    ok(await client.patch(f"{ADMIN}/tracks/{t2}", json={"genre": "Jazz"}, headers=admin.headers))

    async def page(path: str, **params: str) -> dict[str, Any]:
        body: dict[str, Any] = ok(
            await client.get(f"{ADMIN}/{path}", params=params, headers=admin.headers)
        )
        return body

    artists = await page("artists")
    assert [a["name"] for a in artists["items"]] == ["alpha", "Beta", "Gamma Rays"]
    by_name = {a["name"]: a for a in artists["items"]}
    assert (by_name["Beta"]["albumCount"], by_name["Beta"]["trackCount"]) == (2, 3)
    assert (by_name["Gamma Rays"]["albumCount"], by_name["Gamma Rays"]["trackCount"]) == (0, 1)
    reversed_page = await page("artists", sort="-name", limit="2", offset="1")
    assert [a["name"] for a in reversed_page["items"]] == ["Beta", "alpha"]
    assert (reversed_page["total"], reversed_page["limit"], reversed_page["offset"]) == (3, 2, 1)
    assert [a["name"] for a in (await page("artists", q="RAY"))["items"]] == ["Gamma Rays"]

    albums = await page("albums", artistId=str(beta), sort="-title")
    assert [a["title"] for a in albums["items"]] == ["Second Wind", "First Light"]
    assert [a["title"] for a in (await page("albums", genre="jazz"))["items"]] == ["Second Wind"]

    tracks = await page("tracks", sort="-durationMs")
    assert [t["title"] for t in tracks["items"]] == ["Noon", "Dusk", "Dawn", "Ray"]
    assert [t["title"] for t in (await page("tracks", status="failed"))["items"]] == ["Dusk"]
    assert [t["title"] for t in (await page("tracks", albumId=str(first)))["items"]] == [
        "Dawn",
        "Noon",
    ]
    assert [t["id"] for t in (await page("tracks", genre="JAZZ"))["items"]] == [str(t2)]
    second_page = await page("tracks", artistId=str(beta), limit="2", offset="2")
    assert [t["id"] for t in second_page["items"]] == [str(t2)]
    assert second_page["total"] == 3
    assert t1 != t2

    detail = error_of(
        await client.get(f"{ADMIN}/tracks?sort=password", headers=admin.headers),
        400,
        "invalid_input",
    )
    assert "durationMs" in detail
    error_of(
        await client.get(f"{ADMIN}/tracks?status=gone", headers=admin.headers),
        400,
        "validation_error",
    )
    error_of(
        await client.get(f"{ADMIN}/albums?limit=0", headers=admin.headers), 400, "validation_error"
    )


async def test_updates_are_audited_with_before_and_after(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist = await catalog_factory.artist("Nina")
    album = await catalog_factory.album(artist, "Blue")
    track = await catalog_factory.track(artist, "Old Title", album_id=album)

    updated = ok(
        await client.patch(
            f"{ADMIN}/tracks/{track}",
            json={"title": "New Title", "trackNumber": 3, "explicit": True},
            headers=admin.headers,
        )
    )
    assert (updated["title"], updated["trackNumber"], updated["explicit"]) == (
        "New Title",
        3,
        True,
    )
    assert ok(await client.get(f"{API}/tracks/{track}"))["title"] == "New Title"
    [entry] = await audit(client, admin.headers, targetType="track", targetId=str(track))
    assert entry["action"] == "track.update"
    assert (entry["before"]["title"], entry["after"]["title"]) == ("Old Title", "New Title")
    assert (entry["before"]["explicit"], entry["after"]["explicit"]) == (False, True)
    assert entry["actorId"] == admin.id and entry["targetLabel"] == "New Title"
    assert entry["requestId"]

    ok(
        await client.patch(
            f"{ADMIN}/artists/{artist}", json={"bio": "Pianist."}, headers=admin.headers
        )
    )
    ok(
        await client.patch(
            f"{ADMIN}/albums/{album}", json={"releaseDate": "1959-01-01"}, headers=admin.headers
        )
    )
    [artist_entry] = await audit(client, admin.headers, action="artist.update")
    assert (artist_entry["before"]["bio"], artist_entry["after"]["bio"]) == (None, "Pianist.")
    [album_entry] = await audit(client, admin.headers, action="album.update")
    assert album_entry["after"]["releaseDate"] == "1959-01-01"

    # A refused change leaves no trace.
    error_of(
        await client.patch(f"{ADMIN}/tracks/{track}", json={"title": "  "}, headers=admin.headers),
        400,
        "validation_error",
    )
    error_of(
        await client.patch(f"{ADMIN}/tracks/{uuid4()}", json={"title": "X"}, headers=admin.headers),
        404,
        "not_found",
    )
    assert len(await audit(client, admin.headers)) == 3


async def test_delete_impact_counts_what_goes_and_deletions_are_audited(
    client: Client, make_account: Any, catalog_factory: Any, db: Db
) -> None:
    admin = await make_account(Role.ADMIN)
    fan = await make_account(Role.LISTENER)
    artist = await catalog_factory.artist("Doomed")
    keep = await catalog_factory.artist("Keeper")
    album_a = await catalog_factory.album(artist, "A")
    album_b = await catalog_factory.album(artist, "B")
    a1 = await catalog_factory.track(artist, "a1", album_id=album_a)
    a2 = await catalog_factory.track(artist, "a2", album_id=album_a)
    await catalog_factory.track(artist, "b1", album_id=album_b)
    single = await catalog_factory.track(artist, "single")
    kept = await catalog_factory.track(keep, "kept")
    playlist = ok(
        await client.post(f"{API}/playlists", json={"name": "Mix"}, headers=fan.headers), 201
    )
    ok(
        await client.post(
            f"{API}/playlists/{playlist['id']}/tracks",
            json={"trackIds": [str(a1), str(a1), str(single), str(kept)]},
            headers=fan.headers,
        )
    )
    ok(await client.put(f"{API}/me/liked/tracks/{a2}", headers=fan.headers), 204)
    await db.play(fan.id, a1, times=2)
    await db.play(fan.id, kept)

    album_impact = ok(
        await client.get(f"{ADMIN}/albums/{album_a}/delete-impact", headers=admin.headers)
    )
    assert album_impact == {
        "albums": 1,
        "tracks": 2,
        "playlistEntries": 2,
        "trackLikes": 1,
        "plays": 2,
    }
    artist_impact = ok(
        await client.get(f"{ADMIN}/artists/{artist}/delete-impact", headers=admin.headers)
    )
    assert artist_impact == {
        "albums": 2,
        "tracks": 4,
        "playlistEntries": 3,
        "trackLikes": 1,
        "plays": 2,
    }
    track_impact = ok(await client.get(f"{ADMIN}/tracks/{a1}/delete-impact", headers=admin.headers))
    assert track_impact == {
        "albums": 0,
        "tracks": 1,
        "playlistEntries": 2,
        "trackLikes": 0,
        "plays": 2,
    }
    for kind in ("artists", "tracks"):
        error_of(
            await client.get(f"{ADMIN}/{kind}/{uuid4()}/delete-impact", headers=admin.headers),
            404,
            "not_found",
        )

    # Without withTracks the album's tracks stay, as singles.
    ok(await client.delete(f"{ADMIN}/albums/{album_b}", headers=admin.headers), 204)
    assert ok(await client.get(f"{ADMIN}/tracks?q=b1", headers=admin.headers))["total"] == 1
    ok(await client.delete(f"{ADMIN}/albums/{album_a}?withTracks=true", headers=admin.headers), 204)
    assert (
        ok(await client.get(f"{ADMIN}/tracks?artistId={artist}", headers=admin.headers))["total"]
        == 2
    )
    entries = ok(await client.get(f"{API}/playlists/{playlist['id']}", headers=fan.headers))[
        "entries"
    ]
    assert [e["track"]["title"] for e in entries] == ["single", "kept"]
    ok(await client.delete(f"{ADMIN}/artists/{artist}", headers=admin.headers), 204)
    error_of(await client.get(f"{API}/artists/{artist}"), 404, "not_found")
    assert await db.plays_of(kept) == 1

    actions = [e["action"] for e in await audit(client, admin.headers)]
    assert actions.count("album.delete") == 2
    assert actions.count("track.delete") == 2
    assert actions.count("artist.delete") == 1
    [artist_entry] = await audit(client, admin.headers, action="artist.delete")
    assert artist_entry["before"]["name"] == "Doomed" and artist_entry["after"] is None


async def test_bulk_actions_are_all_or_nothing(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist = await catalog_factory.artist("Bulk")
    other = await catalog_factory.artist("Other")
    album = await catalog_factory.album(artist, "Home")
    foreign_album = await catalog_factory.album(other, "Away")
    ids = [await catalog_factory.track(artist, f"t{n}") for n in range(3)]
    stranger = await catalog_factory.track(other, "stranger")

    async def bulk(body: dict[str, Any]) -> Response:
        return await client.post(f"{ADMIN}/tracks/bulk", json=body, headers=admin.headers)

    async def track(track_id: UUID) -> dict[str, Any]:
        body: dict[str, Any] = ok(await client.get(f"{API}/tracks/{track_id}"))
        return body

    result = ok(
        await bulk({"action": "setGenre", "trackIds": [str(i) for i in ids], "genre": "Ambient"})
    )
    assert result == {"action": "setGenre", "affected": 3}
    assert {(await track(i))["genre"] for i in ids} == {"Ambient"}

    result = ok(
        await bulk(
            {"action": "moveToAlbum", "trackIds": [str(ids[0]), str(ids[1])], "albumId": str(album)}
        )
    )
    assert result["affected"] == 2
    assert [(await track(i))["albumId"] for i in ids] == [str(album), str(album), None]

    # One track of another artist: nothing moves, not even the tracks before it.
    detail = error_of(
        await bulk(
            {
                "action": "moveToAlbum",
                "trackIds": [str(ids[2]), str(stranger)],
                "albumId": str(foreign_album),
            }
        ),
        400,
        "invalid_input",
    )
    assert "another artist" in detail
    assert (await track(ids[2]))["albumId"] is None
    # Its audit entry went with the rolled-back change: only the genre change is recorded.
    recorded = await audit(client, admin.headers, targetId=str(ids[2]))
    assert [e["after"]["genre"] for e in recorded] == ["Ambient"]
    missing = uuid4()
    detail = error_of(
        await bulk({"action": "delete", "trackIds": [str(ids[0]), str(missing)]}),
        404,
        "not_found",
    )
    assert str(missing) in detail
    assert (await track(ids[0]))["title"] == "t0"
    error_of(await bulk({"action": "explode", "trackIds": [str(ids[0])]}), 400, "validation_error")
    error_of(await bulk({"action": "delete", "trackIds": []}), 400, "validation_error")
    audited_before = len(await audit(client, admin.headers))

    result = ok(await bulk({"action": "delete", "trackIds": [str(ids[0]), str(ids[1])]}))
    assert result == {"action": "delete", "affected": 2}
    error_of(await client.get(f"{API}/tracks/{ids[0]}"), 404, "not_found")
    assert (await track(ids[2]))["title"] == "t2"
    deletions = await audit(client, admin.headers, action="track.delete")
    assert {e["targetId"] for e in deletions} == {str(ids[0]), str(ids[1])}
    assert len(await audit(client, admin.headers)) == audited_before + 2
    updates = await audit(client, admin.headers, action="track.update", targetId=str(ids[0]))
    assert [e["after"]["albumId"] for e in updates] == [str(album), None]


async def test_merging_artists_moves_everything_and_loses_nothing(
    client: Client, make_account: Any, catalog_factory: Any, db: Db
) -> None:
    admin = await make_account(Role.ADMIN)
    fan = await make_account(Role.LISTENER)
    both = await make_account(Role.LISTENER)
    owner = await make_account(Role.ARTIST)
    source = await catalog_factory.artist("Beyonce", owner_id=UUID(owner.id))
    target = await catalog_factory.artist("Beyoncé")
    album = await catalog_factory.album(source, "Lemonade")
    on_album = await catalog_factory.track(source, "Hold Up", album_id=album)
    single = await catalog_factory.track(source, "Single")
    existing = await catalog_factory.track(target, "Halo")
    playlist = ok(
        await client.post(f"{API}/playlists", json={"name": "B"}, headers=fan.headers), 201
    )
    ok(
        await client.post(
            f"{API}/playlists/{playlist['id']}/tracks",
            json={"trackIds": [str(single), str(on_album)]},
            headers=fan.headers,
        )
    )
    ok(await client.put(f"{API}/me/liked/artists/{source}", headers=fan.headers), 204)
    ok(await client.put(f"{API}/me/liked/artists/{source}", headers=both.headers), 204)
    ok(await client.put(f"{API}/me/liked/artists/{target}", headers=both.headers), 204)
    ok(await client.put(f"{API}/me/liked/tracks/{single}", headers=fan.headers), 204)
    await db.play(fan.id, on_album, times=3)

    merged = ok(
        await client.post(
            f"{ADMIN}/artists/merge",
            json={"sourceId": str(source), "targetId": str(target)},
            headers=admin.headers,
        )
    )
    assert merged["id"] == str(target) and merged["name"] == "Beyoncé"
    assert (merged["albumCount"], merged["trackCount"]) == (1, 3)
    assert merged["ownerId"] == owner.id and merged["ownerUsername"] == owner.username
    error_of(await client.get(f"{API}/artists/{source}"), 404, "not_found")
    for track_id in (on_album, single, existing):
        assert ok(await client.get(f"{API}/tracks/{track_id}"))["artistId"] == str(target)
    assert ok(await client.get(f"{API}/albums/{album}"))["artistId"] == str(target)
    entries = ok(await client.get(f"{API}/playlists/{playlist['id']}", headers=fan.headers))[
        "entries"
    ]
    assert [e["track"]["id"] for e in entries] == [str(single), str(on_album)]
    for account in (fan, both):
        liked = ok(await client.get(f"{API}/me/liked/artists", headers=account.headers))
        assert [item["artist"]["id"] for item in liked["items"]] == [str(target)]
    liked_tracks = ok(await client.get(f"{API}/me/liked/tracks", headers=fan.headers))
    assert liked_tracks["total"] == 1
    assert await db.plays_of(on_album) == 3

    [entry] = await audit(client, admin.headers, action="artist.merge")
    assert entry["targetId"] == str(target)
    assert entry["before"]["source"]["name"] == "Beyonce"
    assert entry["before"]["target"]["trackCount"] == 1
    assert entry["after"]["trackCount"] == 3

    error_of(
        await client.post(
            f"{ADMIN}/artists/merge",
            json={"sourceId": str(target), "targetId": str(target)},
            headers=admin.headers,
        ),
        400,
        "invalid_input",
    )
    error_of(
        await client.post(
            f"{ADMIN}/artists/merge",
            json={"sourceId": str(uuid4()), "targetId": str(target)},
            headers=admin.headers,
        ),
        404,
        "not_found",
    )
    second_owner = await make_account(Role.ARTIST)
    owned = await catalog_factory.artist("Owned", owner_id=UUID(second_owner.id))
    detail = error_of(
        await client.post(
            f"{ADMIN}/artists/merge",
            json={"sourceId": str(owned), "targetId": str(target)},
            headers=admin.headers,
        ),
        409,
        "conflict",
    )
    assert "owned" in detail
    assert ok(await client.get(f"{API}/artists/{owned}"))["name"] == "Owned"


async def test_merging_albums_moves_tracks_likes_and_cover(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    fan = await make_account(Role.LISTENER)
    artist = await catalog_factory.artist("Band")
    source = await catalog_factory.album(artist, "Greatest Hits (Deluxe)")
    target = await catalog_factory.album(artist, "Greatest Hits")
    moved = await catalog_factory.track(artist, "Hit", album_id=source)
    await catalog_factory.track(artist, "Other Hit", album_id=target)
    ok(
        await client.patch(
            f"{ADMIN}/albums/{source}",
            json={"genre": "Rock", "releaseDate": "2001-02-03"},
            headers=admin.headers,
        )
    )
    covered = await client.put(
        f"{ADMIN}/albums/{source}/cover",
        files={"file": ("cover.png", png_bytes(), "image/png")},
        headers=admin.headers,
    )
    assert ok(covered)["hasCover"] is True
    ok(await client.put(f"{API}/me/liked/albums/{source}", headers=fan.headers), 204)

    merged = ok(
        await client.post(
            f"{ADMIN}/albums/merge",
            json={"sourceId": str(source), "targetId": str(target)},
            headers=admin.headers,
        )
    )
    assert (merged["id"], merged["trackCount"]) == (str(target), 2)
    assert (merged["genre"], merged["releaseDate"], merged["hasCover"]) == (
        "Rock",
        "2001-02-03",
        True,
    )
    assert ok(await client.get(f"{API}/tracks/{moved}"))["albumId"] == str(target)
    error_of(await client.get(f"{API}/albums/{source}"), 404, "not_found")
    cover = await client.get(f"{API}/albums/{target}/cover?size=64")
    assert cover.status_code == 200 and cover.headers["content-type"] == "image/jpeg"
    liked = ok(await client.get(f"{API}/me/liked/albums", headers=fan.headers))
    assert [item["album"]["id"] for item in liked["items"]] == [str(target)]
    [entry] = await audit(client, admin.headers, action="album.merge")
    assert entry["before"]["source"]["title"] == "Greatest Hits (Deluxe)"

    elsewhere = await catalog_factory.album(await catalog_factory.artist("Else"), "Greatest Hits")
    detail = error_of(
        await client.post(
            f"{ADMIN}/albums/merge",
            json={"sourceId": str(elsewhere), "targetId": str(target)},
            headers=admin.headers,
        ),
        409,
        "conflict",
    )
    assert "merge the artists first" in detail


async def test_cover_uploads_replace_covers_and_refuse_non_images(
    client: Client, make_account: Any, catalog_factory: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    artist = await catalog_factory.artist("Painter")
    track = await catalog_factory.track(artist, "Canvas")
    before = await client.get(f"{API}/tracks/{track}/cover")
    error_of(before, 404, "not_found")
    ok(
        await client.put(
            f"{ADMIN}/tracks/{track}/cover",
            files={"file": ("c.png", png_bytes(), "image/png")},
            headers=admin.headers,
        )
    )
    assert (await client.get(f"{API}/tracks/{track}/cover")).status_code == 200
    detail = error_of(
        await client.put(
            f"{ADMIN}/tracks/{track}/cover",
            files={"file": ("c.png", b"not an image", "image/png")},
            headers=admin.headers,
        ),
        415,
        "unsupported_media_type",
    )
    assert "image" in detail
    [entry] = await audit(client, admin.headers, action="track.cover")
    assert entry["targetId"] == str(track)


async def test_creations_are_audited(client: Client, make_account: Any) -> None:
    admin = await make_account(Role.ADMIN)
    owner = await make_account(Role.ARTIST)
    artist = ok(
        await client.post(
            f"{ADMIN}/artists",
            json={"name": "Fresh", "ownerId": owner.id},
            headers=admin.headers,
        ),
        201,
    )
    assert (artist["ownerUsername"], artist["albumCount"]) == (owner.username, 0)
    album = ok(
        await client.post(
            f"{ADMIN}/albums",
            json={"title": "Debut", "artistId": artist["id"], "genre": "Pop"},
            headers=admin.headers,
        ),
        201,
    )
    track = ok(
        await client.post(
            f"{ADMIN}/tracks",
            json={"title": "Opener", "artistId": artist["id"], "albumId": album["id"]},
            headers=admin.headers,
        ),
        201,
    )
    assert (track["albumTitle"], track["artistName"]) == ("Debut", "Fresh")
    entries = await audit(client, admin.headers)
    assert [(e["action"], e["targetId"], e["before"]) for e in entries] == [
        ("track.create", track["id"], None),
        ("album.create", album["id"], None),
        ("artist.create", artist["id"], None),
    ]
    assert entries[1]["after"]["genre"] == "Pop"
    detail = error_of(
        await client.post(
            f"{ADMIN}/artists", json={"name": "Twice", "ownerId": owner.id}, headers=admin.headers
        ),
        409,
        "conflict",
    )
    assert "already owns" in detail
    error_of(
        await client.post(
            f"{ADMIN}/tracks",
            json={"title": "Orphan", "artistId": str(uuid4())},
            headers=admin.headers,
        ),
        404,
        "not_found",
    )
    assert len(await audit(client, admin.headers)) == 3
