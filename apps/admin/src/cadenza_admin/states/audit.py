"""The audit log: who did what, when, with the thing before and after."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventHandler, EventSpec

from cadenza_admin.models import AuditRow, day_end, day_start, form_text, parse_date
from cadenza_admin.states.session import CallFailed, admin_call
from cadenza_admin.states.tables import PAGE_SIZE, TableMixin
from cadenza_contracts.admin import AuditAction, AuditTargetType
from cadenza_ui.events import background, event

ACTIONS = [action.value for action in AuditAction]
TARGET_TYPES = [target.value for target in AuditTargetType]


class AuditState(TableMixin, rx.State):
    rows: rx.Field[list[AuditRow]] = rx.field(default_factory=list)
    actor: rx.Field[str] = rx.field("")
    action: rx.Field[str] = rx.field("")
    target_type: rx.Field[str] = rx.field("")
    since: rx.Field[str] = rx.field("")
    until: rx.Field[str] = rx.field("")

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            self._start_loading()
            actor, action, target_type = self.actor, self.action, self.target_type
            since, until, offset = self.since, self.until, self.offset
        try:
            since_day, until_day = parse_date(since), parse_date(until)
        except ValueError:
            return await self._failed(CallFailed("Enter dates as YYYY-MM-DD."))
        try:
            page = await admin_call(
                self,
                lambda api: api.admin.audit(
                    actor=actor or None,
                    action=action or None,
                    target_type=target_type or None,
                    since=day_start(since_day),
                    until=day_end(until_day),
                    limit=PAGE_SIZE,
                    offset=offset,
                ),
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.rows = [AuditRow.of(entry) for entry in page.items]
            self._show_page(page.total, len(page.items))
        return None

    @event
    def filter(self, form: dict[str, str]) -> EventHandler:
        self.actor = form_text(form, "audit-actor")
        self.action = form_text(form, "audit-action")
        self.target_type = form_text(form, "audit-target-type")
        self.since = form_text(form, "audit-since")
        self.until = form_text(form, "audit-until")
        self.offset = 0
        return AuditState.load
