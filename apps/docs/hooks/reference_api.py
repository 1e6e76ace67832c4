"""The API reference, rendered from the OpenAPI document of an app built in-process.

Litestar and the app are imported when the page is built, not with this module, so that the
hook can silence their import-time deprecation notices.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadenza_api.settings import AuthSettings, DatabaseSettings, ServerSettings, Settings

if TYPE_CHECKING:
    from litestar import Litestar

API_PREFIX = "/api/v1"
METHODS = ("get", "post", "put", "patch", "delete")
_PAGE = re.compile(r"Page_[\w.]*?\.(\w+)_")
_TYPED_PARAM = re.compile(r"\{(\w+):\w+\}")


@contextmanager
def _logging_untouched() -> Iterator[None]:
    # create_app() installs Cadenza's JSON log handler on the root logger; mkdocs keeps its own.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def build_app() -> Litestar:
    """The API app on throwaway settings: only its routes and schema are read."""
    from cadenza_api.app import create_app

    # Building the app opens no file: the directory only has to name somewhere writable.
    with tempfile.TemporaryDirectory(prefix="cadenza-docs-") as directory:
        data_dir = Path(directory)
        settings = Settings(
            data_dir=data_dir,
            database=DatabaseSettings(url=f"sqlite+aiosqlite:///{data_dir / 'cadenza.db'}"),
            auth=AuthSettings(secret_key="documentation"),
            server=ServerSettings(),
        )
        with _logging_untouched():
            return create_app(settings)


def route_path(path: str) -> str:
    """A route's path as OpenAPI writes it (`{id:uuid}` → `{id}`)."""
    return _TYPED_PARAM.sub(r"{\1}", path)


def api_routes(app: Litestar) -> set[tuple[str, str]]:
    """(METHOD, path) of every HTTP route under the API prefix, as the reference lists them."""
    from litestar.routes import HTTPRoute

    return {
        (method, route_path(route.path))
        for route in app.routes
        if isinstance(route, HTTPRoute) and route.path.startswith(API_PREFIX)
        for method in route.methods
        if method.lower() in METHODS
    }


def schema_name(schema: dict[str, Any]) -> str:
    """A short name for a JSON schema: `Track`, `list[Track]`, `Page[Album]`, `string | null`."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        page = _PAGE.fullmatch(name)
        return f"Page[{page[1]}]" if page else name
    for combinator in ("oneOf", "anyOf", "allOf"):
        if combinator in schema:
            return " | ".join(schema_name(part) for part in schema[combinator])
    kind = schema.get("type")
    if kind == "array":
        return f"list[{schema_name(schema.get('items', {}))}]"
    if isinstance(kind, list):
        return " | ".join(kind)
    if kind is None:
        return "any"
    return f"{kind} ({schema['format']})" if "format" in schema else str(kind)


def _code(text: str) -> str:
    return f"`{text}`".replace("|", "\\|")


def _parameters(operation: dict[str, Any]) -> list[str]:
    parameters = operation.get("parameters", [])
    if not parameters:
        return []
    lines = ["| parameter | in | type | required | meaning |", "|---|---|---|---|---|"]
    for parameter in parameters:
        description = parameter.get("description", "").replace("\n", " ").replace("|", "\\|")
        lines.append(
            f"| `{parameter['name']}` | {parameter['in']} | "
            f"{_code(schema_name(parameter.get('schema', {})))} | "
            f"{'yes' if parameter.get('required') else 'no'} | {description} |"
        )
    return ["", *lines]


def _body(operation: dict[str, Any]) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    return [
        f"**Request body** ({media_type}): {_code(schema_name(body.get('schema', {})))}"
        for media_type, body in content.items()
    ]


def _responses(operation: dict[str, Any]) -> str:
    answers = []
    for status, response in operation.get("responses", {}).items():
        schemas = [
            body["schema"] for body in response.get("content", {}).values() if body.get("schema")
        ]
        named = [schema for schema in schemas if "$ref" in schema or "items" in schema]
        if named:
            shown = _code(schema_name(named[0]))
        elif int(status) >= 400:
            shown = "error body"
        else:
            shown = response.get("description", "")
        answers.append(f"`{status}` {shown}")
    return "**Responses**: " + "; ".join(answers)


def _operation(method: str, path: str, operation: dict[str, Any]) -> list[str]:
    lines = [f"### {operation.get('summary') or path}", "", f"`{method.upper()} {path}`", ""]
    if operation.get("description"):
        lines += [operation["description"], ""]
    if operation.get("security"):
        schemes = ", ".join(name for entry in operation["security"] for name in entry)
        lines += [f"**Authorization**: {schemes}", ""]
    lines += [*_parameters(operation), "", *_body(operation), "", _responses(operation), ""]
    return lines


def render_api_reference(app: Litestar) -> str:
    """The reference page: one section per tag, one entry per operation."""
    from litestar.routes import WebSocketRoute

    schema = app.openapi_schema.to_schema()
    by_tag: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for path, operations in schema["paths"].items():
        for method in METHODS:
            if method in operations:
                operation = operations[method]
                for tag in operation.get("tags") or ["other"]:
                    by_tag[tag].append((method, path, operation))
    lines = [
        "# API reference",
        "",
        "Generated from the OpenAPI document of the running code (`/schema/openapi.json` on a "
        "server; Swagger UI at `/schema/swagger`). Bodies are the msgspec structs of "
        "`cadenza-contracts`, in camelCase JSON; errors use the one "
        "[error body](../api/overview.md#errors). The guides under *API* explain how the "
        "routes fit together.",
        "",
    ]
    for tag in sorted(by_tag):
        lines += [f"## {tag}", ""]
        for method, path, operation in by_tag[tag]:
            lines += _operation(method, path, operation)
    sockets = sorted(
        route_path(route.path) for route in app.routes if isinstance(route, WebSocketRoute)
    )
    if sockets:
        lines += ["## WebSocket", ""]
        lines += [f"- `{path}`: see [playback sync](../api/playback.md)." for path in sockets]
        lines.append("")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
