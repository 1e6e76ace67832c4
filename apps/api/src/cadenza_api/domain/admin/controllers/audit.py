"""`GET /admin/audit`: the audit log, filtered, newest first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.domain.admin.audit import audit_page
from cadenza_api.domain.admin.presenters import present_audit_entry
from cadenza_api.pagination import PageParams, page_params
from cadenza_contracts.admin import AuditAction, AuditEntry, AuditTargetType
from cadenza_contracts.pagination import Page


def _utc(moment: datetime | None) -> datetime | None:
    """Times without an offset are taken as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


class AuditController(Controller):
    path = "/audit"
    tags = ["admin: audit"]
    dependencies = {"page": page_params}

    @get(summary="The audit log, newest first")
    async def list_audit(
        self,
        db_session: AsyncSession,
        page: PageParams,
        actor: Annotated[
            str | None,
            QueryParameter(max_length=64, description="The acting admin's username or id."),
        ] = None,
        action: Annotated[
            AuditAction | None, QueryParameter(description="e.g. track.update, artist.merge.")
        ] = None,
        target_type: Annotated[AuditTargetType | None, QueryParameter(name="targetType")] = None,
        target_id: Annotated[UUID | None, QueryParameter(name="targetId")] = None,
        since: Annotated[
            datetime | None, QueryParameter(description="From this time on (ISO 8601).")
        ] = None,
        until: Annotated[
            datetime | None, QueryParameter(description="Before this time (ISO 8601).")
        ] = None,
    ) -> Page[AuditEntry]:
        entries, total = await audit_page(
            db_session,
            page,
            actor=actor,
            action=action.value if action else None,
            target_type=target_type.value if target_type else None,
            target_id=target_id,
            since=_utc(since),
            until=_utc(until),
        )
        return page.page(entries, total, present_audit_entry)
