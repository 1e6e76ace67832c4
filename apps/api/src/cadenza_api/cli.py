"""The `cadenza` command: serve the API, migrate the database, manage users."""

from __future__ import annotations

import asyncio
import sys
from typing import Annotated, NoReturn

import msgspec
import typer
import uvicorn

from cadenza_api.db.migrate import upgrade_database
from cadenza_api.errors import CadenzaError
from cadenza_api.settings import SettingsError, get_settings
from cadenza_contracts.accounts import RegisterRequest, Role

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


def main() -> None:
    try:
        app()
    except SettingsError as exc:
        typer.secho(f"Configuration error: {exc}", fg=typer.colors.RED, err=True)
        sys.exit(2)
