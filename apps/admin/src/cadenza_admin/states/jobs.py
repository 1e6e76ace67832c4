"""Uploads and conversion jobs: drop files to upload them, follow every job live, retry
failed ones."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from uuid import UUID

import reflex as rx
from reflex.event import EventHandler, EventSpec

from cadenza_admin.models import JobRow, UploadRow, upload_rows_after
from cadenza_admin.states.files import UploadedFile, read_upload
from cadenza_admin.states.session import CallFailed, admin_call
from cadenza_admin.states.tables import PAGE_SIZE, TableMixin
from cadenza_contracts import CadenzaClient
from cadenza_contracts.admin import AdminJob
from cadenza_contracts.media import Job, JobState, UploadResult
from cadenza_contracts.pagination import Page
from cadenza_ui.events import background, event

AUDIO_UPLOAD = "audio-files"
JOBS_ROUTE = "/jobs"
POLL_SECONDS = 1.0
# A tab left open on the jobs page stops polling after this long (a button resumes it),
# so that forgotten tabs do not poll the API for ever.
WATCH_LIMIT_SECONDS = 30 * 60


class JobsState(TableMixin, rx.State):
    rows: rx.Field[list[JobRow]] = rx.field(default_factory=list)
    state_filter: rx.Field[str] = rx.field("")
    uploads: rx.Field[list[UploadRow]] = rx.field(default_factory=list)
    watching: rx.Field[bool] = rx.field(False)
    _files: list[UploadedFile] = []

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            self._start_loading()
        return await self._refresh()

    async def _refresh(self) -> EventSpec | None:
        """Fetch the jobs page once, and bring the uploads' rows up to date."""
        async with self:
            state, offset = self.state_filter, self.offset
            following = [row.job_id for row in self.uploads if row.state == "converting"]

        async def fetch(api: CadenzaClient) -> tuple[Page[AdminJob], list[Job]]:
            page = await api.admin.list_jobs(
                state=JobState(state) if state else None, limit=PAGE_SIZE, offset=offset
            )
            shown = {str(job.id) for job in page.items}
            others = [
                await api.request("GET", f"/jobs/{job_id}", Job)
                for job_id in following
                if job_id not in shown
            ]
            return page, others

        try:
            page, others = await admin_call(self, fetch)
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.rows = [JobRow.of(job) for job in page.items]
            self._show_page(page.total, len(page.items))
            self.uploads = upload_rows_after(self.uploads, [*page.items, *others])
        return None

    @background
    async def watch(self) -> EventSpec | None:
        """`on_load`: refresh the table every second while this page stays open."""
        async with self:
            if self.watching:
                return None
            self.watching = True
        deadline = time.monotonic() + WATCH_LIMIT_SECONDS
        try:
            while time.monotonic() < deadline:
                redirect = await self._refresh()
                if redirect is not None:
                    return redirect
                await asyncio.sleep(POLL_SECONDS)
                async with self:
                    if self.router.route_id.strip("/") != JOBS_ROUTE.strip("/"):
                        break
        finally:
            async with self:
                self.watching = False
        return None

    @event
    def filter_state(self, state: str) -> EventHandler:
        self.state_filter = state
        self.offset = 0
        return JobsState.load

    @background
    async def retry(self, job_id: str) -> EventSpec | None:
        try:
            job = await admin_call(self, lambda api: api.admin.retry_job(UUID(job_id)))
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.notice = f"Retrying the conversion of “{job.track_title or job.id}”."
        return await self._refresh()

    # --- uploads -----------------------------------------------------------------------

    @event
    def upload_progress(self, progress: dict[str, float]) -> None:
        """The browser's upload to this server (all chosen files together)."""
        percent = round(float(progress.get("progress", 0)) * 100)
        self.uploads = [
            replace(row, percent=percent) if row.state == "sending" else row for row in self.uploads
        ]

    @event
    def start_upload(self, names: list[str]) -> None:
        """The chosen files, shown at once (before the browser has sent them)."""
        self.uploads = [UploadRow.sending(name) for name in names] + [
            row for row in self.uploads if row.state not in ("sending", "uploading")
        ]

    @event
    async def receive(self, files: list[rx.UploadFile]) -> list[EventHandler | EventSpec] | None:
        if not files:
            self.error = "Choose or drop audio files first."
            return None
        self._files = [await read_upload(file) for file in files]
        self.uploads = [
            replace(row, state="uploading", percent=0) if row.state == "sending" else row
            for row in self.uploads
        ]
        return [JobsState.send, rx.clear_selected_files(AUDIO_UPLOAD)]

    @background
    async def send(self) -> EventSpec | None:
        """Hand each received file to the API; its job then shows in the table."""
        async with self:
            files, self._files = self._files, []
        for file in files:

            async def upload(api: CadenzaClient, file: UploadedFile = file) -> UploadResult:
                return await api.admin.upload_track(
                    file.data, filename=file.name, content_type=file.content_type
                )

            try:
                result = await admin_call(self, upload)
            except CallFailed as failure:
                async with self:
                    self.uploads = [
                        row.failed(failure.message) if row.name == file.name else row
                        for row in self.uploads
                    ]
                if failure.route:
                    return failure.redirect()
                continue
            async with self:
                self.uploads = [
                    row.converting(str(result.job_id), result.track.title)
                    if row.name == file.name and row.state == "uploading"
                    else row
                    for row in self.uploads
                ]
        return await self._refresh()
