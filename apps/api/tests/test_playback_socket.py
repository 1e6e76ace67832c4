"""The playback WebSocket: authentication and close codes, sockets closed at once by a sign-out
or a disabled account (on every API process), malformed messages, two devices of one user in
sync, transfer, isolation between users, reconnects, heartbeat and eviction."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

import msgspec
import pytest
from httpx import Response
from litestar import Litestar
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import AsyncTestClient, WebSocketTestSession
from redis.asyncio import Redis
from sqlalchemy import update

from cadenza_api.app import create_app
from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import AuthSession
from cadenza_api.domain.playback.backplane import RedisBackplane
from cadenza_api.domain.playback.hub import ACCOUNT_DISABLED, SIGNED_OUT, PlaybackHub
from cadenza_api.services import open_session
from cadenza_api.settings import PlaybackSettings, Settings
from cadenza_contracts.accounts import Role
from cadenza_contracts.playback import (
    CLOSE_FORBIDDEN,
    CLOSE_HEARTBEAT_TIMEOUT,
    CLOSE_REPLACED,
    CLOSE_UNAUTHENTICATED,
    AuthMessage,
    ClientMessage,
    CommandMessage,
    DeviceKind,
    DevicesMessage,
    ErrorMessage,
    HelloMessage,
    NextCommand,
    PauseCommand,
    PingMessage,
    PlayCommand,
    PongMessage,
    ProgressMessage,
    SeekCommand,
    ServerMessage,
    StateMessage,
    TransferCommand,
    VolumeCommand,
)
from cadenza_contracts.sync import encode_message, position_at

Client = AsyncTestClient[Litestar]
API = "/api/v1"
PLAYER_STATE = f"{API}/me/player"
PASSWORD = "correct horse battery"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# How long a message that must come may take; never reached when the code is right.
WAIT_SECONDS = 15.0
M = TypeVar("M", bound=ServerMessage)


class Socket:
    """One test device: typed sends, and receives that skip what the test does not look for."""

    def __init__(self, session: WebSocketTestSession) -> None:
        self.session = session

    def send(self, message: ClientMessage) -> None:
        self.session.send_text(encode_message(message))

    def send_raw(self, frame: str) -> None:
        self.session.send_text(frame)

    def next(self) -> ServerMessage:
        frame = self.session.receive_text(timeout=WAIT_SECONDS)
        return msgspec.json.decode(frame, type=ServerMessage)

    def expect(self, kind: type[M], where: Callable[[M], bool] = lambda _: True) -> M:
        """The next message of `kind` that satisfies `where`, skipping the others."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            message = self.next()
            if isinstance(message, kind) and where(message):
                return message
        raise AssertionError(f"no {kind.__name__} arrived")

    def closed(self) -> tuple[int, str]:
        """Read until the server closes the socket; its close code and reason."""
        try:
            for _ in range(100):
                self.session.receive(timeout=WAIT_SECONDS)
        except WebSocketDisconnect as closed:
            return closed.code, closed.detail
        raise AssertionError("the socket stayed open")

    def close_code(self) -> int:
        return self.closed()[0]

    def answers_a_ping(self) -> bool:
        self.send(PingMessage())
        return isinstance(self.expect(PongMessage), PongMessage)


def device_ids(message: DevicesMessage) -> list[str]:
    return [device.id for device in message.devices]


async def ticket_for(client: Client, headers: dict[str, str]) -> str:
    response = await client.post(f"{API}/auth/ws-ticket", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"ticket", "expiresIn"}
    assert body["expiresIn"] == 30
    return str(body["ticket"])


@asynccontextmanager
async def open_socket(client: Client, url: str, **kwargs: Any) -> AsyncIterator[Socket]:
    session = await client.websocket_connect(url, **kwargs)
    with session:
        yield Socket(session)


