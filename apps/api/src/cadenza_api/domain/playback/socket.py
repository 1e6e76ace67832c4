"""One device's WebSocket: authenticate, announce, then exchange typed messages until the
device leaves, falls silent past the heartbeat timeout, or reconnects elsewhere."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import WebSocket
from litestar.exceptions import WebSocketDisconnect

from cadenza_api.db.models import AuthSession
from cadenza_api.domain.accounts.tokens import InvalidAccessToken, decode_access_token
from cadenza_api.domain.playback.backplane import DeviceRecord, utcnow
from cadenza_api.domain.playback.hub import (
    ACCOUNT_DISABLED,
    SIGNED_OUT,
    PlaybackHub,
    envelope_decoder,
    player_channel,
    state_message,
)
from cadenza_api.domain.playback.tickets import InvalidTicket, decode_ticket
from cadenza_api.errors import CadenzaError
from cadenza_contracts.playback import (
    CLIENT_MESSAGE_TYPES,
    CLOSE_FORBIDDEN,
    CLOSE_HEARTBEAT_TIMEOUT,
    CLOSE_REPLACED,
    CLOSE_UNAUTHENTICATED,
    AuthMessage,
    ClientMessage,
    CommandMessage,
    ErrorMessage,
    HelloMessage,
    PingMessage,
    PongMessage,
    ProgressMessage,
    ServerMessage,
    client_message_decoder,
    message_encoder,
)

logger = logging.getLogger("cadenza.playback")


class _TypeOnly(msgspec.Struct):
    type: Any = None


_type_decoder = msgspec.json.Decoder(_TypeOnly)


class SocketRefused(Exception):
    """Close the socket with `code`: the client is not (or no longer) allowed in."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class BadMessage(Exception):
    """A frame that is not a valid client message; answered with an error event."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def parse_client_message(frame: str | bytes | None) -> ClientMessage:
    """Decode one frame, telling an unknown message type from a malformed one."""
    if frame is None:
        raise BadMessage("invalid_message", "Send messages as text frames of JSON.")
    try:
        kind = _type_decoder.decode(frame).type
    except msgspec.DecodeError:
        raise BadMessage("invalid_message", "A message must be a JSON object.") from None
    if not isinstance(kind, str):
        raise BadMessage("invalid_message", "A message needs a string `type`.")
    if kind not in CLIENT_MESSAGE_TYPES:
        known = ", ".join(sorted(CLIENT_MESSAGE_TYPES))
        raise BadMessage("unknown_message", f"Unknown message type {kind!r}; use one of: {known}.")
    try:
        return client_message_decoder.decode(frame)
    except msgspec.ValidationError as exc:
        raise BadMessage("invalid_message", f"Invalid {kind!r} message: {exc}") from None


def _frame(event: Any) -> str | bytes | None:
    text = event.get("text")
    if text is not None:
        return str(text)
    return None


@dataclass(frozen=True)
class SocketUser:
    user_id: UUID
    session_id: UUID


async def authenticate(socket: WebSocket[Any, Any, Any], hub: PlaybackHub) -> SocketUser:
    """The user of an accepted socket: from `?ticket=`, a bearer header, or a first `auth`
    message. Raises `SocketRefused` (4401 unauthenticated, 4403 session revoked)."""
    secret = socket.app.state.settings.auth.secret_key
    ticket = socket.query_params.get("ticket")
    if ticket:
        try:
            claims = decode_ticket(secret, ticket)
        except InvalidTicket as exc:
            raise SocketRefused(CLOSE_UNAUTHENTICATED, str(exc)) from None
        ttl = hub.settings.ws_ticket_ttl_seconds + 60
        if not await hub.backplane.claim_once(f"ws-ticket:{claims.ticket_id}", ttl):
            raise SocketRefused(CLOSE_UNAUTHENTICATED, "The ticket was already used.")
        return await _check_session(hub, claims.user_id, claims.session_id)
    token = _bearer(socket) or await _first_message_token(socket, hub)
    try:
        access = decode_access_token(secret, token)
    except InvalidAccessToken as exc:
        raise SocketRefused(CLOSE_UNAUTHENTICATED, str(exc)) from None
    return await _check_session(hub, access.user_id, access.session_id)


def _bearer(socket: WebSocket[Any, Any, Any]) -> str | None:
    scheme, _, token = socket.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def _first_message_token(socket: WebSocket[Any, Any, Any], hub: PlaybackHub) -> str:
    try:
        event = await asyncio.wait_for(
            socket.receive(), timeout=hub.settings.device_timeout_seconds
        )
    except TimeoutError:
        raise SocketRefused(CLOSE_UNAUTHENTICATED, "No credentials were sent in time.") from None
    if event["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(detail="disconnected before authenticating")
    try:
        message = parse_client_message(_frame(event))
    except BadMessage:
        message = None
    if not isinstance(message, AuthMessage):
        raise SocketRefused(
            CLOSE_UNAUTHENTICATED,
            "Authenticate with ?ticket=, an Authorization header or an `auth` first message.",
        )
    return message.token


async def _check_session(hub: PlaybackHub, user_id: UUID, session_id: UUID) -> SocketUser:
    """The user, if their session is still signed in."""
    async with hub.session() as db:
        session = await db.get(AuthSession, session_id)
        if session is None or session.user_id != user_id:
            raise SocketRefused(CLOSE_UNAUTHENTICATED, "Unknown session.")
        # Disabling also signs out: say the more telling reason first.
        if not session.user.is_active:
            raise SocketRefused(CLOSE_FORBIDDEN, ACCOUNT_DISABLED)
        if session.revoked_at is not None or session.expires_at <= datetime.now(UTC):
            raise SocketRefused(CLOSE_FORBIDDEN, SIGNED_OUT)
    return SocketUser(user_id=user_id, session_id=session_id)


class DeviceConnection:
    """A live socket of a user, and, once it said hello, of one device."""

    def __init__(
        self, socket: WebSocket[Any, Any, Any], hub: PlaybackHub, user: SocketUser
    ) -> None:
        self.socket = socket
        self.hub = hub
        self.user_id = user.user_id
        self.session_id = user.session_id
        self.id = uuid.uuid4().hex
        self.device: DeviceRecord | None = None
        self._send_lock = asyncio.Lock()
        self._close = asyncio.Event()
        self._close_code = CLOSE_REPLACED
        self._close_reason = ""
        self._refreshed_at = 0.0

    async def send(self, message: ServerMessage) -> None:
        await self._send_text(message_encoder.encode(message).decode())

    async def _send_text(self, text: str) -> None:
        async with self._send_lock:
            with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
                await self.socket.send_text(text)

    async def _on_event(self, data: bytes) -> None:
        """An envelope from the user's channel: forward it, or act on an eviction or a
        sign-out."""
        try:
            envelope = envelope_decoder.decode(data)
        except msgspec.DecodeError:
            logger.warning("dropped an unreadable event on %s", player_channel(self.user_id))
            return
        if envelope.sign_out is not None:
            if envelope.sign_out.covers(self.session_id):
                self.stop(CLOSE_FORBIDDEN, envelope.sign_out.reason)
            return
        device_id = self.device.device_id if self.device else None
        if envelope.evict is not None:
            if envelope.evict == device_id and envelope.keep != self.id:
                self.stop(CLOSE_REPLACED, "This device connected again elsewhere.")
            return
        if envelope.to is not None and envelope.to != device_id:
            return
        await self._send_text(bytes(envelope.message).decode())

    def stop(self, code: int, reason: str) -> None:
        self._close_code = code
        self._close_reason = reason
        self._close.set()

    async def run(self) -> None:
        """Serve the socket until it ends; the current state goes out first."""
        channel = player_channel(self.user_id)
        self.hub.connections.add(self)
        try:
            async with self.hub.channels.start_subscription(channel) as subscriber:
                # A sign-out published between authentication and this subscription was
                # missed: look at the session again.
                try:
                    await _check_session(self.hub, self.user_id, self.session_id)
                except SocketRefused as refused:
                    self.stop(refused.code, refused.reason)
                    await self._close_socket()
                    return
                await self.send(state_message(await self.hub.state(self.user_id)))
                async with subscriber.run_in_background(self._on_event, join=False):
                    await self._receive_loop()
        finally:
            try:
                if self.device is not None:
                    await self.hub.device_disconnected(self.user_id, self.device)
            finally:
                self.hub.connections.discard(self)

    async def _receive_loop(self) -> None:
        closing = asyncio.ensure_future(self._close.wait())
        try:
            while True:
                receiving = asyncio.ensure_future(self.socket.receive())
                done, _ = await asyncio.wait(
                    {receiving, closing},
                    timeout=self.hub.settings.device_timeout_seconds,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if receiving not in done:
                    receiving.cancel()
                    if closing not in done:
                        self.stop(CLOSE_HEARTBEAT_TIMEOUT, "No message within the heartbeat.")
                    await self._close_socket()
                    return
                event = receiving.result()
                if event["type"] == "websocket.disconnect":
                    return
                await self._handle_frame(_frame(event))
        finally:
            closing.cancel()

    async def _close_socket(self) -> None:
        async with self._send_lock:
            with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
                await self.socket.close(code=self._close_code, reason=self._close_reason)

    async def _handle_frame(self, frame: str | bytes | None) -> None:
        try:
            message = parse_client_message(frame)
            await self._handle(message)
        except BadMessage as exc:
            await self.send(ErrorMessage(code=exc.code, detail=exc.detail))
        except CadenzaError as exc:
            await self.send(ErrorMessage(code=exc.code, detail=exc.detail))
        except SocketRefused as exc:
            self.stop(exc.code, exc.reason)
        except Exception:
            # Keep the device connected: the next command may well succeed.
            logger.exception("playback message failed")
            detail = "The message could not be handled; try again."
            await self.send(ErrorMessage(code="internal_error", detail=detail))
        await self._refresh_presence()

    async def _handle(self, message: ClientMessage) -> None:
        if isinstance(message, PingMessage):
            await self.send(PongMessage())
        elif isinstance(message, AuthMessage):
            raise BadMessage("already_authenticated", "This socket is already authenticated.")
        elif isinstance(message, HelloMessage):
            await self._hello(message)
        elif self.device is None:
            raise BadMessage("hello_required", "Say `hello` (announce the device) first.")
        elif isinstance(message, CommandMessage):
            # A device signed out elsewhere must not keep controlling the player.
            await _check_session(self.hub, self.user_id, self.session_id)
            await self.hub.execute(self.user_id, message.command, sender=self.device.device_id)
        elif isinstance(message, ProgressMessage):
            await self.hub.progress(
                self.user_id, self.device.device_id, message.track_id, message.position_ms
            )

    async def _hello(self, message: HelloMessage) -> None:
        now = utcnow()
        previous = self.device
        if previous is not None and previous.device_id != message.device_id:
            raise BadMessage("device_mismatch", "A connection announces one device only.")
        self.device = DeviceRecord(
            device_id=message.device_id,
            name=message.name,
            kind=message.kind,
            connection_id=self.id,
            connected_at=previous.connected_at if previous else now,
            last_seen_at=now,
        )
        self._refreshed_at = asyncio.get_running_loop().time()
        await self.hub.device_connected(self.user_id, self.device)

    async def _refresh_presence(self) -> None:
        """Every message proves the device alive; tell the backplane now and then."""
        if self.device is None:
            return
        loop_time = asyncio.get_running_loop().time()
        if loop_time - self._refreshed_at < self.hub.settings.device_timeout_seconds / 3:
            return
        self._refreshed_at = loop_time
        self.device = msgspec.structs.replace(self.device, last_seen_at=utcnow())
        await self.hub.device_seen(self.user_id, self.device)


async def serve_socket(socket: WebSocket[Any, Any, Any], hub: PlaybackHub) -> None:
    """The whole life of one `/ws` connection."""
    await socket.accept()
    try:
        user = await authenticate(socket, hub)
    except SocketRefused as exc:
        await socket.close(code=exc.code, reason=exc.reason)
        return
    except WebSocketDisconnect:
        return
    connection = DeviceConnection(socket, hub, user)
    try:
        await connection.run()
    except WebSocketDisconnect:
        return
    except Exception:
        logger.exception("playback socket failed")
        with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
            await socket.close(code=1011, reason="Internal error.")
