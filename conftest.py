"""Test-wide service detection: skip a service-backed variant when the service is missing,
unless `CADENZA_TEST_REQUIRE` names it (as CI does), in which case it is a failure."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
from collections.abc import Callable

import pytest

_missing: dict[str, str] = {}


def required_services() -> set[str]:
    raw = os.environ.get("CADENZA_TEST_REQUIRE", "")
    return {name.strip() for name in raw.split(",") if name.strip()}


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def service_available(name: str) -> tuple[bool, str]:
    """Whether a test service is reachable here, and how it was looked for."""
    if name == "postgres":
        return _port_open("127.0.0.1", 5432), "PostgreSQL on 127.0.0.1:5432"
    if name == "redis":
        return _port_open("127.0.0.1", 6379), "Redis on 127.0.0.1:6379"
    if name == "browser":
        return shutil.which("chromium") is not None or os.path.exists(
            "/usr/bin/chromium"
        ), "Chromium at /usr/bin/chromium"
    if name == "nginx":
        found = shutil.which("nginx") is not None or os.access("/usr/sbin/nginx", os.X_OK)
        return found, "Debian's nginx (for the docker/ config checks)"
    if name == "s3":
        return importlib.util.find_spec("moto") is not None, "moto[server] for an S3 endpoint"
    raise ValueError(f"unknown test service {name!r}")


def _require_service(name: str) -> None:
    """Skip (or, when required, fail) the calling test if `name` is not available."""
    available, where = service_available(name)
    if available:
        return
    if name in required_services():
        pytest.fail(f"{where} is required (CADENZA_TEST_REQUIRE) but not available.")
    _missing[name] = where
    pytest.skip(f"{where} not available")


@pytest.fixture(scope="session")
def require_service() -> Callable[[str], None]:
    """`require_service("postgres")` skips, or under CADENZA_TEST_REQUIRE fails, when missing."""
    return _require_service


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _missing:
        names = ", ".join(f"{name} ({where})" for name, where in sorted(_missing.items()))
        terminalreporter.write_line(f"cadenza: variants not run, services missing: {names}")
