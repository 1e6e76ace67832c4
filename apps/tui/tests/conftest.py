"""Fixtures of the terminal player's tests: generated audio, a small HTTP server with Range
support, and a real `cadenza up` (embedded defaults, a temp data dir, a free port) holding a
few converted tracks, stopped by its own PID."""

from __future__ import annotations

import asyncio
import io
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import wave
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from uuid import UUID

import av
import httpx
import miniaudio
import msgspec
import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from cadenza_contracts import CadenzaClient
from cadenza_contracts.catalog import Track
from cadenza_contracts.media import Job, JobState, UploadResult
from cadenza_tui.app import CadenzaApp
from cadenza_tui.audio import AudioEngine
from cadenza_tui.screens.home import HomeScreen
from cadenza_tui.screens.login import LoginScreen

BIN_DIR = Path(sys.executable).parent
PASSWORD = "correct horse battery"
RATE = 48_000
TRACK_SECONDS = 20.0


def tone(seconds: float, frequency: float, *, rate: int = RATE) -> np.ndarray:
    """A stereo sine as float32 samples shaped (frames, 2)."""
    t = np.arange(int(seconds * rate), dtype=np.float64) / rate
    left = 0.3 * np.sin(2 * np.pi * frequency * t)
    right = 0.3 * np.sin(2 * np.pi * frequency * 1.5 * t)
    return np.stack([left, right], axis=1).astype(np.float32)