@asynccontextmanager
async def device(
    client: Client, headers: dict[str, str], device_id: str, kind: DeviceKind = DeviceKind.WEB
) -> AsyncIterator[Socket]:
    """A signed-in device that said hello and saw itself in the device list."""
    ticket = await ticket_for(client, headers)
    async with open_socket(client, f"{API}/ws?ticket={ticket}") as socket:
        socket.expect(StateMessage)
        socket.send(HelloMessage(device_id=device_id, name=f"Device {device_id}", kind=kind))
        socket.expect(DevicesMessage, lambda m: device_id in device_ids(m))
        yield socket


async def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.02)


@pytest.fixture(autouse=True)
async def sockets_closed(client: Client, app: Litestar) -> AsyncIterator[PlaybackHub]:
    """The hub; after the test, wait until every socket's cleanup has run."""
    hub: PlaybackHub = app.state.playback_hub
    yield hub
    await wait_until(lambda: not hub.connections)


@pytest.fixture
async def tracks(catalog_factory: Any) -> list[UUID]:
    artist_id = await catalog_factory.artist("Nina Simone")
    return [
        await catalog_factory.track(artist_id, "Sinnerman", duration_ms=600_000),
        await catalog_factory.track(artist_id, "Feeling Good", duration_ms=175_000),
        await catalog_factory.track(artist_id, "Lilac Wine", duration_ms=None),
    ]


# --- authentication -----------------------------------------------------------------------


async def test_ticket_opens_the_socket_and_the_state_comes_first(
    client: Client, make_account: Any
) -> None:
    alice = await make_account()
    ticket = await ticket_for(client, alice.headers)
    async with open_socket(client, f"{API}/ws?ticket={ticket}") as socket:
        first = socket.next()
        assert isinstance(first, StateMessage)
        assert (first.track_id, first.is_playing, first.version) == (None, False, 0)
        assert first.queue.track_ids == []
        socket.send(PingMessage())
        assert isinstance(socket.next(), PongMessage)


async def test_a_ticket_works_once(client: Client, make_account: Any) -> None:
    alice = await make_account()
    ticket = await ticket_for(client, alice.headers)
    async with open_socket(client, f"{API}/ws?ticket={ticket}") as socket:
        assert isinstance(socket.next(), StateMessage)
    async with open_socket(client, f"{API}/ws?ticket={ticket}") as again:
        assert again.close_code() == CLOSE_UNAUTHENTICATED


async def test_a_forged_ticket_or_an_access_token_as_ticket_is_refused(
    client: Client, make_account: Any
) -> None:
    alice = await make_account()
    for bad in ["nonsense", alice.token]:
        async with open_socket(client, f"{API}/ws?ticket={bad}") as socket:
            assert socket.close_code() == CLOSE_UNAUTHENTICATED


async def test_ticket_route_needs_a_bearer_token(client: Client) -> None:
    response = await client.post(f"{API}/auth/ws-ticket")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


async def test_access_token_in_the_first_message(client: Client, make_account: Any) -> None:
    alice = await make_account()
    async with open_socket(client, f"{API}/ws") as socket:
        socket.send(AuthMessage(token=alice.token))
        assert isinstance(socket.next(), StateMessage)
        socket.send(AuthMessage(token=alice.token))
        error = socket.expect(ErrorMessage)
        assert error.code == "already_authenticated"


async def test_access_token_in_the_authorization_header(client: Client, make_account: Any) -> None:
    alice = await make_account()
    async with open_socket(client, f"{API}/ws", headers=alice.headers) as socket:
        assert isinstance(socket.next(), StateMessage)


@pytest.mark.parametrize(
    "first_frame",
    [
        encode_message(HelloMessage(device_id="web-1", name="Web")),
        encode_message(AuthMessage(token="not-a-token")),
        "not json",
    ],
)
async def test_unauthenticated_socket_is_closed_with_4401(client: Client, first_frame: str) -> None:
    async with open_socket(client, f"{API}/ws") as socket:
        socket.send_raw(first_frame)
        assert socket.close_code() == CLOSE_UNAUTHENTICATED


