"""ORM rows to contract structs."""

from __future__ import annotations

from cadenza_api.db.models import AuthSession, User
from cadenza_contracts.accounts import Role, SessionInfo, UserSummary
from cadenza_contracts.accounts import User as UserBody


def present_user(user: User) -> UserBody:
    return UserBody(
        id=user.id,
        username=user.username,
        email=user.email,
        role=Role(user.role),
        created_at=user.created_at,
    )


def present_user_summary(user: User) -> UserSummary:
    return UserSummary(id=user.id, username=user.username)


def present_session(session: AuthSession, *, current: bool) -> SessionInfo:
    return SessionInfo(
        id=session.id,
        created_at=session.created_at,
        last_used_at=session.last_used_at,
        expires_at=session.expires_at,
        user_agent=session.user_agent,
        ip_address=session.ip_address,
        current=current,
    )
