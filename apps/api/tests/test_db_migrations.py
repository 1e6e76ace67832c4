"""Migrations build exactly the models' schema, and downgrade cleanly, on both databases."""

from __future__ import annotations

from advanced_alchemy.alembic.commands import AlembicCommands

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.migrate import upgrade_database
from cadenza_api.settings import DatabaseSettings


def test_models_match_migrations_and_downgrade_round_trips(database_url: str) -> None:
    settings = DatabaseSettings(url=database_url)
    commands = AlembicCommands(build_sqlalchemy_config(settings))
    commands.check()  # raises when the models differ from the migrated schema
    commands.downgrade("base")
    upgrade_database(settings)
    AlembicCommands(build_sqlalchemy_config(settings)).check()
