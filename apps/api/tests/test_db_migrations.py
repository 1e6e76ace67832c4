"""Migrations build exactly the models' schema, and downgrade cleanly, on both databases."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

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


def test_sqlite_search_triggers_survive_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "triggers.db"
    upgrade_database(DatabaseSettings(url=f"sqlite+aiosqlite:///{path}"))
    with closing(sqlite3.connect(path)) as connection:
        triggers = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    for table in ("artists", "albums", "tracks", "playlists"):
        assert {f"{table}_fts_ai", f"{table}_fts_ad", f"{table}_fts_au"} <= triggers, table


def test_thousands_of_configs_can_be_built_in_one_process() -> None:
    """Regression: advanced-alchemy's key de-duplication recursed once per earlier config."""
    settings = DatabaseSettings(url="sqlite+aiosqlite:///:memory:")
    keys = {build_sqlalchemy_config(settings).session_scope_key for _ in range(1500)}
    assert len(keys) == 1500
