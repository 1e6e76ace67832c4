"""The `convert_track` job: an uploaded original becomes playable renditions.

Retry-safe: object keys and rendition rows are keyed by (track, format, bitrate), so a rerun
after a crash overwrites instead of duplicating. On failure nothing half-made remains.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from uuid import UUID

from sqlalchemy import delete, select

from cadenza_api.db.models import Album, Rendition, Track
from cadenza_api.domain.media import keys
from cadenza_api.domain.media.context import JobContext
from cadenza_api.services import open_session
from cadenza_contracts.media import TrackStatus
from cadenza_converter import (
    ConversionError,
    OutputFormat,
    extract_cover,
    measure_loudness,
    probe,
    transcode,
    waveform,
)

RENDITIONS: tuple[tuple[OutputFormat, int], ...] = (("opus", 96), ("opus", 160), ("aac", 128))
WAVEFORM_POINTS = 800

Progress = Callable[[float], Awaitable[None]]


class JobFailed(Exception):
    """The job cannot succeed; the message says why, for people."""


async def convert_track(context: JobContext, track_id: UUID, report: Progress) -> None:
    """Probe, transcode, measure and store; mark the track `ready` or `failed`."""
    storage = context.storage
    async with open_session(context.database) as session:
        track = await session.get(Track, track_id)
        if track is None:
            raise JobFailed("The track was deleted before it could be converted.")
        original = track.original_key
    if original is None:
        reason = "The original upload is missing; upload the file again."
        await _mark_failed(context, track_id, reason)
        raise JobFailed(reason)
    try:
        with tempfile.TemporaryDirectory(prefix="cadenza-convert-") as workdir:
            source = Path(workdir) / "original"
            await storage.download_to(original, source)
            await _convert(context, track_id, source, Path(workdir), report)
    except ConversionError as exc:
        # The file itself is bad: keep nothing of it, not even the original.
        await _discard_media(context, track_id, keep_original=False)
        reason = f"The audio file cannot be converted: {exc.reason}."
        await _mark_failed(context, track_id, reason)
        raise JobFailed(reason) from exc
    except Exception as exc:
        # Something else broke (storage, database): keep the original so a retry can work.
        await _discard_media(context, track_id, keep_original=True)
        reason = f"Conversion failed: {type(exc).__name__}: {exc}"
        await _mark_failed(context, track_id, reason)
        raise JobFailed(reason) from exc


async def _convert(
    context: JobContext, track_id: UUID, source: Path, workdir: Path, report: Progress
) -> None:
    info = await asyncio.to_thread(probe, source)
    await report(0.1)
    stored: list[Rendition] = []
    for number, (fmt, bitrate) in enumerate(RENDITIONS, start=1):
        output = workdir / f"{fmt}-{bitrate}.{keys.EXTENSIONS[fmt]}"
        result = await asyncio.to_thread(transcode, source, output, fmt, bitrate)
        key = keys.rendition_key(track_id, fmt, bitrate)
        await context.storage.put_file(key, output, keys.CONTENT_TYPES[fmt])
        stored.append(
            Rendition(
                track_id=track_id,
                format=fmt,
                bitrate_kbps=bitrate,
                storage_key=key,
                content_type=keys.CONTENT_TYPES[fmt],
                size_bytes=output.stat().st_size,
                duration_ms=result.duration_ms,
            )
        )
        await report(0.1 + 0.6 * number / len(RENDITIONS))
    loudness = await asyncio.to_thread(measure_loudness, source)
    peaks = await asyncio.to_thread(waveform, source, WAVEFORM_POINTS)
    cover = await asyncio.to_thread(extract_cover, source)
    await report(0.9)

    async with open_session(context.database) as session:
        track = await session.get(Track, track_id)
        if track is None:
            raise JobFailed("The track was deleted during conversion.")
        await session.execute(delete(Rendition).where(Rendition.track_id == track_id))
        session.add_all(stored)
        if cover is not None and track.cover_key is None:
            key = keys.track_cover_key(track_id)
            await context.storage.put_bytes(key, cover.data, cover.mime_type)
            track.cover_key = key
        if track.album_id is not None and track.cover_key is not None:
            album = await session.get(Album, track.album_id)
            if album is not None and album.cover_key is None:
                album_key = keys.album_cover_key(album.id)
                cover_bytes = await context.storage.read_bytes(track.cover_key)
                info_cover = await context.storage.stat(track.cover_key)
                await context.storage.put_bytes(album_key, cover_bytes, info_cover.content_type)
                album.cover_key = album_key
        track.duration_ms = info.duration_ms
        track.loudness_lufs = loudness.integrated_lufs
        track.true_peak_dbtp = loudness.true_peak_dbtp
        track.track_gain_db = loudness.track_gain_db
        track.waveform = peaks
        track.status = TrackStatus.READY.value
        track.status_reason = None
        track.has_audio = True


async def _discard_media(context: JobContext, track_id: UUID, *, keep_original: bool) -> None:
    await context.storage.delete_prefix(keys.renditions_prefix(track_id))
    async with open_session(context.database) as session:
        await session.execute(delete(Rendition).where(Rendition.track_id == track_id))
        track = await session.get(Track, track_id)
        if track is None:
            return
        if track.cover_key is not None:
            in_use = await session.scalar(
                select(Album.id).where(Album.cover_key == track.cover_key).limit(1)
            )
            if in_use is None:
                await context.storage.delete(track.cover_key)
            track.cover_key = None
        if not keep_original and track.original_key is not None:
            await context.storage.delete(track.original_key)
            track.original_key = None
        track.has_audio = False


async def _mark_failed(context: JobContext, track_id: UUID, reason: str) -> None:
    async with open_session(context.database) as session:
        track = await session.get(Track, track_id)
        if track is not None:
            track.status = TrackStatus.FAILED.value
            track.status_reason = reason[:2000]
