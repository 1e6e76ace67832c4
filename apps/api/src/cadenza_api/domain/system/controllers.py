"""`/health`: is the API able to serve?"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from importlib.metadata import version
from typing import cast

from litestar import Controller, Response, get
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.queue import JobQueue
from cadenza_api.settings import Settings
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


async def _ping_redis(url: str) -> None:
    client = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        # redis-py types its commands for the sync and async clients at once.
        await cast("Awaitable[bool]", client.ping())
    finally:
        await client.aclose()


class HealthController(Controller):
    path = "/health"
    tags = ["system"]

    @get(summary="Health of the API and each service it depends on")
    async def health(
        self, db_session: AsyncSession, storage: Storage, job_queue: JobQueue, settings: Settings
    ) -> Response[Health]:
        """Each check is `ok` or `error` with its latency; `redis` only when Redis is set."""
        checks = {
            "database": await _timed(lambda: db_session.execute(text("SELECT 1"))),
            "storage": await _timed(storage.check),
            "queue": await _timed(job_queue.check),
        }
        if settings.redis_url:
            redis_url = settings.redis_url
            checks["redis"] = await _timed(lambda: _ping_redis(redis_url))
        healthy = all(check.status == "ok" for check in checks.values())
        body = Health(
            status="ok" if healthy else "error", version=version("cadenza-api"), checks=checks
        )
        return Response(body, status_code=HTTP_200_OK if healthy else HTTP_503_SERVICE_UNAVAILABLE)
