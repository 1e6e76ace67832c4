"""Login throttling per client IP and per account, on a Litestar store (memory or Redis)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from litestar.stores.base import Store

from cadenza_api.errors import TooManyRequests


@dataclass(frozen=True)
class _Window:
    count: int
    started_at: float

    def encode(self) -> bytes:
        return f"{self.count}:{self.started_at}".encode()

    @classmethod
    def decode(cls, raw: bytes | None) -> _Window | None:
        if raw is None:
            return None
        count, _, started = raw.decode().partition(":")
        return cls(int(count), float(started))


class LoginThrottle:
    """Fixed-window counters: all attempts per IP, failed attempts per account."""

    def __init__(self, store: Store, *, per_ip: int, per_account: int, window_seconds: int) -> None:
        self._store = store
        self._per_ip = per_ip
        self._per_account = per_account
        self._window = window_seconds

    async def _current(self, key: str) -> _Window | None:
        window = _Window.decode(await self._store.get(key))
        if window and time.time() - window.started_at >= self._window:
            return None
        return window

    async def _bump(self, key: str) -> _Window:
        window = await self._current(key)
        window = _Window(window.count + 1, window.started_at) if window else _Window(1, time.time())
        remaining = max(1, int(self._window - (time.time() - window.started_at)))
        await self._store.set(key, window.encode(), expires_in=remaining)
        return window

    def _retry_after(self, window: _Window) -> int:
        return int(window.started_at + self._window - time.time()) + 1

    async def check(self, ip: str, account: str) -> None:
        """Count this attempt against the IP; refuse when either limit is spent."""
        ip_window = await self._bump(f"login:ip:{ip}")
        if ip_window.count > self._per_ip:
            raise TooManyRequests(
                "Too many login attempts from this address. Try again later.",
                self._retry_after(ip_window),
            )
        account_window = await self._current(f"login:account:{account.lower()}")
        if account_window and account_window.count >= self._per_account:
            raise TooManyRequests(
                "Too many failed logins for this account. Try again later.",
                self._retry_after(account_window),
            )

    async def record_failure(self, account: str) -> None:
        await self._bump(f"login:account:{account.lower()}")

    async def record_success(self, account: str) -> None:
        await self._store.delete(f"login:account:{account.lower()}")
