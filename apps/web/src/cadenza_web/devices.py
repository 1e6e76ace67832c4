"""Each browser tab as a device on the user's playback socket (`/api/v1/ws`).

The Reflex backend holds the socket (a tab's background task runs `DeviceLink.run`); the
protocol is the contracts' `PlayerSync`. Event handlers of the same tab reach the link through
`link_for(token)` to send commands; the link outlives page loads, not the tab.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import websockets
from websockets.asyncio.client import ClientConnection, connect

from cadenza_contracts import ApiError
from cadenza_contracts.playback import (
    CLOSE_FORBIDDEN,
    CLOSE_REPLACED,
    CLOSE_UNAUTHENTICATED,
    DeviceKind,
    PlayerCommand,
    ServerMessage,
)
from cadenza_contracts.sync import PlayerSync

PING_EVERY_S = 10.0
"""Silence after which a ping keeps the device listed (the server drops it after 30 s)."""
OPEN_TIMEOUT_S = 10.0
BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 30.0
# What a 4403 means when the server gives no reason.
SIGNED_OUT = "This session has been signed out."

_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def browser_name(user_agent: str) -> str:
    """ "Chrome on Linux" from a user agent; "" when it names no browser or system we know."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system


def device_name(user_agent: str) -> str:
    """A readable name for a tab: "Web player · Chrome on Linux"."""
    browser = browser_name(user_agent)
    return f"Web player · {browser}" if browser else "Web player"


def device_id_for(client_token: str) -> str:
    """A stable device id per tab that does not reveal the tab's Reflex token."""
    digest = hashlib.sha256(client_token.encode()).hexdigest()[:20]
    return f"web-{digest}"


def backoff_delay(attempt: int) -> float:
    return float(min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2**attempt))


class LinkEnded(Exception):
    """The link stopped for good: signed out, or the device connected again elsewhere."""


class SessionSignedOut(LinkEnded):
    """The server signed this session out (close code 4403); `reason` says why, e.g. "This
    account is disabled." Reconnecting would need a new sign-in."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the server signed the session out: {reason}")
        self.reason = reason


@dataclass
class DeviceLink:
    """One tab's connection: the sync view of the player and the frames waiting to go out."""

    sync: PlayerSync
    outbox: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    connected: bool = False
    stopping: bool = False

    def send(self, command: PlayerCommand) -> bool:
        """Queue a command for the server; False when the socket is not connected."""
        return self.post(self.sync.command(command))

    def post(self, frame: str) -> bool:
        if not self.connected:
            return False
        self.outbox.put_nowait(frame)
        return True

    async def run(
        self,
        socket_url: Callable[[], Awaitable[str]],
        still_wanted: Callable[[], Awaitable[bool]],
    ) -> AsyncIterator[ServerMessage | None]:
        """Stay connected while `still_wanted()`, with a fresh ticket (`socket_url()`) for
        every connection and backoff between attempts. Yields every server message, and None
        about once a second so that the caller can keep its view up to date.

        Raises `SessionSignedOut` when the server signs this session out, `LinkEnded` when it
        refuses the device otherwise or replaces it.
        """
        attempt = 0
        while not self.stopping and await still_wanted():
            try:
                url = await socket_url()
                async with connect(url, open_timeout=OPEN_TIMEOUT_S, max_size=2**22) as socket:
                    try:
                        await socket.send(self.sync.hello())
                    except websockets.ConnectionClosed:
                        pass  # refused at once: the close code says why
                    else:
                        self.connected = True
                        attempt = 0
                        async for item in self._serve(socket, still_wanted):
                            yield item
                    code, reason = socket.close_code, socket.close_reason
                if code == CLOSE_FORBIDDEN:
                    raise SessionSignedOut(reason or SIGNED_OUT)
                if code in (CLOSE_UNAUTHENTICATED, CLOSE_REPLACED):
                    raise LinkEnded(f"the server closed the socket ({code})")
                if code is None:
                    return  # we left: the tab went away or signed out
            except (ApiError, httpx.HTTPError, websockets.WebSocketException, OSError):
                # The server is restarting or unreachable: try again after a while.
                pass
            finally:
                self.connected = False
                self._drain()
            if self.stopping:
                return
            delay = backoff_delay(attempt)
            attempt += 1
            waited = 0.0
            while waited < delay:
                await asyncio.sleep(1.0)
                waited += 1.0
                yield None
                if not await still_wanted():
                    return

    def _drain(self) -> None:
        while not self.outbox.empty():
            self.outbox.get_nowait()

    async def _serve(
        self, socket: ClientConnection, still_wanted: Callable[[], Awaitable[bool]]
    ) -> AsyncIterator[ServerMessage | None]:
        receiving: asyncio.Task[str | bytes] | None = None
        sending = asyncio.create_task(self._send_outbox(socket))
        quiet_s = 0.0
        try:
            while not self.stopping:
                if receiving is None:
                    receiving = asyncio.create_task(socket.recv())
                done, _ = await asyncio.wait({receiving, sending}, timeout=1.0)
                if sending in done:
                    return
                if receiving in done:
                    try:
                        frame = receiving.result()
                    except websockets.ConnectionClosed:
                        return
                    receiving = None
                    yield self.sync.receive(frame)
                    continue
                quiet_s += 1.0
                if quiet_s >= PING_EVERY_S:
                    quiet_s = 0.0
                    self.outbox.put_nowait(self.sync.ping())
                yield None
                if not await still_wanted():
                    return
        finally:
            for task in (receiving, sending):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, websockets.ConnectionClosed):
                        await task

    async def _send_outbox(self, socket: ClientConnection) -> None:
        while True:
            frame = await self.outbox.get()
            try:
                await socket.send(frame)
            except websockets.ConnectionClosed:
                return


_links: dict[str, DeviceLink] = {}


def open_link(client_token: str, user_agent: str) -> DeviceLink | None:
    """A new link for the tab, or None when the tab already has a running one."""
    if client_token in _links:
        return None
    link = DeviceLink(
        PlayerSync(device_id_for(client_token), device_name(user_agent), DeviceKind.WEB)
    )
    _links[client_token] = link
    return link


def close_link(client_token: str, link: DeviceLink) -> None:
    if _links.get(client_token) is link:
        del _links[client_token]


def link_for(client_token: str) -> DeviceLink | None:
    """The tab's link, while its task runs."""
    return _links.get(client_token)
