"""Uploads: sniff the file, store the original, create the track and its conversion job."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from uuid import UUID

from litestar.datastructures import UploadFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import Album, Artist, Genre, Job, Rendition, Track
from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.catalog.services import AlbumService, ArtistService, GenreService
from cadenza_api.domain.media import keys
from cadenza_api.domain.media.images import InvalidImage, image_content_type
from cadenza_api.domain.media.jobs import CONVERT_TRACK
from cadenza_api.domain.media.schemas import UploadForm
from cadenza_api.errors import CadenzaError, Conflict, Forbidden, NotFound
from cadenza_api.logging import request_id_var
from cadenza_api.storage import Storage
from cadenza_contracts.accounts import Role
from cadenza_contracts.media import JobState, TrackStatus
from cadenza_converter import ConversionError, ProbeResult, probe

_COPY_CHUNK = 1024 * 1024
MAX_COVER_BYTES = 10 * 1024 * 1024


class UnsupportedMedia(CadenzaError):
    status_code = 415
    code = "unsupported_media_type"


@dataclass(frozen=True)
class Upload:
    track: Track
    job: Job


async def _save(upload: UploadFile, path: Path) -> int:
    size = 0
    with path.open("wb") as target:
        while chunk := await upload.read(_COPY_CHUNK):
            size += len(chunk)
            await asyncio.to_thread(target.write, chunk)
    return size


def title_from_filename(filename: str | None) -> str:
    """A track title made from a file name, for files without a title tag."""
    stem = PurePath(filename or "").stem.replace("_", " ").strip()
    return stem[:200] or "Untitled"


def tag_text(value: str | None, max_length: int) -> str | None:
    """A tag's text trimmed and cut to `max_length`; None when it is missing or blank."""
    if value is None or not value.strip():
        return None
    return value.strip()[:max_length]


def in_range(value: int | None, low: int, high: int) -> int | None:
    """`value` when it lies within [low, high], else None."""
    return value if value is not None and low <= value <= high else None


async def album_and_genre(
    session: AsyncSession, artist: Artist, *, album_title: str | None, genre_name: str | None
) -> tuple[Album | None, Genre | None]:
    """The genre called `genre_name` and the artist's album `album_title`, made if missing."""
    genre = await GenreService(session=session).resolve(genre_name)
    album = (
        await AlbumService(session=session).find_or_create(artist, album_title, genre)
        if album_title
        else None
    )
    return album, genre


async def queue_conversion(session: AsyncSession, track_id: UUID, *, user_id: UUID | None) -> Job:
    """A queued `convert_track` job for the track's stored original, carrying the id of the
    request that asked for it (so the job's log lines can be traced back to it)."""
    payload = {"trackId": str(track_id)}
    request_id = request_id_var.get()
    if request_id is not None:
        payload["requestId"] = request_id
    job = Job(
        kind=CONVERT_TRACK,
        state=JobState.QUEUED.value,
        track_id=track_id,
        user_id=user_id,
        payload=payload,
    )
    session.add(job)
    await session.flush()
    return job


async def read_cover_image(cover: UploadFile) -> tuple[bytes, str]:
    """An uploaded cover's bytes and MIME type; 415 unless it is a usable image of ≤ 10 MB."""
    data = await cover.read(MAX_COVER_BYTES + 1)
    if len(data) > MAX_COVER_BYTES:
        raise UnsupportedMedia("The cover image is larger than 10 MB.")
    try:
        return data, await asyncio.to_thread(image_content_type, data)
    except InvalidImage as exc:
        raise UnsupportedMedia(f"The cover is not a usable image: {exc}") from exc


async def requeue_failed_job(session: AsyncSession, storage: Storage, job: Job) -> None:
    """Put a failed job back to `queued` (its track to `processing`); 409 unless it failed and
    its track's original is still in storage. The caller commits, then enqueues the job."""
    if job.state != JobState.FAILED.value:
        raise Conflict(f"Only failed jobs can be retried; this one is {job.state}.")
    track = await session.get(Track, job.track_id) if job.track_id else None
    if track is not None:
        if track.original_key is None:
            raise Conflict("The original file was discarded as unreadable; upload it again.")
        if not await storage.exists(track.original_key):
            raise Conflict("The original file is missing from storage; upload it again.")
        track.status = TrackStatus.PROCESSING.value
        track.status_reason = None
    job.state = JobState.QUEUED.value
    job.progress = 0.0
    job.error = None
    job.finished_at = None
    await session.flush()


