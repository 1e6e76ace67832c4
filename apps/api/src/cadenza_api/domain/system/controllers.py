"""`/health`: is the API able to serve?"""

from __future__ import annotations

import time
from importlib.metadata import version

from litestar import Controller, Response, get
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_contracts.system import CheckResult, Health


async def _check_database(db_session: AsyncSession) -> CheckResult:
    started = time.perf_counter()
    try:
        await db_session.execute(text("SELECT 1"))
    except Exception as exc:
        return CheckResult(
            status="error",
            latency_ms=round((time.perf_counter() - started) * 1000, 2),
            detail=f"{type(exc).__name__}: {exc}"[:300],
        )
    return CheckResult(status="ok", latency_ms=round((time.perf_counter() - started) * 1000, 2))


class HealthController(Controller):
    path = "/health"
    tags = ["system"]

    @get(summary="Health of the API and the services it depends on")
    async def health(self, db_session: AsyncSession) -> Response[Health]:
        checks = {"database": await _check_database(db_session)}
        healthy = all(check.status == "ok" for check in checks.values())
        body = Health(
            status="ok" if healthy else "error", version=version("cadenza-api"), checks=checks
        )
        return Response(body, status_code=HTTP_200_OK if healthy else HTTP_503_SERVICE_UNAVAILABLE)
