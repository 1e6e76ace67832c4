"""The SQLAlchemy configuration for the settings' database, SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import uuid4

from advanced_alchemy.config import AlembicAsyncConfig, AsyncSessionConfig
from advanced_alchemy.extensions.litestar import EngineConfig, SQLAlchemyAsyncConfig
from sqlalchemy import event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from cadenza_api.settings import DatabaseSettings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _enable_sqlite_foreign_keys(dbapi_connection: DBAPIConnection, _: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def build_sqlalchemy_config(settings: DatabaseSettings) -> SQLAlchemyAsyncConfig:
    """One config used by the app, the CLI and the migrations alike."""
    engine_kwargs: dict[str, Any] = {"echo": settings.echo}
    if not settings.is_sqlite:
        engine_kwargs |= {"pool_size": settings.pool_size, "pool_pre_ping": True}
    # advanced-alchemy makes clashing state keys unique by counting up recursively, which
    # overflows after ~1000 configs in one process (a long test run); give each its own keys.
    suffix = uuid4().hex
    config = SQLAlchemyAsyncConfig(
        connection_string=settings.url,
        session_scope_key=f"_sqlalchemy_db_session_{suffix}",
        engine_app_state_key=f"db_engine_{suffix}",
        session_maker_app_state_key=f"session_maker_class_{suffix}",
        engine_config=EngineConfig(**engine_kwargs),
        session_config=AsyncSessionConfig(expire_on_commit=False),
        before_send_handler="autocommit",
        create_all=False,
        alembic_config=AlembicAsyncConfig(
            script_location=str(MIGRATIONS_DIR),
            script_config=str(MIGRATIONS_DIR / "alembic.ini"),
            version_table_name="alembic_versions",
            user_module_prefix=None,
        ),
    )
    if settings.is_sqlite:
        event.listen(config.get_engine().sync_engine, "connect", _enable_sqlite_foreign_keys)
    return config
