"""Only admins pass: the guard of every `/admin` route, and the principal it resolved."""

from __future__ import annotations

from typing import Any, cast

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig, SQLAlchemyPlugin
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from cadenza_api.domain.accounts.deps import Principal, provide_principal
from cadenza_api.errors import Forbidden
from cadenza_api.settings import Settings

_PRINCIPAL_KEY = "admin_principal"


async def require_admin(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """401 without a valid token (or for a disabled user), 403 unless the caller is an admin.

    The role is read from the database, not the token, so a demoted admin loses access at
    once. The request's own database session is used, so handlers share it.
    """
    config = cast("SQLAlchemyAsyncConfig", connection.app.plugins.get(SQLAlchemyPlugin).config[0])
    db_session = config.provide_session(connection.app.state, connection.scope)
    settings: Settings = connection.app.state.settings
    request = cast("Request[Any, Any, Any]", connection)
    principal = await provide_principal(request, settings, db_session)
    if not principal.is_admin:
        raise Forbidden("The admin API needs the admin role.")
    connection.state[_PRINCIPAL_KEY] = principal


def provide_admin_principal(request: Request[Any, Any, Any]) -> Principal:
    """The admin `require_admin` let through."""
    principal: Principal = request.state[_PRINCIPAL_KEY]
    return principal
