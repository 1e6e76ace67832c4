"""`cadenza up`: the API (with its in-process jobs on embedded defaults) in this process; the
job worker (with Redis), the web player and the admin as child processes; the demo catalogue
on first run. Stops everything on Ctrl-C or SIGTERM; a child that dies stops the rest."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Coroutine, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import httpx
import typer
import uvicorn

from cadenza_api.app import create_app
from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.domain.demo.catalogue import catalogue_size
from cadenza_api.domain.demo.seed import DemoLogin, DemoSeed, library_is_empty, seed_demo
from cadenza_api.domain.media.context import JobContext
from cadenza_api.domain.media.importer import wait_for_conversions
from cadenza_api.queue import RedisQueue
from cadenza_api.settings import Settings
from cadenza_api.storage import build_storage
from cadenza_api.supervisor import Child, find_script, start_child, stop_children

T = TypeVar("T")

DEFAULT_WEB_PORT = 3000
DEFAULT_ADMIN_PORT = 3001
_LOOPBACK = {"127.0.0.1", "localhost", "0.0.0.0", "::", "::1"}
_POLL_SECONDS = 0.5


@dataclass(frozen=True)
class UpPlan:
    """What to start where; a frontend port of None leaves that frontend out."""

    host: str
    api_port: int
    web_port: int | None
    admin_port: int | None
    demo: bool

    def url(self, port: int) -> str:
        """The address a browser on this machine opens."""
        host = "127.0.0.1" if self.host in _LOOPBACK else self.host
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.url(self.api_port)

    def frontend_origins(self) -> list[str]:
        """Every origin a browser may show the web player or admin under."""
        origins: list[str] = []
        for port in (self.web_port, self.admin_port):
            if port is not None:
                origins += [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
                if self.host not in _LOOPBACK:
                    origins.append(f"http://{self.host}:{port}")
        return origins


def with_cors_origins(settings: Settings, origins: list[str]) -> Settings:
    """The settings with `origins` added to the API's CORS origins."""
    current = settings.server.cors_origins
    added = [origin for origin in origins if origin not in current]
    return replace(settings, server=replace(settings.server, cors_origins=[*current, *added]))


def _say(message: str, **style: Any) -> None:
    typer.secho(message, **style)


