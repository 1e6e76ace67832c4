"""Apply Alembic migrations (`cadenza db upgrade`, and on `cadenza up`)."""

from __future__ import annotations

from advanced_alchemy.alembic.commands import AlembicCommands

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.settings import DatabaseSettings


def upgrade_database(settings: DatabaseSettings, revision: str = "head") -> None:
    """Bring the database schema up to `revision`. Must not run inside an event loop."""
    config = build_sqlalchemy_config(settings)
    AlembicCommands(sqlalchemy_config=config).upgrade(revision=revision)
