"""`GET /metrics` moves with requests, jobs, streams, sockets and storage failures; `/health`
checks Redis when it is configured and reports each service apart; a job's log lines carry its
id and its request's id."""

from __future__ import annotations

import array
import asyncio
import contextlib
import io
import json
import logging
import math
import random
import socket
import threading
import time
import wave
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID, uuid4

import av
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from prometheus_client.parser import text_string_to_metric_families

from cadenza_api.app import create_app
from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import Job
from cadenza_api.domain.playback.hub import PlaybackHub
from cadenza_api.logging import JsonFormatter
from cadenza_api.services import open_session
from cadenza_api.settings import Settings
from cadenza_api.storage import build_storage
from cadenza_contracts.accounts import Role
from cadenza_contracts.playback import DevicesMessage, HelloMessage, ServerMessage, StateMessage
from cadenza_contracts.sync import encode_message

Client = AsyncTestClient[Litestar]
API = "/api/v1"
RATE = 44_100
WAIT_SECONDS = 60.0
PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"
REQUESTS = "cadenza_http_requests_total"
LATENCY_COUNT = "cadenza_http_request_duration_seconds_count"


def wav_bytes(seconds: float, *, frequency: float = 440.0) -> bytes:
    """A stereo 16-bit WAV of a sine."""
    samples = array.array("h")
    for n in range(int(seconds * RATE)):
        value = int(12_000 * math.sin(2 * math.pi * frequency * n / RATE))
        samples.extend((value, value))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(samples.tobytes())
    return buffer.getvalue()


@dataclass(frozen=True)
class Scrape:
    """One scrape's samples by name and labels; a series not yet exported reads as 0."""

    samples: dict[tuple[str, frozenset[tuple[str, str]]], float]

    def value(self, name: str, **labels: str) -> float:
        return self.samples.get((name, frozenset(labels.items())), 0.0)

    def routes(self) -> set[str]:
        return {dict(labels)["route"] for name, labels in self.samples if name == REQUESTS}


def corrupt_flac() -> bytes:
    """A FLAC that probes as audio (its header is intact) but whose frames are noise."""
    output = io.BytesIO()
    with av.open(output, "w", format="flac") as container:
        stream = container.add_stream("flac", rate=RATE, layout="stereo")
        silence = av.AudioFrame(format="s16", layout="stereo", samples=RATE * 2)
        silence.planes[0].update(bytes(RATE * 2 * 4))
        silence.sample_rate = RATE
        for packet in [*stream.encode(silence), *stream.encode(None)]:
            container.mux(packet)
    data = output.getvalue()
    return data[:8192] + random.Random(7).randbytes(max(len(data) - 8192, 65_536))


async def scrape(client: Client) -> Scrape:
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == PROMETHEUS_TEXT
    samples = {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }
    return Scrape(samples)


def delta(before: Scrape, after: Scrape, name: str, **labels: str) -> float:
    return after.value(name, **labels) - before.value(name, **labels)


async def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.05)


