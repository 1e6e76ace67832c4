"""The documentation's generated reference pages (apps/docs/hooks) cover the code: every
`CADENZA_*` variable on the configuration page, every API route on the API page and every
`cadenza` command on the CLI page."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
import typer
from litestar import Litestar

from cadenza_api.cli import app as cadenza_cli
from cadenza_api.settings import VARIABLES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "apps/docs/docs"
HOOKS = ROOT / "apps/docs/hooks"


def hook_module(name: str) -> ModuleType:
    """A module of the docs hooks, loaded from its file as mkdocs loads the hook."""
    spec = importlib.util.spec_from_file_location(name, HOOKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def api_reference() -> ModuleType:
    return hook_module("reference_api")


@pytest.fixture(scope="module")
def api_app(api_reference: ModuleType) -> Litestar:
    app: Litestar = api_reference.build_app()
    return app


def test_the_configuration_page_has_a_row_for_every_variable() -> None:
    settings_reference = hook_module("reference_settings")
    page = settings_reference.fill_settings((DOCS / "configuration.md").read_text())
    rows = {
        match[1]: match[2] for match in re.finditer(r"^\| `(CADENZA_\w+)` \| (.*?) \|", page, re.M)
    }
    assert {variable.env_name for variable in VARIABLES} <= set(rows)
    for variable in VARIABLES:
        if variable.default is not None:
            assert rows[variable.env_name] == f"`{variable.default}`"
    assert "<!-- cadenza:settings" not in page


def test_a_settings_group_missing_from_the_page_fails_the_build() -> None:
    settings_reference = hook_module("reference_settings")
    page = (DOCS / "configuration.md").read_text()
    without_redis = page.replace("<!-- cadenza:settings Redis -->", "")
    with pytest.raises(ValueError, match="Redis"):
        settings_reference.fill_settings(without_redis)


def test_the_api_page_lists_every_route(api_reference: ModuleType, api_app: Litestar) -> None:
    page: str = api_reference.render_api_reference(api_app)
    routes = api_reference.api_routes(api_app)
    assert ("POST", "/api/v1/tracks/upload") in routes
    assert ("GET", "/api/v1/tracks/{track_id}/stream") in routes
    missing = sorted(
        f"{method} {path}" for method, path in routes if f"`{method} {path}`" not in page
    )
    assert missing == []
    assert "`UploadResult`" in page
    assert "`Page[Track]`" in page
    assert "- `/api/v1/ws`" in page


def test_the_cli_page_documents_every_cadenza_command() -> None:
    page: str = hook_module("reference_cli").render_cli_reference()
    root = typer.main.get_command(cadenza_cli)
    groups = getattr(root, "commands", {})
    assert {"serve", "worker", "db", "users"} <= set(groups)
    for name, command in groups.items():
        assert f"### `cadenza {name}`" in page, name
        for sub in getattr(command, "commands", {}):
            assert f"### `cadenza {name} {sub}`" in page, f"{name} {sub}"
    assert "## `cadenza-convert`" in page
    assert "`--concurrency`" in page
    for script in ("cadenza-tokens", "cadenza-tui"):
        assert f"## `{script}`" in page
        assert "usage:" in page.split(f"## `{script}`", 1)[1]
