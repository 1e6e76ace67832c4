"""The media runtime of an API process: its storage and its job queue."""

from __future__ import annotations

import logging
from uuid import UUID

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig

from cadenza_api.domain.media.context import JobContext
from cadenza_api.domain.media.jobs import pending_job_ids, run_job
from cadenza_api.domain.system.metrics import AppMetrics, CountingStorage
from cadenza_api.queue import InProcessQueue, JobQueue, RedisQueue
from cadenza_api.settings import Settings
from cadenza_api.storage import build_storage

logger = logging.getLogger("cadenza.media")


class MediaRuntime:
    """Builds storage (its failures counted in `metrics`) and the queue from settings; jobs
    run in-process unless Redis is set."""

    def __init__(
        self, settings: Settings, database: SQLAlchemyAsyncConfig, metrics: AppMetrics
    ) -> None:
        self.storage = CountingStorage(build_storage(settings), metrics.storage_errors)
        self.context = JobContext(settings=settings, database=database, storage=self.storage)
        self.in_process = settings.redis_url is None
        self.queue: JobQueue = (
            InProcessQueue(self.run, concurrency=settings.media.job_concurrency)
            if settings.redis_url is None
            else RedisQueue(settings.redis_url, name=settings.redis_prefix)
        )

    async def run(self, job_id: UUID) -> None:
        await run_job(self.context, job_id)

    async def start(self) -> None:
        await self.queue.start()
        if self.in_process:
            # Jobs a previous process accepted but never finished are picked up again.
            for job_id in await pending_job_ids(self.context):
                logger.info("resuming job %s", job_id)
                await self.queue.enqueue(job_id)

    async def stop(self) -> None:
        await self.queue.stop()