async def upload(client: Client, headers: dict[str, str], **extra_headers: str) -> dict[str, Any]:
    response = await client.post(
        f"{API}/tracks/upload",
        files={"file": ("tone.wav", wav_bytes(2.0), "application/octet-stream")},
        data={"title": "Metrics Tone"},
        headers={**headers, **extra_headers},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def wait_for_job(client: Client, job_id: str, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_SECONDS * 3
    while time.monotonic() < deadline:
        response = await client.get(f"{API}/jobs/{job_id}", headers=headers)
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        if job["state"] in ("complete", "failed"):
            return job
        await asyncio.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


async def test_metrics_is_prometheus_text_outside_the_api_schema(client: Client) -> None:
    first = await scrape(client)
    assert first.value("cadenza_playback_devices") == 0
    assert {
        state: first.value("cadenza_jobs", state=state)
        for state in ("queued", "running", "complete", "failed")
    } == dict.fromkeys(("queued", "running", "complete", "failed"), 0.0)
    schema = (await client.get("/schema/openapi.json")).json()
    assert "/metrics" not in schema["paths"]
    assert (await client.get(f"{API}/metrics")).status_code == 404


async def test_requests_are_counted_by_route_template(client: Client) -> None:
    artist_ids = [uuid4() for _ in range(3)]
    before = await scrape(client)
    for artist_id in artist_ids:
        assert (await client.get(f"{API}/artists/{artist_id}")).status_code == 404
    assert (await client.get(f"{API}/jobs")).status_code == 401
    assert (await client.get(f"{API}/no-such-route/{artist_ids[0]}")).status_code == 404
    assert (await client.get(f"{API}/auth/login")).status_code == 405
    after = await scrape(client)

    artist = {"method": "GET", "route": "/api/v1/artists/{artist_id}", "status": "404"}
    assert delta(before, after, REQUESTS, **artist) == 3
    assert delta(before, after, LATENCY_COUNT, **artist) == 3
    assert (
        delta(before, after, "cadenza_http_request_duration_seconds_bucket", le="+Inf", **artist)
        == 3
    )
    jobs = {"method": "GET", "route": "/api/v1/jobs", "status": "401"}
    assert delta(before, after, REQUESTS, **jobs) == 1
    assert delta(before, after, LATENCY_COUNT, **jobs) == 1
    assert delta(before, after, REQUESTS, method="GET", route="unmatched", status="404") == 1
    assert delta(before, after, REQUESTS, method="GET", route="unmatched", status="405") == 1
    # The first scrape is counted once its response has gone out.
    assert delta(before, after, REQUESTS, method="GET", route="/metrics", status="200") == 1
    assert not any(str(artist_id) in route for route in after.routes() for artist_id in artist_ids)


async def test_jobs_streams_and_storage_errors_move_the_metrics(
    client: Client, make_account: Any, settings: Settings
) -> None:
    admin = await make_account(Role.ADMIN)
    before = await scrape(client)
    uploaded = await upload(client, admin.headers)
    job = await wait_for_job(client, uploaded["jobId"], admin.headers)
    assert job["state"] == "complete", job
    track_id = uploaded["track"]["id"]
    after_job = await scrape(client)
    assert {
        state: delta(before, after_job, "cadenza_jobs", state=state)
        for state in ("queued", "running", "complete", "failed")
    } == {"queued": 0, "running": 0, "complete": 1, "failed": 0}
    complete = {"state": "complete"}
    assert delta(before, after_job, "cadenza_job_duration_seconds_count", **complete) == 1
    assert (
        delta(before, after_job, "cadenza_job_duration_seconds_bucket", le="+Inf", **complete) == 1
    )
    assert (
        delta(before, after_job, "cadenza_job_duration_seconds_bucket", le="3600.0", **complete)
        == 1
    )
    assert after_job.value("cadenza_job_duration_seconds_sum", **complete) > before.value(
        "cadenza_job_duration_seconds_sum", **complete
    )
    assert delta(before, after_job, "cadenza_job_duration_seconds_count", state="failed") == 0

    stream = f"{API}/tracks/{track_id}/stream"
    ranged = await client.get(stream, headers={**admin.headers, "range": "bytes=100-1099"})
    assert ranged.status_code == 206
    assert len(ranged.content) == 1000
    whole = await client.get(stream, headers=admin.headers)
    assert whole.status_code == 200
    head = await client.head(stream, headers=admin.headers)
    assert head.status_code == 200
    assert head.content == b""
    after_streams = await scrape(client)
    received = len(ranged.content) + len(whole.content)
    assert delta(after_job, after_streams, "cadenza_stream_bytes_total", kind="audio") == received
    route = {"method": "GET", "route": "/api/v1/tracks/{track_id}/stream"}
    assert delta(after_job, after_streams, REQUESTS, status="206", **route) == 1
    assert delta(after_job, after_streams, REQUESTS, status="200", **route) == 1
    missing = {"operation": "stat", "reason": "not_found"}
    assert delta(before, after_streams, "cadenza_storage_errors_total", **missing) == 0

    await build_storage(settings).delete(f"tracks/{track_id}/renditions/opus-160.opus")
    gone = await client.get(stream, headers=admin.headers)
    assert gone.status_code == 404
    after_loss = await scrape(client)
    assert delta(after_streams, after_loss, "cadenza_storage_errors_total", **missing) == 1
    assert delta(after_streams, after_loss, "cadenza_stream_bytes_total", kind="audio") == 0
    assert delta(after_streams, after_loss, REQUESTS, status="404", **route) == 1


async def test_a_failed_job_moves_the_failed_series(
    client: Client, make_account: Any, settings: Settings
) -> None:
    admin = await make_account(Role.ADMIN)
    before = await scrape(client)
    response = await client.post(
        f"{API}/tracks/upload",
        files={"file": ("broken.flac", corrupt_flac(), "audio/flac")},
        data={"title": "Not Audio"},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    job = await wait_for_job(client, response.json()["jobId"], admin.headers)
    assert job["state"] == "failed", job
    after = await scrape(client)
    assert {
        state: delta(before, after, "cadenza_jobs", state=state)
        for state in ("queued", "running", "complete", "failed")
    } == {"queued": 0, "running": 0, "complete": 0, "failed": 1}
    failed = {"state": "failed"}
    assert delta(before, after, "cadenza_job_duration_seconds_count", **failed) == 1
    assert delta(before, after, "cadenza_job_duration_seconds_bucket", le="+Inf", **failed) == 1
    assert delta(before, after, "cadenza_job_duration_seconds_count", state="complete") == 0


def _next(session: Any) -> ServerMessage:
    return msgspec.json.decode(session.receive_text(timeout=WAIT_SECONDS), type=ServerMessage)


async def _ticket(client: Client, headers: dict[str, str]) -> str:
    response = await client.post(f"{API}/auth/ws-ticket", headers=headers)
    assert response.status_code == 200, response.text
    return str(response.json()["ticket"])


async def test_devices_gauge_follows_the_playback_sockets(
    client: Client, app: Litestar, make_account: Any
) -> None:
    hub: PlaybackHub = app.state.playback_hub
    alice = await make_account()
    assert (await scrape(client)).value("cadenza_playback_devices") == 0
    with await client.websocket_connect(
        f"{API}/ws?ticket={await _ticket(client, alice.headers)}"
    ) as web:
        assert isinstance(_next(web), StateMessage)
        web.send_text(encode_message(HelloMessage(device_id="alice-web", name="Web")))
        while not isinstance(_next(web), DevicesMessage):
            pass
        assert (await scrape(client)).value("cadenza_playback_devices") == 1
        # A socket that has not announced a device yet is no device.
        silent = await client.websocket_connect(
            f"{API}/ws?ticket={await _ticket(client, alice.headers)}"
        )
        with silent:
            assert isinstance(_next(silent), StateMessage)
            assert (await scrape(client)).value("cadenza_playback_devices") == 1
    await wait_until(lambda: not hub.connections)
    assert (await scrape(client)).value("cadenza_playback_devices") == 0


class JsonLines(logging.Handler):
    """Keeps each record formatted as the production JSON line, at the moment it is logged
    (the request and job ids are read from the logging context then)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def json_log(client: Client) -> Iterator[JsonLines]:
    """The JSON log lines written during the test (after the app configured logging)."""
    handler = JsonLines()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


async def test_job_log_lines_carry_the_job_id_and_the_uploads_request_id(
    client: Client, make_account: Any, settings: Settings, json_log: JsonLines
) -> None:
    admin = await make_account(Role.ADMIN)
    request_id = f"upload-{uuid4().hex}"
    uploaded = await upload(client, admin.headers, **{"x-request-id": request_id})
    job_id = uploaded["jobId"]
    assert (await wait_for_job(client, job_id, admin.headers))["state"] == "complete"

    def job_lines() -> list[dict[str, Any]]:
        return [line for line in json_log.lines if line.get("jobId") == job_id]

    await wait_until(lambda: any(line["message"].endswith("complete") for line in job_lines()))
    messages = [line["message"] for line in job_lines()]
    assert messages[0].startswith(f"job {job_id} (convert_track) started")
    assert messages[-1] == f"job {job_id} complete"
    assert {line["requestId"] for line in job_lines()} == {request_id}
    access = [line for line in json_log.lines if line["logger"] == "cadenza.access"]
    upload_line = next(line for line in access if line["path"] == f"{API}/tracks/upload")
    assert upload_line["requestId"] == request_id
    assert "jobId" not in upload_line
    # Lines logged outside the job carry neither the job's id nor, later on, its request's.
    later = await client.get(f"{API}/health")
    later_line = next(
        line
        for line in reversed(json_log.lines)
        if line["logger"] == "cadenza.access" and line["path"] == f"{API}/health"
    )
    assert later_line["requestId"] == later.headers["x-request-id"] != request_id
    assert "jobId" not in later_line

    config = build_sqlalchemy_config(settings.database)
    try:
        async with open_session(config) as session:
            job = await session.get(Job, UUID(job_id))
            assert job is not None
            assert job.payload == {"trackId": uploaded["track"]["id"], "requestId": request_id}
    finally:
        await config.get_engine().dispose()


@pytest.fixture
async def redis_client(
    settings: Settings, require_service: Callable[[str], None]
) -> AsyncIterator[Client]:
    """A client of an app using the local Redis (queue, channels and health check)."""
    require_service("redis")
    with_redis = replace(settings, redis_url=f"redis://127.0.0.1:6379/{random.randint(1, 15)}")
    async with AsyncTestClient(app=create_app(with_redis)) as client:
        yield client


async def test_health_pings_redis_when_it_is_configured(redis_client: Client) -> None:
    response = await redis_client.get(f"{API}/health")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "storage": "ok",
        "queue": "ok",
        "redis": "ok",
    }
    assert body["checks"]["redis"]["latencyMs"] >= 0


class FlakyTcpProxy:
    """Forwards TCP connections to `target` (on threads) until `cut()`, which drops every open
    connection and closes new ones at once, until `restore()`: a service going away."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.up = True
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                if not self.up:
                    client.close()
                    continue
                upstream = socket.create_connection(self.target)
                self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        with self._lock:
            self.up = False
            for connection in self._open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self._open.clear()

    def restore(self) -> None:
        with self._lock:
            self.up = True

    def close(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone would not.
        self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()


async def test_health_reports_a_redis_outage_apart_from_the_other_services(
    settings: Settings, redis_namespace: Any
) -> None:
    redis_port = int(redis_namespace.url.rsplit(":", 1)[1].split("/")[0])
    proxy = FlakyTcpProxy(("127.0.0.1", redis_port))
    through_proxy = replace(
        settings,
        redis_url=f"redis://127.0.0.1:{proxy.port}/0",
        redis_prefix=redis_namespace.prefix,
    )
    try:
        async with AsyncTestClient(app=create_app(through_proxy)) as client:
            healthy = await client.get(f"{API}/health")
            assert healthy.status_code == 200, healthy.text
            assert healthy.json()["status"] == "ok"

            proxy.cut()
            outage = await client.get(f"{API}/health")
            assert outage.status_code == 503
            body = outage.json()
            assert body["status"] == "error"
            statuses = {name: check["status"] for name, check in body["checks"].items()}
            assert statuses == {
                "database": "ok",
                "storage": "ok",
                "queue": "error",
                "redis": "error",
            }
            assert "Connection" in body["checks"]["redis"]["detail"]

            proxy.restore()
            recovered = await client.get(f"{API}/health")
            assert recovered.status_code == 200, recovered.text
    finally:
        proxy.close()
