"""Job queues: SAQ on Redis when configured, an in-process worker otherwise.

Either way the queue only carries a job id; the job's state lives in the `jobs` table, and the
same `run_job` function executes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from uuid import UUID

from saq import Queue as SaqQueue

logger = logging.getLogger("cadenza.queue")

JobRunner = Callable[[UUID], Awaitable[None]]
SAQ_FUNCTION = "run_job"


class JobQueue(ABC):
    """Where new job ids go to be run by some worker."""

    @abstractmethod
    async def start(self) -> None: ...

    @abstractmethod
    async def stop(self) -> None: ...

    @abstractmethod
    async def enqueue(self, job_id: UUID) -> None: ...

    @abstractmethod
    async def check(self) -> None:
        """Raise when the queue cannot take jobs (for /health)."""


class InProcessQueue(JobQueue):
    """Runs jobs on asyncio tasks inside the API process (embedded mode)."""

    def __init__(self, runner: JobRunner, *, concurrency: int = 2) -> None:
        self._runner = runner
        self._concurrency = concurrency
        self._pending: asyncio.Queue[UUID] = asyncio.Queue()
        self._workers: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self._workers = [
            asyncio.create_task(self._work(), name=f"cadenza-job-worker-{n}")
            for n in range(self._concurrency)
        ]

    async def stop(self) -> None:
        for worker in self._workers:
            worker.cancel()
        for worker in self._workers:
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        self._workers = []

    async def enqueue(self, job_id: UUID) -> None:
        await self._pending.put(job_id)

    async def check(self) -> None:
        if not self._workers or all(worker.done() for worker in self._workers):
            raise RuntimeError("The in-process job workers are not running.")

    async def _work(self) -> None:
        while True:
            job_id = await self._pending.get()
            try:
                await self._runner(job_id)
            except Exception:
                logger.exception("job %s crashed", job_id)
            finally:
                self._pending.task_done()


class RedisQueue(JobQueue):
    """Hands job ids to SAQ on Redis; `cadenza worker` processes run them."""

    def __init__(self, redis_url: str, *, name: str) -> None:
        self.saq: SaqQueue = SaqQueue.from_url(redis_url, name=name)

    async def start(self) -> None:
        await self.saq.connect()

    async def stop(self) -> None:
        await self.saq.disconnect()

    async def enqueue(self, job_id: UUID) -> None:
        # A fresh SAQ key per enqueue lets a retried job run again; `run_job` claims the job
        # row atomically, so a duplicate delivery does nothing.
        await self.saq.enqueue(
            SAQ_FUNCTION,
            key=f"{job_id}:{time.time_ns()}",
            job_id=str(job_id),
            timeout=3600,
            retries=2,
        )

    async def check(self) -> None:
        await self.saq.info()
