"""Admin rows to contract structs."""

from __future__ import annotations

from cadenza_api.db.models import Artist, AuditEntry, Job, User
from cadenza_contracts.accounts import Role
from cadenza_contracts.admin import (
    AdminArtist,
    AdminJob,
    AdminUser,
    AuditAction,
    AuditTargetType,
)
from cadenza_contracts.admin import AuditEntry as AuditEntryBody
from cadenza_contracts.media import JobState


def present_admin_artist(
    artist: Artist, *, owner_username: str | None, album_count: int, track_count: int
) -> AdminArtist:
    return AdminArtist(
        id=artist.id,
        name=artist.name,
        bio=artist.bio,
        owner_id=artist.owner_id,
        created_at=artist.created_at,
        updated_at=artist.updated_at,
        owner_username=owner_username,
        album_count=album_count,
        track_count=track_count,
    )


def present_admin_job(job: Job, *, track_title: str | None, username: str | None) -> AdminJob:
    return AdminJob(
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
        track_title=track_title,
        username=username,
    )


def present_admin_user(user: User, *, active_sessions: int) -> AdminUser:
    return AdminUser(
        id=user.id,
        username=user.username,
        email=user.email,
        role=Role(user.role),
        created_at=user.created_at,
        updated_at=user.updated_at,
        is_active=user.is_active,
        active_sessions=active_sessions,
    )


def present_audit_entry(entry: AuditEntry) -> AuditEntryBody:
    return AuditEntryBody(
        id=entry.id,
        actor_id=entry.actor_id,
        actor_username=entry.actor_username,
        action=AuditAction(entry.action),
        target_type=AuditTargetType(entry.target_type),
        target_id=entry.target_id,
        target_label=entry.target_label,
        before=entry.before,
        after=entry.after,
        request_id=entry.request_id,
        created_at=entry.created_at,
    )
