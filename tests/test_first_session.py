"""A newcomer's first session against a real `cadenza up` process, through the typed client."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.catalog import ArtistCreate, TrackCreate
from cadenza_contracts.playlists import PlaylistCreate

PASSWORD = "correct horse battery"


async def test_register_login_playlist_search(running_api: Any) -> None:
    created = running_api.cadenza(
        "users",
        "create",
        "--username",
        "admin",
        "--email",
        "admin@example.com",
        "--password",
        PASSWORD,
        "--role",
        "admin",
    )
    assert created.returncode == 0, created.stderr
    duplicate = running_api.cadenza(
        "users",
        "create",
        "--username",
        "admin",
        "--email",
        "admin@example.com",
        "--password",
        PASSWORD,
        "--role",
        "admin",
    )
    assert duplicate.returncode == 1
    assert "already registered" in duplicate.stderr

    async with CadenzaClient(running_api.base_url) as admin:
        await admin.login("admin", PASSWORD)
        artist = await admin.create_artist(ArtistCreate(name="Beyoncé"))
        track = await admin.create_track(TrackCreate(title="Moonlight Sonata", artist_id=artist.id))

    async with CadenzaClient(running_api.base_url, auto_refresh=True) as ada:
        user = await ada.register("ada", "ada@example.com", PASSWORD)
        assert user.role == "listener"
        await ada.login("ada@example.com", PASSWORD)
        assert (await ada.me()).username == "ada"

        playlist = await ada.create_playlist(PlaylistCreate(name="Evening", is_public=True))
        detail = await ada.add_playlist_tracks(playlist.id, [track.id])
        assert [entry.track.title for entry in detail.entries] == ["Moonlight Sonata"]

        prefix = await ada.search("moonl")
        assert [t.id for t in prefix.tracks] == [track.id]
        accents = await ada.search("beyonce")
        assert [a.id for a in accents.artists] == [artist.id]
        named = await ada.search("evening")
        assert [p.id for p in named.playlists] == [playlist.id]

        # The refresh cookie rotates; an expired/invalid access token is refreshed once.
        before = ada.access_token
        await ada.refresh()
        assert ada.access_token != before
        ada.access_token = "not-a-token"
        assert (await ada.me()).username == "ada"

        await ada.logout()
        with pytest.raises(ApiError) as signed_out:
            await ada.me()
        assert signed_out.value.status == 401


def test_openapi_and_swagger_are_served(running_api: Any) -> None:
    spec = httpx.get(f"{running_api.base_url}/schema/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/artists",
        "/api/v1/tracks",
        "/api/v1/playlists",
        "/api/v1/search",
        "/api/v1/health",
    ):
        assert path in paths
    swagger = httpx.get(f"{running_api.base_url}/schema/swagger")
    assert swagger.status_code == 200
    assert "swagger" in swagger.text.lower()
    logs = [
        json.loads(line)
        for line in running_api.log.read_text().splitlines()
        if line.startswith("{")
    ]
    assert any(entry.get("requestId") for entry in logs)
