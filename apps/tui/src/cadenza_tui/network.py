"""Network failures in words a listener understands, and the backoff between retries."""

from __future__ import annotations

import httpx
import websockets

from cadenza_contracts import ApiError

BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 30.0


def backoff_delay(attempt: int) -> float:
    """Seconds to wait before retry number `attempt` (0-based): 1, 2, 4 … up to 30."""
    return min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2 ** min(attempt, 10))


def is_transient(exc: BaseException) -> bool:
    """Whether trying again later may succeed: the network, or the server being unwell."""
    if isinstance(exc, ApiError):
        return exc.status >= 500 or exc.status == 429
    return isinstance(
        exc, httpx.TransportError | websockets.WebSocketException | OSError | TimeoutError
    )


def is_session_over(exc: BaseException) -> bool:
    """The server no longer accepts this session: sign in again."""
    return isinstance(exc, ApiError) and exc.status == 401


def describe(exc: BaseException) -> str:
    """One sentence saying what went wrong."""
    if isinstance(exc, ApiError):
        if exc.status == 429:
            wait = exc.retry_after
            return f"Too many attempts; try again in {wait} s." if wait else "Too many attempts."
        return exc.error.detail
    if isinstance(exc, httpx.ConnectError | ConnectionRefusedError):
        return "Cannot reach the server."
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return "The server did not answer in time."
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "That is not a server address (try http://host:8080)."
    if isinstance(exc, websockets.ConnectionClosed):
        return "The connection to the server was lost."
    if isinstance(exc, httpx.HTTPError | websockets.WebSocketException | OSError):
        return f"Network error: {exc}" if str(exc) else "Network error."
    return str(exc) or type(exc).__name__


def normalize_server_url(url: str) -> str:
    """`host:8080` → `http://host:8080`; no trailing slash."""
    url = url.strip().rstrip("/")
    if url and "://" not in url:
        url = f"http://{url}"
    return url
