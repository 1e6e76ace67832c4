"""Apply Alembic migrations (`cadenza db upgrade`, and on `cadenza up`), and write new ones
(`cadenza db revision`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from advanced_alchemy.alembic.commands import AlembicCommands
from alembic.operations.ops import MigrationScript

from cadenza_api.db.config import MIGRATIONS_DIR, build_sqlalchemy_config
from cadenza_api.settings import DatabaseSettings

_NUMBERED = re.compile(r"\d{8}_(\d{4})_\w+\.py")


def upgrade_database(settings: DatabaseSettings, revision: str = "head") -> None:
    """Bring the database schema up to `revision`. Must not run inside an event loop."""
    config = build_sqlalchemy_config(settings)
    AlembicCommands(sqlalchemy_config=config).upgrade(revision=revision)


def next_revision_id(versions: Path) -> str:
    """Revisions are numbered `0001`, `0002`…; the next number after the highest."""
    numbers = [
        int(match[1]) for path in versions.iterdir() if (match := _NUMBERED.fullmatch(path.name))
    ]
    return f"{max(numbers, default=0) + 1:04d}"


def new_revision(settings: DatabaseSettings, message: str) -> Path | None:
    """Autogenerate a migration from what the models have and the database (brought up to date
    first) lacks; None, and no file, when there is no difference."""
    upgrade_database(settings)

    def skip_empty(_: Any, __: Any, directives: list[MigrationScript]) -> None:
        if all(script.upgrade_ops_list[0].is_empty() for script in directives):
            directives.clear()

    commands = AlembicCommands(sqlalchemy_config=build_sqlalchemy_config(settings))
    written = commands.revision(
        message=message,
        autogenerate=True,
        rev_id=next_revision_id(MIGRATIONS_DIR / "versions"),
        process_revision_directives=skip_empty,
    )
    scripts: Iterable[Any] = written if isinstance(written, list) else [written]
    paths = [Path(script.path) for script in scripts if script is not None]
    return paths[0] if paths else None
