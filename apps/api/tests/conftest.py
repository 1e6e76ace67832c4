"""API test fixtures: a migrated database per test (SQLite and PostgreSQL), an app, clients."""

from __future__ import annotations

import asyncio
import logging
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg
import pytest
import redis
from litestar import Litestar
from litestar.testing import AsyncTestClient

from cadenza_api.app import create_app
from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.migrate import upgrade_database
from cadenza_api.db.models import Album, Artist, Track
from cadenza_api.domain.accounts.commands import create_user
from cadenza_api.services import open_session
from cadenza_api.settings import (
    AuthSettings,
    DatabaseSettings,
    ServerSettings,
    Settings,
)
from cadenza_api.storage import LocalStorage, S3Storage, Storage
from cadenza_contracts.accounts import Role

PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "correct horse battery"


async def _pg_admin(sql: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def run_id() -> str:
    return secrets.token_hex(4)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade_database(DatabaseSettings(url=f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_template(run_id: str, require_service: Callable[[str], None]) -> Iterator[str]:
    require_service("postgres")
    name = f"cadenza_test_{run_id}_template"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        upgrade_database(
            DatabaseSettings(url=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}")
        )
        yield name
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def fresh_database(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path, run_id: str
) -> Iterator[str]:
    """A freshly migrated, empty database on `backend` ("sqlite" or "postgres")."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "cadenza.db"
        shutil.copyfile(template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    template_name: str = request.getfixturevalue("postgres_template")
    name = f"cadenza_test_{run_id}_{secrets.token_hex(4)}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, run_id: str) -> Iterator[str]:
    """A freshly migrated, empty database for one test, on each backend."""
    with fresh_database(request, request.param, tmp_path, run_id) as url:
        yield url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    return Settings(
        data_dir=data_dir,
        database=DatabaseSettings(url=database_url, pool_size=5),
        auth=test_auth_settings(),
        server=ServerSettings(cors_origins=["http://localhost:3000"]),
    )


def test_auth_settings() -> AuthSettings:
    """Auth settings for tests: argon2id at its cheapest cost, the same code path otherwise."""
    return AuthSettings(
        secret_key=secrets.token_urlsafe(32),
        login_attempts_per_ip=10_000,
        argon2_time_cost=1,
        argon2_memory_kib=1024,
        argon2_parallelism=1,
    )


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@dataclass
class Account:
    """A signed-in test user: their id, username and ready-made auth headers."""

    id: str
    username: str
    email: str
    role: Role
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


MakeAccount = Callable[..., Awaitable[Account]]


@pytest.fixture
def make_account(client: AsyncTestClient[Litestar], settings: Settings) -> MakeAccount:
    """Create a user with a role (through the same code as `cadenza users create`) and log in."""
    counter = 0

    async def make(role: Role = Role.LISTENER, username: str | None = None) -> Account:
        nonlocal counter
        counter += 1
        name = username or f"{role.value}{counter}"
        email = f"{name}@example.com"
        await create_user(settings, username=name, email=email, password=PASSWORD, role=role)
        response = await client.post(
            "/api/v1/auth/login",
            json={"username": name, "password": PASSWORD},
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return Account(
            id=body["user"]["id"], username=name, email=email, role=role, token=body["accessToken"]
        )

    return make


@pytest.fixture
def settings_with(settings: Settings) -> Callable[..., Settings]:
    """A copy of the test settings with some auth values changed."""

    def build(**auth_changes: Any) -> Settings:
        return replace(settings, auth=replace(settings.auth, **auth_changes))

    return build


class CatalogFactory:
    """Inserts catalogue rows straight through the ORM, for tests of other domains."""

    def __init__(self, settings: Settings) -> None:
        self._config = build_sqlalchemy_config(settings.database)

    async def artist(self, name: str = "Test Artist", owner_id: UUID | None = None) -> UUID:
        async with open_session(self._config) as session:
            artist = Artist(name=name, owner_id=owner_id)
            session.add(artist)
            await session.flush()
            return artist.id

    async def album(self, artist_id: UUID, title: str = "Test Album") -> UUID:
        async with open_session(self._config) as session:
            album = Album(title=title, artist_id=artist_id)
            session.add(album)
            await session.flush()
            return album.id

    async def track(
        self,
        artist_id: UUID,
        title: str = "Test Track",
        album_id: UUID | None = None,
        duration_ms: int | None = 180_000,
    ) -> UUID:
        async with open_session(self._config) as session:
            track = Track(
                title=title, artist_id=artist_id, album_id=album_id, duration_ms=duration_ms
            )
            session.add(track)
            await session.flush()
            return track.id

    async def close(self) -> None:
        await self._config.get_engine().dispose()


@pytest.fixture
async def catalog_factory(settings: Settings) -> AsyncIterator[CatalogFactory]:
    factory = CatalogFactory(settings)
    yield factory
    await factory.close()


# Object storage: moto's S3 server for the session, and a fresh storage per test on each backend.


@pytest.fixture(scope="session")
def s3_endpoint(require_service: Callable[[str], None]) -> Iterator[str]:
    """`host:port` of an S3 server (moto) started for this test session on a free port."""
    require_service("s3")
    # Imported here: moto is only needed (and only checked for) when an S3 test runs.
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"{host}:{port}"
    finally:
        server.stop()


MakeS3Storage = Callable[..., S3Storage]


@pytest.fixture
def make_s3_storage(s3_endpoint: str) -> MakeS3Storage:
    """`make_s3_storage(bucket=None)`: an `S3Storage` on the test server, in a new bucket
    unless one is named (the bucket itself is created on first use)."""

    def make(bucket: str | None = None) -> S3Storage:
        return S3Storage(
            bucket or f"cadenza-test-{secrets.token_hex(4)}",
            endpoint=s3_endpoint,
            access_key="testing",
            secret_key="testing",
            region="us-east-1",
            secure=False,
        )

    return make


@pytest.fixture(params=["local", "s3"])
def media_storage(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    """An empty storage, once as a local directory and once as an S3 bucket."""
    if request.param == "local":
        return LocalStorage(tmp_path / "media")
    make: MakeS3Storage = request.getfixturevalue("make_s3_storage")
    return make()


@pytest.fixture
def database_for(
    request: pytest.FixtureRequest, tmp_path: Path, run_id: str
) -> Callable[[str], AbstractContextManager[str]]:
    """`with database_for("postgres") as url:` a fresh database on a chosen backend."""
    return lambda backend: fresh_database(request, backend, tmp_path, run_id)


@dataclass(frozen=True)
class RedisNamespace:
    """A Redis server and a key prefix (`CADENZA_REDIS_PREFIX`) no other test run uses."""

    url: str
    prefix: str


@pytest.fixture
def redis_namespace(require_service: Callable[[str], None]) -> Iterator[RedisNamespace]:
    require_service("redis")
    namespace = RedisNamespace(
        url="redis://127.0.0.1:6379/0", prefix=f"cadenza-test-{secrets.token_hex(6)}"
    )
    yield namespace
    client = redis.Redis.from_url(namespace.url)
    for pattern in (f"{namespace.prefix}*", f"saq:{namespace.prefix}:*"):
        for key in client.scan_iter(match=pattern):
            client.delete(key)
    client.close()


StartWorker = Callable[[dict[str, str], Path], AbstractContextManager[None]]


@pytest.fixture
def start_worker() -> StartWorker:
    """`with start_worker(env, log):` a real `cadenza worker` process, stopped by its PID."""

    @contextmanager
    def start(env: dict[str, str], log: Path) -> Iterator[None]:
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [str(Path(sys.executable).parent / "cadenza"), "worker", "--concurrency", "2"],
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        try:
            # SAQ may sweep a job enqueued before the worker's first heartbeat: wait for it.
            client = redis.Redis.from_url(env["CADENZA_REDIS_URL"])
            pattern = f"saq:{env['CADENZA_REDIS_PREFIX']}:worker_info:*"
            deadline = time.monotonic() + 60
            while not list(client.scan_iter(match=pattern)):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"cadenza worker did not start:\n{log.read_text()}")
                time.sleep(0.2)
            client.close()
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    return start
