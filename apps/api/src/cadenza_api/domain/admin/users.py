"""Managing users: roles, disabling, signing out and password resets, with guard rails that
keep at least one active admin and stop admins from locking themselves out."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast
from uuid import UUID

import msgspec
from sqlalchemy import ColumnElement, CursorResult, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import AuthSession, User
from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.accounts.passwords import hash_password
from cadenza_api.domain.admin import audit
from cadenza_api.domain.admin.presenters import present_admin_user
from cadenza_api.errors import Conflict, NotFound
from cadenza_api.pagination import PageParams
from cadenza_api.settings import AuthSettings
from cadenza_contracts.accounts import Role
from cadenza_contracts.admin import (
    AdminUser,
    AdminUserUpdate,
    AuditAction,
    AuditTargetType,
    TemporaryPassword,
)
from cadenza_contracts.pagination import Page

# 15 random bytes: 20 URL-safe characters, comfortably above the 10-character minimum.
_TEMPORARY_PASSWORD_BYTES = 15


async def get_user(session: AsyncSession, user_id: UUID) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user with id {user_id}.")
    return user


async def _active_sessions(session: AsyncSession, user_ids: Sequence[UUID]) -> dict[UUID, int]:
    rows = await session.execute(
        select(AuthSession.user_id, func.count(AuthSession.id))
        .where(
            AuthSession.user_id.in_(user_ids),
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > datetime.now(UTC),
        )
        .group_by(AuthSession.user_id)
    )
    return {user_id: int(count) for user_id, count in rows.all()}


async def admin_user(session: AsyncSession, user: User) -> AdminUser:
    counts = await _active_sessions(session, [user.id])
    return present_admin_user(user, active_sessions=counts.get(user.id, 0))


async def users_page(
    session: AsyncSession,
    params: PageParams,
    *,
    q: str | None,
    role: Role | None,
    active: bool | None,
) -> Page[AdminUser]:
    """Users by username; `q` matches part of the username or email, ignoring case."""
    filters: list[ColumnElement[bool]] = []
    if q:
        filters.append(
            or_(
                User.username.icontains(q, autoescape=True),
                User.email.icontains(q, autoescape=True),
            )
        )
    if role is not None:
        filters.append(User.role == role.value)
    if active is not None:
        filters.append(User.is_active.is_(active))
    total = await session.scalar(select(func.count(User.id)).where(*filters)) or 0
    users = list(
        await session.scalars(
            params.apply(select(User).where(*filters).order_by(func.lower(User.username), User.id))
        )
    )
    counts = await _active_sessions(session, [user.id for user in users])
    items = [present_admin_user(user, active_sessions=counts.get(user.id, 0)) for user in users]
    return Page(items=items, total=total, limit=params.limit, offset=params.offset)


async def revoke_sessions(session: AsyncSession, user_id: UUID, *, reason: str) -> int:
    """Sign out every open session of the user at once; returns how many there were."""
    result = await session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC), revoked_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return int(cast("CursorResult[Any]", result).rowcount)


async def _ensure_another_admin(session: AsyncSession, user: User) -> None:
    # Locking every active admin's row (on PostgreSQL) makes two admins who demote each other
    # at the same moment take turns, so the second sees the first's change.
    admins = await session.scalars(
        select(User.id)
        .where(User.role == Role.ADMIN.value, User.is_active.is_(True))
        .with_for_update()
    )
    if not [admin_id for admin_id in admins if admin_id != user.id]:
        raise Conflict(
            f"{user.username!r} is the last active admin; make another user an admin first."
        )


async def update_user(
    session: AsyncSession, actor: Principal, user: User, data: AdminUserUpdate
) -> User:
    """Change a user's role and/or active flag; disabling signs out all their sessions."""
    role = None if isinstance(data.role, msgspec.UnsetType) else data.role
    is_active = None if isinstance(data.is_active, msgspec.UnsetType) else data.is_active
    demoting = role is not None and role is not Role.ADMIN and user.role == Role.ADMIN.value
    disabling = is_active is False and user.is_active
    if user.id == actor.user.id and demoting:
        raise Conflict("You cannot remove your own admin role; ask another admin.")
    if user.id == actor.user.id and disabling:
        raise Conflict("You cannot disable your own account; ask another admin.")
    if (demoting or disabling) and user.role == Role.ADMIN.value and user.is_active:
        await _ensure_another_admin(session, user)

    if role is not None and role.value != user.role:
        before = audit.snapshot(await admin_user(session, user))
        user.role = role.value
        await session.flush()
        await audit.record(
            session,
            actor,
            AuditAction.USER_UPDATE,
            AuditTargetType.USER,
            user.id,
            user.username,
            before=before,
            after=audit.snapshot(await admin_user(session, user)),
        )
    if is_active is not None and is_active != user.is_active:
        before = audit.snapshot(await admin_user(session, user))
        user.is_active = is_active
        if not is_active:
            await revoke_sessions(session, user.id, reason="user_disabled")
        await session.flush()
        await audit.record(
            session,
            actor,
            AuditAction.USER_ENABLE if is_active else AuditAction.USER_DISABLE,
            AuditTargetType.USER,
            user.id,
            user.username,
            before=before,
            after=audit.snapshot(await admin_user(session, user)),
        )
    return user


async def revoke_all(session: AsyncSession, actor: Principal, user: User) -> int:
    revoked = await revoke_sessions(session, user.id, reason="revoked_by_admin")
    await audit.record(
        session,
        actor,
        AuditAction.USER_REVOKE_SESSIONS,
        AuditTargetType.USER,
        user.id,
        user.username,
        after={"revoked": revoked},
    )
    return revoked


async def reset_password(
    session: AsyncSession, actor: Principal, user: User, auth: AuthSettings
) -> TemporaryPassword:
    """Give the user a generated password (returned once, never stored or logged in clear)
    and sign out all their sessions."""
    password = secrets.token_urlsafe(_TEMPORARY_PASSWORD_BYTES)
    user.password_hash = hash_password(auth, password)
    revoked = await revoke_sessions(session, user.id, reason="password_reset")
    await session.flush()
    await audit.record(
        session,
        actor,
        AuditAction.USER_PASSWORD_RESET,
        AuditTargetType.USER,
        user.id,
        user.username,
        after={"revokedSessions": revoked},
    )
    return TemporaryPassword(user_id=user.id, temporary_password=password)
