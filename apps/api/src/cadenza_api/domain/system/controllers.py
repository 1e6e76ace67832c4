"""`/health`: is the API able to serve?"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from importlib.metadata import version

from litestar import Controller, Response, get
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.queue import JobQueue
from cadenza_api.storage import Storage
from cadenza_contracts.system import CheckResult, Health


async def _timed(check: Callable[[], Awaitable[object]]) -> CheckResult:
    started = time.perf_counter()
    try:
        await check()
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

    @get(summary="Health of the API and each service it depends on")
    async def health(
        self, db_session: AsyncSession, storage: Storage, job_queue: JobQueue
    ) -> Response[Health]:
        checks = {
            "database": await _timed(lambda: db_session.execute(text("SELECT 1"))),
            "storage": await _timed(storage.check),
            "queue": await _timed(job_queue.check),
        }
        healthy = all(check.status == "ok" for check in checks.values())
        body = Health(
            status="ok" if healthy else "error", version=version("cadenza-api"), checks=checks
        )
        return Response(body, status_code=HTTP_200_OK if healthy else HTTP_503_SERVICE_UNAVAILABLE)
