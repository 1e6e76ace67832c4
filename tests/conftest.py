"""Cross-app fixtures: real `cadenza` processes on free ports, stopped by their own PIDs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

BIN_DIR = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class RunningApi:
    base_url: str
    env: dict[str, str]
    log: Path

    def cadenza(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the `cadenza` CLI against this server's settings."""
        return subprocess.run(
            [str(BIN_DIR / "cadenza"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"cadenza exited early:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"cadenza did not become healthy:\n{log.read_text()}")


@pytest.fixture
def running_api(tmp_path: Path) -> Iterator[RunningApi]:
    """`cadenza up` on embedded defaults in a fresh data dir, as a user would start it."""
    port = free_port()
    env = {
        **os.environ,
        "CADENZA_DATA_DIR": str(tmp_path / "data"),
        "CADENZA_PORT": str(port),
    }
    env.pop("CADENZA_DATABASE_URL", None)
    log = tmp_path / "cadenza.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [str(BIN_DIR / "cadenza"), "up"], env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base_url, process, log)
        yield RunningApi(base_url=base_url, env=env, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
