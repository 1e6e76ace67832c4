"""Who is signed in, and the API access that goes with it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.accounts import User
from cadenza_web.api import Credentials, SignedOut, new_client, open_client
from cadenza_web.states.handlers import background, event

LOGIN_ROUTE = "/login"
HOME_ROUTE = "/"
# Roles that may upload music (the API checks too).
UPLOAD_ROLES = ("artist", "admin")


class SessionState(rx.State):
    """The signed-in user; their tokens stay in backend-only vars, never in the browser."""

    username: rx.Field[str] = rx.field("")
    role: rx.Field[str] = rx.field("")
    _credentials: Credentials | None = None

    @rx.var
    def signed_in(self) -> bool:
        return self.username != ""

    @rx.var
    def can_upload(self) -> bool:
        return self.role in UPLOAD_ROLES

    def credentials(self) -> Credentials | None:
        return self._credentials

    def keep(self, credentials: Credentials | None, user: User | None = None) -> None:
        """Store a new sign-in (or its refreshed tokens); `None` signs out."""
        self._credentials = credentials
        if credentials is None:
            self.username = ""
            self.role = ""
        elif user is not None:
            self.username = user.username
            self.role = user.role.value

    @event
    def require_sign_in(self) -> EventSpec | None:
        """First `on_load` of every signed-in page."""
        if self._credentials is None:
            return rx.redirect(LOGIN_ROUTE)
        return None

    @event
    def leave_if_signed_in(self) -> EventSpec | None:
        """`on_load` of the login and registration pages."""
        if self._credentials is not None:
            return rx.redirect(HOME_ROUTE)
        return None

    @background
    async def sign_out(self) -> EventSpec:
        async with self:
            credentials = self._credentials
            self.keep(None)
        if credentials is not None:
            client = new_client(credentials)
            try:
                await client.logout()
            except (ApiError, httpx.HTTPError):
                # The sign-in is forgotten here either way; the server's copy expires.
                pass
            finally:
                await client.aclose()
        return rx.redirect(LOGIN_ROUTE)


@asynccontextmanager
async def signed_in_client(state: rx.State) -> AsyncIterator[CadenzaClient]:
    """From a background task of any state: a client for the tab's signed-in user.

    Raises `SignedOut` (after forgetting the sign-in) when there is none or the API rejects it.
    """
    async with state:
        session = await state.get_state(SessionState)
        credentials = session.credentials()
        key = state.router.session.client_token

    async def reload() -> Credentials | None:
        async with state:
            return (await state.get_state(SessionState)).credentials()

    async def store(credentials: Credentials | None) -> None:
        async with state:
            (await state.get_state(SessionState)).keep(credentials)

    async with open_client(key, credentials, reload, store) as client:
        yield client


__all__ = ["LOGIN_ROUTE", "SessionState", "SignedOut", "signed_in_client"]
