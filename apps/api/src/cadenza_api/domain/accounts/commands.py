"""Account operations run outside a request (the `cadenza users` CLI, tests, setup)."""

from __future__ import annotations

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import User
from cadenza_api.domain.accounts.services import UserService
from cadenza_api.services import open_session
from cadenza_api.settings import Settings
from cadenza_contracts.accounts import Role


async def create_user(
    settings: Settings, *, username: str, email: str, password: str, role: Role
) -> User:
    """Create an account with any role; raises `Conflict` when the name or email is taken."""
    config = build_sqlalchemy_config(settings.database)
    try:
        async with open_session(config) as session:
            return await UserService(session=session).register(
                username=username,
                email=email,
                password=password,
                auth=settings.auth,
                role=role,
            )
    finally:
        await config.get_engine().dispose()
