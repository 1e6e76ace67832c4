"""One way to open a repository service, for controllers, jobs and CLI commands alike."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from litestar.di import Provide
from sqlalchemy.ext.asyncio import AsyncSession

ServiceT = TypeVar("ServiceT", bound=SQLAlchemyAsyncRepositoryService[Any])


def provide_service(service_type: type[ServiceT]) -> Provide:
    """A Litestar dependency that builds `service_type` on the request's database session."""

    def provider(db_session: AsyncSession) -> ServiceT:
        return service_type(session=db_session)

    return Provide(provider, sync_to_thread=False)


@asynccontextmanager
async def open_session(config: SQLAlchemyAsyncConfig) -> AsyncIterator[AsyncSession]:
    """A session outside a request (jobs, CLI): committed on success, rolled back on error."""
    async with config.get_session() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
