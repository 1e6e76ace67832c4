"""`cadenza-admin`: build the admin's frontend and serve it, with its Reflex backend, on one
port (Reflex's production mode), like `cadenza-web` (see `cadenza_ui.serving`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cadenza_ui.serving import ReflexApp

DEFAULT_PORT = 3001

ADMIN = ReflexApp(
    command="cadenza-admin",
    description="Build and serve Cadenza's admin.",
    folder=Path(__file__).resolve().parents[2],
    default_port=DEFAULT_PORT,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Build and serve the admin in the foreground until interrupted."""
    return ADMIN.main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
