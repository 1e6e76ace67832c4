"""Child processes of `cadenza up`: each in a process group of its own, so that stopping one
also stops whatever it started (Reflex runs Node.js, for one), and so that a Ctrl-C in the
terminal reaches `cadenza up` alone, which then stops them in order."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

STOP_TIMEOUT_SECONDS = 10.0


@dataclass
class Child:
    """A started child: `label` names it in messages ("the web player"); its output goes to
    `log`, or to this terminal when `log` is None."""

    label: str
    process: subprocess.Popen[bytes]
    log: Path | None

    @property
    def pid(self) -> int:
        return self.process.pid

    def exit_code(self) -> int | None:
        """None while it runs."""
        return self.process.poll()

    def log_tail(self, lines: int = 15) -> str:
        if self.log is None or not self.log.is_file():
            return ""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def find_script(name: str) -> str | None:
    """A console script of this environment (e.g. `cadenza-web`), else one on PATH."""
    for folder in (Path(sysconfig.get_path("scripts")), Path(sys.executable).parent):
        if (folder / name).is_file():
            return str(folder / name)
    return shutil.which(name)


def start_child(
    label: str, command: Sequence[str], *, env: Mapping[str, str], log: Path | None
) -> Child:
    """Start `command` in a new session (its own process group)."""
    if log is None:
        process = subprocess.Popen(list(command), env=dict(env), start_new_session=True)
        return Child(label=label, process=process, log=None)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        process = subprocess.Popen(
            list(command),
            env=dict(env),
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return Child(label=label, process=process, log=log)


def _signal_group(child: Child, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)


def stop_children(children: Sequence[Child], *, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
    """SIGTERM to every child's process group, then SIGKILL to whatever of those groups is
    still there after `timeout` seconds (or once the child itself has exited), so nothing a
    child started outlives `cadenza up`."""
    for child in children:
        if child.exit_code() is None:
            _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
    for child in children:
        _signal_group(child, signal.SIGKILL)
        child.process.wait()
