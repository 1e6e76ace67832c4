"""Cross-app fixtures: real `cadenza` processes on free ports, stopped by their own PIDs."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest
import redis

BIN_DIR = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class RunningApi:
    base_url: str
    env: dict[str, str]
    log: Path

    def cadenza(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the `cadenza` CLI against this server's settings."""
        return subprocess.run(
            [str(BIN_DIR / "cadenza"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"cadenza exited early:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"cadenza did not become healthy:\n{log.read_text()}")


@pytest.fixture
def running_api(tmp_path: Path) -> Iterator[RunningApi]:
    """`cadenza up` on embedded defaults in a fresh data dir, as a user would start it."""
    port = free_port()
    env = {
        **os.environ,
        "CADENZA_DATA_DIR": str(tmp_path / "data"),
        "CADENZA_PORT": str(port),
    }
    env.pop("CADENZA_DATABASE_URL", None)
    log = tmp_path / "cadenza.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [str(BIN_DIR / "cadenza"), "up"], env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base_url, process, log)
        yield RunningApi(base_url=base_url, env=env, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"


async def _pg_admin(sql: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@dataclass
class ApiCluster:
    """API processes (`cadenza serve`) sharing one PostgreSQL database and one Redis."""

    urls: list[str]
    env: dict[str, str]
    redis_url: str
    redis_prefix: str

    def cadenza(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the `cadenza` CLI against the cluster's settings."""
        return subprocess.run(
            [str(BIN_DIR / "cadenza"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )


@pytest.fixture
def api_cluster(tmp_path: Path, require_service: Callable[[str], None]) -> Iterator[ApiCluster]:
    """Two `cadenza serve` processes on a fresh `cadenza_test_*` database (migrated with
    `cadenza db upgrade`) and a Redis key prefix of their own."""
    require_service("postgres")
    require_service("redis")
    database = f"cadenza_test_cluster_{secrets.token_hex(4)}"
    redis_url = "redis://127.0.0.1:6379/0"
    redis_prefix = f"cadenza-test-{secrets.token_hex(6)}"
    env = {
        **os.environ,
        "CADENZA_DATA_DIR": str(tmp_path / "data"),
        "CADENZA_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{database}",
        "CADENZA_REDIS_URL": redis_url,
        "CADENZA_REDIS_PREFIX": redis_prefix,
        # Every process must verify the others' tokens and tickets.
        "CADENZA_SECRET_KEY": secrets.token_urlsafe(32),
        "CADENZA_LOGIN_ATTEMPTS_PER_IP": "10000",
    }
    asyncio.run(_pg_admin(f'CREATE DATABASE "{database}"'))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        cluster = ApiCluster(urls=[], env=env, redis_url=redis_url, redis_prefix=redis_prefix)
        upgraded = cluster.cadenza("db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
        for name in ("a", "b"):
            port = free_port()
            log = tmp_path / f"serve-{name}.log"
            with log.open("wb") as log_file:
                process = subprocess.Popen(
                    [str(BIN_DIR / "cadenza"), "serve", "--port", str(port)],
                    env=env,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
            processes.append(process)
            url = f"http://127.0.0.1:{port}"
            _wait_until_healthy(url, process, log)
            cluster.urls.append(url)
        yield cluster
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        client = redis.Redis.from_url(redis_url)
        for pattern in (f"{redis_prefix}*", f"saq:{redis_prefix}:*"):
            for key in client.scan_iter(match=pattern):
                client.delete(key)
        client.close()
