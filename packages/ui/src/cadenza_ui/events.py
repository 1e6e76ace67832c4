"""`@event` and `@background`: Reflex's `rx.event`, typed so that mypy can check the pages.

Reflex types its decorator for pyright; mypy reads every decorated handler as
`EventNamespace`, so `State.handler(argument)` or `State.handler.throttle(ms)` in a page
would not type-check. These return the very same handlers as `rx.event`, typed `Any`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx


def event(handler: Callable[..., Any]) -> Any:
    """`@rx.event`: a handler that runs holding the state's lock."""
    return rx.event(handler)


def background(handler: Callable[..., Any]) -> Any:
    """`@rx.event(background=True)`: a handler that runs without the lock (for API calls),
    changing state only inside `async with self:`."""
    return rx.event(handler, background=True)
