"""Reflex configuration of Cadenza's web player (run it with `cadenza-web`)."""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from cadenza_ui import CadenzaStylesPlugin

config = rx.Config(
    app_name="cadenza_web",
    app_module_import="cadenza_web.app",
    plugins=[CadenzaStylesPlugin()],
    disable_plugins=[SitemapPlugin],
    # Sessions (and their API tokens) live in the server's memory, never on disk.
    state_manager_mode="memory",
    telemetry_enabled=False,
    show_built_with_reflex=False,
)
