"""Helpers shared by the browser tests: processes on free ports, Debian's Chromium driven by
Playwright, and a tab whose console must stay free of errors."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx
from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize, sync_playwright

T = TypeVar("T")

BIN_DIR = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--autoplay-policy=no-user-gesture-required",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
MOBILE: ViewportSize = {"width": 390, "height": 844}
AUDIO = "document.getElementById('cz-audio')"
# A cold frontend build installs npm packages first: allow for a slow registry.
WEB_BUILD_TIMEOUT = 420


def run_async(coroutine: Coroutine[object, object, T]) -> T:
    """Run a coroutine to completion from sync code, even while Playwright's sync API holds
    an event loop in this thread."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, coroutine).result()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_http(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float, what: str
) -> None:
    """Wait until `url` answers 200, failing with the log's tail if `process` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited early:\n{log.read_text()[-5000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not answer within {timeout:.0f} s:\n{log.read_text()[-5000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process we started (and, as a last resort, its own process group)."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, allowed to play audio without a user gesture."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Tab:
    page: Page
    web_url: str
    console_errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(f"{self.web_url}{path}")

    def audio(self, expression: str) -> object:
        """`expression` evaluated on the player's <audio> element (None without one)."""
        return self.page.evaluate(
            f"(() => {{ const a = {AUDIO}; return a ? a.{expression} : null; }})()"
        )


@contextmanager
def open_tab(browser: Browser, web_url: str, viewport: ViewportSize = DESKTOP) -> Iterator[Tab]:
    """A fresh browser context (its own cookies, so its own session) whose console must stay
    free of errors until it closes."""
    context = browser.new_context(viewport=viewport, color_scheme="dark")
    page = context.new_page()
    opened = Tab(page=page, web_url=web_url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            opened.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: opened.console_errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()
    assert opened.console_errors == []
