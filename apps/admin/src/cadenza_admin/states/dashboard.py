"""The dashboard's figures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from cadenza_admin.models import Dashboard, TopTrackRow, plays_chart, top_tracks
from cadenza_admin.states.session import CallFailed, admin_call
from cadenza_ui.events import background


class DashboardState(rx.State):
    figures: Dashboard = Dashboard()
    plays: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    top: rx.Field[list[TopTrackRow]] = rx.field(default_factory=list)
    loaded: rx.Field[bool] = rx.field(False)
    updated_at: rx.Field[str] = rx.field("")
    error: rx.Field[str] = rx.field("")

    @background
    async def load(self) -> EventSpec | None:
        try:
            stats = await admin_call(self, lambda api: api.admin.stats())
        except CallFailed as failure:
            async with self:
                self.error = failure.message
            return failure.redirect()
        async with self:
            self.figures = Dashboard.of(stats)
            self.plays = plays_chart(stats)
            self.top = top_tracks(stats)
            self.loaded = True
            self.updated_at = datetime.now(UTC).strftime("%H:%M UTC")
            self.error = ""
        return None
