"""`cadenza-tokens build [--check]`: exit codes and messages, on temporary copies."""

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cadenza_tokens.build import GENERATED_DIR
from cadenza_tokens.cli import main
from cadenza_tokens.loader import SOURCE
from cadenza_tokens.values import srgb_components

# A parsed tokens.json, edited freely by the tests.
Document = dict[str, Any]
GENERATED = ["cadenza.tcss", "textual_theme.py", "theme.py", "tokens.css"]
Edit = Callable[[Callable[[Document], None]], None]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of tokens.json and the generated files, as the repository holds them."""
    shutil.copy(SOURCE, tmp_path / "tokens.json")
    (tmp_path / "generated").mkdir()
    for name in GENERATED:
        shutil.copy(GENERATED_DIR / name, tmp_path / "generated" / name)
    return tmp_path


@pytest.fixture
def edit(copy: Path) -> Edit:
    """Change the copied tokens.json through a function of its parsed document."""

    def apply(change: Callable[[Document], None]) -> None:
        source = copy / "tokens.json"
        document = json.loads(source.read_text())
        change(document)
        source.write_text(json.dumps(document, indent=2))

    return apply


def args(copy: Path, *extra: str) -> list[str]:
    return [
        "build",
        *extra,
        "--tokens",
        str(copy / "tokens.json"),
        "--output",
        str(copy / "generated"),
    ]


def snapshot(copy: Path) -> dict[str, bytes]:
    return {name: (copy / "generated" / name).read_bytes() for name in GENERATED}


def new_brand_green(document: Document) -> None:
    document["color"]["green"]["500"]["$value"] = {
        "colorSpace": "srgb",
        "components": srgb_components("#1ed760"),
    }


def wider_spacing(document: Document) -> None:
    document["spacing"]["4"]["$value"] = {"value": 20, "unit": "px"}


def test_check_passes_on_an_untouched_copy(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args(copy, "--check")) == 0
    assert "Generated files are up to date." in capsys.readouterr().out


def test_check_fails_listing_every_file_a_palette_change_touches(
    copy: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(copy)
    edit(new_brand_green)

    assert main(args(copy, "--check")) == 1

    out = capsys.readouterr().out
    assert "run `cadenza-tokens build`" in out
    listed = sorted(Path(line.strip()).name for line in out.splitlines()[1:])
    assert listed == GENERATED
    assert snapshot(copy) == before, "--check must write nothing"


def test_check_lists_only_the_files_that_would_change(
    copy: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(wider_spacing)

    assert main(args(copy, "--check")) == 1

    listed = sorted(Path(line.strip()).name for line in capsys.readouterr().out.splitlines()[1:])
    assert listed == ["theme.py", "tokens.css"]


def test_build_rewrites_the_drifted_files_then_check_passes(
    copy: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(wider_spacing)

    assert main(args(copy)) == 0
    wrote = capsys.readouterr().out.splitlines()
    assert sorted(Path(line.removeprefix("Wrote ")).name for line in wrote) == [
        "theme.py",
        "tokens.css",
    ]
    assert "--cz-spacing-4: 20px;" in (copy / "generated" / "tokens.css").read_text()

    assert main(args(copy, "--check")) == 0
    assert main(args(copy)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Generated files are up to date."


def test_build_creates_a_missing_output_directory(copy: Path) -> None:
    shutil.rmtree(copy / "generated")

    assert main(args(copy)) == 0
    assert snapshot(copy) == {name: (GENERATED_DIR / name).read_bytes() for name in GENERATED}


@pytest.mark.parametrize("extra", [(), ("--check",)])
def test_invalid_tokens_exit_2_with_a_sentence(
    copy: Path, edit: Edit, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...]
) -> None:
    before = snapshot(copy)

    def break_alias(document: Document) -> None:
        document["color"]["semantic"]["dark"]["text"]["$value"] = "{color.whiet}"

    edit(break_alias)

    assert main(args(copy, *extra)) == 2

    err = capsys.readouterr().err
    assert err.startswith("cadenza-tokens: color.semantic.dark.text refers to {color.whiet}")
    assert "Did you mean {color.white}?" in err
    assert snapshot(copy) == before


def test_a_missing_tokens_file_exits_2(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (copy / "tokens.json").unlink()

    assert main(args(copy)) == 2
    assert "cadenza-tokens: cannot read" in capsys.readouterr().err


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([])

    assert exit_.value.code == 2
    assert "usage: cadenza-tokens" in capsys.readouterr().err


def test_the_installed_command_exits_1_on_a_drifted_copy(copy: Path, edit: Edit) -> None:
    edit(new_brand_green)
    command = Path(sys.executable).with_name("cadenza-tokens")

    result = subprocess.run(
        [str(command), *args(copy, "--check")], capture_output=True, text=True, check=False
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "tokens.css" in result.stdout
