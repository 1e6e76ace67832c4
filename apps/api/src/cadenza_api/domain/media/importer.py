"""`cadenza import`: a music folder becomes artists, albums and tracks, each with a queued
conversion, exactly as if every file had been uploaded.

Idempotent: a track remembers the absolute path and modification time of the file it came
from, so a second run skips files it has seen and updates only those that changed.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import msgspec
import mutagen
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import Album, Job, Track
from cadenza_api.domain.catalog.services import ArtistService
from cadenza_api.domain.media import keys
from cadenza_api.domain.media.context import JobContext
from cadenza_api.domain.media.images import COVER_SIZES, InvalidImage, image_content_type
from cadenza_api.domain.media.jobs import run_job
from cadenza_api.domain.media.services import (
    MAX_COVER_BYTES,
    album_and_genre,
    in_range,
    queue_conversion,
    tag_text,
    title_from_filename,
)
from cadenza_api.services import open_session
from cadenza_contracts.media import JobState, TrackStatus
from cadenza_converter import ConversionError, ProbeResult, Tags, extract_cover, probe
from cadenza_converter.batch import AUDIO_EXTENSIONS
from cadenza_converter.tags import parse_tags

logger = logging.getLogger("cadenza.import")

# Looked up case-insensitively next to each audio file, in this order of preference.
FOLDER_COVER_NAMES = (
    "cover.jpg",
    "cover.jpeg",
    "cover.png",
    "folder.jpg",
    "folder.jpeg",
    "folder.png",
)
UNKNOWN_ARTIST = "Unknown Artist"
_SOURCE_PATH_LENGTH = 1024

_ID_BATCH = 500

Cover = tuple[bytes, str]
ImportProgress = Callable[[int, int, Path | None], None]
JobsProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportFailure:
    """A file that was not imported, and why."""

    path: Path
    reason: str


@dataclass
class ImportReport:
    """What one import did: counts per outcome, the failures and the conversion jobs to run:
    `job_ids` for the files added or updated, `waiting_job_ids` for unchanged files whose
    conversion an earlier import queued and nothing has run yet."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[ImportFailure] = field(default_factory=list)
    job_ids: list[UUID] = field(default_factory=list)
    waiting_job_ids: list[UUID] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged + self.failed


@dataclass(frozen=True)
class ConversionFailure:
    """A conversion job of an imported file that failed."""

    source_path: str
    title: str
    error: str


@dataclass(frozen=True)
class _AudioFile:
    """What the importer reads from one file before touching the database."""

    info: ProbeResult
    tags: Tags
    embedded_cover: Cover | None


def _no_progress(done: int, total: int, current: Path | None = None) -> None:
    """The default progress callback: report nothing."""


def find_audio_files(root: Path, *, exclude: Iterable[Path] = ()) -> list[Path]:
    """Audio files under `root` (by extension), sorted, leaving out hidden files and folders
    and anything under `exclude` (Cadenza's own data, whose renditions are audio too)."""
    excluded = {path.resolve() for path in exclude}
    found: list[Path] = []
    for directory, subdirectories, files in os.walk(root):
        if Path(directory).resolve() in excluded:
            subdirectories[:] = []
            continue
        subdirectories[:] = [name for name in subdirectories if not name.startswith(".")]
        found.extend(
            Path(directory) / name
            for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in AUDIO_EXTENSIONS
        )
    return sorted(found)


def _cadenza_data(context: JobContext) -> list[Path]:
    settings = context.settings
    if settings.storage.backend == "local":
        return [settings.data_dir, settings.storage.local_root]
    return [settings.data_dir]


