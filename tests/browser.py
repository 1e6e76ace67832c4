"""Helpers shared by the browser tests: processes on free ports, Debian's Chromium driven by
Playwright, and a tab whose console must stay free of errors."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    ViewportSize,
    expect,
    sync_playwright,
)

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
EXPECT_TIMEOUT_MS = 15_000
"""How long a browser expectation may take to come true: Playwright's 5 s default is too
tight on a shared two-core machine running the API, a Reflex backend and Chromium at once."""

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


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


@dataclass
class AppStack:
    """`cadenza up` (the API alone, embedded defaults, no demo) and one Reflex app built into a
    folder of its own, both on free ports."""

    api_url: str
    app_url: str
    api_env: dict[str, str]
    artifacts: Path
    copies: Path | None

    def create_user(self, username: str, role: str, password: str) -> None:
        """An account made with `cadenza users create`, as an operator would."""
        created = subprocess.run(
            [
                *(str(BIN_DIR / "cadenza"), "users", "create", "--username", username),
                *("--email", f"{username}@example.com", "--password", password, "--role", role),
            ],
            env=self.api_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert created.returncode == 0, created.stderr

    def save_screenshot(self, page: Page, name: str) -> None:
        """`name`.png among the artefacts (and in $CADENZA_ARTIFACTS_DIR when set)."""
        self.artifacts.mkdir(parents=True, exist_ok=True)
        path = self.artifacts / f"{name}.png"
        page.screenshot(path=path)
        if self.copies is not None:
            self.copies.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, self.copies / path.name)


@contextmanager
def app_stack(
    root: Path,
    app_command: str,
    *,
    api_settings: Mapping[str, str] | None = None,
    seed: Callable[[AppStack], None] | None = None,
) -> Iterator[AppStack]:
    """Start the API, `seed` it, then start `app_command` (`cadenza-web`, `cadenza-admin`)
    against it; stop both, by their own PIDs, on the way out."""
    api_port, app_port = free_port(), free_port()
    api_url = f"http://127.0.0.1:{api_port}"
    app_url = f"http://127.0.0.1:{app_port}"
    api_env = {
        **os.environ,
        "CADENZA_DATA_DIR": str(root / "data"),
        "CADENZA_PORT": str(api_port),
        "CADENZA_CORS_ORIGINS": f"{app_url},http://localhost:{app_port}",
        "CADENZA_LOGIN_ATTEMPTS_PER_IP": "10000",
        **(api_settings or {}),
    }
    for name in ("CADENZA_DATABASE_URL", "CADENZA_REDIS_URL", "CADENZA_STORAGE_URL"):
        api_env.pop(name, None)
    copies = os.environ.get("CADENZA_ARTIFACTS_DIR")
    stack = AppStack(
        api_url=api_url,
        app_url=app_url,
        api_env=api_env,
        artifacts=root / "artifacts",
        copies=Path(copies) if copies else None,
    )
    processes: list[subprocess.Popen[bytes]] = []
    try:
        api_log = root / "api.log"
        with api_log.open("wb") as log_file:
            api = subprocess.Popen(
                [str(BIN_DIR / "cadenza"), "up", "--no-web", "--no-admin", "--no-demo"],
                env=api_env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        processes.append(api)
        wait_for_http(f"{api_url}/api/v1/health", api, api_log, 60, "cadenza up")
        if seed is not None:
            seed(stack)

        app_log = root / "app.log"
        # The build and Reflex's upload folder go to this run's own folder, never the checkout.
        app_env = {
            **os.environ,
            "REFLEX_WEB_WORKDIR": str(root / "build"),
            "REFLEX_UPLOADED_FILES_DIR": str(root / "uploaded_files"),
        }
        with app_log.open("wb") as log_file:
            app = subprocess.Popen(
                [str(BIN_DIR / app_command), "--port", str(app_port), "--api-url", api_url],
                env=app_env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        processes.append(app)
        wait_for_http(f"{app_url}/ping", app, app_log, WEB_BUILD_TIMEOUT, app_command)
        wait_for_http(f"{app_url}/", app, app_log, 30, app_command)
        yield stack
    finally:
        for process in reversed(processes):
            stop(process)