async def test_revoked_session_is_closed_with_4403(client: Client, make_account: Any) -> None:
    alice = await make_account()
    ticket = await ticket_for(client, alice.headers)
    sessions = (await client.get(f"{API}/auth/sessions", headers=alice.headers)).json()
    (current,) = [s for s in sessions if s["current"]]
    other = await client.post(
        f"{API}/auth/login", json={"username": alice.username, "password": "correct horse battery"}
    )
    other_headers = {"Authorization": f"Bearer {other.json()['accessToken']}"}
    revoked = await client.delete(f"{API}/auth/sessions/{current['id']}", headers=other_headers)
    assert revoked.status_code == 204

    async with open_socket(client, f"{API}/ws?ticket={ticket}") as socket:
        assert socket.close_code() == CLOSE_FORBIDDEN
    async with open_socket(client, f"{API}/ws") as socket:
        socket.send(AuthMessage(token=alice.token))
        assert socket.close_code() == CLOSE_FORBIDDEN


async def test_a_command_from_a_signed_out_session_closes_its_socket(
    client: Client, make_account: Any, settings: Settings
) -> None:
    """Should a sign-out not reach a socket at once, its next command still closes it."""
    alice = await make_account()
    async with device(client, alice.headers, "alice-web") as socket:
        sessions = (await client.get(f"{API}/auth/sessions", headers=alice.headers)).json()
        (current,) = sessions
        # Signed out behind the API's back: no order to close goes out on the channel.
        config = build_sqlalchemy_config(settings.database)
        try:
            async with open_session(config) as db:
                await db.execute(
                    update(AuthSession)
                    .where(AuthSession.id == UUID(current["id"]))
                    .values(revoked_at=datetime.now(UTC))
                )
        finally:
            await config.get_engine().dispose()
        assert socket.answers_a_ping()
        socket.send(CommandMessage(command=VolumeCommand(volume=1)))
        assert socket.closed() == (CLOSE_FORBIDDEN, SIGNED_OUT)
    assert (await client.get(PLAYER_STATE, headers=alice.headers)).status_code == 401


# --- closed at once: sign-outs and disabled accounts --------------------------------------


async def login(client: Client, username: str, password: str = PASSWORD) -> Response:
    # Each login gets its own cookies: the client's jar would otherwise mix sessions.
    client.cookies.clear()
    response = await client.post(
        f"{API}/auth/login", json={"username": username, "password": password}
    )
    client.cookies.clear()
    assert response.status_code == 200, response.text
    return response


def bearer(login_response: Response) -> dict[str, str]:
    return {"Authorization": f"Bearer {login_response.json()['accessToken']}"}


def with_cookies(login_response: Response) -> dict[str, str]:
    """The headers a browser sends with that sign-in's refresh and CSRF cookies."""
    refresh_token = login_response.cookies["cadenza_refresh"]
    csrf = login_response.cookies["csrftoken"]
    return {"cookie": f"cadenza_refresh={refresh_token}; csrftoken={csrf}", "x-csrftoken": csrf}


async def end_session(client: Client, how: str, ended: Response, other: Response) -> None:
    """Sign the session of `ended` out, `how` a user can, the `other` session staying."""
    if how == "revoke":
        sessions = (await client.get(f"{API}/auth/sessions", headers=bearer(ended))).json()
        (current,) = [session["id"] for session in sessions if session["current"]]
        response = await client.delete(f"{API}/auth/sessions/{current}", headers=bearer(other))
    elif how == "logout":
        response = await client.post(f"{API}/auth/logout", headers=with_cookies(ended))
    elif how == "password":
        response = await client.post(
            f"{API}/auth/password",
            json={"currentPassword": PASSWORD, "newPassword": "a brand new passphrase"},
            headers=bearer(other),
        )
    else:  # a spent refresh token presented again: the session is revoked
        refresh = f"{API}/auth/refresh"
        assert (await client.post(refresh, headers=with_cookies(ended))).status_code == 200
        response = await client.post(refresh, headers=with_cookies(ended))
        assert response.status_code == 401, response.text
        return
    assert response.status_code == 204, response.text


