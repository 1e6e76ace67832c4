"""The Litestar application factory."""

from __future__ import annotations

from litestar import Litestar

from cadenza_api.logging import configure_logging
from cadenza_api.plugin import CadenzaPlugin
from cadenza_api.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    configure_logging(settings.server.log_level)
    return Litestar(plugins=[CadenzaPlugin(settings)], logging_config=None, debug=False)
