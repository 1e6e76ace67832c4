"""`cadenza-web`'s launcher: the shared Reflex launcher on apps/web, port 3000."""

from __future__ import annotations

import sys

import pytest

from cadenza_web.serve import WEB, app_dir, main, web_command


def test_app_dir_holds_the_reflex_config() -> None:
    assert (app_dir() / "rxconfig.py").is_file()
    assert app_dir().name == "web"


def test_command_runs_reflex_in_production_on_port_3000() -> None:
    command = web_command()
    assert command[:3] == [sys.executable, "-m", "reflex"]
    assert command[command.index("--frontend-port") + 1] == "3000"
    assert WEB.default_port == 3000


def test_help_names_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: cadenza-web")
    assert "--api-url" in out
