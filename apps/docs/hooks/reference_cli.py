"""The command-line reference: Typer apps walked command by command, argparse ones by their
`--help` text."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from typing import Any

import typer

# Typer apps (rendered from their click commands) and argparse mains (from `--help`), by the
# console script that runs them.
TYPER_APPS = {"cadenza": "cadenza_api.cli:app", "cadenza-convert": "cadenza_converter.cli:app"}
ARGPARSE_SCRIPTS = ("cadenza-tokens", "cadenza-web", "cadenza-admin", "cadenza-tui")
# Options every Typer app has, which say nothing about the command.
SHELL_OPTIONS = {"help", "install_completion", "show_completion"}


def _load(target: str) -> object:
    module_name, _, attribute = target.partition(":")
    module = __import__(module_name, fromlist=[attribute])
    return getattr(module, attribute)


# Typer carries its own copy of click, so its commands and parameters are used by their
# attributes (`commands`, `param_type_name`, `opts`) rather than by click's classes.


def _commands(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not sub.hidden:
            yield from _commands(sub, [*path, name])


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ").strip()


def _parameter_row(parameter: Any, context: typer.Context) -> str:
    if parameter.param_type_name == "option":
        names = ", ".join(f"`{name}`" for name in [*parameter.opts, *parameter.secondary_opts])
    else:
        names = f"`{parameter.name.upper()}`"
    default = parameter.get_default(context, call=False)
    if parameter.required:
        shown = "required"
    elif default is None or (getattr(parameter, "is_flag", False) and not default):
        shown = ""
    else:
        shown = f"`{getattr(default, 'value', default)}`"
    return f"| {names} | {shown} | {_cell(getattr(parameter, 'help', None))} |"


def render_typer_app(script: str, app: typer.Typer) -> list[str]:
    """One section per command of `app`: usage, help and a table of its parameters."""
    root = typer.main.get_command(app)
    lines: list[str] = []
    for path, command in _commands(root, [script]):
        context = typer.Context(command, info_name=" ".join(path))
        name = " ".join(path)
        lines += [f"### `{name}`" if len(path) > 1 else f"## `{name}`", ""]
        lines += [f"```text\n{command.get_usage(context)}\n```", ""]
        if command.help:
            lines += [command.help.strip(), ""]
        parameters = [
            parameter
            for parameter in command.get_params(context)
            if parameter.name not in SHELL_OPTIONS and not getattr(parameter, "hidden", False)
        ]
        if parameters:
            lines += ["| parameter | default | meaning |", "|---|---|---|"]
            lines += [_parameter_row(parameter, context) for parameter in parameters]
            lines.append("")
    return lines


def help_text(main: Callable[..., object], argv: list[str]) -> str:
    """What `main(argv)` prints for `--help`, at a width of 100 columns."""
    output = io.StringIO()
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        with contextlib.redirect_stdout(output), contextlib.suppress(SystemExit):
            main(argv)
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous
    return output.getvalue().rstrip()


def render_cli_reference() -> str:
    scripts = {script.name: script for script in entry_points(group="console_scripts")}
    lines = [
        "# Command-line reference",
        "",
        "Generated from the commands themselves; `COMMAND --help` prints the same. Every "
        "command reads the [`CADENZA_*` settings](../configuration.md); one it cannot use "
        "stops it with a sentence naming the variable and exit status 2.",
        "",
    ]
    for script, target in TYPER_APPS.items():
        app = _load(target)
        assert isinstance(app, typer.Typer), target
        lines += render_typer_app(script, app)
    for script in ARGPARSE_SCRIPTS:
        if script not in scripts:
            continue
        lines += [
            f"## `{script}`",
            "",
            "```text",
            help_text(scripts[script].load(), ["--help"]),
            "```",
            "",
        ]
    return "\n".join(lines)
