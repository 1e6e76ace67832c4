"""The tour's screenshots: `cadenza up` with the demo catalogue in a temporary folder, the web
player and the admin driven by Debian's Chromium, pictures saved to docs/assets/screenshots/.

Run from the workspace root: `uv run python apps/docs/screenshots.py` (a cold run builds both
frontends first: a few minutes)."""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PIL import Image
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright
from websockets.asyncio.client import ClientConnection, connect

from cadenza_contracts import CadenzaClient
from cadenza_contracts.playback import DeviceKind
from cadenza_contracts.sync import PlayerSync

SCREENSHOTS = Path(__file__).parent / "docs" / "assets" / "screenshots"
CADENZA = str(Path(sys.executable).parent / "cadenza")
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
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
AUDIO = "document.getElementById('cz-audio')"
# A cold start builds both frontends (npm packages included) and converts the demo catalogue.
START_TIMEOUT = 900
MAX_BYTES = 250_000
ALBUM = "Harbour Lights"
TRACK = "Lantern Row"
# Word starts: an artist, two albums and two songs match.
SEARCH_QUERY = "l"
TERMINAL_NAME = "Terminal on laptop"
PING_SECONDS = 5.0
UI_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Cadenza:
    """A running `cadenza up`: where its parts answer and the demo passwords it printed."""

    api_url: str
    web_url: str
    admin_url: str
    passwords: dict[str, str]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def up_env(folder: Path) -> dict[str, str]:
    """This machine's environment minus its Cadenza settings: embedded defaults in `folder`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CADENZA_")}
    env.update(
        {
            "CADENZA_DATA_DIR": str(folder / "data"),
            "REFLEX_WEB_WORKDIR": str(folder / "build"),
            "REFLEX_UPLOADED_FILES_DIR": str(folder / "uploads"),
        }
    )
    return env


def wait_for_lines(process: subprocess.Popen[bytes], log: Path, *texts: str) -> str:
    """`cadenza up`'s output once it holds every one of `texts`."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        output = log.read_text(errors="replace")
        if all(text in output for text in texts):
            return output
        if process.poll() is not None:
            raise SystemExit(f"cadenza up exited ({process.returncode}):\n{output[-5000:]}")
        time.sleep(1)
    raise SystemExit(f"cadenza up did not get ready in time:\n{log.read_text()[-5000:]}")


def demo_passwords(output: str) -> dict[str, str]:
    found = re.findall(r"^\s+(\w+)\s+(\S+)\s+(?:listener|artist|admin)$", output, re.MULTILINE)
    return dict(found)


@contextmanager
def cadenza_up(folder: Path) -> Iterator[Cadenza]:
    """`cadenza up` on free ports with the demo catalogue, converted; interrupted at the end
    (Ctrl-C stops every process it started), killed as a last resort."""
    api_port, web_port, admin_port = free_port(), free_port(), free_port()
    command = [CADENZA, "up", "--api-port", str(api_port)]
    command += ["--web-port", str(web_port), "--admin-port", str(admin_port)]
    log = folder / "up.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            env=up_env(folder),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    print(f"Started cadenza up (pid {process.pid}, log {log}); waiting for it…")
    try:
        lines = wait_for_lines(
            process, log, "Cadenza is running", "The demo catalogue is converted"
        )
        yield Cadenza(
            api_url=f"http://127.0.0.1:{api_port}",
            web_url=f"http://127.0.0.1:{web_port}",
            admin_url=f"http://127.0.0.1:{admin_port}",
            passwords=demo_passwords(lines),
        )
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


class TerminalDevice:
    """A terminal player of the demo listener, online over the playback socket (as the
    terminal player would be) so that the web player's devices menu lists it."""

    def __init__(self, api_url: str, username: str, password: str) -> None:
        self.api_url = api_url
        self.username = username
        self.password = password
        self.online = threading.Event()
        self.stopping = threading.Event()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self.run, daemon=True)

    def __enter__(self) -> TerminalDevice:
        self.thread.start()
        self.online.wait(timeout=30)
        if self.failure is not None or not self.online.is_set():
            raise SystemExit(f"The terminal device did not come online: {self.failure}")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stopping.set()
        self.thread.join(timeout=30)

    def run(self) -> None:
        try:
            asyncio.run(self.stay_online())
        except Exception as error:
            self.failure = error
            self.online.set()

    async def stay_online(self) -> None:
        async with CadenzaClient(self.api_url) as api:
            await api.login(self.username, self.password)
            async with connect(await api.ws_url()) as sock:
                sync = PlayerSync("docs-terminal", TERMINAL_NAME, DeviceKind.TUI)
                await sock.recv()
                await sock.send(sync.hello())
                drain = asyncio.create_task(self.drain(sock))
                self.online.set()
                while not await asyncio.to_thread(self.stopping.wait, PING_SECONDS):
                    await sock.send(sync.ping())
                drain.cancel()
                with suppress(asyncio.CancelledError):
                    await drain

    @staticmethod
    async def drain(sock: ClientConnection) -> None:
        """Read (and drop) what the API sends, so that its frames never pile up."""
        async for _frame in sock:
            pass


