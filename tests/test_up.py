"""`cadenza up` as a user runs it: the API, the web player and, on first run, the demo
catalogue and logins; Ctrl-C then stops every process it started."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest

from tests.browser import BIN_DIR, WEB_BUILD_TIMEOUT, free_port

CADENZA = str(BIN_DIR / "cadenza")


def process_group(pgid: int) -> list[int]:
    """The live processes of process group `pgid`, read from /proc."""
    members: list[int] = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            # Fields after the command (which may hold spaces): state, ppid, pgrp, ...
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[2]) == pgid:
                members.append(int(stat.parent.name))
    return members


def up_env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CADENZA_")}
    env.update(
        {
            "CADENZA_DATA_DIR": str(tmp_path / "data"),
            "CADENZA_ARGON2_TIME_COST": "1",
            "CADENZA_ARGON2_MEMORY_KIB": "1024",
            "CADENZA_ARGON2_PARALLELISM": "1",
            # The frontend builds (and Reflex's uploads) go to this test's own folders.
            "REFLEX_WEB_WORKDIR": str(tmp_path / "build"),
            "REFLEX_UPLOADED_FILES_DIR": str(tmp_path / "uploads"),
        }
    )
    return env


@contextmanager
def started(
    command: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` in a session of its own, interrupted (and at last killed) if still running
    when the test ends."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for_output(process: subprocess.Popen[bytes], log: Path, text: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        output = log.read_text(errors="replace")
        if text in output:
            return output
        if process.poll() is not None:
            raise AssertionError(f"cadenza up exited ({process.returncode}):\n{output}")
        time.sleep(0.5)
    raise AssertionError(f"no {text!r} from cadenza up in time:\n{log.read_text()}")


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.timeout(WEB_BUILD_TIMEOUT + 300)
def test_up_serves_api_web_and_demo_then_ctrl_c_stops_everything(tmp_path: Path) -> None:
    api_port, web_port = free_port(), free_port()
    api_url, web_url = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{web_port}"
    log = tmp_path / "up.log"
    command = [CADENZA, "up", "--api-port", str(api_port), "--web-port", str(web_port)]
    with started([*command, "--no-admin"], up_env(tmp_path), log) as up:
        output = wait_for_output(up, log, "Cadenza is running", WEB_BUILD_TIMEOUT + 120)
        web = re.search(r"Building the web player \(.*?pid (\d+)", output)
        assert web is not None, output
        web_pid = int(web[1])
        assert process_group(web_pid), "the web player runs in a process group of its own"
        assert f"Web player ready: {web_url}" in output
        assert f"API ready: {api_url}" in output
        demo = re.search(r"^\s+demo\s+(\S+)\s+listener$", output, re.MULTILINE)
        admin = re.search(r"^\s+admin\s+(\S+)\s+admin$", output, re.MULTILINE)
        assert demo is not None, output
        assert admin is not None, output

        assert httpx.get(f"{api_url}/api/v1/health", timeout=10).status_code == 200
        page = httpx.get(f"{web_url}/", timeout=10)
        assert page.status_code == 200
        assert "<html" in page.text.lower()
        # Browsers call the API from the web player's origin: CORS allows it.
        preflight = httpx.options(
            f"{api_url}/api/v1/auth/login",
            headers={
                "Origin": f"http://localhost:{web_port}",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
            timeout=10,
        )
        assert preflight.headers.get("access-control-allow-origin") == (
            f"http://localhost:{web_port}"
        )
        login = httpx.post(
            f"{api_url}/api/v1/auth/login",
            json={"username": "demo", "password": demo[1]},
            timeout=10,
        )
        assert login.status_code == 200, login.text
        tracks = httpx.get(
            f"{api_url}/api/v1/tracks",
            headers={"Authorization": f"Bearer {login.json()['accessToken']}"},
            timeout=10,
        )
        assert tracks.status_code == 200, tracks.text
        assert tracks.json()["total"] == 12

        up.send_signal(signal.SIGINT)
        assert up.wait(timeout=60) == 0, log.read_text()
        leftovers = process_group(web_pid)
        for pid in leftovers:
            os.kill(pid, signal.SIGKILL)

    assert leftovers == [], "processes of the web player outlived cadenza up"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{api_url}/api/v1/health", timeout=5)


def test_up_refuses_one_port_for_two_servers(tmp_path: Path) -> None:
    port = str(free_port())
    result = subprocess.run(
        [CADENZA, "up", "--api-port", port, "--web-port", port, "--no-admin"],
        env=up_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "need different ports" in result.stderr
