"""`cadenza-web`: build the web player's frontend and serve it, with its Reflex backend, on
one port (Reflex's production mode; the launcher is shared with the admin:
`cadenza_ui.serving`)."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from cadenza_ui.serving import (
    DEFAULT_HOST,
    ReflexApp,
    ReflexSetupError,
    node_bin_dir,
    reflex_command,
    reflex_environment,
)

DEFAULT_PORT = 3000

WEB = ReflexApp(
    command="cadenza-web",
    description="Build and serve Cadenza's web player.",
    folder=Path(__file__).resolve().parents[2],
    default_port=DEFAULT_PORT,
)

# The names `cadenza up` and the tests know.
WebSetupError = ReflexSetupError
web_environment = reflex_environment


def app_dir() -> Path:
    """`apps/web`: the folder with `rxconfig.py`, where Reflex builds into `.web/`."""
    return WEB.app_dir()


def web_command(*, port: int = DEFAULT_PORT, host: str = DEFAULT_HOST) -> list[str]:
    """`reflex run` in production mode, frontend and backend on `port`."""
    return reflex_command(port=port, host=host)


def start(
    *,
    port: int = DEFAULT_PORT,
    host: str = DEFAULT_HOST,
    api_url: str | None = None,
    build_dir: Path | None = None,
    output: IO[bytes] | None = None,
    own_session: bool = False,
) -> subprocess.Popen[bytes]:
    """Start the web player in the background (see `ReflexApp.start`)."""
    return WEB.start(
        port=port,
        host=host,
        api_url=api_url,
        build_dir=build_dir,
        output=output,
        own_session=own_session,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Build and serve the web player in the foreground until interrupted."""
    return WEB.main(argv)


__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "WEB",
    "WebSetupError",
    "app_dir",
    "main",
    "node_bin_dir",
    "start",
    "web_command",
    "web_environment",
]


if __name__ == "__main__":
    raise SystemExit(main())
