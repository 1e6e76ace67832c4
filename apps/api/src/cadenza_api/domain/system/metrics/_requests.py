"""Request counts and latencies by route template, and bytes of media sent."""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextvars import ContextVar

from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    BeforeMessageSendHookHandler,
    Message,
    Receive,
    Scope,
    Send,
)
from prometheus_client import Counter

from cadenza_api.domain.system.metrics._registry import AppMetrics

UNMATCHED = "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_MEDIA_KINDS = frozenset({"audio", "image"})

_current: ContextVar[AppMetrics | None] = ContextVar("cadenza_metrics", default=None)
"""The metrics of the app serving the current request (for `count_streamed`)."""


def _method(scope: Scope) -> str:
    # Any method string may reach a route that does not exist: keep the label set bounded.
    method = str(scope.get("method", "")).upper()
    return method if method in _METHODS else "OTHER"


def request_metrics_middleware(metrics: AppMetrics) -> Callable[[ASGIApp], ASGIApp]:
    """Middleware observing each routed HTTP request under its route template (never the raw
    path, whose ids would make a series per track)."""

    def build(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            started = time.perf_counter()
            status = 500

            async def send_seen(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            token = _current.set(metrics)
            try:
                await app(scope, receive, send_seen)
            finally:
                _current.reset(token)
                metrics.observe_request(
                    _method(scope),
                    scope.get("path_template") or UNMATCHED,
                    status,
                    time.perf_counter() - started,
                )

        return middleware

    return build


def unmatched_request_counter(metrics: AppMetrics) -> BeforeMessageSendHookHandler:
    """A before-send hook counting the requests no route matched (404, 405).

    Litestar runs middleware only for routed requests, so these are counted as their response
    starts; their latency is not observed, as nothing but the router ran for them.
    """

    async def count(message: Message, scope: Scope) -> None:
        if (
            scope["type"] == ScopeType.HTTP
            and message["type"] == "http.response.start"
            and not scope.get("path_template")
        ):
            metrics.requests.labels(_method(scope), UNMATCHED, str(message["status"])).inc()

    return count


def _media_kind(content_type: str) -> str:
    major = content_type.partition("/")[0].strip().lower()
    return major if major in _MEDIA_KINDS else "other"


def count_streamed(body: AsyncIterator[bytes], content_type: str) -> AsyncIterator[bytes]:
    """`body`, counting its bytes into the current app's `cadenza_stream_bytes` as they are
    sent; `body` unchanged outside an app with metrics."""
    metrics = _current.get()
    if metrics is None:
        return body
    return _counted(body, metrics.stream_bytes.labels(_media_kind(content_type)))


async def _counted(body: AsyncIterator[bytes], sent: Counter) -> AsyncIterator[bytes]:
    try:
        async for chunk in body:
            yield chunk
            # Resumed only once the server has sent the chunk: a client that leaves mid-way
            # is not counted for what it never got.
            sent.inc(len(chunk))
    finally:
        if isinstance(body, AsyncGenerator):
            await body.aclose()
