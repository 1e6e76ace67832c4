"""What a background job needs: settings, the database and storage."""

from __future__ import annotations

from dataclasses import dataclass

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig

from cadenza_api.settings import Settings
from cadenza_api.storage import Storage


@dataclass(frozen=True)
class JobContext:
    settings: Settings
    database: SQLAlchemyAsyncConfig
    storage: Storage
