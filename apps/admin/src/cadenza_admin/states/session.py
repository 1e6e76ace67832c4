"""Who is signed in, whether they may use the admin, and API calls on their behalf."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.accounts import Role, User
from cadenza_ui.api_session import (
    Credentials,
    SignedOut,
    failure_message,
    new_client,
    session_client,
)
from cadenza_ui.events import background, event

T = TypeVar("T")

LOGIN_ROUTE = "/login"
NOT_ALLOWED_ROUTE = "/not-allowed"
HOME_ROUTE = "/"
NOT_ALLOWED_MESSAGE = "Only administrators may use the Cadenza admin."


class CallFailed(Exception):
    """An API call failed: `message` is for the page; `route`, if set, is where to go."""

    def __init__(self, message: str, route: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.route = route

    def redirect(self) -> EventSpec | None:
        return rx.redirect(self.route) if self.route else None


class SessionState(rx.State):
    """The signed-in admin; their tokens stay in backend-only vars, never in the browser.

    Someone who signs in without the admin role is remembered by name only (for the
    "not allowed" page): their tokens are signed out at once.
    """

    username: rx.Field[str] = rx.field("")
    role: rx.Field[str] = rx.field("")
    _credentials: Credentials | None = None

    @rx.var
    def signed_in(self) -> bool:
        return self.username != ""

    def credentials(self) -> Credentials | None:
        return self._credentials

    def keep(self, credentials: Credentials | None, user: User | None = None) -> None:
        """Store a new sign-in (or its refreshed tokens); `None` signs out."""
        self._credentials = credentials
        if credentials is None and user is None:
            self.username = ""
            self.role = ""
        elif user is not None:
            self.username = user.username
            self.role = user.role.value

    def refuse(self, user: User) -> None:
        """Forget the tokens of someone who may no longer use the admin, keeping who they
        are for the "not allowed" page."""
        self._credentials = None
        self.username = user.username
        self.role = user.role.value

    @event
    def require_admin(self) -> EventSpec | None:
        """First `on_load` of every admin page."""
        if self._credentials is None:
            if self.username:
                return rx.redirect(NOT_ALLOWED_ROUTE)
            return rx.redirect(LOGIN_ROUTE)
        return None

    @event
    def leave_if_signed_in(self) -> EventSpec | None:
        """`on_load` of the login page."""
        if self._credentials is not None:
            return rx.redirect(HOME_ROUTE)
        return None

    @background
    async def sign_out(self) -> EventSpec:
        async with self:
            credentials = self._credentials
            self.keep(None)
        if credentials is not None:
            await forget_sign_in(credentials)
        return rx.redirect(LOGIN_ROUTE)


async def forget_sign_in(credentials: Credentials) -> None:
    """Sign the API's session out (the server's copy would expire anyway)."""
    client = new_client(credentials)
    try:
        await client.logout()
    except (ApiError, httpx.HTTPError):
        pass
    finally:
        await client.aclose()


def is_admin(user: User) -> bool:
    return user.role == Role.ADMIN


async def admin_call(state: rx.State, action: Callable[[CadenzaClient], Awaitable[T]]) -> T:
    """Run `action` with a client for the tab's signed-in admin.

    Raises `CallFailed`: to the login page when the sign-in is gone, to the "not allowed"
    page when the user is no longer an admin, or with the API's explanation otherwise.
    """
    try:
        async with session_client(state, SessionState) as client:
            try:
                return await action(client)
            except ApiError as error:
                if error.status != 403:
                    raise
                user = await client.me()
                if is_admin(user):
                    raise
                async with state:
                    (await state.get_state(SessionState)).refuse(user)
                raise CallFailed(failure_message(error), NOT_ALLOWED_ROUTE) from error
    except SignedOut as error:
        async with state:
            refused = (await state.get_state(SessionState)).username != ""
        if refused:
            # Someone who may not use the admin: the page's own `require_admin` sends them
            # to the "not allowed" page too.
            raise CallFailed(NOT_ALLOWED_MESSAGE, NOT_ALLOWED_ROUTE) from error
        raise CallFailed("Your sign-in has ended. Sign in again.", LOGIN_ROUTE) from error
    except (ApiError, httpx.HTTPError) as error:
        raise CallFailed(failure_message(error)) from error


__all__ = [
    "LOGIN_ROUTE",
    "NOT_ALLOWED_ROUTE",
    "CallFailed",
    "SessionState",
    "admin_call",
    "is_admin",
]
