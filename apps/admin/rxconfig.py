"""Reflex configuration of Cadenza's admin (run it with `cadenza-admin`).

Behind a reverse proxy at `/admin`, set `REFLEX_FRONTEND_PATH=/admin` and
`REFLEX_BACKEND_PATH=/admin` (as docker/compose.yaml does): Reflex reads them over this file.
"""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from cadenza_ui import CadenzaStylesPlugin

config = rx.Config(
    app_name="cadenza_admin",
    app_module_import="cadenza_admin.app",
    plugins=[CadenzaStylesPlugin()],
    disable_plugins=[SitemapPlugin],
    # Sessions (and their API tokens) live in the server's memory, never on disk.
    state_manager_mode="memory",
    telemetry_enabled=False,
    show_built_with_reflex=False,
)
