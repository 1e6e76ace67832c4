"""`cadenza-admin`'s launcher: the shared Reflex launcher on apps/admin, port 3001."""

from __future__ import annotations

import pytest

from cadenza_admin.serve import ADMIN, main


def test_app_dir_holds_the_reflex_config() -> None:
    folder = ADMIN.app_dir()
    assert (folder / "rxconfig.py").is_file()
    assert folder.name == "admin"
    assert ADMIN.default_port == 3001


def test_help_names_the_command_and_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: cadenza-admin")
    for option in ("--port", "--host", "--api-url"):
        assert option in out


def test_a_bad_port_is_refused_with_a_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--port", "many"])
    assert exit_info.value.code == 2
    assert "invalid int value: 'many'" in capsys.readouterr().err
