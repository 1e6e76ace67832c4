"""The `cadenza` command: serve the API, migrate the database, manage users, import music."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn
from uuid import UUID

import msgspec
import typer
import uvicorn
from redis.exceptions import RedisError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cadenza_api.db.migrate import upgrade_database
from cadenza_api.errors import CadenzaError
from cadenza_api.settings import Settings, SettingsError, get_settings
from cadenza_contracts.accounts import RegisterRequest, Role

if TYPE_CHECKING:
    from cadenza_api.domain.media.context import JobContext
    from cadenza_api.domain.media.importer import ImportReport

app = typer.Typer(name="cadenza", help="Cadenza: a self-hostable music streaming server.")
db_app = typer.Typer(help="Database schema management.")
users_app = typer.Typer(help="User accounts.")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")


def _fail(message: str) -> NoReturn:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


def _serve(host: str, port: int) -> None:
    from cadenza_api.app import create_app

    settings = get_settings()
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the API (the schema must be up to date: see `cadenza db upgrade`)."""
    settings = get_settings()
    _serve(host or settings.server.host, port or settings.server.port)


@app.command()
def up(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    api_port: Annotated[int | None, typer.Option(help="Port of the API.")] = None,
) -> None:
    """Migrate the database, then start Cadenza on the configured (or embedded) services."""
    settings = get_settings()
    upgrade_database(settings.database)
    typer.echo(
        f"Cadenza API on http://{host or settings.server.host}:{api_port or settings.server.port} "
        f"(data in {settings.data_dir})",
        err=True,
    )
    _serve(host or settings.server.host, api_port or settings.server.port)


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(min=1, help="Jobs run at once.")] = 2,
) -> None:
    """Run background jobs from the Redis queue (needs CADENZA_REDIS_URL)."""
    from cadenza_api.logging import configure_logging
    from cadenza_api.worker import run_worker

    settings = get_settings()
    if settings.redis_url is None:
        _fail(
            "`cadenza worker` needs CADENZA_REDIS_URL; without Redis, "
            "`cadenza serve` runs jobs itself."
        )
    configure_logging(settings.server.log_level)
    asyncio.run(run_worker(settings, concurrency=concurrency))


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply database migrations up to REVISION (default: the newest)."""
    upgrade_database(get_settings().database, revision)
    typer.echo("Database is up to date.", err=True)


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Option(help="Login name.")],
    email: Annotated[str, typer.Option(help="Email address.")],
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help="Password.")
    ],
    role: Annotated[Role, typer.Option(help="listener, artist or admin.")] = Role.LISTENER,
) -> None:
    """Create a user account with any role (e.g. the first admin)."""
    from cadenza_api.domain.accounts.commands import create_user

    try:
        msgspec.convert(
            {"username": username, "email": email, "password": password}, RegisterRequest
        )
    except msgspec.ValidationError as exc:
        _fail(f"Invalid account details: {exc}")
    settings = get_settings()
    upgrade_database(settings.database)
    try:
        user = asyncio.run(
            create_user(settings, username=username, email=email, password=password, role=role)
        )
    except CadenzaError as exc:
        _fail(exc.detail)
        return
    typer.echo(f"Created {user.role} {user.username} ({user.id}).")


@app.command("import")
def import_music(
    path: Annotated[Path, typer.Argument(help="Music folder to import (searched recursively).")],
    wait: Annotated[
        bool,
        typer.Option(
            "--wait/--no-wait",
            help="Wait until the tracks are converted (without Redis, convert them here); "
            "--no-wait leaves the conversions queued.",
        ),
    ] = True,
) -> None:
    """Import a music folder: tags, cover art, conversions. Run it again to pick up changes."""
    settings = get_settings()
    root = path.expanduser()
    if not root.exists():
        _fail(f"{path} does not exist.")
    if not root.is_dir():
        _fail(f"{path} is not a directory.")
    upgrade_database(settings.database)
    if not asyncio.run(_import(settings, root.resolve(), wait=wait)):
        raise typer.Exit(code=1)


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    )


async def _import(settings: Settings, root: Path, *, wait: bool) -> bool:
    """Import `root`, print what happened, then convert; True when every file made it."""
    from cadenza_api.db.config import build_sqlalchemy_config
    from cadenza_api.domain.media.context import JobContext
    from cadenza_api.domain.media.importer import import_folder
    from cadenza_api.storage import build_storage

    database = build_sqlalchemy_config(settings.database)
    context = JobContext(settings=settings, database=database, storage=build_storage(settings))
    try:
        with _progress_bar() as progress:
            task = progress.add_task("Importing", total=None)

            def show(done: int, total: int, current: Path | None) -> None:
                label = escape(current.name) if current is not None else "Importing"
                progress.update(task, completed=done, total=total, description=label)

            report = await import_folder(context, root, on_progress=show)
            progress.update(task, description="Imported")
        _print_import_summary(report, root)
        converted = await _convert(context, report.job_ids + report.waiting_job_ids, wait=wait)
    finally:
        await database.get_engine().dispose()
    if report.failures:
        typer.secho(
            f"{report.failed} of {report.total} files could not be imported.",
            fg=typer.colors.RED,
            err=True,
        )
    return not report.failures and converted


def _print_import_summary(report: ImportReport, root: Path) -> None:
    console = Console()
    summary = Table(title=f"Import of {escape(str(root))}")
    summary.add_column("files")
    summary.add_column("count", justify="right")
    for label, count in (
        ("added", report.added),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("failed", report.failed),
    ):
        summary.add_row(label, str(count))
    console.print(summary)
    if report.failures:
        failures = Table(title="Files not imported")
        failures.add_column("file", overflow="fold")
        failures.add_column("reason", overflow="fold")
        for failure in report.failures:
            shown = (
                failure.path.relative_to(root)
                if failure.path.is_relative_to(root)
                else failure.path
            )
            failures.add_row(escape(str(shown)), escape(failure.reason))
        console.print(failures)


async def _convert(context: JobContext, job_ids: list[UUID], *, wait: bool) -> bool:
    """Run, queue or wait for the conversions; False when one of them failed."""
    from cadenza_api.domain.media.importer import (
        conversion_failures,
        run_conversions,
        wait_for_conversions,
    )
    from cadenza_api.queue import RedisQueue

    settings = context.settings
    if not job_ids:
        return True
    if settings.redis_url is not None:
        queue = RedisQueue(settings.redis_url, name=settings.redis_prefix)
        try:
            await queue.start()
            try:
                for job_id in job_ids:
                    await queue.enqueue(job_id)
            finally:
                await queue.stop()
        except RedisError as exc:
            typer.secho(
                f"Cannot queue the conversions on Redis ({exc}); they stay recorded, and the "
                "next `cadenza import` of this folder queues them again.",
                fg=typer.colors.RED,
                err=True,
            )
            return False
    if not wait:
        runner = (
            "`cadenza worker` runs them"
            if settings.redis_url
            else "the API runs them when it next starts (`cadenza up`)"
        )
        typer.echo(f"Conversions queued: {len(job_ids)}; {runner}.")
        return True
    with _progress_bar() as progress:
        task = progress.add_task("Converting", total=len(job_ids))

        def show(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        if settings.redis_url is None:
            await run_conversions(
                context, job_ids, concurrency=settings.media.job_concurrency, on_progress=show
            )
        else:
            progress.console.print(
                "Waiting for `cadenza worker` to convert the tracks "
                "(Ctrl+C stops waiting; the conversions stay queued)."
            )
            await wait_for_conversions(context, job_ids, on_progress=show)
    failures = await conversion_failures(context, job_ids)
    typer.echo(f"Converted {len(job_ids) - len(failures)} of {len(job_ids)} tracks.")
    for failure in failures:
        typer.secho(f"{failure.source_path}: {failure.error}", fg=typer.colors.RED, err=True)
    return not failures


def main() -> None:
    try:
        app()
    except SettingsError as exc:
        typer.secho(f"Configuration error: {exc}", fg=typer.colors.RED, err=True)
        sys.exit(2)
