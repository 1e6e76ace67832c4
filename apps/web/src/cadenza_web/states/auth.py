"""The login and registration forms."""

from __future__ import annotations

import re

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError
from cadenza_contracts.errors import ErrorBody
from cadenza_web.api import credentials_from, failure_message, new_client
from cadenza_web.states.handlers import background, event
from cadenza_web.states.session import LOGIN_ROUTE, SessionState

_MIN_LENGTH = re.compile(r"length >= (\d+)")
_MAX_LENGTH = re.compile(r"length <= (\d+)")
_PATTERN_HINTS = {
    "username": "Use letters, digits, '_', '.' or '-', starting with a letter or digit.",
    "email": "Enter an email address such as name@example.com.",
}


def field_message(field: str, message: str) -> str:
    """The API's validation message for `field` as a sentence a person can act on."""
    if match := _MIN_LENGTH.search(message):
        return f"Use at least {match.group(1)} characters."
    if match := _MAX_LENGTH.search(message):
        return f"Use at most {match.group(1)} characters."
    if "regex" in message:
        return _PATTERN_HINTS.get(field, "This value is not allowed.")
    return message


def field_errors(error: ErrorBody) -> dict[str, str]:
    """`errors[]` of an error body, by field name (the first message of each field)."""
    found: dict[str, str] = {}
    if isinstance(error.errors, list):
        for detail in error.errors:
            if detail.field and detail.field not in found:
                found[detail.field] = field_message(detail.field, detail.message)
    return found


def _text(form: dict[str, str], name: str) -> str:
    return str(form.get(name, "")).strip()


class RegisterState(rx.State):
    username_error: rx.Field[str] = rx.field("")
    email_error: rx.Field[str] = rx.field("")
    password_error: rx.Field[str] = rx.field("")
    form_error: rx.Field[str] = rx.field("")
    submitting: rx.Field[bool] = rx.field(False)

    def _show(self, fields: dict[str, str], form_error: str) -> None:
        self.username_error = fields.get("username", "")
        self.email_error = fields.get("email", "")
        self.password_error = fields.get("password", "")
        self.form_error = form_error

    @background
    async def submit(self, form: dict[str, str]) -> EventSpec | None:
        async with self:
            self.submitting = True
            self._show({}, "")
        username = _text(form, "username")
        client = new_client()
        try:
            await client.register(username, _text(form, "email"), str(form.get("password", "")))
        except ApiError as error:
            fields = field_errors(error.error)
            async with self:
                self.submitting = False
                self._show(fields, "" if fields else error.error.detail)
            return None
        except httpx.HTTPError as error:
            async with self:
                self.submitting = False
                self._show({}, failure_message(error))
            return None
        finally:
            await client.aclose()
        async with self:
            self.submitting = False
        return rx.redirect(f"{LOGIN_ROUTE}?created={username}")


class LoginState(rx.State):
    error: rx.Field[str] = rx.field("")
    submitting: rx.Field[bool] = rx.field(False)

    @rx.var
    def created_username(self) -> str:
        """Set when the registration form sent the user here."""
        return self.router.url.query_parameters.get("created", "")

    @event
    def reset_form(self) -> None:
        self.error = ""
        self.submitting = False

    @background
    async def submit(self, form: dict[str, str]) -> EventSpec | None:
        async with self:
            self.submitting = True
            self.error = ""
            user_agent = self.router.headers.user_agent
        client = new_client()
        # The API lists the session under the browser's name, not this server's.
        if user_agent:
            client.http.headers["user-agent"] = user_agent
        try:
            tokens = await client.login(_text(form, "username"), str(form.get("password", "")))
            credentials = credentials_from(client, tokens)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.submitting = False
                self.error = failure_message(error)
            return None
        finally:
            await client.aclose()
        async with self:
            self.submitting = False
            session = await self.get_state(SessionState)
            session.keep(credentials, tokens.user)
            route = session.take_return_route()
        return rx.redirect(route)