def opus_bytes(seconds: float, frequency: float = 440.0) -> bytes:
    """Ogg Opus (48 kHz stereo, 96 kb/s), encoded with PyAV."""
    samples = tone(seconds, frequency)
    output = io.BytesIO()
    with av.open(output, "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=RATE)
        stream.layout = "stereo"
        stream.format = "flt"
        stream.bit_rate = 96_000
        step = 960
        for start in range(0, len(samples), step):
            block = np.ascontiguousarray(samples[start : start + step])
            frame = av.AudioFrame.from_ndarray(block.reshape(1, -1), format="flt", layout="stereo")
            frame.sample_rate = RATE
            frame.pts = start
            frame.time_base = Fraction(1, RATE)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return output.getvalue()


def wav_bytes(seconds: float, frequency: float) -> bytes:
    """A 16-bit stereo WAV, the kind of file an artist uploads."""
    pcm = (tone(seconds, frequency, rate=44_100) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(44_100)
        writer.writeframes(pcm.tobytes())
    return buffer.getvalue()


# --- a static HTTP server with exact Range answers ------------------------------------------


class MediaServer:
    """Serves `files` (path → bytes) on 127.0.0.1 with byte-range support, as the API does."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                status, start, end = 200, 0, len(body) - 1
                match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range") or "")
                if match:
                    status, start = 206, int(match[1])
                    end = min(int(match[2]) if match[2] else end, len(body) - 1)
                self.send_response(status)
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Content-Type", "audio/ogg")
                self.send_header("Content-Length", str(end - start + 1))
                if status == 206:
                    self.send_header("Content-Range", f"bytes {start}-{end}/{len(body)}")
                self.end_headers()
                self.wfile.write(body[start : end + 1])

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{path}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture(scope="session")
def media_server() -> Iterator[MediaServer]:
    server = MediaServer()
    server.files["/long.opus"] = opus_bytes(20.0, 440.0)
    server.files["/first.opus"] = opus_bytes(1.5, 330.0)
    server.files["/second.opus"] = opus_bytes(1.5, 495.0)
    try:
        yield server
    finally:
        server.close()


# --- a real Cadenza API ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class CadenzaServer:
    """`cadenza up` in its own data dir; `tracks` are the converted uploads by title."""

    base_url: str
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path
    tracks: dict[str, Track] = field(default_factory=dict)

    def cadenza(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN_DIR / "cadenza"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """End the API at once, as a crash or a pulled cable would."""
        self.process.kill()
        self.process.wait()

    def track_ids(self, *titles: str) -> list[UUID]:
        return [self.tracks[title].id for title in titles]

    async def new_user(self) -> tuple[str, str]:
        """A fresh listener account: (username, password)."""
        username = f"listener{secrets.token_hex(4)}"
        async with CadenzaClient(self.base_url) as api:
            await api.register(username, f"{username}@example.com", PASSWORD)
        return username, PASSWORD


def _wait_until_healthy(server: CadenzaServer) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"cadenza exited early:\n{server.log.read_text()}")
        try:
            if httpx.get(f"{server.base_url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"cadenza did not become healthy:\n{server.log.read_text()}")


@contextmanager
def cadenza_up(data_dir: Path) -> Iterator[CadenzaServer]:
    port = free_port()
    env = {
        **os.environ,
        "CADENZA_DATA_DIR": str(data_dir / "data"),
        "CADENZA_PORT": str(port),
        "CADENZA_LOGIN_ATTEMPTS_PER_IP": "10000",
        "CADENZA_LOGIN_ATTEMPTS_PER_ACCOUNT": "10000",
        "CADENZA_ARGON2_TIME_COST": "1",
        "CADENZA_ARGON2_MEMORY_KIB": "1024",
        "CADENZA_ARGON2_PARALLELISM": "1",
    }
    env.pop("CADENZA_DATABASE_URL", None)
    env.pop("CADENZA_REDIS_URL", None)
    log = data_dir / "cadenza.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [str(BIN_DIR / "cadenza"), "up", "--no-web", "--no-admin", "--no-demo"],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = CadenzaServer(base_url=f"http://127.0.0.1:{port}", env=env, process=process, log=log)
    try:
        _wait_until_healthy(server)
        yield server
    finally:
        server.stop()


async def upload_tracks(server: CadenzaServer, uploads: list[dict[str, str]]) -> None:
    """Upload generated WAVs as an admin and wait for their conversions."""
    admin = f"admin{secrets.token_hex(3)}"
    made = server.cadenza(
        *("users", "create", "--username", admin, "--email", f"{admin}@example.com"),
        *("--password", PASSWORD, "--role", "admin"),
    )
    assert made.returncode == 0, made.stderr
    async with CadenzaClient(server.base_url, timeout=60) as api:
        await api.login(admin, PASSWORD)
        jobs: list[UUID] = []
        for number, fields in enumerate(uploads):
            frequency = 330.0 + 55.0 * number
            response = await api.http.post(
                "/api/v1/tracks/upload",
                files={"file": (f"{number}.wav", wav_bytes(TRACK_SECONDS, frequency))},
                data=fields,
                headers={"Authorization": f"Bearer {api.access_token}"},
            )
            assert response.status_code == 201, response.text
            jobs.append(msgspec.json.decode(response.content, type=UploadResult).job_id)
        async with asyncio.timeout(120):
            for job_id in jobs:
                while True:
                    job = await api.request("GET", f"/jobs/{job_id}", Job)
                    if job.state is JobState.COMPLETE:
                        break
                    assert job.state is not JobState.FAILED, job.error
                    await asyncio.sleep(0.2)
        for fields in uploads:
            page = await api.list_tracks(q=fields["title"])
            server.tracks[fields["title"]] = next(
                track for track in page.items if track.title == fields["title"]
            )


CATALOGUE = [
    {
        "title": "Alpha",
        "artistName": "The Testers",
        "albumTitle": "Night Drive",
        "trackNumber": "1",
    },
    {"title": "Beta", "artistName": "The Testers", "albumTitle": "Night Drive", "trackNumber": "2"},
    {
        "title": "Gamma",
        "artistName": "The Testers",
        "albumTitle": "Night Drive",
        "trackNumber": "3",
    },
    {
        "title": "Delta Blues",
        "artistName": "Delta Dawn",
        "albumTitle": "Delta Nights",
        "trackNumber": "1",
    },
]


END_TO_END_FIXTURES = {"cadenza_api", "disposable_api"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that drive the player against a real `cadenza up` are end-to-end (and slow):
    `-m "not e2e"` leaves them out, `just test-e2e` runs them."""
    # pytest passes every collected test to every conftest's hook: mark only this folder's.
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here) and END_TO_END_FIXTURES & set(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def cadenza_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CadenzaServer]:
    """One API for the session, with the `CATALOGUE` tracks converted and ready to stream."""
    with cadenza_up(tmp_path_factory.mktemp("cadenza")) as server:
        asyncio.run(upload_tracks(server, CATALOGUE))
        yield server


@pytest.fixture
def disposable_api(tmp_path: Path) -> Iterator[CadenzaServer]:
    """An API of the test's own, to be killed; one short album on it."""
    with cadenza_up(tmp_path) as server:
        asyncio.run(upload_tracks(server, CATALOGUE[:2]))
        yield server


@pytest.fixture
async def listener(cadenza_api: CadenzaServer) -> tuple[str, str]:
    """A fresh listener account on the session's API: (username, password)."""
    return await cadenza_api.new_user()


# --- driving the app ------------------------------------------------------------------------

WAIT_S = 20.0
TERMINAL = "Test terminal"


@dataclass
class Tui:
    """A `CadenzaApp` under `run_test`, and ways to wait on it."""

    app: CadenzaApp
    pilot: Pilot[None]

    async def until(self, predicate: Callable[[], object], what: str) -> None:
        """Let the app run until `predicate()` holds (a bound on waiting, not a timing check)."""
        deadline = time.monotonic() + WAIT_S
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            await self.pilot.pause(0.05)

    def text(self, selector: str) -> str:
        """What a `Static` shows."""
        return str(self.app.screen.query_one(selector, Static).content)

    async def sign_in(self, username: str, password: str) -> None:
        screen = self.app.screen
        assert isinstance(screen, LoginScreen)
        screen.query_one("#username", Input).value = username
        password_input = screen.query_one("#password", Input)
        password_input.value = password
        password_input.focus()
        await self.pilot.press("enter")
        await self.until(lambda: isinstance(self.app.screen, HomeScreen), "the home screen")
        await self.until(lambda: self.linked, "the device link")

    @property
    def linked(self) -> bool:
        player = self.app.player
        return (
            player is not None
            and player.link is not None
            and player.link.connected
            and player.state is not None
            and any(device.id == player.sync.device_id for device in player.sync.devices)
        )

    @property
    def engine(self) -> AudioEngine:
        assert self.app.engine is not None
        return self.app.engine


OpenTui = Callable[..., AbstractAsyncContextManager[Tui]]


@pytest.fixture
def open_tui(cadenza_api: CadenzaServer, tmp_path: Path) -> OpenTui:
    """`async with open_tui() as tui:` runs the app against the session's API (or `server`)
    with a config file of the test's own, on miniaudio's NULL backend."""

    @asynccontextmanager
    async def open_tui(
        *,
        server: CadenzaServer | None = None,
        server_url: str | None = "",
        size: tuple[int, int] = (120, 40),
        backends: list[miniaudio.Backend] | None = None,
    ) -> AsyncIterator[Tui]:
        url = (server or cadenza_api).base_url if server_url == "" else server_url
        app = CadenzaApp(
            server_url=url,
            config_file=tmp_path / "tui.json",
            audio_backends=backends or [miniaudio.Backend.NULL],
            device_name=TERMINAL,
        )
        async with app.run_test(size=size) as pilot:
            yield Tui(app, pilot)

    return open_tui


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config dir (XDG_CONFIG_HOME), empty and private to the test."""
    home = tmp_path / "config-home"
    home.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home / "cadenza"
