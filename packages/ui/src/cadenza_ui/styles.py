"""Cadenza's stylesheets for a Reflex app: the design tokens' CSS variables and the shared
component styles, added to the frontend build by one plugin."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from string import Template

import reflex as rx
from reflex.plugins import Plugin

from cadenza_tokens import BREAKPOINTS, DARK, css_path

_STYLES_DIR = "cadenza"
TOKENS_STYLESHEET = "tokens.css"
COMPONENTS_STYLESHEET = "cadenza-ui.css"
FAVICON = "favicon.svg"


def component_css() -> str:
    """The shared components' CSS, its breakpoints filled in from the tokens."""
    template = files("cadenza_ui").joinpath(COMPONENTS_STYLESHEET).read_text(encoding="utf-8")
    return Template(template).substitute(md=BREAKPOINTS["md"], sm=BREAKPOINTS["sm"])


def favicon_svg() -> str:
    """Cadenza's mark (a note on a disc) in the tokens' brand colours."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<circle cx="16" cy="16" r="16" fill="{DARK["primary"]}"/>'
        f'<path d="M13 22.5a3.5 3.5 0 1 1-2-3.16V8l11-2v12.5a3.5 3.5 0 1 1-2-3.16V9.4l-7 1.27z" '
        f'fill="{DARK["on-primary"]}"/></svg>'
    )


def tokens_css() -> str:
    """The tokens' `--cz-*` custom properties (dark by default, light on request)."""
    return css_path().read_text(encoding="utf-8")


class CadenzaStylesPlugin(Plugin):
    """Adds the tokens' and the components' stylesheets to a Reflex app's global styles, and
    serves the brand icon at `/favicon.svg` (see `favicon_link`).

    Put it in `rx.Config(plugins=[CadenzaStylesPlugin()])`; the files are written into the
    frontend build, never into the app's own folders.
    """

    def get_static_assets(self, **context: object) -> Sequence[tuple[Path, str | bytes]]:
        styles = Path("styles") / _STYLES_DIR
        return [
            (styles / TOKENS_STYLESHEET, tokens_css()),
            (styles / COMPONENTS_STYLESHEET, component_css()),
            (Path("public") / FAVICON, favicon_svg()),
        ]

    def get_stylesheet_paths(self, **context: object) -> Sequence[str]:
        return [f"./{_STYLES_DIR}/{TOKENS_STYLESHEET}", f"./{_STYLES_DIR}/{COMPONENTS_STYLESHEET}"]


def favicon_link() -> rx.Component:
    """The `<link rel="icon">` for an app's `head_components` (under the app's frontend path,
    e.g. `/admin/favicon.svg` behind a proxy)."""
    href = rx.config.get_config().prepend_frontend_path(f"/{FAVICON}")
    return rx.el.link(rel="icon", href=href, type="image/svg+xml")
