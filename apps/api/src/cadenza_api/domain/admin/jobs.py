"""The jobs table: every job with its track's title and who started it; retrying failures."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import Job, Track, User
from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.admin import audit
from cadenza_api.domain.admin.presenters import present_admin_job
from cadenza_api.domain.media.presenters import present_job
from cadenza_api.domain.media.services import requeue_failed_job
from cadenza_api.errors import NotFound
from cadenza_api.pagination import PageParams
from cadenza_api.storage import Storage
from cadenza_contracts.admin import AdminJob, AuditAction, AuditTargetType
from cadenza_contracts.media import JobState
from cadenza_contracts.pagination import Page


async def jobs_page(
    session: AsyncSession, params: PageParams, *, state: JobState | None
) -> Page[AdminJob]:
    """Jobs newest first, optionally only those in `state`."""
    condition = [Job.state == state.value] if state else []
    total = await session.scalar(select(func.count(Job.id)).where(*condition)) or 0
    rows = await session.execute(
        params.apply(
            select(Job, Track.title, User.username)
            .outerjoin(Track, Track.id == Job.track_id)
            .outerjoin(User, User.id == Job.user_id)
            .where(*condition)
            .order_by(Job.created_at.desc(), Job.id)
        )
    )
    items = [
        present_admin_job(job, track_title=title, username=username)
        for job, title, username in rows.all()
    ]
    return Page(items=items, total=total, limit=params.limit, offset=params.offset)


async def admin_job(session: AsyncSession, job_id: UUID) -> AdminJob:
    row = (
        await session.execute(
            select(Job, Track.title, User.username)
            .outerjoin(Track, Track.id == Job.track_id)
            .outerjoin(User, User.id == Job.user_id)
            .where(Job.id == job_id)
            .execution_options(populate_existing=True)
        )
    ).first()
    if row is None:
        raise NotFound(f"No job with id {job_id}.")
    job, title, username = row
    return present_admin_job(job, track_title=title, username=username)


async def retry_failed_job(
    session: AsyncSession, storage: Storage, actor: Principal, job_id: UUID
) -> Job:
    """Re-queue a failed job and record it; the caller commits, then enqueues the job."""
    job = await session.get(Job, job_id)
    if job is None:
        raise NotFound(f"No job with id {job_id}.")
    before = audit.snapshot(present_job(job))
    await requeue_failed_job(session, storage, job)
    await audit.record(
        session,
        actor,
        AuditAction.JOB_RETRY,
        AuditTargetType.JOB,
        job.id,
        job.kind,
        before=before,
        after=audit.snapshot(present_job(job)),
    )
    return job
