"""Uploading a track (artists and admins): the file goes from the browser to this server,
then on to the API, whose conversion job the page follows until the track can play."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path
from uuid import UUID

import httpx
import msgspec
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.errors import ErrorBody
from cadenza_contracts.media import Job, JobState, UploadResult
from cadenza_web.api import SignedOut, failure_message
from cadenza_web.models import album_href
from cadenza_web.states.handlers import background, event
from cadenza_web.states.session import LOGIN_ROUTE, signed_in_client

UPLOAD_ID = "cz-upload"
_FORM_FIELDS = {"title": "title", "album": "albumTitle", "artist": "artistName"}
_JOB_POLL_SECONDS = 0.5
_JOB_PATIENCE_SECONDS = 15 * 60


def _error_body(response: httpx.Response) -> ErrorBody:
    try:
        return msgspec.json.decode(response.content, type=ErrorBody)
    except msgspec.DecodeError:
        return ErrorBody(
            status=response.status_code, code="http_error", detail=response.reason_phrase
        )


async def send_upload(
    api: CadenzaClient, path: Path, filename: str, content_type: str, fields: dict[str, str]
) -> UploadResult:
    """`POST /tracks/upload` (multipart), streaming the file from disk."""
    with path.open("rb") as audio:
        response = await api.http.post(
            "/api/v1/tracks/upload",
            headers={"Authorization": f"Bearer {api.access_token}"},
            files={"file": (filename, audio, content_type)},
            data=fields,
            timeout=httpx.Timeout(30.0, write=None),
        )
    if response.status_code >= 400:
        raise ApiError(_error_body(response), response.headers)
    return msgspec.json.decode(response.content, type=UploadResult)


class UploadState(rx.State):
    status: rx.Field[str] = rx.field("")
    error: rx.Field[str] = rx.field("")
    busy: rx.Field[bool] = rx.field(False)
    album_link: rx.Field[str] = rx.field("")
    _fields: dict[str, str] = {}
    _pending: str = ""
    _filename: str = ""
    _content_type: str = ""

    @event
    def remember_fields(self, form: dict[str, str]) -> None:
        """The form's text fields, kept for when the file has arrived."""
        self._fields = {
            api_name: str(form.get(name, "")).strip()
            for name, api_name in _FORM_FIELDS.items()
            if str(form.get(name, "")).strip()
        }
        self.error = ""
        self.album_link = ""

    @event
    async def receive(self, files: list[rx.UploadFile]) -> EventSpec | None:
        """The browser's file, parked in a private temporary folder for `send`."""
        if not files:
            self.error = "Choose an audio file first."
            return None
        file = files[0]
        folder = Path(tempfile.mkdtemp(prefix="cadenza-upload-"))
        name = Path(file.name or "upload").name
        target = folder / name
        target.write_bytes(await file.read())
        self._pending = str(target)
        self._filename = name
        self._content_type = file.content_type or "application/octet-stream"
        self.busy = True
        self.status = f"Uploading “{name}”…"
        return UploadState.send

    @background
    async def send(self) -> EventSpec | None:
        async with self:
            path = Path(self._pending)
            filename, content_type = self._filename, self._content_type
            fields = dict(self._fields)
            self._pending = ""
        try:
            async with signed_in_client(self) as api:
                result = await send_upload(api, path, filename, content_type, fields)
            async with self:
                self.status = f"Converting “{result.track.title}”…"
            job = await self._follow(result.job_id)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.busy = False
                self.status = ""
                self.error = f"The upload failed: {failure_message(error)}"
            return None
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
        async with self:
            self.busy = False
            if job.state == JobState.COMPLETE:
                self.status = f"“{result.track.title}” is ready to play."
                if result.track.album_id is not None:
                    self.album_link = album_href(str(result.track.album_id))
            else:
                self.status = ""
                self.error = f"“{result.track.title}” could not be converted: {job.error}"
        return None

    async def _follow(self, job_id: UUID) -> Job:
        """Poll the conversion job until it ends, showing its progress (a client per poll,
        so that a long conversion outlives access tokens)."""
        deadline = time.monotonic() + _JOB_PATIENCE_SECONDS
        while True:
            async with signed_in_client(self) as api:
                job = await api.request("GET", f"/jobs/{job_id}", Job)
            if job.state in (JobState.COMPLETE, JobState.FAILED) or time.monotonic() > deadline:
                return job
            async with self:
                self.status = f"Converting… {round(job.progress * 100)}%"
            await asyncio.sleep(_JOB_POLL_SECONDS)
