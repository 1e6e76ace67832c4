"""Every `CADENZA_*` setting the code reads is documented in the README and the docs site."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "apps/api/src/cadenza_api/settings.py"
READERS = {"_env", "_env_int", "_env_bool", "_env_list"}


def settings_read_by_code() -> set[str]:
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


def test_readme_documents_every_setting() -> None:
    assert settings_read_by_code() - documented_in(ROOT / "README.md") == set()


def test_docs_site_documents_every_setting() -> None:
    page = ROOT / "apps/docs/docs/configuration.md"
    assert settings_read_by_code() - documented_in(page) == set()
