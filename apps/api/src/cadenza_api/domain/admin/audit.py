"""Recording admin actions in the audit log, and reading it back."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import AuditEntry
from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.logging import request_id_var
from cadenza_api.pagination import PageParams
from cadenza_contracts.admin import AuditAction, AuditTargetType


def snapshot(body: msgspec.Struct) -> dict[str, Any]:
    """A contract struct as plain JSON values (camelCase keys), for `before` and `after`."""
    encoded = msgspec.json.decode(msgspec.json.encode(body))
    if not isinstance(encoded, dict):
        raise TypeError("An audit snapshot must be a JSON object.")
    return encoded


async def record(
    session: AsyncSession,
    actor: Principal,
    action: AuditAction,
    target_type: AuditTargetType,
    target_id: UUID | None,
    target_label: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry to the caller's transaction, so it commits (or not) with the change."""
    entry = AuditEntry(
        actor_id=actor.user.id,
        actor_username=actor.user.username,
        action=action.value,
        target_type=target_type.value,
        target_id=target_id,
        target_label=target_label[:255],
        before=before,
        after=after,
        request_id=request_id_var.get(),
    )
    session.add(entry)
    await session.flush()
    return entry


async def audit_page(
    session: AsyncSession,
    params: PageParams,
    *,
    actor: str | None = None,
    action: str | None = None,
    target_type: str | None = None,
    target_id: UUID | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[list[AuditEntry], int]:
    """Entries matching every given filter, newest first. `actor` is a username (ignoring
    case) or a user id; `since` is inclusive, `until` exclusive."""
    filters: list[ColumnElement[bool]] = []
    if actor:
        by_name = func.lower(AuditEntry.actor_username) == actor.strip().lower()
        try:
            filters.append(or_(AuditEntry.actor_id == UUID(actor), by_name))
        except ValueError:
            filters.append(by_name)
    if action:
        filters.append(AuditEntry.action == action)
    if target_type:
        filters.append(AuditEntry.target_type == target_type)
    if target_id is not None:
        filters.append(AuditEntry.target_id == target_id)
    if since is not None:
        filters.append(AuditEntry.created_at >= since)
    if until is not None:
        filters.append(AuditEntry.created_at < until)
    total = await session.scalar(select(func.count(AuditEntry.id)).where(*filters))
    rows = await session.scalars(
        params.apply(
            select(AuditEntry)
            .where(*filters)
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        )
    )
    return list(rows), total or 0
