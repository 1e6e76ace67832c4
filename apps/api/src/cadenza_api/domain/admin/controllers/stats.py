"""`GET /admin/stats`: the dashboard."""

from __future__ import annotations

from litestar import Controller, get
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.domain.admin.stats import dashboard
from cadenza_contracts.admin import AdminStats


class StatsController(Controller):
    path = "/stats"
    tags = ["admin: dashboard"]

    @get(
        summary="Dashboard figures",
        description="Counts, storage used by originals and renditions, plays per UTC day for "
        "the last 30 days (zero-filled), queue health and the week's most-played tracks.",
    )
    async def stats(self, db_session: AsyncSession) -> AdminStats:
        return await dashboard(db_session)
