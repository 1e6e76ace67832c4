"""The client side of playback sync, whatever WebSocket library the app brings.

`PlayerSync` turns intentions into the text frames to send, and received frames into
messages, keeping the newest player state and device list::

    sync = PlayerSync(device_id="laptop-1", name="Laptop", kind=DeviceKind.TUI)
    async with connect(await api.ws_url()) as socket:  # any WebSocket client
        await socket.send(sync.hello())
        async for frame in socket:
            message = sync.receive(frame)
            ...
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlencode, urlsplit, urlunsplit
from uuid import UUID

import msgspec

from cadenza_contracts.playback import (
    SERVER_MESSAGE_TYPES,
    AuthMessage,
    ClientMessage,
    CommandMessage,
    Device,
    DeviceKind,
    DevicesMessage,
    HelloMessage,
    PingMessage,
    PlayerCommand,
    PlayerState,
    ProgressMessage,
    ServerMessage,
    StateMessage,
    message_encoder,
    server_message_decoder,
)

WS_PATH = "/api/v1/ws"


class _TypeOnly(msgspec.Struct):
    type: str = ""


_type_decoder = msgspec.json.Decoder(_TypeOnly)


def ws_url(base_url: str, ticket: str | None = None) -> str:
    """The socket's URL for an API at `base_url` (`http://` → `ws://`, `https://` → `wss://`)."""
    parts = urlsplit(base_url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    query = urlencode({"ticket": ticket}) if ticket else ""
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + WS_PATH, query, ""))


def encode_message(message: ClientMessage | ServerMessage) -> str:
    """One message as the JSON text of a WebSocket frame."""
    return message_encoder.encode(message).decode()


def decode_server_message(frame: str | bytes) -> ServerMessage | None:
    """A frame from the server, or None for a message type this version does not know."""
    if _type_decoder.decode(frame).type not in SERVER_MESSAGE_TYPES:
        return None
    return server_message_decoder.decode(frame)


def position_at(state: PlayerState, when: datetime) -> int:
    """The playhead at `when` (server clock): extrapolated while playing, capped at the
    track's end when its duration is known."""
    position = state.position_ms
    if state.is_playing:
        elapsed_ms = int((when - state.position_at).total_seconds() * 1000)
        position += max(0, elapsed_ms)
    duration = state.track.duration_ms if state.track else None
    return min(position, duration) if duration is not None else position


class PlayerSync:
    """One device's view of the player: builds outgoing frames, applies incoming ones."""

    def __init__(
        self,
        device_id: str,
        name: str,
        kind: DeviceKind = DeviceKind.OTHER,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.device_id = device_id
        self.name = name
        self.kind = kind
        self.state: PlayerState | None = None
        self.devices: list[Device] = []
        self._clock = clock
        self._received_at = 0.0

    # --- frames to send -----------------------------------------------------------------

    def auth(self, access_token: str) -> str:
        """The first frame, when the socket was opened without a ticket."""
        return encode_message(AuthMessage(token=access_token))

    def hello(self) -> str:
        return encode_message(
            HelloMessage(device_id=self.device_id, name=self.name, kind=self.kind)
        )

    def command(self, command: PlayerCommand) -> str:
        return encode_message(CommandMessage(command=command))

    def progress(self, track_id: UUID, position_ms: int) -> str:
        return encode_message(ProgressMessage(track_id=track_id, position_ms=position_ms))

    def ping(self) -> str:
        return encode_message(PingMessage())

    # --- frames received ----------------------------------------------------------------

    def receive(self, frame: str | bytes) -> ServerMessage | None:
        """Decode a frame and keep what it says; None for an unknown message type or a state
        older than the one already held (another command won)."""
        message = decode_server_message(frame)
        if isinstance(message, StateMessage):
            if self.state is not None and message.version < self.state.version:
                return None
            self.state = message
            self._received_at = self._clock()
        elif isinstance(message, DevicesMessage):
            self.devices = message.devices
        return message

    @property
    def is_active(self) -> bool:
        """Whether this device is the one that plays."""
        return self.state is not None and self.state.active_device_id == self.device_id

    def position_ms(self) -> int:
        """The playhead now, from the last state and the time since it arrived."""
        if self.state is None:
            return 0
        state = self.state
        position = position_at(state, state.server_time)
        if state.is_playing:
            position += int((self._clock() - self._received_at) * 1000)
            duration = state.track.duration_ms if state.track else None
            if duration is not None:
                position = min(position, duration)
        return position