async def import_folder(
    context: JobContext, root: Path, *, on_progress: ImportProgress = _no_progress
) -> ImportReport:
    """Import every audio file under `root`; a file that cannot be imported is reported and
    skipped. `on_progress(done, total, path)` is called once before the first file (with no
    path) and after each file."""
    files = await asyncio.to_thread(find_audio_files, root, exclude=_cadenza_data(context))
    report = ImportReport()
    folder_covers: dict[Path, Cover | None] = {}
    on_progress(0, len(files), None)
    for done, path in enumerate(files, start=1):
        try:
            await _import_file(context, path, folder_covers, report)
        except (ConversionError, OSError, ValueError) as exc:
            report.failures.append(ImportFailure(path, _reason(exc)))
        except Exception as exc:
            # One bad file (or a hiccup storing it) must not stop the rest of the library.
            logger.exception("importing %s failed", path)
            report.failures.append(ImportFailure(path, f"{type(exc).__name__}: {exc}"))
        on_progress(done, len(files), path)
    return report


def _reason(exc: Exception) -> str:
    if isinstance(exc, ConversionError):
        return f"not an audio file Cadenza can read: {exc.reason}"
    if isinstance(exc, OSError):
        return f"cannot be read: {exc.strerror or exc}"
    return str(exc)


async def _import_file(
    context: JobContext, path: Path, folder_covers: dict[Path, Cover | None], report: ImportReport
) -> None:
    source, status = await asyncio.to_thread(_locate, path)
    source_path = str(source)
    async with open_session(context.database) as session:
        existing = await _track_from(session, source_path)
        if existing is not None and (existing.source_mtime_ns, existing.original_size_bytes) == (
            status.st_mtime_ns,
            status.st_size,
        ):
            report.unchanged += 1
            waiting = await _queued_conversion(session, existing.id)
            if waiting is not None:
                report.waiting_job_ids.append(waiting)
            return
        existing_id = existing.id if existing is not None else None
    audio = await asyncio.to_thread(_read_audio_file, source)
    if source.parent not in folder_covers:
        folder_covers[source.parent] = await asyncio.to_thread(_folder_cover, source.parent)
    folder_cover = folder_covers[source.parent]
    async with open_session(context.database) as session:
        track = await session.get(Track, existing_id) if existing_id is not None else None
        importer = _TrackImport(session, context, source, status, audio, folder_cover)
        job_id = await (importer.create() if track is None else importer.update(track))
    report.job_ids.append(job_id)
    if track is None:
        report.added += 1
    else:
        report.updated += 1


def _locate(path: Path) -> tuple[Path, os.stat_result]:
    """The file's absolute path (links resolved), as tracks remember it, and its status."""
    source = path.resolve()
    if len(str(source)) > _SOURCE_PATH_LENGTH:
        raise ValueError(f"its path is longer than {_SOURCE_PATH_LENGTH} characters")
    return source, source.stat()


async def _queued_conversion(session: AsyncSession, track_id: UUID) -> UUID | None:
    """The track's conversion job that is still waiting to run, if there is one."""
    return await session.scalar(
        select(Job.id)
        .where(Job.track_id == track_id, Job.state == JobState.QUEUED.value)
        .order_by(Job.created_at)
        .limit(1)
    )


async def _track_from(session: AsyncSession, source_path: str) -> Track | None:
    return await session.scalar(
        select(Track).where(Track.source_path == source_path).order_by(Track.created_at).limit(1)
    )


def _read_audio_file(path: Path) -> _AudioFile:
    """Probe the file (raises `ConversionError` unless it is audio), read its tags and art."""
    info = probe(path)
    return _AudioFile(
        info=info, tags=_merge(_mutagen_tags(path), info.tags), embedded_cover=_embedded_cover(path)
    )


def _mutagen_tags(path: Path) -> Tags | None:
    """The file's tags as mutagen reads them, or None when mutagen cannot read the file."""
    try:
        tagged = mutagen.File(path, easy=True)
        if tagged is None or not tagged.tags:
            return None
        fields: dict[str, str] = {}
        for key, value in tagged.tags.items():
            if isinstance(value, list):
                if not value:
                    continue
                value = value[0]
            fields[str(key)] = str(value)
    except Exception:
        # The file already probed as audio; when mutagen trips over its tags (it raises more
        # than MutagenError on odd files), FFmpeg's reading of them is used instead.
        logger.debug("mutagen cannot read the tags of %s", path, exc_info=True)
        return None
    return parse_tags(fields)


