"""`cadenza worker`: SAQ workers on Redis running the same job function as the API."""

from __future__ import annotations

import asyncio
import logging
import signal
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


def build_worker(settings: Settings, *, concurrency: int) -> Worker[Any]:
    if settings.redis_url is None:
        raise ValueError(
            "`cadenza worker` needs CADENZA_REDIS_URL: without it, jobs run in the API."
        )
    queue = RedisQueue(settings.redis_url).saq
    database = build_sqlalchemy_config(settings.database)
    context = JobContext(settings=settings, database=database, storage=build_storage(settings))

    async def run_job(ctx: dict[str, Any], *, job_id: str) -> None:
        await run_job_by_id(context, UUID(job_id))

    async def shutdown(ctx: dict[str, Any]) -> None:
        await database.get_engine().dispose()

    return Worker(
        queue, functions=[(SAQ_FUNCTION, run_job)], concurrency=concurrency, shutdown=shutdown
    )


async def run_worker(settings: Settings, *, concurrency: int) -> None:
    """Run until SIGINT/SIGTERM, then let running jobs finish their current step."""
    worker = build_worker(settings, concurrency=concurrency)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    await worker.queue.connect()
    task = asyncio.create_task(worker.start())
    logger.info("worker started (concurrency %s)", concurrency)
    await stopping.wait()
    await worker.stop()
    task.cancel()
    await worker.queue.disconnect()