@dataclass
class _Service:
    """Something `cadenza up` waits for: ready when `probe_url` answers 200."""

    label: str
    probe_url: str
    public_url: str
    child: Child | None = None
    ready: bool = False


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: `cadenza up` handles SIGINT/SIGTERM, so that
    children are stopped before this process ends (uvicorn would re-raise the signal)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class _Up:
    def __init__(self, settings: Settings, plan: UpPlan) -> None:
        self.settings = settings
        self.plan = plan
        self.children: list[Child] = []
        self.services = [
            _Service(
                "API", f"{plan.url(plan.api_port)}/api/v1/health", plan.api_url + "/schema/swagger"
            )
        ]
        self.stopping = asyncio.Event()
        self.server: _Server | None = None
        self.failure: str | None = None
        self.logins: list[DemoLogin] = []
        self.background: set[asyncio.Task[None]] = set()

    def on_signal(self) -> None:
        if self.stopping.is_set() and self.server is not None:
            self.server.force_exit = True
        self.stopping.set()
        if self.server is not None:
            self.server.should_exit = True

    def fail(self, message: str) -> None:
        if self.failure is None:
            self.failure = message
        self.stopping.set()
        if self.server is not None:
            self.server.should_exit = True

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.on_signal)
        _say(f"Data in {self.settings.data_dir}")
        try:
            self.start_children()
            await self.serve()
        finally:
            if self.children:
                _say("Stopping…", err=True)
            await asyncio.to_thread(stop_children, self.children)
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
        if self.failure is not None:
            _say(self.failure, fg=typer.colors.RED, err=True)
            return 1
        return 0

    def start_children(self) -> None:
        settings, plan = self.settings, self.plan
        logs = settings.data_dir / "logs"
        if settings.redis_url is not None:
            cadenza = find_script("cadenza") or "cadenza"
            command = [cadenza, "worker", "--concurrency", str(settings.media.job_concurrency)]
            worker = start_child("the job worker", command, env=os.environ, log=None)
            self.children.append(worker)
            _say(f"Started the job worker (pid {worker.pid}).")
        frontends = (
            ("cadenza-web", "the web player", "Web player", plan.web_port),
            ("cadenza-admin", "the admin", "Admin", plan.admin_port),
        )
        for script_name, label, title, port in frontends:
            if port is None:
                continue
            script = find_script(script_name)
            if script is None:
                _say(f"{script_name} is not installed; starting without {label}.", err=True)
                continue
            command = [script, "--port", str(port), "--api-url", plan.api_url]
            if plan.host != "127.0.0.1":
                command += ["--host", plan.host]
            name = script_name.removeprefix("cadenza-")
            log = logs / f"{name}.log"
            child = start_child(label, command, env=_frontend_env(os.environ, name), log=log)
            self.children.append(child)
            self.services.append(
                _Service(title, f"{plan.url(port)}/ping", plan.url(port), child=child)
            )
            _say(
                f"Building {label} (first run takes a minute; pid {child.pid}, log {log})…",
            )

    async def serve(self) -> None:
        settings, plan = self.settings, self.plan
        watch = asyncio.create_task(self.watch_children())
        try:
            if plan.demo:
                await self.until_stopped(self.seed())
            if self.stopping.is_set():
                return
            config = uvicorn.Config(
                create_app(settings),
                host=plan.host,
                port=plan.api_port,
                log_config=None,
                access_log=False,
            )
            self.server = _Server(config)
            try:
                await self.server.serve()
            except SystemExit:
                # uvicorn exits this way when it cannot bind the port (it logged why).
                self.fail(f"The API could not start on {plan.host}:{plan.api_port}.")
            if not self.server.started and not self.stopping.is_set():
                self.fail("The API could not start; see the messages above.")
        finally:
            for task in (watch, *self.background):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def until_stopped(self, work: Coroutine[Any, Any, T]) -> T | None:
        """`work`'s result, or None when a stop came first (`work` is then cancelled)."""
        task = asyncio.create_task(work)
        stop = asyncio.create_task(self.stopping.wait())
        await asyncio.wait({task, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            return None
        return task.result()

    async def seed(self) -> None:
        settings = self.settings
        database = build_sqlalchemy_config(settings.database)
        context = JobContext(settings=settings, database=database, storage=build_storage(settings))
        try:
            if not await library_is_empty(context):
                return
            size = catalogue_size()
            _say(
                f"Creating the demo catalogue ({size.artists} artists, {size.albums} albums, "
                f"{size.tracks} tracks of synthesised music)…"
            )
            seed = await seed_demo(context)
        finally:
            await database.get_engine().dispose()
        if seed is None:
            return
        _report_seed(seed)
        self.logins = seed.logins
        if settings.redis_url is not None and seed.job_ids:
            await _enqueue_on_redis(settings, settings.redis_url, seed.job_ids)
        if seed.job_ids:
            self.background.add(asyncio.create_task(self.announce_converted(seed.job_ids)))

    async def announce_converted(self, job_ids: list[UUID]) -> None:
        settings = self.settings
        database = build_sqlalchemy_config(settings.database)
        context = JobContext(settings=settings, database=database, storage=build_storage(settings))
        try:
            await wait_for_conversions(context, job_ids, poll_seconds=2.0)
        finally:
            await database.get_engine().dispose()
        _say(f"The demo catalogue is converted and ready to play ({len(job_ids)} tracks).")

    async def watch_children(self) -> None:
        """Announce each service once it answers; a child that exits stops `cadenza up`."""
        async with httpx.AsyncClient(timeout=2.0) as http:
            while True:
                for child in self.children:
                    code = child.exit_code()
                    if code is not None:
                        starting = any(s.child is child and not s.ready for s in self.services)
                        self.fail(_died(child, code, starting=starting))
                        return
                for service in self.services:
                    if not service.ready and await _answers(http, service.probe_url):
                        service.ready = True
                        _say(f"{service.label} ready: {service.public_url}", fg=typer.colors.GREEN)
                        if all(other.ready for other in self.services):
                            self.announce_running()
                await asyncio.sleep(_POLL_SECONDS)

    def announce_running(self) -> None:
        lines = ["", "Cadenza is running (Ctrl-C stops it):"]
        lines += [f"  {service.label:<12} {service.public_url}" for service in self.services]
        _say("\n".join(lines), bold=True)
        if self.logins:
            _print_logins(self.logins)


async def _answers(http: httpx.AsyncClient, url: str) -> bool:
    try:
        return (await http.get(url)).status_code == 200
    except httpx.HTTPError:
        return False


def _died(child: Child, code: int, *, starting: bool) -> str:
    when = "exited while starting" if starting else "stopped unexpectedly"
    message = f"Cadenza stopped: {child.label} {when} (exit code {code})."
    tail = child.log_tail()
    if tail:
        message += f"\nLast lines of {child.log}:\n{tail}"
    return message


def _frontend_env(base: Mapping[str, str], name: str) -> dict[str, str]:
    """Each frontend builds in its own folder: a shared REFLEX_WEB_WORKDIR gets a subfolder
    per app, so that the web player and the admin never build into one another."""
    env = dict(base)
    workdir = env.get("REFLEX_WEB_WORKDIR")
    if workdir:
        env["REFLEX_WEB_WORKDIR"] = str(Path(workdir) / name)
    return env


def _report_seed(seed: DemoSeed) -> None:
    _say(f"Demo catalogue imported: {len(seed.job_ids)} tracks queued for conversion.")
    for failure in seed.failures:
        _say(f"{failure.path.name}: {failure.reason}", fg=typer.colors.RED, err=True)
    if seed.logins:
        _print_logins(seed.logins)


def _print_logins(logins: list[DemoLogin]) -> None:
    lines = ["Demo logins (passwords are shown only on this first run):"]
    lines += [f"  {login.username:<8} {login.password}   {login.role.value}" for login in logins]
    _say("\n".join(lines), fg=typer.colors.YELLOW, bold=True)


async def _enqueue_on_redis(settings: Settings, redis_url: str, job_ids: list[UUID]) -> None:
    """Hand the demo conversions to the `cadenza worker`s, as `cadenza import` does."""
    queue = RedisQueue(redis_url, name=settings.redis_prefix)
    await queue.start()
    try:
        for job_id in job_ids:
            await queue.enqueue(job_id)
    finally:
        await queue.stop()


def run_up(settings: Settings, plan: UpPlan) -> int:
    """Run everything until stopped; the exit code (1 when something failed)."""
    return asyncio.run(_Up(settings, plan).run())
