"""Media rows to contract structs."""

from __future__ import annotations

from cadenza_api.db.models import Job, Rendition, Track
from cadenza_contracts.media import Job as JobBody
from cadenza_contracts.media import JobState, StreamFormat, TrackAudio, TrackStatus
from cadenza_contracts.media import Rendition as RenditionBody


def present_job(job: Job) -> JobBody:
    return JobBody(
        id=job.id,
        kind=job.kind,
        state=JobState(job.state),
        progress=job.progress,
        error=job.error,
        attempts=job.attempts,
        track_id=job.track_id,
        created_at=job.created_at,
        updated_at=job.updated_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


def present_audio(track: Track, renditions: list[Rendition]) -> TrackAudio:
    return TrackAudio(
        track_id=track.id,
        status=TrackStatus(track.status),
        renditions=[
            RenditionBody(
                format=StreamFormat(r.format),
                bitrate_kbps=r.bitrate_kbps,
                content_type=r.content_type,
                size_bytes=r.size_bytes,
                duration_ms=r.duration_ms,
            )
            for r in renditions
        ],
        loudness_lufs=track.loudness_lufs,
        true_peak_dbtp=track.true_peak_dbtp,
        track_gain_db=track.track_gain_db,
        waveform=track.waveform or [],
    )
