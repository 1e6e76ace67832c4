"""`/tracks/upload`, `/jobs`, streaming, signed stream URLs and cover images."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post, route
from litestar.di import Provide
from litestar.enums import HttpMethod, RequestEncodingType
from litestar.params import Body, Parameter, QueryParameter
from litestar.status_codes import HTTP_201_CREATED
from litestar.types import ControllerRouterHandler
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import Album, Job, Rendition
from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.admin import audit
from cadenza_api.domain.admin.jobs import retry_failed_job
from cadenza_api.domain.catalog.presenters import present_track
from cadenza_api.domain.media import keys
from cadenza_api.domain.media.images import COVER_SIZES, resize_cover
from cadenza_api.domain.media.presenters import present_audio, present_job
from cadenza_api.domain.media.schemas import UploadForm
from cadenza_api.domain.media.services import UploadService, get_track, renditions_of
from cadenza_api.domain.media.signing import sign_stream, verify_stream_signature
from cadenza_api.domain.media.streaming import object_response
from cadenza_api.errors import Conflict, Forbidden, InvalidInput, NotFound
from cadenza_api.pagination import PageParams, page_params
from cadenza_api.queue import JobQueue
from cadenza_api.settings import Settings
from cadenza_api.storage import ObjectNotFound, Storage
from cadenza_contracts.admin import AuditAction, AuditTargetType
from cadenza_contracts.media import Job as JobBody
from cadenza_contracts.media import (
    JobState,
    StreamFormat,
    StreamUrl,
    TrackAudio,
    TrackStatus,
    UploadResult,
)
from cadenza_contracts.pagination import Page

_BEARER: list[dict[str, list[str]]] = [{"BearerToken": []}]
DEFAULT_BITRATES = {StreamFormat.OPUS: 160, StreamFormat.AAC: 128}
_COVER_CACHE = "public, max-age=86400"


def provide_storage(request: Request[Any, Any, Any]) -> Storage:
    storage: Storage = request.app.state.storage
    return storage


def provide_job_queue(request: Request[Any, Any, Any]) -> JobQueue:
    queue: JobQueue = request.app.state.job_queue
    return queue


media_dependencies = {
    "storage": Provide(provide_storage, sync_to_thread=False),
    "job_queue": Provide(provide_job_queue, sync_to_thread=False),
}


def build_upload_handler(max_upload_bytes: int) -> ControllerRouterHandler:
    """The upload route, with the configured body limit (413 beyond it)."""

    @post(
        "/tracks/upload",
        status_code=HTTP_201_CREATED,
        security=_BEARER,
        tags=["media"],
        request_max_body_size=max_upload_bytes,
        summary="Upload an audio file (artists and admins)",
        description="Multipart: `file` (any format FFmpeg reads), optional `cover` image and "
        "metadata fields that override the file's tags. The track starts `processing`; poll "
        "`GET /jobs/{jobId}`.",
    )
    async def upload_track(
        data: Annotated[UploadForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        principal: Principal,
        db_session: AsyncSession,
        storage: Storage,
        job_queue: JobQueue,
    ) -> UploadResult:
        upload = await UploadService(db_session, storage).upload(principal, data)
        track_id, job_id = upload.track.id, upload.job.id
        if principal.is_admin:
            uploaded = present_track(await get_track(db_session, track_id))
            await audit.record(
                db_session,
                principal,
                AuditAction.TRACK_UPLOAD,
                AuditTargetType.TRACK,
                track_id,
                uploaded.title,
                after=audit.snapshot(uploaded),
            )
        # The worker must see the rows, so commit before enqueueing.
        await db_session.commit()
        await job_queue.enqueue(job_id)
        track = await get_track(db_session, track_id)
        return UploadResult(track=present_track(track), job_id=job_id)

    return upload_track


class JobController(Controller):
    path = "/jobs"
    tags = ["media"]
    security = _BEARER

    @get("/{job_id:uuid}", summary="A job's state and progress (its owner or an admin)")
    async def get_job(
        self, job_id: UUID, principal: Principal, db_session: AsyncSession
    ) -> JobBody:
        job = await db_session.get(Job, job_id)
        if job is None or (job.user_id != principal.user.id and not principal.is_admin):
            raise NotFound(f"No job with id {job_id}.")
        return present_job(job)

    @get(summary="All jobs, newest first (admins)", dependencies={"page": page_params})
    async def list_jobs(
        self,
        principal: Principal,
        db_session: AsyncSession,
        page: PageParams,
        job_state: Annotated[
            JobState | None, QueryParameter(name="state", description="Only jobs in this state.")
        ] = None,
    ) -> Page[JobBody]:
        if not principal.is_admin:
            raise Forbidden("Only admins may list all jobs.")
        condition = [Job.state == job_state.value] if job_state else []
        total = await db_session.scalar(select(func.count(Job.id)).where(*condition)) or 0
        jobs = await db_session.scalars(
            page.apply(select(Job).where(*condition).order_by(Job.created_at.desc(), Job.id))
        )
        return page.page(list(jobs), total, present_job)

    @post("/{job_id:uuid}/retry", status_code=200, summary="Run a failed job again (admins)")
    async def retry_job(
        self,
        job_id: UUID,
        principal: Principal,
        db_session: AsyncSession,
        storage: Storage,
        job_queue: JobQueue,
    ) -> JobBody:
        if not principal.is_admin:
            raise Forbidden("Only admins may retry jobs.")
        job = await retry_failed_job(db_session, storage, principal, job_id)
        await db_session.commit()
        await job_queue.enqueue(job.id)
        await db_session.refresh(job)
        return present_job(job)


def _choose_bitrate(fmt: StreamFormat, bitrate: int | None) -> int:
    return bitrate if bitrate is not None else DEFAULT_BITRATES[fmt]


async def _ready_rendition(
    db_session: AsyncSession, track_id: UUID, fmt: StreamFormat, bitrate: int
) -> Rendition:
    track = await get_track(db_session, track_id)
    if track.status != TrackStatus.READY.value or not track.has_audio:
        reason = track.status_reason or "it has no audio yet"
        raise Conflict(f"The track is not ready to stream ({track.status}: {reason}).")
    rendition = await db_session.scalar(
        select(Rendition).where(
            Rendition.track_id == track_id,
            Rendition.format == fmt.value,
            Rendition.bitrate_kbps == bitrate,
        )
    )
    if rendition is None:
        raise NotFound(f"The track has no {fmt.value} rendition at {bitrate} kbps.")
    return rendition


class StreamController(Controller):
    path = "/tracks/{track_id:uuid}"
    tags = ["media"]

    @route(
        "/stream",
        http_method=[HttpMethod.GET, HttpMethod.HEAD],
        summary="Stream a rendition with HTTP Range support",
        description="Authorised by a bearer token, or by the `expires` and `signature` of a "
        "URL from `GET /tracks/{id}/stream-url` (for `<audio>` elements).",
        security=_BEARER,
    )
    async def stream(
        self,
        request: Request[Any, Any, Any],
        track_id: UUID,
        db_session: AsyncSession,
        storage: Storage,
        settings: Settings,
        maybe_principal: Principal | None,
        format: Annotated[StreamFormat, Parameter(description="opus or aac.")] = StreamFormat.OPUS,
        bitrate: Annotated[int | None, Parameter(ge=1, le=512)] = None,
        expires: Annotated[int | None, Parameter(description="From a signed URL.")] = None,
        signature: Annotated[str | None, Parameter(max_length=128)] = None,
    ) -> Response[Any]:
        chosen = _choose_bitrate(format, bitrate)
        if maybe_principal is None:
            if expires is None or signature is None:
                raise Forbidden("Streaming needs a bearer token or a signed URL.")
            if not verify_stream_signature(
                settings.auth.secret_key, track_id, format.value, chosen, expires, signature
            ):
                raise Forbidden("The stream URL's signature is invalid or has expired.")
        rendition = await _ready_rendition(db_session, track_id, format, chosen)
        return await object_response(
            storage,
            rendition.storage_key,
            request_headers=request.headers,
            content_type=rendition.content_type,
            method=request.method,
            cache_control="private, max-age=3600",
        )

    @get("/stream-url", security=_BEARER, summary="A short-lived signed stream URL")
    async def stream_url(
        self,
        track_id: UUID,
        principal: Principal,
        db_session: AsyncSession,
        settings: Settings,
        format: Annotated[StreamFormat, Parameter(description="opus or aac.")] = StreamFormat.OPUS,
        bitrate: Annotated[int | None, Parameter(ge=1, le=512)] = None,
    ) -> StreamUrl:
        chosen = _choose_bitrate(format, bitrate)
        await _ready_rendition(db_session, track_id, format, chosen)
        expires = int(time.time()) + settings.media.stream_url_ttl_seconds
        signature = sign_stream(settings.auth.secret_key, track_id, format.value, chosen, expires)
        url = (
            f"/api/v1/tracks/{track_id}/stream?format={format.value}&bitrate={chosen}"
            f"&expires={expires}&signature={signature}"
        )
        return StreamUrl(url=url, expires_at=datetime.fromtimestamp(expires, UTC))

    @get("/audio", summary="Renditions, loudness and waveform of a track")
    async def audio(self, track_id: UUID, db_session: AsyncSession) -> TrackAudio:
        track = await get_track(db_session, track_id)
        return present_audio(track, await renditions_of(db_session, track_id))

    @get("/cover", summary="The track's cover image (its own, else its album's)")
    async def track_cover(
        self,
        request: Request[Any, Any, Any],
        track_id: UUID,
        db_session: AsyncSession,
        storage: Storage,
        size: Annotated[int, Parameter(description="64, 300 or 640.")] = 300,
    ) -> Response[Any]:
        track = await get_track(db_session, track_id)
        if track.cover_key is None and track.album_id is not None:
            album = await db_session.get(Album, track.album_id)
            if album is not None and album.cover_key is not None:
                resized = keys.album_cover_size_key(album.id, size)
                return await _cover(request, storage, album.cover_key, resized, size)
        if track.cover_key is None:
            raise NotFound("The track has no cover image.")
        resized = keys.track_cover_size_key(track.id, size)
        return await _cover(request, storage, track.cover_key, resized, size)


class CoverController(Controller):
    path = "/albums/{album_id:uuid}/cover"
    tags = ["media"]

    @get(summary="The album's cover image, resized (64, 300 or 640 px)")
    async def album_cover(
        self,
        request: Request[Any, Any, Any],
        album_id: UUID,
        db_session: AsyncSession,
        storage: Storage,
        size: Annotated[int, Parameter(description="64, 300 or 640.")] = 300,
    ) -> Response[Any]:
        album = await db_session.get(Album, album_id)
        if album is None:
            raise NotFound(f"No album with id {album_id}.")
        if album.cover_key is None:
            raise NotFound("The album has no cover image.")
        resized = keys.album_cover_size_key(album.id, size)
        return await _cover(request, storage, album.cover_key, resized, size)


async def _cover(
    request: Request[Any, Any, Any],
    storage: Storage,
    source_key: str,
    resized_key: str,
    size: int,
) -> Response[Any]:
    if size not in COVER_SIZES:
        raise InvalidInput(f"Cover size must be one of {', '.join(map(str, COVER_SIZES))}.")
    if not await storage.exists(resized_key):
        try:
            original = await storage.read_bytes(source_key)
        except ObjectNotFound as exc:
            raise NotFound("The cover image is missing from storage.") from exc
        await storage.put_bytes(
            resized_key, await asyncio.to_thread(resize_cover, original, size), "image/jpeg"
        )
    return await object_response(
        storage,
        resized_key,
        request_headers=request.headers,
        content_type="image/jpeg",
        method=request.method,
        cache_control=_COVER_CACHE,
    )


def media_route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    return [
        build_upload_handler(settings.media.max_upload_bytes),
        JobController,
        StreamController,
        CoverController,
    ]