def save(page: Page, name: str) -> Path:
    """The page as an optimised PNG, or as a JPEG when the PNG is over MAX_BYTES and the JPEG
    much smaller; a stale file of the other format goes."""
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    png = io.BytesIO()
    image.save(png, "PNG", optimize=True)
    chosen, suffix = png, ".png"
    if png.tell() > MAX_BYTES:
        jpeg = io.BytesIO()
        image.save(jpeg, "JPEG", quality=85, optimize=True)
        if jpeg.tell() < png.tell() / 2:
            chosen, suffix = jpeg, ".jpg"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}{suffix}"
    path.write_bytes(chosen.getvalue())
    for stale in SCREENSHOTS.glob(f"{name}.*"):
        if stale != path:
            stale.unlink()
    print(f"Saved {path} ({len(chosen.getvalue()) // 1000} KB)")
    return path


def sign_in(page: Page, url: str, username: str, password: str, home: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=home, level=1)).to_be_visible()


def nav(page: Page, link: str, heading: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()


def settle(page: Page) -> None:
    """Wait until nothing on the page says it is loading and fonts and images are in."""
    expect(page.get_by_role("status").filter(has_text="Loading")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")


def web_player(browser: Browser, cadenza: Cadenza) -> None:
    """Album page while playing, home, search results, the devices menu with a terminal."""
    password = cadenza.passwords["demo"]
    context = browser.new_context(viewport=VIEWPORT, color_scheme="dark")
    page = context.new_page()
    try:
        sign_in(page, cadenza.web_url, "demo", password, "Home")
        page.get_by_role("list", name="Recently added albums").get_by_role(
            "link", name=ALBUM
        ).click()
        expect(page.get_by_role("heading", name=ALBUM, level=1)).to_be_visible()
        page.get_by_role("button", name=f"Play {TRACK}").click()
        page.wait_for_function(f"{AUDIO} && !{AUDIO}.paused && {AUDIO}.currentTime > 6")
        settle(page)
        save(page, "web-album")

        # A play enters the history once half the track was heard and the player moves on.
        page.wait_for_function(f"{AUDIO}.currentTime > {AUDIO}.duration / 2 + 1")
        player = page.get_by_role("region", name="Player")
        player.get_by_role("button", name="Next", exact=True).click()
        expect(player).not_to_contain_text(TRACK)
        page.wait_for_function(f"!{AUDIO}.paused && {AUDIO}.currentTime > 3")
        nav(page, "Home", "Home")
        expect(page.get_by_role("list", name="Recently played")).to_contain_text(TRACK)
        settle(page)
        save(page, "web-home")

        nav(page, "Search", "Search")
        page.get_by_role("searchbox", name="Search").fill(SEARCH_QUERY)
        for group in ("Songs", "Albums", "Artists"):
            expect(page.get_by_role("heading", name=group)).to_be_visible()
        settle(page)
        save(page, "web-search")

        with TerminalDevice(cadenza.api_url, "demo", password):
            page.get_by_role("region", name="Player").get_by_role("button", name="Devices").click()
            devices = page.get_by_role("complementary", name="Devices")
            expect(devices.get_by_role("list", name="Your devices")).to_contain_text(TERMINAL_NAME)
            settle(page)
            save(page, "web-devices")
    finally:
        context.close()


def admin(browser: Browser, cadenza: Cadenza) -> None:
    """The dashboard, the tracks table, uploads and jobs."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="dark")
    page = context.new_page()
    try:
        sign_in(page, cadenza.admin_url, "admin", cadenza.passwords["admin"], "Dashboard")
        expect(page.get_by_text("Signed in as admin · updated")).to_be_visible()
        settle(page)
        save(page, "admin-dashboard")

        nav(page, "Tracks", "Tracks")
        expect(page.get_by_role("table")).to_contain_text(TRACK)
        settle(page)
        save(page, "admin-tracks")

        nav(page, "Uploads & jobs", "Uploads and jobs")
        expect(page.get_by_role("table")).to_contain_text("complete")
        settle(page)
        save(page, "admin-jobs")
    finally:
        context.close()


def main() -> None:
    expect.set_options(timeout=UI_TIMEOUT_MS)
    with (
        tempfile.TemporaryDirectory(prefix="cadenza-screenshots-") as folder,
        cadenza_up(Path(folder)) as cadenza,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            web_player(browser, cadenza)
            admin(browser, cadenza)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
