"""A signed-in user's API access from Reflex background tasks (web player and admin).

The browser never sees a token: the access token and the refresh/CSRF cookies live in
backend-only vars of the app's session state (see `SessionHolder`), and every call goes
through the contracts' client.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable
from weakref import WeakValueDictionary

import httpx
import reflex as rx

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.accounts import AccessTokenResponse
from cadenza_ui.settings import api_base_url

# Refresh this long before the access token expires, so a call never races its expiry.
REFRESH_MARGIN_SECONDS = 60.0


class SignedOut(Exception):
    """There is no usable sign-in: the page should send the user to the login form."""


@dataclass
class StoredCookie:
    name: str
    value: str
    domain: str
    path: str


@dataclass
class Credentials:
    """A sign-in: the access token and the cookies that let it be refreshed."""

    access_token: str
    expires_at: float
    cookies: list[StoredCookie] = field(default_factory=list)

    def expiring(self) -> bool:
        return self.expires_at - time.time() < REFRESH_MARGIN_SECONDS


def new_client(credentials: Credentials | None = None) -> CadenzaClient:
    """A client on the configured API, carrying `credentials` when given."""
    client = CadenzaClient(api_base_url(), timeout=15.0)
    if credentials is not None:
        client.access_token = credentials.access_token
        for cookie in credentials.cookies:
            client.http.cookies.set(
                cookie.name, cookie.value, domain=cookie.domain, path=cookie.path
            )
    return client


def credentials_from(client: CadenzaClient, tokens: AccessTokenResponse) -> Credentials:
    """What to keep after a login or refresh answered with `tokens`."""
    cookies = [
        StoredCookie(
            name=cookie.name, value=cookie.value or "", domain=cookie.domain, path=cookie.path
        )
        for cookie in client.http.cookies.jar
    ]
    return Credentials(
        access_token=tokens.access_token,
        expires_at=time.time() + tokens.expires_in,
        cookies=cookies,
    )


# One refresh at a time per browser tab: refresh tokens rotate, and presenting one twice
# would be taken as theft and end the whole sign-in. A tab's lock lives while it is held.
_refresh_locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()


def _refresh_lock(key: str) -> asyncio.Lock:
    lock = _refresh_locks.get(key)
    if lock is None:
        lock = _refresh_locks[key] = asyncio.Lock()
    return lock


async def refresh_once(
    key: str,
    current: Credentials,
    reload: Callable[[], Awaitable[Credentials | None]],
    store: Callable[[Credentials | None], Awaitable[None]],
) -> Credentials:
    """Fresh credentials for the tab `key`: refreshed here, or by whoever held the lock."""
    async with _refresh_lock(key):
        latest = await reload()
        if latest is None:
            raise SignedOut
        if latest.access_token != current.access_token or not latest.expiring():
            return latest
        # Once the API has rotated the refresh token, the new one must be kept even when the
        # caller is cancelled meanwhile (Reflex cancels a page's handlers when the user leaves
        # or reloads it): the next refresh would otherwise present the spent token, which the
        # API takes as theft, ending the sign-in. So the rotation runs on its own, and the lock
        # is held until it has stored its result.
        rotation = asyncio.ensure_future(_rotate(latest, store))
        try:
            return await asyncio.shield(rotation)
        except asyncio.CancelledError:
            await asyncio.wait({rotation})
            raise


async def _rotate(
    latest: Credentials, store: Callable[[Credentials | None], Awaitable[None]]
) -> Credentials:
    """Refresh `latest` and store the outcome (`None` when the API ended the sign-in)."""
    client = new_client(latest)
    try:
        tokens = await client.refresh()
    except ApiError as error:
        if error.status in (401, 403):
            await store(None)
            raise SignedOut from error
        raise
    finally:
        await client.aclose()
    refreshed = credentials_from(client, tokens)
    await store(refreshed)
    return refreshed


@asynccontextmanager
async def open_client(
    key: str,
    credentials: Credentials | None,
    reload: Callable[[], Awaitable[Credentials | None]],
    store: Callable[[Credentials | None], Awaitable[None]],
) -> AsyncIterator[CadenzaClient]:
    """A client for the signed-in user; an answer of 401 ends the sign-in (`SignedOut`)."""
    if credentials is None:
        raise SignedOut
    if credentials.expiring():
        credentials = await refresh_once(key, credentials, reload, store)
    client = new_client(credentials)
    try:
        yield client
    except ApiError as error:
        if error.status == 401:
            await store(None)
            raise SignedOut from error
        raise
    finally:
        await client.aclose()


@runtime_checkable
class SessionHolder(Protocol):
    """An app's session state: where a tab keeps its sign-in."""

    def credentials(self) -> Credentials | None: ...

    def keep(self, credentials: Credentials | None) -> None: ...


@asynccontextmanager
async def session_client(
    state: rx.State, session_type: type[rx.State]
) -> AsyncIterator[CadenzaClient]:
    """From a background task of any state: a client for the tab's signed-in user, whose
    sign-in the `session_type` state (a `SessionHolder`) keeps.

    Raises `SignedOut` (after forgetting the sign-in) when there is none or the API rejects it.
    """

    async def session() -> SessionHolder:
        holder = await state.get_state(session_type)
        if not isinstance(holder, SessionHolder):
            raise TypeError(f"{session_type.__name__} does not keep a sign-in")
        return holder

    async with state:
        credentials = (await session()).credentials()
        key = state.router.session.client_token

    async def reload() -> Credentials | None:
        async with state:
            return (await session()).credentials()

    async def store(credentials: Credentials | None) -> None:
        async with state:
            (await session()).keep(credentials)

    async with open_client(key, credentials, reload, store) as client:
        yield client


def failure_message(error: Exception) -> str:
    """A sentence for the page about a failed call."""
    if isinstance(error, ApiError):
        return error.error.detail
    if isinstance(error, httpx.HTTPError):
        return "The Cadenza server cannot be reached. Check that it is running, then try again."
    return str(error)
