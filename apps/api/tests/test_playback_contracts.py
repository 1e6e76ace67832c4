"""The playback message types in `contracts`: one definition, documented, and the
transport-agnostic client helper built on them."""

from __future__ import annotations

import json
import typing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import msgspec
import pytest

from cadenza_contracts.playback import (
    CLIENT_MESSAGE_TYPES,
    COMMAND_ACTIONS,
    SERVER_MESSAGE_TYPES,
    AuthMessage,
    ClientMessage,
    CommandMessage,
    DeviceKind,
    DevicesMessage,
    ErrorMessage,
    HelloMessage,
    NextCommand,
    PingMessage,
    PlayCommand,
    PlayerCommand,
    PlayerQueue,
    PongMessage,
    ProgressMessage,
    RepeatMode,
    ServerMessage,
    StateMessage,
    TransferCommand,
    client_message_decoder,
    server_message_decoder,
)
from cadenza_contracts.sync import PlayerSync, encode_message, ws_url

DOCS = Path(__file__).parents[2] / "docs" / "docs" / "api" / "playback.md"
T0 = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
TRACK = UUID(int=7)


def tags(union: object) -> set[str]:
    return {member.__struct_config__.tag for member in typing.get_args(union)}


def test_the_tag_sets_match_the_unions() -> None:
    assert tags(ClientMessage) == CLIENT_MESSAGE_TYPES
    assert tags(ServerMessage) == SERVER_MESSAGE_TYPES
    assert tags(PlayerCommand) == COMMAND_ACTIONS
    assert {"auth", "hello", "command", "progress", "ping"} == CLIENT_MESSAGE_TYPES
    assert {"state", "devices", "command", "error", "pong"} == SERVER_MESSAGE_TYPES


def test_every_message_and_command_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for tag in CLIENT_MESSAGE_TYPES | SERVER_MESSAGE_TYPES:
        assert f"| `{tag}` |" in text, tag
    for action in COMMAND_ACTIONS:
        assert f"| `{action}` |" in text, action
    for code in ("4401", "4403", "4408", "4409"):
        assert f"| `{code}` |" in text, code
    mkdocs = (DOCS.parents[2] / "mkdocs.yml").read_text(encoding="utf-8")
    assert "api/playback.md" in mkdocs


def state(**changes: object) -> StateMessage:
    base = StateMessage(
        active_device_id="web",
        track_id=TRACK,
        track=None,
        position_ms=10_000,
        position_at=T0,
        is_playing=True,
        volume=100,
        shuffle=False,
        repeat=RepeatMode.OFF,
        queue=PlayerQueue(track_ids=[TRACK], index=0, up_next=[]),
        version=3,
        server_time=T0 + timedelta(seconds=2),
    )
    return msgspec.structs.replace(base, **changes)


def test_messages_round_trip_as_tagged_json() -> None:
    client_messages: list[ClientMessage] = [
        AuthMessage(token="t"),
        HelloMessage(device_id="tui-1", name="Laptop", kind=DeviceKind.TUI),
        CommandMessage(command=PlayCommand(track_ids=[TRACK], position_ms=5)),
        CommandMessage(command=NextCommand(ended=True)),
        ProgressMessage(track_id=TRACK, position_ms=1),
        PingMessage(),
    ]
    for message in client_messages:
        assert client_message_decoder.decode(encode_message(message)) == message
    server_messages: list[ServerMessage] = [
        state(),
        DevicesMessage(devices=[]),
        CommandMessage(command=TransferCommand(device_id="tv", play=True)),
        ErrorMessage(code="invalid_message", detail="x"),
        PongMessage(),
    ]
    for message in server_messages:
        assert server_message_decoder.decode(encode_message(message)) == message
    assert json.loads(encode_message(CommandMessage(command=NextCommand()))) == {
        "type": "command",
        "command": {"action": "next", "ended": False},
    }
    hello = json.loads(encode_message(HelloMessage(device_id="d", name="D")))
    assert hello == {"type": "hello", "deviceId": "d", "name": "D", "kind": "other"}


def test_client_messages_are_strict_and_server_messages_lenient() -> None:
    with pytest.raises(msgspec.ValidationError):
        client_message_decoder.decode(b'{"type": "ping", "later": 1}')
    decoded = server_message_decoder.decode(b'{"type": "pong", "later": 1}')
    assert decoded == PongMessage()


def test_ws_url() -> None:
    assert ws_url("http://127.0.0.1:8080") == "ws://127.0.0.1:8080/api/v1/ws"
    assert ws_url("https://music.example/", "a b") == "wss://music.example/api/v1/ws?ticket=a+b"
    assert ws_url("https://music.example/cadenza/") == "wss://music.example/cadenza/api/v1/ws"


def test_player_sync_keeps_the_newest_state_and_extrapolates() -> None:
    now = [100.0]
    sync = PlayerSync("web", "Web", DeviceKind.WEB, clock=lambda: now[0])
    assert (sync.state, sync.position_ms(), sync.is_active) == (None, 0, False)
    assert json.loads(sync.hello()) == {
        "type": "hello",
        "deviceId": "web",
        "name": "Web",
        "kind": "web",
    }
    assert json.loads(sync.progress(TRACK, 5)) == {
        "type": "progress",
        "trackId": str(TRACK),
        "positionMs": 5,
    }

    current = state()
    assert sync.receive(encode_message(current)) == current
    assert sync.is_active
    # 2 s between positionAt and serverTime, then 1.5 s since it arrived.
    now[0] += 1.5
    assert sync.position_ms() == 13_500
    assert sync.receive(encode_message(state(version=2, position_ms=0))) is None
    assert sync.state == current
    assert sync.receive('{"type": "future-thing", "x": 1}') is None
    devices = DevicesMessage(devices=[])
    assert sync.receive(encode_message(devices)) == devices

    sync.receive(encode_message(state(version=4, is_playing=False)))
    now[0] += 60
    assert sync.position_ms() == 10_000
