"""The documentation site is self-contained: built as CI builds it, no page loads anything from
another host, the Mermaid diagrams render from the site's own pinned copy in a browser that
refuses every off-site request, and a Mermaid that cannot be had fails the build instead of
leaving the diagrams to a CDN."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import PluginError
from playwright.sync_api import Route, expect

from tests.browser import BIN_DIR, chromium, free_port, open_tab

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "apps/docs/mkdocs.yml"
HOOKS = ROOT / "apps/docs/hooks"
TEXT_SUFFIXES = {".html", ".js", ".css", ".svg", ".json", ".xml", ".txt", ".map"}
CDN_URL = re.compile(
    r"https?://(?:[\w-]+\.)*(?:unpkg\.com|jsdelivr\.net|googleapis\.com|gstatic\.com"
    r"|[\w-]*cdn[\w-]*\.[\w.-]+)[^\s\"'`)\\]*"
)
# mkdocs-material's bundle names two fallbacks it fetches only when the page lacks them: the
# global `mermaid` (which the site provides) and `ResizeObserver` (which every current browser
# has). Any other CDN address in the theme is new and fails the test.
THEME_FALLBACKS = {
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
    "https://unpkg.com/resize-observer-polyfill",
}
# Material draws each diagram into a closed shadow root; opened, the test can see the <svg>.
OPEN_SHADOW_ROOTS = """
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attachShadow.call(this, { ...init, mode: "open" });
};
"""

pytestmark = [pytest.mark.slow]


def load_mermaid_hook() -> ModuleType:
    """The Mermaid hook, loaded from its file as mkdocs loads it."""
    spec = importlib.util.spec_from_file_location("mermaid_local", HOOKS / "mermaid_local.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mermaid_local"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mermaid_hook() -> ModuleType:
    return load_mermaid_hook()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built strictly as CI builds it."""
    directory = tmp_path_factory.mktemp("site")
    command = [str(BIN_DIR / "mkdocs"), "build", "--strict", "--config-file", str(CONFIG)]
    built = subprocess.run(
        [*command, "--site-dir", str(directory)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-5000:]
    return directory


class _AssetAddresses(HTMLParser):
    """The addresses an HTML page makes the browser fetch by itself (not its links)."""

    FETCHED = {"script": "src", "img": "src", "source": "src", "iframe": "src", "link": "href"}

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = self.FETCHED.get(tag)
        for name, value in attrs:
            if value and (name == wanted or name == "srcset"):
                self.addresses.append(value)


def asset_addresses(page: Path) -> list[str]:
    parser = _AssetAddresses()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.addresses


def cdn_urls(site: Path) -> dict[str, set[str]]:
    """Every CDN address written in the site's text files, by file."""
    found: dict[str, set[str]] = {}
    for path in sorted(site.rglob("*")):
        if path.suffix in TEXT_SUFFIXES and path.is_file():
            urls = set(CDN_URL.findall(path.read_text(encoding="utf-8", errors="replace")))
            if urls:
                found[path.relative_to(site).as_posix()] = urls
    return found


def test_no_page_loads_anything_from_another_host(site: Path, mermaid_hook: ModuleType) -> None:
    off_site = {
        f"{page.relative_to(site)}: {address}"
        for page in site.rglob("*.html")
        for address in asset_addresses(page)
        if urlsplit(address).netloc
    }
    assert off_site == set()

    found = cdn_urls(site)
    theme = {
        name: urls for name, urls in found.items() if re.search(r"/bundle\.\w+\.min\.js", name)
    }
    assert {name: urls for name, urls in found.items() if name not in theme} == {}
    assert theme, "the theme's bundle names no fallback any more: update THEME_FALLBACKS"
    for urls in theme.values():
        assert urls <= THEME_FALLBACKS
    # The theme asks for the same major version of Mermaid as the one the site serves.
    major = mermaid_hook.MERMAID_VERSION.split(".")[0]
    assert f"https://unpkg.com/mermaid@{major}/dist/mermaid.min.js" in THEME_FALLBACKS


def test_pages_with_a_diagram_load_the_pinned_mermaid(site: Path, mermaid_hook: ModuleType) -> None:
    script = site / mermaid_hook.SCRIPT_URI
    assert hashlib.sha256(script.read_bytes()).hexdigest() == mermaid_hook.MERMAID_SHA256
    assert "MIT License" in (site / mermaid_hook.LICENSE_URI).read_text(encoding="utf-8")
    tag = f'<script src="../{mermaid_hook.SCRIPT_URI}"></script>'
    architecture = (site / "architecture/index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid">' in architecture
    assert tag in architecture
    # Only the pages with a diagram pay for the 3.5 MB script.
    assert "mermaid-" not in (site / "getting-started/index.html").read_text(encoding="utf-8")


@contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """`directory` over HTTP on a free local port, in a thread of this process."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(
        ("127.0.0.1", free_port()), partial(Quiet, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.e2e
def test_diagrams_render_with_every_off_site_request_refused(
    site: Path, require_service: Callable[[str], None]
) -> None:
    require_service("browser")
    diagrams = (
        (site / "architecture/index.html")
        .read_text(encoding="utf-8")
        .count('<pre class="mermaid">')
    )
    assert diagrams >= 2
    refused: list[str] = []

    def local_only(route: Route) -> None:
        if urlsplit(route.request.url).hostname in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    with static_server(site) as url, chromium() as browser, open_tab(browser, url) as tab:
        tab.page.route("**/*", local_only)
        tab.page.add_init_script(OPEN_SHADOW_ROOTS)
        tab.open("/architecture/")
        # Material swaps each <pre class="mermaid"> for a <div> once Mermaid has drawn it.
        drawn = tab.page.locator("div.mermaid svg[id^='__mermaid_']")
        expect(drawn).to_have_count(diagrams, timeout=30_000)
        expect(tab.page.locator("pre.mermaid")).to_have_count(0)
        expect(drawn.first).to_contain_text("Litestar API, cadenza CLI, worker")
        tab.open("/")
        expect(tab.page.locator("h1").first).to_be_visible()
    assert refused == []


def test_a_mermaid_the_registry_does_not_give_fails_the_build(
    mermaid_hook: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert issubclass(mermaid_hook.MermaidUnavailable, PluginError)  # mkdocs aborts the build
    cache = tmp_path / "cache"
    cache.mkdir()
    script = cache / Path(mermaid_hook.SCRIPT_URI).name
    # A cached copy that is not the pinned file is never served: it is fetched again.
    script.write_text("globalThis.mermaid = {};", encoding="utf-8")
    (cache / Path(mermaid_hook.LICENSE_URI).name).write_text("MIT", encoding="utf-8")
    monkeypatch.setenv("npm_config_registry", f"http://127.0.0.1:{free_port()}/")
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    with pytest.raises(mermaid_hook.MermaidUnavailable, match="npm pack mermaid@"):
        mermaid_hook.mermaid_files(cache)
