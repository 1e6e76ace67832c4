"""mkdocs hook: the reference pages generated from the code at every build, so they cannot
drift from it: the configuration tables (from `cadenza_api.settings.VARIABLES`), the API
reference (from the OpenAPI document) and the command-line reference (from the CLIs). The
terminal player's tour shows the screens its snapshot tests keep up to date."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from reference_api import build_app, render_api_reference
from reference_cli import render_cli_reference
from reference_settings import fill_settings

CONFIGURATION_PAGE = "configuration.md"
API_REFERENCE = "reference/api.md"
CLI_REFERENCE = "reference/cli.md"
# The terminal player's snapshot tests render these screens; the tour shows the large ones.
TUI_SNAPSHOTS = Path(__file__).resolve().parents[2] / "tui" / "tests" / "snapshots"
TUI_SCREENS = "tour/terminal"
# Rich's SVG export falls back to Fira Code from cdnjs.cloudflare.com when the reader has no
# local copy: the site keeps the local font and the monospace fallback, never the CDN.
_WEB_FONT_SOURCE = re.compile(r',\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)')


@contextmanager
def _without_deprecation_notices() -> Iterator[None]:
    # Building the app imports every module of the API: the deprecation notices the test
    # settings filter (advanced-alchemy, Litestar 3.0's parameter style) are not the
    # documentation's to report.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def without_web_fonts(svg: str) -> str:
    """A terminal screenshot's SVG without the font files it would fetch from the web."""
    return _WEB_FONT_SOURCE.sub("", svg)


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    with _without_deprecation_notices():
        api = render_api_reference(build_app())
        cli = render_cli_reference()
    files.append(File.generated(config, API_REFERENCE, content=api))
    files.append(File.generated(config, CLI_REFERENCE, content=cli))
    for screen in sorted(TUI_SNAPSHOTS.glob("*-120x40.svg")):
        files.append(
            File.generated(
                config,
                f"{TUI_SCREENS}/{screen.name}",
                content=without_web_fonts(screen.read_text(encoding="utf-8")),
            )
        )
    return files


def on_page_markdown(markdown: str, page: Page, **_: Any) -> str:
    if page.file.src_uri == CONFIGURATION_PAGE:
        return fill_settings(markdown)
    return markdown
