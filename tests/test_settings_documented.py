"""Every `CADENZA_*` setting the code reads is declared in `settings.VARIABLES` (which the docs
site renders as its configuration reference) and named in the README."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from cadenza_api.settings import VARIABLES

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "apps/api/src/cadenza_api/settings.py"
READERS = {"_env", "_env_str", "_env_int", "_env_bool", "_env_list"}


def settings_read_by_code() -> set[str]:
    """The names passed to the readers in settings.py, found in its source."""
    names = set()
    for node in ast.walk(ast.parse(SETTINGS.read_text())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in READERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(f"CADENZA_{node.args[0].value}")
    return names


def declared() -> set[str]:
    return {variable.env_name for variable in VARIABLES}


def documented_in(path: Path) -> set[str]:
    text = path.read_text()
    names = set(re.findall(r"CADENZA_[A-Z0-9_]+", text))
    # "CADENZA_ARGON2_TIME_COST / `_MEMORY_KIB`" style rows name siblings by suffix.
    for prefix, suffixes in re.findall(
        r"(CADENZA_[A-Z0-9]+)_[A-Z0-9_]+`((?: / `_[A-Z0-9_]+`)+)", text
    ):
        names.update(prefix + suffix for suffix in re.findall(r"_[A-Z0-9_]+", suffixes))
    return names


def test_the_code_reads_the_settings_we_expect() -> None:
    names = settings_read_by_code()
    assert {"CADENZA_DATABASE_URL", "CADENZA_CORS_ORIGINS", "CADENZA_STORAGE_URL"} <= names


def test_every_setting_read_is_declared_and_every_declared_one_is_read() -> None:
    assert settings_read_by_code() == declared()
    assert len(VARIABLES) == len(declared()), "a variable is declared twice"


def test_every_declaration_says_what_it_does() -> None:
    undescribed = [variable.name for variable in VARIABLES if len(variable.description) < 20]
    assert undescribed == []
    # A derived default must say how it is derived; a fixed one is shown as it is.
    both = [v.name for v in VARIABLES if v.default is not None and v.shown_default is not None]
    assert both == []


def test_readme_documents_every_setting() -> None:
    assert declared() - documented_in(ROOT / "README.md") == set()