class UploadService:
    """Turns one multipart upload into a `processing` track and a queued job."""

    def __init__(self, session: AsyncSession, storage: Storage) -> None:
        self.session = session
        self.storage = storage

    async def _artist_for(
        self, principal: Principal, form: UploadForm, info: ProbeResult
    ) -> Artist:
        artists = ArtistService(session=self.session)
        tagged = form.artist_name or info.tags.artist or info.tags.album_artist
        if principal.is_admin:
            return await artists.find_or_create(tagged or "Unknown Artist")
        if principal.role is not Role.ARTIST:
            raise Forbidden("Only artists and admins may upload tracks.")
        own = await artists.owned_by(principal.user.id)
        if own is not None:
            return own
        own = Artist(
            name=(tagged or principal.user.username).strip()[:200], owner_id=principal.user.id
        )
        self.session.add(own)
        await self.session.flush()
        return own

    async def upload(self, principal: Principal, form: UploadForm) -> Upload:
        if not principal.is_admin and principal.role is not Role.ARTIST:
            raise Forbidden("Only artists and admins may upload tracks.")
        with tempfile.TemporaryDirectory(prefix="cadenza-upload-") as workdir:
            source = Path(workdir) / "upload"
            size = await _save(form.file, source)
            if size == 0:
                raise UnsupportedMedia("The uploaded file is empty.")
            try:
                info = await asyncio.to_thread(probe, source)
            except ConversionError as exc:
                raise UnsupportedMedia(
                    f"{form.file.filename or 'The file'} is not an audio file Cadenza can read: "
                    f"{exc.reason}."
                ) from exc
            cover = await self._read_cover(form.cover)
            return await self._create(principal, form, info, source, size, cover)

    async def _read_cover(self, cover: UploadFile | None) -> tuple[bytes, str] | None:
        return None if cover is None else await read_cover_image(cover)

    async def _create(
        self,
        principal: Principal,
        form: UploadForm,
        info: ProbeResult,
        source: Path,
        size: int,
        cover: tuple[bytes, str] | None,
    ) -> Upload:
        tags = info.tags
        artist = await self._artist_for(principal, form, info)
        album, genre = await album_and_genre(
            self.session,
            artist,
            album_title=form.album_title or tag_text(tags.album, 200),
            genre_name=form.genre or tag_text(tags.genre, 50),
        )
        track = Track(
            title=form.title
            or tag_text(tags.title, 200)
            or title_from_filename(form.file.filename),
            artist_id=artist.id,
            album_id=album.id if album else None,
            genre_id=genre.id if genre else None,
            track_number=form.track_number or in_range(tags.track_number, 1, 999),
            disc_number=form.disc_number or in_range(tags.disc_number, 1, 99),
            duration_ms=info.duration_ms,
            explicit=form.explicit,
            status=TrackStatus.PROCESSING.value,
            original_size_bytes=size,
            original_content_type=form.file.content_type[:64] if form.file.content_type else None,
        )
        self.session.add(track)
        await self.session.flush()
        stored: list[str] = []
        try:
            track.original_key = keys.original_key(track.id)
            await self.storage.put_file(track.original_key, source, "application/octet-stream")
            stored.append(track.original_key)
            if cover is not None:
                track.cover_key = keys.track_cover_key(track.id)
                await self.storage.put_bytes(track.cover_key, cover[0], cover[1])
                stored.append(track.cover_key)
            job = await queue_conversion(self.session, track.id, user_id=principal.user.id)
        except BaseException:
            for key in stored:
                await self.storage.delete(key)
            raise
        return Upload(track=track, job=job)


async def renditions_of(session: AsyncSession, track_id: UUID) -> list[Rendition]:
    rows = await session.scalars(
        select(Rendition)
        .where(Rendition.track_id == track_id)
        .order_by(Rendition.format, Rendition.bitrate_kbps)
    )
    return list(rows)


async def get_track(session: AsyncSession, track_id: UUID) -> Track:
    """The track with its artist, album and genre loaded afresh from the database."""
    track = await session.scalar(
        select(Track).where(Track.id == track_id).execution_options(populate_existing=True)
    )
    if track is None:
        raise NotFound(f"No track with id {track_id}.")
    return track
