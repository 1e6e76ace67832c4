"""Users: search, change roles, disable and enable, revoke sessions, reset passwords."""

from __future__ import annotations

from uuid import UUID

import reflex as rx
from reflex.event import EventHandler, EventSpec

from cadenza_admin.models import UserRow, plural
from cadenza_admin.states.session import CallFailed, admin_call
from cadenza_admin.states.tables import PAGE_SIZE, TableMixin
from cadenza_contracts.accounts import Role
from cadenza_contracts.admin import AdminUserUpdate
from cadenza_ui.events import background, event


class UsersState(TableMixin, rx.State):
    rows: rx.Field[list[UserRow]] = rx.field(default_factory=list)
    role_filter: rx.Field[str] = rx.field("")
    active_filter: rx.Field[str] = rx.field("")
    target: UserRow = UserRow()
    temporary_password: rx.Field[str] = rx.field("")

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            self._start_loading()
            query, role, active, offset = (
                self.query,
                self.role_filter,
                self.active_filter,
                self.offset,
            )
        try:
            page = await admin_call(
                self,
                lambda api: api.admin.list_users(
                    q=query or None,
                    role=Role(role) if role else None,
                    active=None if active == "" else active == "active",
                    limit=PAGE_SIZE,
                    offset=offset,
                ),
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.rows = [UserRow.of(user) for user in page.items]
            self._show_page(page.total, len(page.items))
        return None

    @event
    def filter_role(self, role: str) -> EventHandler:
        self.role_filter = role
        self.offset = 0
        return UsersState.load

    @event
    def filter_active(self, active: str) -> EventHandler:
        self.active_filter = active
        self.offset = 0
        return UsersState.load

    def _name(self, user_id: str) -> str:
        return next((row.username for row in self.rows if row.id == user_id), "the user")

    async def _update(
        self, user_id: str, body: AdminUserUpdate, notice: str
    ) -> EventSpec | EventHandler | None:
        try:
            await admin_call(self, lambda api: api.admin.update_user(UUID(user_id), body))
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            return self._done(notice)

    @background
    async def change_role(self, user_id: str, role: str) -> EventSpec | EventHandler | None:
        async with self:
            name = self._name(user_id)
        return await self._update(
            user_id,
            AdminUserUpdate(role=Role(role)),
            f"{name} is now {'an' if role in ('admin', 'artist') else 'a'} {role}.",
        )

    @background
    async def set_active(self, user_id: str, active: bool) -> EventSpec | EventHandler | None:
        async with self:
            name = self._name(user_id)
        notice = (
            f"Enabled {name}." if active else f"Disabled {name}; their sessions are signed out."
        )
        return await self._update(user_id, AdminUserUpdate(is_active=active), notice)

    @background
    async def revoke_sessions(self, user_id: str) -> EventSpec | EventHandler | None:
        async with self:
            name = self._name(user_id)
        try:
            revoked = await admin_call(
                self, lambda api: api.admin.revoke_user_sessions(UUID(user_id))
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            return self._done(f"Signed out {plural(revoked.revoked, 'session')} of {name}.")

    @event
    def open_reset(self, user_id: str) -> None:
        self.target = next((row for row in self.rows if row.id == user_id), UserRow())
        self.temporary_password = ""
        self._open("reset")

    @background
    async def reset_password(self) -> EventSpec | None:
        async with self:
            self.busy = True
            user_id = self.target.id
        try:
            reset = await admin_call(self, lambda api: api.admin.reset_password(UUID(user_id)))
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.busy = False
            self.temporary_password = reset.temporary_password
        return None

    @event
    def close_reset(self) -> EventHandler:
        """The temporary password is shown once: closing the dialog forgets it."""
        self.temporary_password = ""
        self.dialog = ""
        return UsersState.load
