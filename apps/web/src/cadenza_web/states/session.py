"""Who is signed in, and the API access that goes with it."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.accounts import User
from cadenza_ui.api_session import session_client
from cadenza_web.api import Credentials, SignedOut, new_client
from cadenza_web.states.handlers import background, event

LOGIN_ROUTE = "/login"
HOME_ROUTE = "/"
# Roles that may upload music (the API checks too).
UPLOAD_ROLES = ("artist", "admin")


class SessionState(rx.State):
    """The signed-in user; their tokens stay in backend-only vars, never in the browser."""

    username: rx.Field[str] = rx.field("")
    role: rx.Field[str] = rx.field("")
    # Why the server ended the last sign-in, for the sign-in page; a new sign-in clears it.
    end_reason: rx.Field[str] = rx.field("")
    _credentials: Credentials | None = None
    # The signed-in page opened last: where signing in again (after the sign-in ended, or
    # from a link) leads back to.
    _return_route: str = ""

    @rx.var
    def signed_in(self) -> bool:
        return self.username != ""

    @rx.var
    def can_upload(self) -> bool:
        return self.role in UPLOAD_ROLES

    def credentials(self) -> Credentials | None:
        return self._credentials

    def take_return_route(self) -> str:
        """Where to go after signing in: back to the page the user was on, or home."""
        route, self._return_route = self._return_route or HOME_ROUTE, ""
        return route

    def keep(self, credentials: Credentials | None, user: User | None = None) -> None:
        """Store a new sign-in (or its refreshed tokens); `None` signs out."""
        self._credentials = credentials
        if credentials is None:
            self.username = ""
            self.role = ""
            return
        self.end_reason = ""
        if user is not None:
            self.username = user.username
            self.role = user.role.value

    def end(self, reason: str) -> None:
        """The server ended the sign-in: forget it as a rejected call does (the page to return
        to stays), and say why on the sign-in page."""
        self.keep(None)
        self.end_reason = reason

    @event
    def require_sign_in(self) -> EventSpec | None:
        """First `on_load` of every signed-in page."""
        self._return_route = self.router.url.path
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
            self._return_route = ""
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


def signed_in_client(state: rx.State) -> AbstractAsyncContextManager[CadenzaClient]:
    """From a background task of any state: a client for the tab's signed-in user.

    Raises `SignedOut` (after forgetting the sign-in) when there is none or the API rejects it.
    """
    return session_client(state, SessionState)


__all__ = ["LOGIN_ROUTE", "SessionState", "SignedOut", "signed_in_client"]