def _merge(preferred: Tags | None, fallback: Tags) -> Tags:
    """`preferred`'s tags, with the ones it lacks taken from `fallback`."""
    if preferred is None:
        return fallback
    present = {
        name: getattr(preferred, name)
        for name in Tags.__struct_fields__
        if getattr(preferred, name) is not None
    }
    return msgspec.structs.replace(fallback, **present)


def _embedded_cover(path: Path) -> Cover | None:
    try:
        art = extract_cover(path)
    except ConversionError:
        return None
    return _valid_cover(art.data) if art is not None else None


def _folder_cover(directory: Path) -> Cover | None:
    """The first usable `cover.*`/`folder.*` image in `directory`, names compared without case."""
    try:
        by_name = {entry.name.lower(): entry for entry in directory.iterdir() if entry.is_file()}
    except OSError:
        return None
    for name in FOLDER_COVER_NAMES:
        entry = by_name.get(name)
        if entry is None:
            continue
        try:
            if entry.stat().st_size > MAX_COVER_BYTES:
                continue
            cover = _valid_cover(entry.read_bytes())
        except OSError:
            continue
        if cover is not None:
            return cover
        logger.warning("%s is not a usable image; ignored", entry)
    return None


def _valid_cover(data: bytes) -> Cover | None:
    if not data or len(data) > MAX_COVER_BYTES:
        return None
    try:
        return data, image_content_type(data)
    except InvalidImage:
        return None


class _TrackImport:
    """Writes one read file into the catalogue and storage, in one database transaction."""

    def __init__(
        self,
        session: AsyncSession,
        context: JobContext,
        source: Path,
        status: os.stat_result,
        audio: _AudioFile,
        folder_cover: Cover | None,
    ) -> None:
        self.session = session
        self.storage = context.storage
        self.source = source
        self.status = status
        self.audio = audio
        self.folder_cover = folder_cover
        self.stored: list[str] = []

    async def create(self) -> UUID:
        track = Track(status=TrackStatus.PROCESSING.value, source_path=str(self.source))
        album = await self._describe(track)
        self.session.add(track)
        await self.session.flush()
        try:
            await self._store(track, album)
            job = await queue_conversion(self.session, track.id, user_id=None)
        except BaseException:
            # Nothing of a file that did not make it into the catalogue stays in storage.
            for key in self.stored:
                await self.storage.delete(key)
            raise
        return job.id

    async def update(self, track: Track) -> UUID:
        album = await self._describe(track)
        track.status = TrackStatus.PROCESSING.value
        track.status_reason = None
        await self._store(track, album)
        # A conversion still waiting will pick up the new original; no need for a second one.
        waiting = await _queued_conversion(self.session, track.id)
        if waiting is not None:
            return waiting
        return (await queue_conversion(self.session, track.id, user_id=None)).id

    async def _describe(self, track: Track) -> Album | None:
        """Set the track's metadata from the file's tags (finding or making its artist,
        album and genre); returns the album."""
        tags = self.audio.tags
        artist = await ArtistService(session=self.session).find_or_create(
            tag_text(tags.album_artist, 200) or tag_text(tags.artist, 200) or UNKNOWN_ARTIST
        )
        album, genre = await album_and_genre(
            self.session,
            artist,
            album_title=tag_text(tags.album, 200),
            genre_name=tag_text(tags.genre, 50),
        )
        track.title = tag_text(tags.title, 200) or title_from_filename(self.source.name)
        track.artist_id = artist.id
        track.album_id = album.id if album else None
        track.genre_id = genre.id if genre else None
        track.track_number = in_range(tags.track_number, 1, 999)
        track.disc_number = in_range(tags.disc_number, 1, 99)
        track.duration_ms = self.audio.info.duration_ms
        track.original_size_bytes = self.status.st_size
        track.original_content_type = (mimetypes.guess_type(self.source.name)[0] or "")[:64] or None
        track.source_mtime_ns = self.status.st_mtime_ns
        return album

    async def _store(self, track: Track, album: Album | None) -> None:
        """Store the original and the covers: the file's own art for the track, and for an
        album without a cover the folder image (or else the file's art)."""
        key = keys.original_key(track.id)
        await self.storage.put_file(key, self.source, "application/octet-stream")
        self.stored.append(key)
        track.original_key = key
        embedded = self.audio.embedded_cover
        track_cover = embedded
        if track_cover is None and album is None:
            # A track on no album has nowhere else to show the folder's image.
            track_cover = self.folder_cover
        await self._set_track_cover(track, track_cover)
        album_cover = self.folder_cover or embedded
        if album is not None and album.cover_key is None and album_cover is not None:
            album_key = keys.album_cover_key(album.id)
            await self.storage.put_bytes(album_key, *album_cover)
            self.stored.append(album_key)
            album.cover_key = album_key
        await self.session.flush()

    async def _set_track_cover(self, track: Track, cover: Cover | None) -> None:
        if track.cover_key is not None:
            # Resized copies of a replaced cover would otherwise be served from the cache.
            for size in COVER_SIZES:
                await self.storage.delete(f"{keys.track_prefix(track.id)}cover-{size}.jpg")
        if cover is None:
            if track.cover_key is not None:
                await self.storage.delete(track.cover_key)
            track.cover_key = None
            return
        key = keys.track_cover_key(track.id)
        await self.storage.put_bytes(key, *cover)
        self.stored.append(key)
        track.cover_key = key


