"""The `/admin` router: every route behind the admin guard, all in OpenAPI."""

from __future__ import annotations

from litestar import Router
from litestar.di import Provide

from cadenza_api.domain.admin.controllers.audit import AuditController
from cadenza_api.domain.admin.controllers.catalogue import (
    AdminAlbumController,
    AdminArtistController,
    AdminTrackController,
)
from cadenza_api.domain.admin.controllers.jobs import AdminJobController
from cadenza_api.domain.admin.controllers.stats import StatsController
from cadenza_api.domain.admin.controllers.users import AdminUserController
from cadenza_api.domain.admin.guards import provide_admin_principal, require_admin

__all__ = ["build_admin_router"]


def build_admin_router() -> Router:
    """A new `/admin` router for one app (a router belongs to the app it is registered on)."""
    return Router(
        path="/admin",
        guards=[require_admin],
        dependencies={"principal": Provide(provide_admin_principal, sync_to_thread=False)},
        security=[{"BearerToken": []}],
        route_handlers=[
            StatsController,
            AdminArtistController,
            AdminAlbumController,
            AdminTrackController,
            AdminJobController,
            AdminUserController,
            AuditController,
        ],
    )
