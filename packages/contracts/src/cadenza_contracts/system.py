"""Health and other operational bodies."""

from typing import Literal

from cadenza_contracts.base import Model


class CheckResult(Model):
    status: Literal["ok", "error"]
    latency_ms: float
    detail: str | None = None


class Health(Model):
    status: Literal["ok", "error"]
    version: str
    checks: dict[str, CheckResult]
