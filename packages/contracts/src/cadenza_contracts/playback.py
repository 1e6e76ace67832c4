"""Playback sync: the player state shared by a user's devices, its REST bodies, the WebSocket
messages (tagged unions on `type`) and listening history.

Every message on `/api/v1/ws` is a JSON object whose `type` names it. A client sends
`ClientMessage`s and receives `ServerMessage`s; decode them with `client_message_decoder` and
`server_message_decoder`. A `command` carries one `PlayerCommand`, itself tagged on `action`:
a client sends commands to change the player, and the server sends them to the device that
has to act (for example `pause` to the device playback was transferred away from).
"""

import enum
from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from cadenza_contracts.base import Model, Request
from cadenza_contracts.catalog import Track
from cadenza_contracts.constraints import (
    DeviceId,
    DeviceName,
    PositionMs,
    QueueIndex,
    Volume,
)

PlayTrackIds = Annotated[list[UUID], Meta(min_length=1, max_length=1000)]
QueueTrackIds = Annotated[list[UUID], Meta(min_length=1, max_length=100)]


class RepeatMode(enum.StrEnum):
    OFF = "off"
    ALL = "all"
    ONE = "one"


class DeviceKind(enum.StrEnum):
    WEB = "web"
    TUI = "tui"
    OTHER = "other"


# --- the player state ---------------------------------------------------------------------


class PlayerQueue(Model):
    """What plays: `trackIds` in play order (shuffled when shuffle is on), the current `index`
    in it, and `upNext`, tracks the user queued, which play before the rest of `trackIds`."""

    track_ids: list[UUID]
    index: int
    up_next: list[UUID]


class PlayerState(Model):
    """A user's one player, shared by all their devices.

    `positionMs` was measured at `positionAt` (server clock). While `isPlaying`, the position
    now is `positionMs + (serverTime - positionAt)` plus the time since the message arrived;
    `serverTime` lets a client with a skewed clock extrapolate correctly. `version` grows with
    every command: ignore a state whose version is lower than one already seen.
    """

    active_device_id: str | None
    track_id: UUID | None
    track: Track | None
    position_ms: int
    position_at: datetime
    is_playing: bool
    volume: int
    shuffle: bool
    repeat: RepeatMode
    queue: PlayerQueue
    version: int
    server_time: datetime


class Device(Model):
    """A connected device of the user."""

    id: str
    name: str
    kind: DeviceKind
    is_active: bool
    connected_at: datetime
    last_seen_at: datetime


# --- REST request bodies (the WebSocket commands below carry the same fields) -------------


class PlayRequest(Request):
    """Start or resume playback.

    With `trackIds`, the queue becomes those tracks and playback starts at `index` (default 0).
    With only `index`, playback jumps to that position of the current queue. With neither, the
    current track resumes. `positionMs` starts there instead of at the beginning (or the
    current position); `deviceId` plays on that device (default: the active device, or, over
    the WebSocket, the sending device).
    """

    track_ids: PlayTrackIds | None = None
    index: QueueIndex | None = None
    position_ms: PositionMs | None = None
    device_id: DeviceId | None = None


class SeekRequest(Request):
    position_ms: PositionMs


class VolumeRequest(Request):
    volume: Volume


class ShuffleRequest(Request):
    shuffle: bool


class RepeatRequest(Request):
    repeat: RepeatMode


class QueueAddRequest(Request):
    """Add tracks to the end of "up next"."""

    track_ids: QueueTrackIds


class TransferRequest(Request):
    """Move playback to `deviceId`; `play` starts (true) or pauses (false) it there, and by
    default it keeps playing if it was."""

    device_id: DeviceId
    play: bool | None = None


# --- commands, tagged on `action` ---------------------------------------------------------


class Command(Request, tag_field="action"):
    """A change to the player (from a client) or an instruction to one device (from the
    server)."""


class PlayCommand(PlayRequest, Command, tag="play"):
    """From the server: start playing the state's track at `positionMs`."""


class PauseCommand(Command, tag="pause"):
    pass


class SeekCommand(SeekRequest, Command, tag="seek"):
    pass


