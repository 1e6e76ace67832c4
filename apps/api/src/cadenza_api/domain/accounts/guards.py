"""CSRF protection by double submit for the cookie-authenticated routes."""

from __future__ import annotations

import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from cadenza_api.errors import Forbidden
from cadenza_api.settings import Settings


def require_csrf(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """The `x-csrftoken` header must equal the `csrftoken` cookie that login set."""
    settings: Settings = connection.app.state.settings
    cookie = connection.cookies.get(settings.auth.csrf_cookie_name, "")
    header = connection.headers.get(settings.auth.csrf_header_name, "")
    if not cookie or not header or not hmac.compare_digest(cookie, header):
        raise Forbidden(
            f"CSRF check failed: send the {settings.auth.csrf_cookie_name!r} cookie's value "
            f"in the {settings.auth.csrf_header_name!r} header."
        )
