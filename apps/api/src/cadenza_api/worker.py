"""`cadenza worker`: SAQ workers on Redis running the same job function as the API."""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from saq import Worker

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.domain.media.context import JobContext
from cadenza_api.domain.media.jobs import run_job as run_job_by_id
from cadenza_api.queue import SAQ_FUNCTION, RedisQueue
from cadenza_api.settings import Settings
from cadenza_api.storage import build_storage

logger = logging.getLogger("cadenza.worker")
# How long a stopping worker lets running conversions finish before cancelling them.
GRACE_SECONDS = 5


def build_worker(settings: Settings, *, concurrency: int) -> Worker[Any]:
    if settings.redis_url is None:
        raise ValueError(
            "`cadenza worker` needs CADENZA_REDIS_URL: without it, jobs run in the API."
        )
    queue = RedisQueue(settings.redis_url, name=settings.redis_prefix).saq
    database = build_sqlalchemy_config(settings.database)
    context = JobContext(settings=settings, database=database, storage=build_storage(settings))

    async def run_job(ctx: dict[str, Any], *, job_id: str) -> None:
        await run_job_by_id(context, UUID(job_id))

    async def shutdown(ctx: dict[str, Any]) -> None:
        await database.get_engine().dispose()

    return Worker(
        queue,
        functions=[(SAQ_FUNCTION, run_job)],
        concurrency=concurrency,
        shutdown=shutdown,
        shutdown_grace_period_s=GRACE_SECONDS,
    )


async def run_worker(settings: Settings, *, concurrency: int) -> None:
    """Run until SIGINT/SIGTERM (SAQ handles both), letting running jobs finish briefly."""
    worker = build_worker(settings, concurrency=concurrency)
    await worker.queue.connect()
    logger.info("worker started (concurrency %s)", concurrency)
    try:
        await worker.start()
    finally:
        await worker.queue.disconnect()