class NextCommand(Command, tag="next"):
    """Skip to the next track. `ended` says the current track played to its end (the device
    sends it then), so that with repeat `one` the same track starts again."""

    ended: bool = False


class PreviousCommand(Command, tag="previous"):
    """Back to the previous track, or to the start of this one after its first 3 seconds."""


class VolumeCommand(VolumeRequest, Command, tag="volume"):
    pass


class ShuffleCommand(ShuffleRequest, Command, tag="shuffle"):
    pass


class RepeatCommand(RepeatRequest, Command, tag="repeat"):
    pass


class QueueCommand(QueueAddRequest, Command, tag="queue"):
    pass


class TransferCommand(TransferRequest, Command, tag="transfer"):
    pass


PlayerCommand = (
    PlayCommand
    | PauseCommand
    | SeekCommand
    | NextCommand
    | PreviousCommand
    | VolumeCommand
    | ShuffleCommand
    | RepeatCommand
    | QueueCommand
    | TransferCommand
)

# --- WebSocket messages, tagged on `type` -------------------------------------------------


class ClientMessageBase(Request, tag_field="type"):
    """A message a device sends: unknown fields are an error."""


class ServerMessageBase(Model, tag_field="type"):
    """A message the server sends: clients ignore fields they do not know."""


class AuthMessage(ClientMessageBase, tag="auth"):
    """The first message, for clients that cannot use `?ticket=`: an access token."""

    token: Annotated[str, Meta(min_length=1, max_length=4096)]


class HelloMessage(ClientMessageBase, tag="hello"):
    """Announce this device; reusing an id replaces that device's older connection."""

    device_id: DeviceId
    name: DeviceName
    kind: DeviceKind = DeviceKind.OTHER


class CommandMessage(ClientMessageBase, tag="command"):
    """A command: from a device to the player, or from the server to the one device that
    has to act on it (the same message both ways)."""

    command: PlayerCommand


class ProgressMessage(ClientMessageBase, tag="progress"):
    """The active device's playhead, sent every few seconds while it plays."""

    track_id: UUID
    position_ms: PositionMs


class PingMessage(ClientMessageBase, tag="ping"):
    """Keeps the device listed; any message does, a ping when there is nothing else to say."""


class StateMessage(PlayerState, ServerMessageBase, tag="state"):
    """The player state, sent on connect and after every change."""


class DevicesMessage(ServerMessageBase, tag="devices"):
    """The user's connected devices, sent when one connects or goes away."""

    devices: list[Device]


class ErrorMessage(ServerMessageBase, tag="error"):
    """A message could not be handled; the connection stays open."""

    code: str
    detail: str


class PongMessage(ServerMessageBase, tag="pong"):
    """The answer to a ping."""


ClientMessage = AuthMessage | HelloMessage | CommandMessage | ProgressMessage | PingMessage
ServerMessage = StateMessage | DevicesMessage | CommandMessage | ErrorMessage | PongMessage

client_message_decoder = msgspec.json.Decoder(ClientMessage)
server_message_decoder = msgspec.json.Decoder(ServerMessage)
message_encoder = msgspec.json.Encoder()

CLIENT_MESSAGE_TYPES = frozenset({"auth", "hello", "command", "progress", "ping"})
SERVER_MESSAGE_TYPES = frozenset({"state", "devices", "command", "error", "pong"})
COMMAND_ACTIONS = frozenset(
    {
        "play",
        "pause",
        "seek",
        "next",
        "previous",
        "volume",
        "shuffle",
        "repeat",
        "queue",
        "transfer",
    }
)

# WebSocket close codes the server uses (beyond the standard ones).
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_HEARTBEAT_TIMEOUT = 4408
CLOSE_REPLACED = 4409


# --- tickets, history, play counts --------------------------------------------------------


class WsTicket(Model):
    """A short-lived, single-use ticket: open `/api/v1/ws?ticket=...` with it."""

    ticket: str
    expires_in: int


class HistoryItem(Model):
    """One counted play: at least half the track, or 4 minutes, was heard."""

    played_at: datetime
    listened_ms: int
    device_id: str | None
    track: Track


class TrackPlays(Model):
    track_id: UUID
    play_count: int
