"""The player's REST mirror under `/me/player`, play counts, and their input errors."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import delete

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import Track
from cadenza_api.services import open_session
from cadenza_api.settings import Settings

Client = AsyncTestClient[Litestar]
API = "/api/v1"
PLAYER = f"{API}/me/player"


def error_of(response: Response, status: int, code: str) -> str:
    """Assert the one error body and return its detail."""
    assert response.status_code == status, response.text
    body = response.json()
    assert (body["status"], body["code"]) == (status, code)
    assert body["detail"]
    return str(body["detail"])


def state_of(response: Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def tracks(catalog_factory: Any) -> list[str]:
    artist_id = await catalog_factory.artist("Nina Simone")
    return [
        str(await catalog_factory.track(artist_id, title, duration_ms=duration))
        for title, duration in [
            ("Sinnerman", 600_000),
            ("Feeling Good", 175_000),
            ("Lilac Wine", None),
            ("I Put a Spell on You", 150_000),
        ]
    ]


@pytest.fixture
async def alice(make_account: Any) -> dict[str, str]:
    account = await make_account()
    headers: dict[str, str] = account.headers
    return headers


ROUTES = [
    ("GET", PLAYER, None),
    ("GET", f"{PLAYER}/devices", None),
    ("PUT", f"{PLAYER}/play", {}),
    ("PUT", f"{PLAYER}/pause", None),
    ("PUT", f"{PLAYER}/seek", {"positionMs": 0}),
    ("POST", f"{PLAYER}/next", None),
    ("POST", f"{PLAYER}/previous", None),
    ("PUT", f"{PLAYER}/volume", {"volume": 5}),
    ("PUT", f"{PLAYER}/shuffle", {"shuffle": True}),
    ("PUT", f"{PLAYER}/repeat", {"repeat": "all"}),
    ("POST", f"{PLAYER}/queue", {"trackIds": [str(uuid4())]}),
    ("PUT", f"{PLAYER}/transfer", {"deviceId": "web"}),
    ("GET", f"{API}/me/history", None),
    ("POST", f"{API}/auth/ws-ticket", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
async def test_player_routes_need_a_signed_in_user(
    client: Client, method: str, path: str, body: Any
) -> None:
    response = await client.request(method, path, json=body)
    error_of(response, 401, "unauthorized")
    bad_token = {"Authorization": "Bearer nope"}
    error_of(await client.request(method, path, json=body, headers=bad_token), 401, "unauthorized")


async def test_a_new_user_has_an_empty_player(client: Client, alice: dict[str, str]) -> None:
    state = state_of(await client.get(PLAYER, headers=alice))
    assert state == {
        "activeDeviceId": None,
        "trackId": None,
        "track": None,
        "positionMs": 0,
        "positionAt": state["serverTime"],
        "isPlaying": False,
        "volume": 100,
        "shuffle": False,
        "repeat": "off",
        "queue": {"trackIds": [], "index": 0, "upNext": []},
        "version": 0,
        "serverTime": state["serverTime"],
    }
    devices = await client.get(f"{PLAYER}/devices", headers=alice)
    assert (devices.status_code, devices.json()) == (200, [])


async def test_play_tracks_and_read_the_state_back(
    client: Client, alice: dict[str, str], tracks: list[str]
) -> None:
    state = state_of(
        await client.put(
            f"{PLAYER}/play",
            json={"trackIds": tracks[:3], "index": 1, "positionMs": 1_000},
            headers=alice,
        )
    )
    assert state["trackId"] == tracks[1]
    assert state["track"]["title"] == "Feeling Good"
    assert state["track"]["artistName"] == "Nina Simone"
    assert (state["positionMs"], state["isPlaying"], state["version"]) == (1_000, True, 1)
    assert state["activeDeviceId"] is None
    assert state["queue"] == {"trackIds": tracks[:3], "index": 1, "upNext": []}

    again = state_of(await client.get(PLAYER, headers=alice))
    assert {k: v for k, v in again.items() if k != "serverTime"} == {
        k: v for k, v in state.items() if k != "serverTime"
    }


async def test_pause_resume_and_jump(
    client: Client, alice: dict[str, str], tracks: list[str]
) -> None:
    await client.put(f"{PLAYER}/play", json={"trackIds": tracks}, headers=alice)
    paused = state_of(await client.put(f"{PLAYER}/pause", headers=alice))
    assert (paused["isPlaying"], paused["version"]) == (False, 2)

    resumed = state_of(await client.put(f"{PLAYER}/play", json={}, headers=alice))
    assert (resumed["isPlaying"], resumed["trackId"], resumed["version"]) == (True, tracks[0], 3)
    assert resumed["positionMs"] >= paused["positionMs"]

    jumped = state_of(
        await client.put(f"{PLAYER}/play", json={"index": 3, "positionMs": 5}, headers=alice)
    )
    assert (jumped["trackId"], jumped["queue"]["index"], jumped["positionMs"]) == (
        tracks[3],
        3,
        5,
    )


async def test_play_errors(client: Client, alice: dict[str, str], tracks: list[str]) -> None:
    error_of(await client.put(f"{PLAYER}/play", json={}, headers=alice), 409, "conflict")
    error_of(
        await client.put(f"{PLAYER}/play", json={"index": 0}, headers=alice), 400, "invalid_input"
    )
    unknown = str(uuid4())
    detail = error_of(
        await client.put(f"{PLAYER}/play", json={"trackIds": [tracks[0], unknown]}, headers=alice),
        404,
        "not_found",
    )
    assert unknown in detail
    error_of(
        await client.put(
            f"{PLAYER}/play", json={"trackIds": tracks[:2], "index": 2}, headers=alice
        ),
        400,
        "invalid_input",
    )
    error_of(
        await client.put(
            f"{PLAYER}/play",
            json={"trackIds": [tracks[1]], "positionMs": 175_001},
            headers=alice,
        ),
        400,
        "invalid_input",
    )
    error_of(
        await client.put(
            f"{PLAYER}/play", json={"trackIds": [tracks[0]], "deviceId": "nowhere"}, headers=alice
        ),
        404,
        "not_found",
    )
    for body in [
        {"trackIds": []},
        {"trackIds": ["not-a-uuid"]},
        {"index": -1},
        {"positionMs": -5},
        {"deviceId": "has space"},
        {"tracks": [tracks[0]]},
    ]:
        error_of(
            await client.put(f"{PLAYER}/play", json=body, headers=alice), 400, "validation_error"
        )
    # Nothing was stored by the failures.
    assert state_of(await client.get(PLAYER, headers=alice))["version"] == 0


async def test_seek(client: Client, alice: dict[str, str], tracks: list[str]) -> None:
    error_of(
        await client.put(f"{PLAYER}/seek", json={"positionMs": 10}, headers=alice), 409, "conflict"
    )
    await client.put(f"{PLAYER}/play", json={"trackIds": [tracks[1]]}, headers=alice)
    await client.put(f"{PLAYER}/pause", headers=alice)
    state = state_of(await client.put(f"{PLAYER}/seek", json={"positionMs": 42_000}, headers=alice))
    assert (state["positionMs"], state["isPlaying"]) == (42_000, False)
    error_of(
        await client.put(f"{PLAYER}/seek", json={"positionMs": 175_001}, headers=alice),
        400,
        "invalid_input",
    )
    for body in [{"positionMs": -1}, {}, {"positionMs": "ten"}]:
        error_of(
            await client.put(f"{PLAYER}/seek", json=body, headers=alice), 400, "validation_error"
        )


async def test_next_previous_up_next_and_repeat(
    client: Client, alice: dict[str, str], tracks: list[str]
) -> None:
    await client.put(f"{PLAYER}/play", json={"trackIds": tracks[:2]}, headers=alice)
    queued = state_of(
        await client.post(f"{PLAYER}/queue", json={"trackIds": [tracks[3]]}, headers=alice)
    )
    assert queued["queue"]["upNext"] == [tracks[3]]
    assert queued["trackId"] == tracks[0]

    order = []
    for _ in range(3):
        state = state_of(await client.post(f"{PLAYER}/next", headers=alice))
        order.append((state["trackId"], state["queue"]["index"], state["isPlaying"]))
    # Up next first, then the queue; past its end the player stops on the last track.
    assert order == [(tracks[3], 0, True), (tracks[1], 1, True), (tracks[1], 1, False)]

    back = state_of(await client.post(f"{PLAYER}/previous", headers=alice))
    assert (back["trackId"], back["queue"]["index"]) == (tracks[0], 0)
    await client.put(f"{PLAYER}/seek", json={"positionMs": 10_000}, headers=alice)
    restarted = state_of(await client.post(f"{PLAYER}/previous", headers=alice))
    assert (restarted["trackId"], restarted["positionMs"]) == (tracks[0], 0)

    repeat = state_of(await client.put(f"{PLAYER}/repeat", json={"repeat": "all"}, headers=alice))
    assert repeat["repeat"] == "all"
    wrapped = state_of(await client.post(f"{PLAYER}/previous", headers=alice))
    assert (wrapped["trackId"], wrapped["queue"]["index"]) == (tracks[1], 1)
    wrapped = state_of(await client.post(f"{PLAYER}/next", headers=alice))
    assert (wrapped["trackId"], wrapped["queue"]["index"]) == (tracks[0], 0)
    assert wrapped["version"] == 11


async def test_queue_errors(client: Client, alice: dict[str, str], tracks: list[str]) -> None:
    error_of(
        await client.post(f"{PLAYER}/queue", json={"trackIds": [str(uuid4())]}, headers=alice),
        404,
        "not_found",
    )
    for body in [{"trackIds": []}, {}, {"trackIds": [tracks[0]] * 101}]:
        error_of(
            await client.post(f"{PLAYER}/queue", json=body, headers=alice), 400, "validation_error"
        )
    for _ in range(5):
        response = await client.post(
            f"{PLAYER}/queue", json={"trackIds": [tracks[0]] * 100}, headers=alice
        )
        assert response.status_code == 200
    error_of(
        await client.post(f"{PLAYER}/queue", json={"trackIds": [tracks[0]]}, headers=alice),
        409,
        "conflict",
    )


async def test_volume_shuffle_and_repeat(
    client: Client, alice: dict[str, str], tracks: list[str]
) -> None:
    state = state_of(await client.put(f"{PLAYER}/volume", json={"volume": 35}, headers=alice))
    assert state["volume"] == 35
    for body in [{"volume": 101}, {"volume": -1}, {"volume": 50.5}, {}]:
        error_of(
            await client.put(f"{PLAYER}/volume", json=body, headers=alice), 400, "validation_error"
        )
    for body in [{"repeat": "sometimes"}, {"repeat": None}]:
        error_of(
            await client.put(f"{PLAYER}/repeat", json=body, headers=alice), 400, "validation_error"
        )
    one = state_of(await client.put(f"{PLAYER}/repeat", json={"repeat": "one"}, headers=alice))
    assert one["repeat"] == "one"
    error_of(
        await client.put(f"{PLAYER}/shuffle", json={"shuffle": "yes"}, headers=alice),
        400,
        "validation_error",
    )

    await client.put(f"{PLAYER}/play", json={"trackIds": tracks, "index": 2}, headers=alice)
    shuffled = state_of(
        await client.put(f"{PLAYER}/shuffle", json={"shuffle": True}, headers=alice)
    )
    # The current track stays current and first; the others follow in some order.
    assert shuffled["shuffle"] is True
    assert shuffled["queue"]["index"] == 0
    assert shuffled["queue"]["trackIds"][0] == tracks[2]
    assert sorted(shuffled["queue"]["trackIds"]) == sorted(tracks)
    assert shuffled["trackId"] == tracks[2]

    unshuffled = state_of(
        await client.put(f"{PLAYER}/shuffle", json={"shuffle": False}, headers=alice)
    )
    assert unshuffled["queue"]["trackIds"] == tracks
    assert unshuffled["queue"]["index"] == 2
    assert unshuffled["trackId"] == tracks[2]


async def test_transfer_needs_a_connected_device(client: Client, alice: dict[str, str]) -> None:
    error_of(
        await client.put(f"{PLAYER}/transfer", json={"deviceId": "tv"}, headers=alice),
        404,
        "not_found",
    )
    for body in [{}, {"deviceId": ""}, {"deviceId": "tv", "play": "maybe"}]:
        error_of(
            await client.put(f"{PLAYER}/transfer", json=body, headers=alice),
            400,
            "validation_error",
        )


async def test_history_and_play_counts_start_empty(
    client: Client, alice: dict[str, str], tracks: list[str]
) -> None:
    history = await client.get(f"{API}/me/history", headers=alice)
    assert (history.status_code, history.json()) == (
        200,
        {"items": [], "total": 0, "limit": 20, "offset": 0},
    )
    error_of(
        await client.get(f"{API}/me/history", params={"limit": 0}, headers=alice),
        400,
        "validation_error",
    )
    plays = await client.get(f"{API}/tracks/{tracks[0]}/plays")
    assert (plays.status_code, plays.json()) == (200, {"trackId": tracks[0], "playCount": 0})
    error_of(await client.get(f"{API}/tracks/{uuid4()}/plays"), 404, "not_found")
    error_of(await client.get(f"{API}/tracks/not-a-uuid/plays"), 404, "not_found")


async def test_users_have_separate_players(
    client: Client, make_account: Any, tracks: list[str]
) -> None:
    alice = (await make_account()).headers
    bob = (await make_account()).headers
    await client.put(f"{PLAYER}/play", json={"trackIds": tracks[:1]}, headers=alice)
    assert state_of(await client.get(PLAYER, headers=bob))["trackId"] is None
    assert state_of(await client.get(PLAYER, headers=alice))["trackId"] == tracks[0]


async def test_openapi_describes_the_player(client: Client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    paths = schema["paths"]
    assert set(paths[f"{PLAYER}/play"]) == {"put"}
    assert set(paths[f"{PLAYER}/next"]) == {"post"}
    assert set(paths[f"{API}/auth/ws-ticket"]) == {"post"}
    assert set(paths[f"{API}/tracks/{{track_id}}/plays"]) == {"get"}
    play = paths[f"{PLAYER}/play"]["put"]
    body_ref = play["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body_ref.endswith("/PlayRequest")
    ok_ref = play["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok_ref.endswith("/PlayerState")
    assert play["security"] == [{"BearerToken": []}]
    components = schema["components"]["schemas"]
    assert set(components["PlayerState"]["properties"]) >= {
        "activeDeviceId",
        "trackId",
        "positionMs",
        "positionAt",
        "isPlaying",
        "queue",
        "version",
    }


async def test_a_track_deleted_from_the_catalogue_leaves_the_queue(
    client: Client, alice: dict[str, str], tracks: list[str], settings: Settings
) -> None:
    await client.put(f"{PLAYER}/play", json={"trackIds": tracks}, headers=alice)
    await client.post(f"{PLAYER}/queue", json={"trackIds": [tracks[1]]}, headers=alice)
    config = build_sqlalchemy_config(settings.database)
    try:
        async with open_session(config) as session:
            await session.execute(delete(Track).where(Track.id.in_([UUID(t) for t in tracks[:2]])))
    finally:
        await config.get_engine().dispose()

    state = state_of(await client.post(f"{PLAYER}/next", headers=alice))
    assert state["trackId"] == tracks[2]
    assert state["queue"] == {"trackIds": tracks[2:], "index": 0, "upNext": []}
    assert state["track"]["title"] == "Lilac Wine"