async def run_conversions(
    context: JobContext,
    job_ids: list[UUID],
    *,
    concurrency: int,
    on_progress: JobsProgress = _no_progress,
) -> None:
    """Run the jobs in this process, `concurrency` at a time (embedded mode: no workers).
    `on_progress(done, total)` is called before the first job ends and after each."""
    slots = asyncio.Semaphore(concurrency)
    done = 0
    on_progress(0, len(job_ids))

    async def run(job_id: UUID) -> None:
        nonlocal done
        async with slots:
            await run_job(context, job_id)
        done += 1
        on_progress(done, len(job_ids))

    await asyncio.gather(*(run(job_id) for job_id in job_ids))


async def wait_for_conversions(
    context: JobContext,
    job_ids: list[UUID],
    *,
    on_progress: JobsProgress = _no_progress,
    poll_seconds: float = 0.5,
) -> None:
    """Wait until other processes (`cadenza worker`s) have finished the jobs."""
    while True:
        done = 0
        async with open_session(context.database) as session:
            for batch in _batches(job_ids):
                done += (
                    await session.scalar(
                        select(func.count(Job.id)).where(
                            Job.id.in_(batch),
                            Job.state.in_([JobState.COMPLETE.value, JobState.FAILED.value]),
                        )
                    )
                    or 0
                )
        on_progress(done, len(job_ids))
        if done >= len(job_ids):
            return
        await asyncio.sleep(poll_seconds)


async def conversion_failures(context: JobContext, job_ids: list[UUID]) -> list[ConversionFailure]:
    """The failed ones among the jobs, with their track's file, title and error."""
    failures: list[ConversionFailure] = []
    async with open_session(context.database) as session:
        for batch in _batches(job_ids):
            rows = await session.execute(
                select(Track.source_path, Track.title, Job.error)
                .join(Track, Job.track_id == Track.id)
                .where(Job.id.in_(batch), Job.state == JobState.FAILED.value)
                .order_by(Track.source_path)
            )
            failures.extend(
                ConversionFailure(source_path=path or "", title=title, error=error or "")
                for path, title, error in rows
            )
    return failures


def _batches(ids: list[UUID]) -> Iterator[list[UUID]]:
    # Databases cap the parameters of one statement; a big library has more jobs than that.
    for start in range(0, len(ids), _ID_BATCH):
        yield ids[start : start + _ID_BATCH]
