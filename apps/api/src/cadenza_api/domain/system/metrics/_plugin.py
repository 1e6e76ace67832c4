"""`GET /metrics`, and the plugin that puts an app's metrics in place."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.config.app import AppConfig
from litestar.plugins import InitPluginProtocol
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.domain.playback.hub import PlaybackHub
from cadenza_api.domain.system.metrics._registry import AppMetrics
from cadenza_api.domain.system.metrics._requests import (
    request_metrics_middleware,
    unmatched_request_counter,
)

# The Prometheus text format; Litestar appends `; charset=utf-8` to text types itself.
CONTENT_TYPE = "text/plain; version=0.0.4"


def connected_devices(hub: PlaybackHub) -> int:
    """The sockets of this process that announced a device."""
    return sum(1 for connection in hub.connections if connection.device is not None)


@get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics_endpoint(
    request: Request[Any, Any, Any], db_session: AsyncSession
) -> Response[bytes]:
    """The app's metrics in the Prometheus text format (version 0.0.4)."""
    metrics: AppMetrics = request.app.state.metrics
    hub: PlaybackHub = request.app.state.playback_hub
    body = await metrics.render(db_session, devices=connected_devices(hub))
    return Response(body, media_type=CONTENT_TYPE)


class MetricsPlugin(InitPluginProtocol):
    """Registers `GET /metrics` at the root (where Prometheus looks), the request middleware
    and the hook counting unrouted requests, all on `metrics`."""

    def __init__(self, metrics: AppMetrics) -> None:
        self.metrics = metrics

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.state.metrics = self.metrics
        app_config.middleware.append(request_metrics_middleware(self.metrics))
        app_config.before_send.append(unmatched_request_counter(self.metrics))
        app_config.route_handlers.append(metrics_endpoint)
        return app_config
