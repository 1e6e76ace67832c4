"""Running jobs: claim the row, dispatch by kind, record the outcome."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from uuid import UUID

from sqlalchemy import CursorResult, or_, select, update

from cadenza_api.db.models import Job
from cadenza_api.domain.media.context import JobContext
from cadenza_api.domain.media.conversion import convert_track
from cadenza_api.logging import log_context
from cadenza_api.services import open_session
from cadenza_contracts.media import JobState

logger = logging.getLogger("cadenza.jobs")

CONVERT_TRACK = "convert_track"
# A job still "running" this long after its last progress report is taken to have crashed.
STALE_AFTER = timedelta(minutes=15)


async def _claim(context: JobContext, job_id: UUID) -> Job | None:
    """Move the job to `running` unless another worker has it (or it is finished)."""
    now = datetime.now(UTC)
    async with open_session(context.database) as session:
        claimed = await session.execute(
            update(Job)
            .where(
                Job.id == job_id,
                or_(
                    Job.state == JobState.QUEUED.value,
                    (Job.state == JobState.RUNNING.value) & (Job.updated_at < now - STALE_AFTER),
                ),
            )
            .values(
                state=JobState.RUNNING.value,
                attempts=Job.attempts + 1,
                started_at=now,
                updated_at=now,
                progress=0.0,
                error=None,
            )
        )
        if cast("CursorResult[Any]", claimed).rowcount != 1:
            return None
        return await session.scalar(select(Job).where(Job.id == job_id))


async def _finish(context: JobContext, job_id: UUID, *, error: str | None) -> None:
    async with open_session(context.database) as session:
        job = await session.get(Job, job_id)
        if job is None:
            return
        job.state = (JobState.FAILED if error else JobState.COMPLETE).value
        job.error = error
        job.finished_at = datetime.now(UTC)
        if error is None:
            job.progress = 1.0


def _progress_reporter(context: JobContext, job_id: UUID) -> Any:
    async def report(fraction: float) -> None:
        async with open_session(context.database) as session:
            await session.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(progress=round(fraction, 3), updated_at=datetime.now(UTC))
            )

    return report


def _request_id(job: Job) -> str | None:
    """The id of the request that created the job, if one did."""
    request_id = (job.payload or {}).get("requestId")
    return request_id if isinstance(request_id, str) else None


async def run_job(context: JobContext, job_id: UUID) -> None:
    """Execute one job by id; safe to call twice for the same job. Its log lines carry its
    `jobId` and the `requestId` of the request that created it."""
    with log_context(job_id=str(job_id)):
        job = await _claim(context, job_id)
        if job is None:
            logger.info("job %s is not waiting to run; skipped", job_id)
            return
        with log_context(request_id=_request_id(job)):
            await _execute(context, job)


async def _execute(context: JobContext, job: Job) -> None:
    job_id = job.id
    logger.info("job %s (%s) started, attempt %s", job_id, job.kind, job.attempts)
    try:
        if job.kind == CONVERT_TRACK and job.track_id is not None:
            await convert_track(context, job.track_id, _progress_reporter(context, job_id))
        else:
            raise ValueError(f"Unknown job kind {job.kind!r}.")
    except Exception as exc:
        logger.warning("job %s failed: %s", job_id, exc)
        await _finish(context, job_id, error=str(exc) or type(exc).__name__)
        return
    await _finish(context, job_id, error=None)
    logger.info("job %s complete", job_id)


async def pending_job_ids(context: JobContext) -> list[UUID]:
    """Jobs left queued or running by a stopped process (the in-process queue resumes them)."""
    async with open_session(context.database) as session:
        rows = await session.scalars(
            select(Job.id)
            .where(Job.state.in_([JobState.QUEUED.value, JobState.RUNNING.value]))
            .order_by(Job.created_at)
        )
        return list(rows)
