"""The login form: only admins get past it."""

from __future__ import annotations

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_admin.states.session import (
    HOME_ROUTE,
    NOT_ALLOWED_ROUTE,
    SessionState,
    forget_sign_in,
    is_admin,
)
from cadenza_contracts import ApiError
from cadenza_ui.api_session import credentials_from, failure_message, new_client
from cadenza_ui.events import background, event


class LoginState(rx.State):
    error: rx.Field[str] = rx.field("")
    submitting: rx.Field[bool] = rx.field(False)

    @event
    def reset_form(self) -> None:
        self.error = ""
        self.submitting = False

    @background
    async def submit(self, form: dict[str, str]) -> EventSpec | None:
        async with self:
            self.submitting = True
            self.error = ""
        client = new_client()
        try:
            tokens = await client.login(
                str(form.get("username", "")).strip(), str(form.get("password", ""))
            )
            credentials = credentials_from(client, tokens)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.submitting = False
                self.error = failure_message(error)
            return None
        finally:
            await client.aclose()
        allowed = is_admin(tokens.user)
        async with self:
            self.submitting = False
            session = await self.get_state(SessionState)
            session.keep(credentials if allowed else None, tokens.user)
        if not allowed:
            await forget_sign_in(credentials)
            return rx.redirect(NOT_ALLOWED_ROUTE)
        return rx.redirect(HOME_ROUTE)
