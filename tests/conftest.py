"""Cross-app fixtures: real `cadenza` processes on free ports, stopped by their own PIDs."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
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
            [str(BIN_DIR / "cadenza"), "up", "--no-web", "--no-admin", "--no-demo"],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
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
    """`cadenza serve` processes (and `cadenza worker`s) sharing one PostgreSQL database, one
    Redis prefix and, when asked for, one S3 bucket."""

    urls: list[str]
    env: dict[str, str]
    redis_url: str
    redis_prefix: str
    api_logs: list[Path] = field(default_factory=list)
    worker_logs: list[Path] = field(default_factory=list)
    bucket: str | None = None
    s3_endpoint: str | None = None

    def cadenza(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the `cadenza` CLI against the cluster's settings."""
        return subprocess.run(
            [str(BIN_DIR / "cadenza"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )


def _start_process(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as log_file:
        return subprocess.Popen(
            [str(BIN_DIR / "cadenza"), *args], env=env, stdout=log_file, stderr=subprocess.STDOUT
        )


def _stop_processes(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_workers(
    cluster: ApiCluster, processes: list[subprocess.Popen[bytes]], count: int
) -> None:
    """Until `count` workers have sent SAQ a heartbeat (a job enqueued before a worker's first
    heartbeat may be swept)."""
    client = redis.Redis.from_url(cluster.redis_url)
    pattern = f"saq:{cluster.redis_prefix}:worker_info:*"
    deadline = time.monotonic() + 60
    try:
        while len(list(client.scan_iter(match=pattern))) < count:
            exited = any(process.poll() is not None for process in processes)
            if exited or time.monotonic() > deadline:
                logs = "\n".join(log.read_text() for log in cluster.worker_logs)
                raise RuntimeError(f"cadenza worker did not start:\n{logs}")
            time.sleep(0.2)
    finally:
        client.close()


@contextmanager
def _s3_server() -> Iterator[str]:
    """`http://host:port` of an S3 server (moto) in this process, on a free port."""
    # Imported here: moto is only needed (and only checked for) when a cluster uses S3.
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


StartCluster = Callable[..., AbstractContextManager[ApiCluster]]


@pytest.fixture(scope="session")
def start_cluster(require_service: Callable[[str], None]) -> StartCluster:
    """`with start_cluster(directory, apis=2, workers=0, worker_concurrency=2, s3=False):` API
    processes (and workers) on a fresh `cadenza_test_*` database (migrated with `cadenza db
    upgrade`), a Redis key prefix of their own and, with `s3`, a bucket on a moto S3 server;
    every process is stopped by its PID and everything is dropped afterwards."""

    @contextmanager
    def start(
        directory: Path,
        *,
        apis: int = 2,
        workers: int = 0,
        worker_concurrency: int = 2,
        s3: bool = False,
    ) -> Iterator[ApiCluster]:
        require_service("postgres")
        require_service("redis")
        if s3:
            require_service("s3")
        database = f"cadenza_test_cluster_{secrets.token_hex(4)}"
        redis_url = "redis://127.0.0.1:6379/0"
        redis_prefix = f"cadenza-test-{secrets.token_hex(6)}"
        env = {
            **os.environ,
            "CADENZA_DATA_DIR": str(directory / "data"),
            "CADENZA_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{database}",
            "CADENZA_REDIS_URL": redis_url,
            "CADENZA_REDIS_PREFIX": redis_prefix,
            # Every process must verify the others' tokens and tickets.
            "CADENZA_SECRET_KEY": secrets.token_urlsafe(32),
            "CADENZA_LOGIN_ATTEMPTS_PER_IP": "10000",
            # argon2id at its cheapest: the same code path, without 64 MiB per login.
            "CADENZA_ARGON2_TIME_COST": "1",
            "CADENZA_ARGON2_MEMORY_KIB": "1024",
            "CADENZA_ARGON2_PARALLELISM": "1",
        }
        cluster = ApiCluster(urls=[], env=env, redis_url=redis_url, redis_prefix=redis_prefix)
        processes: list[subprocess.Popen[bytes]] = []
        asyncio.run(_pg_admin(f'CREATE DATABASE "{database}"'))
        try:
            with ExitStack() as stack:
                if s3:
                    cluster.s3_endpoint = stack.enter_context(_s3_server())
                    cluster.bucket = f"cadenza-test-{secrets.token_hex(4)}"
                    env |= {
                        "CADENZA_STORAGE_URL": f"s3://{cluster.bucket}",
                        "CADENZA_S3_ENDPOINT": cluster.s3_endpoint,
                        "CADENZA_S3_ACCESS_KEY": "testing",
                        "CADENZA_S3_SECRET_KEY": "testing",
                        "CADENZA_S3_REGION": "us-east-1",
                    }
                stack.callback(_stop_processes, processes)
                upgraded = cluster.cadenza("db", "upgrade")
                assert upgraded.returncode == 0, upgraded.stderr
                for n in range(apis):
                    port = free_port()
                    log = directory / f"serve-{n}.log"
                    process = _start_process(["serve", "--port", str(port)], env, log)
                    processes.append(process)
                    url = f"http://127.0.0.1:{port}"
                    _wait_until_healthy(url, process, log)
                    cluster.urls.append(url)
                    cluster.api_logs.append(log)
                worker_processes = []
                for n in range(workers):
                    log = directory / f"worker-{n}.log"
                    args = ["worker", "--concurrency", str(worker_concurrency)]
                    worker_processes.append(_start_process(args, env, log))
                    cluster.worker_logs.append(log)
                processes.extend(worker_processes)
                if workers:
                    _wait_for_workers(cluster, worker_processes, workers)
                yield cluster
        finally:
            asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            client = redis.Redis.from_url(redis_url)
            for pattern in (f"{redis_prefix}*", f"saq:{redis_prefix}:*"):
                for key in client.scan_iter(match=pattern):
                    client.delete(key)
            client.close()

    return start


@pytest.fixture
def api_cluster(tmp_path: Path, start_cluster: StartCluster) -> Iterator[ApiCluster]:
    """Two `cadenza serve` processes on one fresh PostgreSQL database and one Redis prefix."""
    with start_cluster(tmp_path) as cluster:
        yield cluster