@pytest.mark.parametrize("how", ["revoke", "logout", "password", "refresh_reuse"])
async def test_a_sign_out_closes_that_sessions_sockets_at_once(
    client: Client, make_account: Any, how: str
) -> None:
    alice = await make_account()
    ended, other = await login(client, alice.username), await login(client, alice.username)
    async with (
        device(client, bearer(ended), "alice-web") as signed_out,
        device(client, bearer(other), "alice-tui") as staying,
    ):
        await end_session(client, how, ended, other)
        assert signed_out.closed() == (CLOSE_FORBIDDEN, SIGNED_OUT)
        # The other session's device sees it leave, as after any disconnect, and stays.
        staying.expect(DevicesMessage, lambda m: device_ids(m) == ["alice-tui"])
        assert staying.answers_a_ping()
    assert (await client.get(PLAYER_STATE, headers=bearer(ended))).status_code == 401


ADMIN_ACTIONS = {
    "disable": ("PATCH", "", {"isActive": False}, ACCOUNT_DISABLED),
    "revoke_sessions": ("DELETE", "/sessions", None, SIGNED_OUT),
    "password_reset": ("POST", "/password-reset", None, SIGNED_OUT),
}


async def admin_acts(client: Client, admin: Any, action: str, user_id: str) -> str:
    """Carry out one of `ADMIN_ACTIONS` on the user; the close reason it must cause."""
    method, suffix, body, reason = ADMIN_ACTIONS[action]
    response = await client.request(
        method, f"{API}/admin/users/{user_id}{suffix}", json=body, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    return reason


@pytest.mark.parametrize("action", sorted(ADMIN_ACTIONS))
async def test_an_admin_closes_every_socket_of_the_user_at_once(
    client: Client, make_account: Any, sockets_closed: PlaybackHub, action: str
) -> None:
    admin = await make_account(Role.ADMIN)
    alice = await make_account()
    mallory = await make_account()
    elsewhere = bearer(await login(client, alice.username))
    unused_ticket = await ticket_for(client, alice.headers)
    async with (
        device(client, alice.headers, "alice-web") as web,
        device(client, elsewhere, "alice-tui") as tui,
        device(client, mallory.headers, "mallory-web") as stranger,
        device(client, admin.headers, "admin-web") as admin_device,
    ):
        reason = await admin_acts(client, admin, action, alice.id)
        assert web.closed() == (CLOSE_FORBIDDEN, reason)
        assert tui.closed() == (CLOSE_FORBIDDEN, reason)
        assert stranger.answers_a_ping()
        assert admin_device.answers_a_ping()

        # No way back in: neither with a ticket issued before, nor for a new ticket.
        async with open_socket(client, f"{API}/ws?ticket={unused_ticket}") as again:
            assert again.closed() == (CLOSE_FORBIDDEN, reason)
        refused = await client.post(f"{API}/auth/ws-ticket", headers=alice.headers)
        assert refused.status_code == 401
        async with open_socket(client, f"{API}/ws", headers=alice.headers) as again:
            assert again.closed() == (CLOSE_FORBIDDEN, reason)

        # Alice's devices are gone from the device list, as after any disconnect.
        hub = sockets_closed
        alice_id = UUID(alice.id)
        await wait_until(lambda: all(c.user_id != alice_id for c in hub.connections))
        assert await hub.backplane.devices(alice_id, seen_since=EPOCH) == []
        listed = await client.get(f"{API}/me/player/devices", headers=mallory.headers)
        assert [d["id"] for d in listed.json()] == ["mallory-web"]


async def test_disabling_closes_the_users_sockets_on_every_api_process(
    settings: Settings, redis_namespace: Any, make_account: Any
) -> None:
    """Two API processes (apps) on one database and one Redis: disabling a user through one
    closes their sockets on both."""
    scaled = replace(settings, redis_url=redis_namespace.url, redis_prefix=redis_namespace.prefix)
    admin = await make_account(Role.ADMIN)
    alice = await make_account()
    mallory = await make_account()
    alice_id = UUID(alice.id)
    first_app, second_app = create_app(scaled), create_app(scaled)
    hubs: list[PlaybackHub] = [first_app.state.playback_hub, second_app.state.playback_hub]
    async with (
        AsyncTestClient(app=first_app) as first,
        AsyncTestClient(app=second_app) as second,
    ):
        async with (
            device(first, alice.headers, "alice-web") as here,
            device(second, alice.headers, "alice-tui") as there,
            device(second, mallory.headers, "mallory-web") as stranger,
        ):
            # Each process knows of both devices, through Redis.
            for api in (first, second):
                listed = await api.get(f"{API}/me/player/devices", headers=alice.headers)
                assert [d["id"] for d in listed.json()] == ["alice-web", "alice-tui"]
            reason = await admin_acts(first, admin, "disable", alice.id)
            assert there.closed() == (CLOSE_FORBIDDEN, reason)
            assert here.closed() == (CLOSE_FORBIDDEN, reason)
            assert stranger.answers_a_ping()
            await wait_until(
                lambda: not any(c.user_id == alice_id for h in hubs for c in h.connections)
            )
        await wait_until(lambda: not any(hub.connections for hub in hubs))
    # The apps' Redis clients belong to their own event loops: look with one of ours.
    backplane = RedisBackplane(
        Redis.from_url(redis_namespace.url), prefix=redis_namespace.prefix, device_ttl_seconds=90
    )
    try:
        assert await backplane.devices(alice_id, seen_since=EPOCH) == []
    finally:
        await backplane.close()


# --- robustness ---------------------------------------------------------------------------


async def test_bad_messages_get_an_error_and_the_socket_stays_open(
    client: Client, make_account: Any, tracks: list[UUID]
) -> None:
    alice = await make_account()
    ticket = await ticket_for(client, alice.headers)
    async with open_socket(client, f"{API}/ws?ticket={ticket}") as socket:
        socket.expect(StateMessage)
        cases = [
            ("not json", "invalid_message"),
            ("[1, 2]", "invalid_message"),
            ('{"type": 7}', "invalid_message"),
            ('{"type": "dance"}', "unknown_message"),
            ('{"type": "hello", "deviceId": "", "name": "x"}', "invalid_message"),
            ('{"type": "hello", "deviceId": "a b", "name": "x"}', "invalid_message"),
            ('{"type": "ping", "extra": 1}', "invalid_message"),
            ('{"type": "command", "command": {"action": "fly"}}', "invalid_message"),
            (encode_message(CommandMessage(command=PauseCommand())), "hello_required"),
        ]
        for frame, code in cases:
            socket.send_raw(frame)
            error = socket.next()
            assert isinstance(error, ErrorMessage), frame
            assert error.code == code, (frame, error)
            assert error.detail
        socket.send(HelloMessage(device_id="web-1", name="Web"))
        socket.expect(DevicesMessage)
        command_errors = [
            (CommandMessage(command=PlayCommand(track_ids=[UUID(int=1)])), "not_found"),
            (CommandMessage(command=SeekCommand(position_ms=1)), "conflict"),
            (CommandMessage(command=PlayCommand()), "conflict"),
            (CommandMessage(command=TransferCommand(device_id="nowhere")), "not_found"),
            (
                CommandMessage(command=PlayCommand(track_ids=[tracks[1]], position_ms=175_001)),
                "invalid_input",
            ),
        ]
        for message, code in command_errors:
            socket.send(message)
            error = socket.expect(ErrorMessage)
            assert error.code == code, (message, error)
        socket.send(PingMessage())
        assert isinstance(socket.next(), PongMessage)


# --- two devices of one user, and a stranger ---------------------------------------------


async def test_play_on_one_device_reaches_the_other_and_not_another_user(
    client: Client, make_account: Any, tracks: list[UUID]
) -> None:
    alice = await make_account()
    mallory = await make_account()
    async with (
        device(client, alice.headers, "alice-web") as a,
        device(client, alice.headers, "alice-tui", DeviceKind.TUI) as b,
        device(client, mallory.headers, "mallory-web") as c,
    ):
        a.expect(DevicesMessage, lambda m: device_ids(m) == ["alice-web", "alice-tui"])
        a.send(CommandMessage(command=PlayCommand(track_ids=tracks, position_ms=30_000)))

        seen_by_a = a.expect(StateMessage, lambda m: m.version == 1)
        seen_by_b = b.expect(StateMessage, lambda m: m.version == 1)
        for state in (seen_by_a, seen_by_b):
            assert state.active_device_id == "alice-web"
            assert state.track_id == tracks[0]
            assert state.track is not None and state.track.title == "Sinnerman"
            assert state.is_playing
            assert state.queue.track_ids == tracks
            assert state.queue.index == 0
            assert state.queue.up_next == []
            assert state.position_ms == 30_000
        # Where each device puts the playhead at one instant, from its own state.
        instant = max(seen_by_a.server_time, seen_by_b.server_time) + timedelta(seconds=1)
        assert abs(position_at(seen_by_a, instant) - position_at(seen_by_b, instant)) <= 250
        assert position_at(seen_by_b, seen_by_b.position_at + timedelta(seconds=1)) == 31_000
        # Extrapolation stops at the end of the track (600 s).
        assert position_at(seen_by_b, seen_by_b.position_at + timedelta(hours=1)) == 600_000

        # A's playhead drifted (buffering): B follows A's report exactly.
        a.send(ProgressMessage(track_id=tracks[0], position_ms=20_000))
        corrected = b.expect(StateMessage, lambda m: m.position_ms == 20_000)
        assert corrected.version == 1
        assert corrected.active_device_id == "alice-web"

        # Mallory's socket got none of it: her next message is the answer to her own command.
        c.send(CommandMessage(command=VolumeCommand(volume=10)))
        own = c.next()
        assert isinstance(own, StateMessage)
        assert (own.volume, own.version, own.track_id) == (10, 1, None)
        assert own.active_device_id is None


async def test_transfer_moves_playback_and_pauses_the_old_device(
    client: Client, make_account: Any, tracks: list[UUID]
) -> None:
    alice = await make_account()
    async with (
        device(client, alice.headers, "alice-web") as a,
        device(client, alice.headers, "alice-tui") as b,
    ):
        a.send(CommandMessage(command=PlayCommand(track_ids=tracks, position_ms=60_000)))
        playing = a.expect(StateMessage, lambda m: m.version == 1)

        a.send(CommandMessage(command=TransferCommand(device_id="alice-tui")))
        # Each device gets the new state, then the command it has to carry out.
        moved = b.expect(StateMessage, lambda m: m.version == 2)
        assert moved.active_device_id == "alice-tui"
        assert moved.is_playing
        assert moved.track_id == tracks[0]
        # The playhead carried over: where it was, plus the time that passed.
        assert moved.position_ms == position_at(playing, moved.position_at)
        assert b.next() == CommandMessage(command=PlayCommand(position_ms=moved.position_ms))
        seen_by_a = a.expect(StateMessage, lambda m: m.version == 2)
        assert seen_by_a == moved
        assert a.next() == CommandMessage(command=PauseCommand())

        # A command from B's side reaches the active device as a command, A only as state.
        a.send(CommandMessage(command=NextCommand()))
        assert b.expect(CommandMessage).command == NextCommand()
        after_next = a.expect(StateMessage, lambda m: m.version == 3)
        assert after_next.track_id == tracks[1]


async def test_rest_commands_reach_the_active_device(
    client: Client, make_account: Any, tracks: list[UUID]
) -> None:
    alice = await make_account()
    async with device(client, alice.headers, "alice-tui") as b:
        response = await client.put(
            f"{API}/me/player/play",
            json={"trackIds": [str(tracks[1])], "deviceId": "alice-tui"},
            headers=alice.headers,
        )
        assert response.status_code == 200, response.text
        assert response.json()["activeDeviceId"] == "alice-tui"
        assert b.expect(StateMessage).version == 1
        assert b.next() == CommandMessage(command=PlayCommand(position_ms=0))
        response = await client.put(f"{API}/me/player/pause", headers=alice.headers)
        assert response.status_code == 200
        state = b.expect(StateMessage)
        assert (state.version, state.is_playing) == (2, False)
        assert b.next() == CommandMessage(command=PauseCommand())
        devices = await client.get(f"{API}/me/player/devices", headers=alice.headers)
        assert devices.status_code == 200
        (listed,) = devices.json()
        assert listed["id"] == "alice-tui"
        assert listed["name"] == "Device alice-tui"
        assert listed["kind"] == "web"
        assert listed["isActive"] is True


# --- coming and going ---------------------------------------------------------------------


async def test_reconnecting_device_gets_the_state_at_once(
    client: Client, make_account: Any, tracks: list[UUID]
) -> None:
    alice = await make_account()
    async with device(client, alice.headers, "alice-tui") as b:
        async with device(client, alice.headers, "alice-web") as a:
            a.send(CommandMessage(command=PlayCommand(track_ids=tracks[:2], index=1)))
            a.expect(StateMessage, lambda m: m.version == 1)
        # The active device left: the player pauses and has no device.
        left = b.expect(StateMessage, lambda m: m.version == 2)
        assert (left.active_device_id, left.is_playing) == (None, False)
        b.expect(DevicesMessage, lambda m: device_ids(m) == ["alice-tui"])

        ticket = await ticket_for(client, alice.headers)
        async with open_socket(client, f"{API}/ws?ticket={ticket}") as again:
            first = again.next()
            assert isinstance(first, StateMessage)
            assert first.version == 2
            assert first.track_id == tracks[1]
            assert first.queue.track_ids == tracks[:2]
            assert first.queue.index == 1


async def test_same_device_connecting_again_replaces_the_old_connection(
    client: Client, make_account: Any
) -> None:
    alice = await make_account()
    async with (
        device(client, alice.headers, "alice-web") as old,
        device(client, alice.headers, "alice-web") as new,
    ):
        assert old.close_code() == CLOSE_REPLACED
        new.send(PingMessage())
        assert isinstance(new.expect(PongMessage), PongMessage)
        devices = (await client.get(f"{API}/me/player/devices", headers=alice.headers)).json()
        assert [d["id"] for d in devices] == ["alice-web"]


@pytest.fixture
def quick_settings(settings: Settings) -> Settings:
    return replace(settings, playback=PlaybackSettings(device_timeout_seconds=3.0))


@pytest.fixture
async def quick_client(quick_settings: Settings) -> AsyncIterator[Client]:
    """A second app whose devices time out after 3 s of silence."""
    quick_app = create_app(quick_settings)
    hub: PlaybackHub = quick_app.state.playback_hub
    async with AsyncTestClient(app=quick_app) as test_client:
        yield test_client
        await wait_until(lambda: not hub.connections)


def keep_alive_until(socket: Socket, done: Callable[[ServerMessage], bool]) -> ServerMessage:
    """Ping now and then, as a live device does, until a message satisfies `done`."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        socket.send(PingMessage())
        while not isinstance(message := socket.next(), PongMessage):
            if done(message):
                return message
        time.sleep(0.2)
    raise AssertionError("the awaited message never came")


async def test_silent_device_is_dropped_after_the_heartbeat_timeout(
    quick_client: Client, make_account: Any, tracks: list[UUID]
) -> None:
    alice = await make_account()
    async with (
        device(quick_client, alice.headers, "alice-web") as silent,
        device(quick_client, alice.headers, "alice-tui") as alive,
    ):
        silent.send(CommandMessage(command=PlayCommand(track_ids=tracks)))
        silent.expect(StateMessage, lambda m: m.version == 1)
        dropped = keep_alive_until(
            alive,
            lambda m: isinstance(m, DevicesMessage) and device_ids(m) == ["alice-tui"],
        )
        assert isinstance(dropped, DevicesMessage)
        assert silent.close_code() == CLOSE_HEARTBEAT_TIMEOUT
        state = (await quick_client.get(f"{API}/me/player", headers=alice.headers)).json()
        assert (state["activeDeviceId"], state["isPlaying"]) == (None, False)
