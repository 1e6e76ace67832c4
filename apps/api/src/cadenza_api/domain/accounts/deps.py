"""Dependencies: who is calling, from the `Authorization: Bearer` access token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import User
from cadenza_api.domain.accounts.services import SessionService
from cadenza_api.domain.accounts.tokens import InvalidAccessToken, decode_access_token
from cadenza_api.errors import Forbidden, Unauthorized
from cadenza_api.settings import Settings
from cadenza_contracts.accounts import Role


@dataclass(frozen=True)
class Principal:
    """The authenticated caller and the session their access token belongs to."""

    user: User
    session_id: UUID

    @property
    def role(self) -> Role:
        return Role(self.user.role)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def require_role(self, *roles: Role) -> None:
        if self.role not in roles and not self.is_admin:
            allowed = " or ".join(r.value for r in roles)
            raise Forbidden(f"This action needs the {allowed} role.")


def provide_settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _bearer_token(request: Request[Any, Any, Any]) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <access token>'.")
    return token.strip()


async def _principal_from_token(
    token: str, settings: Settings, db_session: AsyncSession
) -> Principal:
    try:
        claims = decode_access_token(settings.auth.secret_key, token)
    except InvalidAccessToken as exc:
        raise Unauthorized(str(exc)) from exc
    session = await SessionService(session=db_session).get_active(claims.session_id)
    if session is None or session.user_id != claims.user_id:
        raise Unauthorized("This session has been signed out or has expired.")
    if not session.user.is_active:
        raise Unauthorized("This account is disabled.")
    return Principal(user=session.user, session_id=session.id)


async def provide_principal(
    request: Request[Any, Any, Any], settings: Settings, db_session: AsyncSession
) -> Principal:
    token = _bearer_token(request)
    if token is None:
        raise Unauthorized()
    return await _principal_from_token(token, settings, db_session)


async def provide_optional_principal(
    request: Request[Any, Any, Any], settings: Settings, db_session: AsyncSession
) -> Principal | None:
    token = _bearer_token(request)
    if token is None:
        return None
    return await _principal_from_token(token, settings, db_session)


def client_ip(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"
