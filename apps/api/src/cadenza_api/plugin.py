"""The one plugin that assembles Cadenza's API onto a Litestar app."""

from __future__ import annotations

from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Router
from litestar.config.app import AppConfig
from litestar.config.cors import CORSConfig
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins import InitPluginProtocol
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.types import ControllerRouterHandler

import cadenza_api.domain.catalog.controllers
import cadenza_api.domain.library.controllers
import cadenza_api.domain.playback.controllers
import cadenza_api.domain.playlists.controllers
import cadenza_api.domain.search.controllers
from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.domain.accounts.controllers import AuthController
from cadenza_api.domain.accounts.deps import (
    provide_optional_principal,
    provide_principal,
    provide_settings,
)
from cadenza_api.domain.accounts.throttle import LoginThrottle
from cadenza_api.domain.admin.controllers import build_admin_router
from cadenza_api.domain.media.controllers import media_dependencies, media_route_handlers
from cadenza_api.domain.media.runtime import MediaRuntime
from cadenza_api.domain.playback.plugin import PlaybackPlugin
from cadenza_api.domain.system.controllers import HealthController
from cadenza_api.domain.system.metrics import AppMetrics, MetricsPlugin
from cadenza_api.errors import exception_handlers
from cadenza_api.logging import request_id_middleware
from cadenza_api.settings import Settings

API_PREFIX = "/api/v1"

ROUTE_HANDLERS: list[ControllerRouterHandler] = [
    AuthController,
    HealthController,
    *cadenza_api.domain.catalog.controllers.route_handlers,
    *cadenza_api.domain.playlists.controllers.route_handlers,
    *cadenza_api.domain.library.controllers.route_handlers,
    *cadenza_api.domain.search.controllers.route_handlers,
    *cadenza_api.domain.playback.controllers.route_handlers,
]


class CadenzaPlugin(InitPluginProtocol):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _throttle_store(self) -> MemoryStore | RedisStore:
        if self.settings.redis_url:
            return RedisStore.with_client(
                url=self.settings.redis_url, namespace=self.settings.redis_prefix
            )
        return MemoryStore()

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        settings = self.settings
        app_config.state.settings = settings
        app_config.state.login_throttle = LoginThrottle(
            self._throttle_store(),
            per_ip=settings.auth.login_attempts_per_ip,
            per_account=settings.auth.login_attempts_per_account,
            window_seconds=settings.auth.login_window_seconds,
        )
        database = build_sqlalchemy_config(settings.database)
        app_config.plugins.append(SQLAlchemyPlugin(config=database))
        app_config.plugins.append(PlaybackPlugin(settings, database))
        metrics = AppMetrics()
        app_config.plugins.append(MetricsPlugin(metrics))
        media = MediaRuntime(settings, database, metrics)
        app_config.state.storage = media.storage
        app_config.state.job_queue = media.queue
        app_config.on_startup.append(media.start)
        app_config.on_shutdown.append(media.stop)
        app_config.route_handlers.append(
            Router(
                path=API_PREFIX,
                route_handlers=[
                    *ROUTE_HANDLERS,
                    *media_route_handlers(settings),
                    build_admin_router(),
                ],
            )
        )
        app_config.dependencies.update(
            {
                "settings": Provide(provide_settings, sync_to_thread=False),
                "principal": Provide(provide_principal),
                "maybe_principal": Provide(provide_optional_principal),
                **media_dependencies,
            }
        )
        app_config.exception_handlers.update(exception_handlers)
        app_config.middleware.insert(0, request_id_middleware)
        app_config.cors_config = CORSConfig(
            allow_origins=settings.server.cors_origins,
            allow_credentials=True,
            allow_headers=["authorization", "content-type", "x-csrftoken", "x-request-id", "range"],
            expose_headers=["content-range", "accept-ranges", "x-request-id", "retry-after"],
        )
        app_config.openapi_config = OpenAPIConfig(
            title="Cadenza API",
            version="1.0.0",
            description="Self-hostable music streaming. Sign in with `POST /api/v1/auth/login`, "
            "then use the access token with the Authorize button.",
            path="/schema",
            render_plugins=[SwaggerRenderPlugin(path="/swagger")],
            components=Components(
                security_schemes={
                    "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
                }
            ),
            use_handler_docstrings=True,
        )
        return app_config
