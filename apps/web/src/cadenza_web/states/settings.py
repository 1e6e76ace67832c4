"""Account settings: the signed-in devices (sessions) and the password."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError
from cadenza_contracts.accounts import SessionInfo
from cadenza_web.api import SignedOut, failure_message
from cadenza_web.devices import browser_name
from cadenza_web.states.auth import field_errors
from cadenza_web.states.handlers import background
from cadenza_web.states.session import LOGIN_ROUTE, signed_in_client


@dataclass
class SessionRow:
    id: str = ""
    device: str = ""
    details: str = ""
    current: bool = False

    @classmethod
    def of(cls, session: SessionInfo) -> SessionRow:
        agent = session.user_agent or ""
        device = browser_name(agent) or agent[:60] or "Unknown device"
        details = f"Last used {session.last_used_at:%d %b %Y, %H:%M} UTC"
        if session.ip_address:
            details += f" · {session.ip_address}"
        return cls(id=str(session.id), device=device, details=details, current=session.current)


class SettingsState(rx.State):
    sessions: rx.Field[list[SessionRow]] = rx.field(default_factory=list)
    loading: rx.Field[bool] = rx.field(True)
    error: rx.Field[str] = rx.field("")
    notice: rx.Field[str] = rx.field("")
    current_password_error: rx.Field[str] = rx.field("")
    new_password_error: rx.Field[str] = rx.field("")
    confirm_error: rx.Field[str] = rx.field("")
    password_error: rx.Field[str] = rx.field("")
    saving: rx.Field[bool] = rx.field(False)
    # Bumped after a successful change, so that the form's fields start empty again.
    form_key: rx.Field[int] = rx.field(0)

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            self.loading = True
            self.error = ""
            self.notice = ""
            self._show_password_errors({}, "")
        return await self._reload()

    async def _reload(self) -> EventSpec | None:
        try:
            async with signed_in_client(self) as api:
                sessions = await api.sessions()
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.loading = False
                self.error = failure_message(error)
            return None
        async with self:
            self.loading = False
            self.sessions = [SessionRow.of(session) for session in sessions]
        return None

    @background
    async def revoke(self, session_id: str, device: str) -> EventSpec | None:
        try:
            async with signed_in_client(self) as api:
                await api.revoke_session(UUID(session_id))
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.notice = ""
                self.error = failure_message(error)
            return None
        async with self:
            self.error = ""
            self.notice = f"Signed out {device}."
        return await self._reload()

    def _show_password_errors(self, fields: dict[str, str], form_error: str) -> None:
        self.current_password_error = fields.get("currentPassword", "")
        self.new_password_error = fields.get("newPassword", "")
        self.confirm_error = fields.get("confirm", "")
        self.password_error = form_error

    @background
    async def change_password(self, form: dict[str, str]) -> EventSpec | None:
        current = str(form.get("current_password", ""))
        new = str(form.get("new_password", ""))
        async with self:
            self.notice = ""
            if new != str(form.get("confirm_password", "")):
                self._show_password_errors({"confirm": "The two new passwords differ."}, "")
                return None
            self._show_password_errors({}, "")
            self.saving = True
        try:
            async with signed_in_client(self) as api:
                await api.change_password(current, new)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except ApiError as error:
            fields = field_errors(error.error)
            async with self:
                self.saving = False
                self._show_password_errors(fields, "" if fields else error.error.detail)
            return None
        except httpx.HTTPError as error:
            async with self:
                self.saving = False
                self._show_password_errors({}, failure_message(error))
            return None
        async with self:
            self.saving = False
            self.form_key += 1
            self.notice = "Your password was changed. Your other devices were signed out."
        return await self._reload()
