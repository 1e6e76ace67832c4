"""Media: uploads, conversion jobs and streaming."""

import enum
from datetime import datetime
from uuid import UUID

from cadenza_contracts.base import Model
from cadenza_contracts.catalog import Track


class TrackStatus(enum.StrEnum):
    """Where a track's audio stands: being converted, playable, or failed (see statusReason)."""

    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETE = "complete"
    FAILED = "failed"


class StreamFormat(enum.StrEnum):
    OPUS = "opus"
    AAC = "aac"


class Job(Model):
    """A background job, e.g. converting an uploaded track; `progress` runs 0..1."""

    id: UUID
    kind: str
    state: JobState
    progress: float
    error: str | None
    attempts: int
    track_id: UUID | None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class UploadResult(Model):
    """Answer of an upload: the new track (status `processing`) and its conversion job."""

    track: Track
    job_id: UUID


class StreamUrl(Model):
    """A signed URL that streams without an Authorization header until `expiresAt`."""

    url: str
    expires_at: datetime


class Rendition(Model):
    format: StreamFormat
    bitrate_kbps: int
    content_type: str
    size_bytes: int
    duration_ms: int


class TrackAudio(Model):
    """What a track's audio offers: renditions, loudness and the waveform for a seek bar."""

    track_id: UUID
    status: TrackStatus
    renditions: list[Rendition]
    loudness_lufs: float | None
    true_peak_dbtp: float | None
    track_gain_db: float | None
    waveform: list[float]
