"""`/admin/jobs`: the jobs table and retrying failed jobs."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.admin.jobs import admin_job, jobs_page, retry_failed_job
from cadenza_api.pagination import PageParams, page_params
from cadenza_api.queue import JobQueue
from cadenza_api.storage import Storage
from cadenza_contracts.admin import AdminJob
from cadenza_contracts.media import JobState
from cadenza_contracts.pagination import Page


class AdminJobController(Controller):
    path = "/jobs"
    tags = ["admin: jobs"]
    dependencies = {"page": page_params}

    @get(summary="Jobs, newest first, with their track's title")
    async def list_jobs(
        self,
        db_session: AsyncSession,
        page: PageParams,
        job_state: Annotated[
            JobState | None, QueryParameter(name="state", description="Only jobs in this state.")
        ] = None,
    ) -> Page[AdminJob]:
        return await jobs_page(db_session, page, state=job_state)

    @post(
        "/{job_id:uuid}/retry",
        status_code=200,
        summary="Run a failed job again",
        description="409 unless the job failed and its track's original is still in storage.",
    )
    async def retry_job(
        self,
        job_id: FromPath[UUID],
        principal: Principal,
        db_session: AsyncSession,
        storage: Storage,
        job_queue: JobQueue,
    ) -> AdminJob:
        await retry_failed_job(db_session, storage, principal, job_id)
        # The worker must see the queued row, so commit before enqueueing.
        await db_session.commit()
        await job_queue.enqueue(job_id)
        return await admin_job(db_session, job_id)
