"""Seeding an empty library with the demo catalogue (through the importer, so every track is
stored and queued for conversion exactly like an import) and creating the demo logins."""

from __future__ import annotations

import asyncio
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

from sqlalchemy import exists, select

from cadenza_api.db.models import Track, User
from cadenza_api.domain.accounts.services import UserService
from cadenza_api.domain.demo.catalogue import TRACK_SECONDS, write_catalogue
from cadenza_api.domain.media.context import JobContext
from cadenza_api.domain.media.importer import ImportFailure, import_folder
from cadenza_api.errors import Conflict
from cadenza_api.services import open_session
from cadenza_contracts.accounts import Role

DEMO_USERNAME = "demo"
ADMIN_USERNAME = "admin"
_EMAIL_DOMAIN = "example.com"


@dataclass(frozen=True)
class DemoLogin:
    """An account created for the demo, with the password shown to its owner once."""

    username: str
    password: str
    role: Role


@dataclass
class DemoSeed:
    """What seeding did: the conversions it queued, the files it could not import (none
    unless something is broken) and the logins it created."""

    job_ids: list[UUID] = field(default_factory=list)
    failures: list[ImportFailure] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)


async def library_is_empty(context: JobContext) -> bool:
    async with open_session(context.database) as session:
        return not await session.scalar(select(exists().where(Track.id.is_not(None))))


async def seed_demo(context: JobContext, *, seconds: float = TRACK_SECONDS) -> DemoSeed | None:
    """Fill an empty library with the demo catalogue and create the demo logins; None (and
    nothing done) when the library already has tracks, so running it again never duplicates.

    The conversions are queued, not run: whoever runs the queue (the API's in-process worker
    or `cadenza worker`s) converts them.
    """
    if not await library_is_empty(context):
        return None
    folder = Path(tempfile.mkdtemp(prefix="demo-", dir=context.settings.data_dir))
    try:
        await asyncio.to_thread(write_catalogue, folder, seconds=seconds)
        report = await import_folder(context, folder)
    finally:
        await asyncio.to_thread(shutil.rmtree, folder, ignore_errors=True)
    seed = DemoSeed(job_ids=report.job_ids, failures=report.failures)
    seed.logins = await _create_logins(context)
    return seed


async def _create_logins(context: JobContext) -> list[DemoLogin]:
    """A `demo` listener, and an `admin` when no admin exists yet; a name already taken is
    left alone."""
    wanted = [(DEMO_USERNAME, Role.LISTENER)]
    async with open_session(context.database) as session:
        has_admin = await session.scalar(select(exists().where(User.role == Role.ADMIN.value)))
    if not has_admin:
        wanted.append((ADMIN_USERNAME, Role.ADMIN))
    logins: list[DemoLogin] = []
    for username, role in wanted:
        password = secrets.token_urlsafe(12)
        try:
            async with open_session(context.database) as session:
                await UserService(session=session).register(
                    username=username,
                    email=f"{username}@{_EMAIL_DOMAIN}",
                    password=password,
                    auth=context.settings.auth,
                    role=role,
                )
        except Conflict:
            continue
        logins.append(DemoLogin(username=username, password=password, role=role))
    return logins
