"""This terminal as a device on the user's playback socket (`/api/v1/ws`): it connects with a
ticket, announces itself, hands every server message on, keeps itself listed, and reconnects
with backoff when the connection drops."""

from __future__ import annotations

import asyncio
import contextlib
import enum
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import websockets
from websockets.asyncio.client import ClientConnection, connect

from cadenza_contracts import ApiError
from cadenza_contracts.playback import (
    CLOSE_FORBIDDEN,
    CLOSE_REPLACED,
    CLOSE_UNAUTHENTICATED,
    ServerMessage,
)
from cadenza_contracts.sync import PlayerSync
from cadenza_tui.network import backoff_delay, describe, is_session_over
from cadenza_tui.session import SessionClient

HEARTBEAT_S = 3.0
"""How often the playhead is reported while this terminal plays."""
PING_EVERY_S = 12.0
"""Silence after which a ping keeps the device listed (the server drops it after 30 s)."""
OPEN_TIMEOUT_S = 10.0


class LinkState(enum.Enum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RETRYING = "retrying"
    SIGNED_OUT = "signed out"
    REPLACED = "replaced"


@dataclass(frozen=True)
class LinkStatus:
    state: LinkState
    message: str = ""


class DeviceLink:
    """Runs the socket in `run()` (a worker of the app). `heartbeat()` is asked every couple
    of seconds for a frame to send (the playhead, while this device plays); when it has none
    for a while, a ping keeps the device listed."""

    def __init__(
        self,
        api: SessionClient,
        sync: PlayerSync,
        *,
        on_message: Callable[[ServerMessage], None],
        on_status: Callable[[LinkStatus], None],
        heartbeat: Callable[[], str | None],
    ) -> None:
        self.api = api
        self.sync = sync
        self._on_message = on_message
        self._on_status = on_status
        self._heartbeat = heartbeat
        self._socket: ClientConnection | None = None
        self.status = LinkStatus(LinkState.CONNECTING)

    @property
    def connected(self) -> bool:
        return self._socket is not None

    def _report(self, status: LinkStatus) -> None:
        self.status = status
        self._on_status(status)

    async def send(self, frame: str) -> bool:
        """Send one frame now; False when there is no connection."""
        socket = self._socket
        if socket is None:
            return False
        try:
            await socket.send(frame)
        except websockets.ConnectionClosed:
            return False
        return True

    async def run(self) -> None:
        """Stay connected until the session ends or the device is taken over elsewhere."""
        attempt = 0
        while True:
            try:
                url = await self.api.ws_url()
                async with connect(url, open_timeout=OPEN_TIMEOUT_S, max_size=2**22) as socket:
                    await socket.send(self.sync.hello())
                    self._socket = socket
                    attempt = 0
                    self._report(LinkStatus(LinkState.CONNECTED))
                    await self._serve(socket)
                    ended = self._ending(socket.close_code, socket.close_reason)
            except (ApiError, httpx.HTTPError, websockets.WebSocketException, OSError) as exc:
                if is_session_over(exc):
                    ended = LinkStatus(LinkState.SIGNED_OUT, describe(exc))
                else:
                    ended = LinkStatus(LinkState.RETRYING, describe(exc))
            finally:
                self._socket = None
            if ended.state is not LinkState.RETRYING:
                self._report(ended)
                return
            delay = backoff_delay(attempt)
            attempt += 1
            message = f"{ended.message} Retrying in {delay:.0f} s."
            self._report(LinkStatus(LinkState.RETRYING, message))
            await asyncio.sleep(delay)
            self._report(LinkStatus(LinkState.CONNECTING, "Reconnecting…"))

    @staticmethod
    def _ending(close_code: int | None, close_reason: str | None) -> LinkStatus:
        if close_code in (CLOSE_UNAUTHENTICATED, CLOSE_FORBIDDEN):
            # The server says why: the session was signed out, or the account disabled.
            reason = close_reason or "This session was signed out."
            return LinkStatus(LinkState.SIGNED_OUT, f"{reason} Please sign in again.")
        if close_code == CLOSE_REPLACED:
            return LinkStatus(
                LinkState.REPLACED, "This device connected again from another terminal."
            )
        return LinkStatus(LinkState.RETRYING, "The connection to the server was lost.")

    async def _serve(self, socket: ClientConnection) -> None:
        beating = asyncio.create_task(self._beat(socket))
        try:
            async for frame in socket:
                message = self.sync.receive(frame)
                if message is not None:
                    self._on_message(message)
        except websockets.ConnectionClosed:
            pass
        finally:
            beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beating

    async def _beat(self, socket: ClientConnection) -> None:
        quiet_s = 0.0
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            frame = self._heartbeat()
            quiet_s = 0.0 if frame is not None else quiet_s + HEARTBEAT_S
            if frame is None and quiet_s >= PING_EVERY_S:
                frame, quiet_s = self.sync.ping(), 0.0
            if frame is not None:
                try:
                    await socket.send(frame)
                except websockets.ConnectionClosed:
                    return
