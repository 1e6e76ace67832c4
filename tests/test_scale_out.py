"""Scale-out: two `cadenza serve` processes and two `cadenza worker`s on one PostgreSQL
database, one Redis prefix and one S3 bucket. Whatever one process does, the others see:
uploads, conversions, streams, sessions, login limits, playback sync and the job queue."""

from __future__ import annotations

import array
import asyncio
import io
import json
import math
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import httpx
import pytest
from minio import Minio
from prometheus_client.parser import text_string_to_metric_families
from websockets.asyncio.client import connect

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.catalog import ArtistCreate, TrackCreate
from cadenza_contracts.playback import (
    CommandMessage,
    DeviceKind,
    DevicesMessage,
    PlayCommand,
    ServerMessage,
    StateMessage,
)
from cadenza_contracts.sync import PlayerSync

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery"
WAIT_SECONDS = 90.0
RATE = 44_100
WORKERS = 2


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, start_cluster: Any) -> Iterator[Any]:
    """Two API processes and two workers running one job at a time each, on S3 storage."""
    directory = tmp_path_factory.mktemp("scale-out")
    with start_cluster(directory, apis=2, workers=WORKERS, worker_concurrency=1, s3=True) as up:
        made = up.cadenza(
            *("users", "create", "--username", "admin", "--email", "admin@example.com"),
            *("--password", PASSWORD, "--role", "admin"),
        )
        assert made.returncode == 0, made.stderr
        yield up


def wav_bytes(seconds: float, frequency: float) -> bytes:
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


async def signed_in(url: str, username: str = "admin") -> CadenzaClient:
    client = CadenzaClient(url)
    await client.login(username, PASSWORD)
    return client


async def upload(api: CadenzaClient, title: str, request_id: str) -> dict[str, Any]:
    response = await api.http.post(
        "/api/v1/tracks/upload",
        files={"file": (f"{title}.wav", wav_bytes(2.0, 220.0 + len(title) * 40), "audio/wav")},
        data={"title": title},
        headers={"Authorization": f"Bearer {api.access_token}", "x-request-id": request_id},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def finished_job(api: CadenzaClient, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job: dict[str, Any] = (await api.call("GET", f"/jobs/{job_id}")).json()
        if job["state"] in ("complete", "failed"):
            return job
        await asyncio.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


def log_lines(log: Path) -> list[dict[str, Any]]:
    """The JSON lines of a process's log (other output, such as tracebacks, is skipped)."""
    lines = []
    for raw in log.read_text().splitlines():
        if raw.startswith("{"):
            lines.append(json.loads(raw))
    return lines


def workers_that_started(cluster: Any, job_id: str) -> list[int]:
    """Which worker processes (by index) logged starting the job."""
    started = f"job {job_id} (convert_track) started"
    return [
        index
        for index, log in enumerate(cluster.worker_logs)
        for line in log_lines(log)
        if line["message"].startswith(started)
    ]


async def test_upload_on_one_api_is_converted_by_a_worker_and_streams_from_the_other(
    cluster: Any,
) -> None:
    url_a, url_b = cluster.urls
    request_id = f"scale-out-{uuid4().hex}"
    async with await signed_in(url_a) as api_a, await signed_in(url_b) as api_b:
        uploaded = await upload(api_a, "Across", request_id)
        job = await finished_job(api_b, uploaded["jobId"])
        assert job["state"] == "complete", job
        track_id = uploaded["track"]["id"]
        assert (await api_b.get_track(UUID(track_id))).status == "ready"

        stream = f"/api/v1/tracks/{track_id}/stream?format=opus&bitrate=160"
        auth = {"Authorization": f"Bearer {api_a.access_token}"}
        whole = await api_a.http.get(stream, headers=auth)
        assert whole.status_code == 200
        assert len(whole.content) > 2000
        ranged = await api_b.http.get(stream, headers={**auth, "range": "bytes=100-1099"})
        assert ranged.status_code == 206
        assert ranged.headers["content-range"] == f"bytes 100-1099/{len(whole.content)}"
        assert ranged.content == whole.content[100:1100]
        suffix = await api_b.http.get(stream, headers={**auth, "range": "bytes=-500"})
        assert suffix.status_code == 206
        assert suffix.content == whole.content[-500:]
        assert ranged.headers["etag"] == whole.headers["etag"]

    # The renditions are in the shared bucket, not on any process's disk.
    endpoint = urlsplit(cluster.s3_endpoint)
    bucket = Minio(endpoint.netloc, "testing", "testing", secure=False, region="us-east-1")
    keys = {
        item.object_name
        for item in bucket.list_objects(
            cluster.bucket, prefix=f"tracks/{track_id}/", recursive=True
        )
    }
    assert f"tracks/{track_id}/renditions/opus-160.opus" in keys

    # One worker ran it, and its log lines carry the upload's request id.
    assert len(workers_that_started(cluster, uploaded["jobId"])) == 1
    job_lines = [
        line
        for log in cluster.worker_logs
        for line in log_lines(log)
        if line.get("jobId") == uploaded["jobId"]
    ]
    assert job_lines
    assert {line.get("requestId") for line in job_lines} == {request_id}


async def test_a_session_started_on_one_api_refreshes_on_the_other(cluster: Any) -> None:
    url_a, url_b = cluster.urls
    async with CadenzaClient(url_a) as on_a, CadenzaClient(url_b) as on_b:
        await on_a.register("rosa", "rosa@example.com", PASSWORD)
        await on_a.login("rosa", PASSWORD)
        on_b.http.cookies.update(on_a.http.cookies)
        refreshed = await on_b.refresh()
        assert refreshed.access_token != on_a.access_token
        on_a.access_token = refreshed.access_token
        assert (await on_a.me()).username == "rosa"

        # A's jar still holds the refresh token B rotated: replaying it on A is reuse, which
        # signs the whole session out, on B too.
        with pytest.raises(ApiError) as replayed:
            await on_a.refresh()
        assert replayed.value.status == 401
        with pytest.raises(ApiError) as revoked:
            await on_b.refresh()
        assert revoked.value.status == 401


async def test_failed_logins_on_both_apis_add_up(cluster: Any) -> None:
    url_a, url_b = cluster.urls
    made = cluster.cadenza(
        *("users", "create", "--username", "target", "--email", "target@example.com"),
        *("--password", PASSWORD),
    )
    assert made.returncode == 0, made.stderr
    body = {"username": "target", "password": "not the password"}
    async with httpx.AsyncClient() as http:
        # Five failures are allowed per account and window: three on A, two on B.
        for url in (url_a, url_a, url_a, url_b, url_b):
            response = await http.post(f"{url}/api/v1/auth/login", json=body)
            assert response.status_code == 401, response.text
        right = {"username": "target", "password": PASSWORD}
        for url in (url_a, url_b):
            response = await http.post(f"{url}/api/v1/auth/login", json=right)
            assert response.status_code == 429, response.text
            assert response.json()["status"] == 429


async def test_a_device_on_one_api_follows_a_command_sent_through_the_other(
    cluster: Any,
) -> None:
    url_a, url_b = cluster.urls
    async with await signed_in(url_a) as api_a, await signed_in(url_b) as api_b:
        artist = await api_a.create_artist(ArtistCreate(name="Alice Coltrane"))
        track = await api_a.create_track(
            TrackCreate(title="Journey in Satchidananda", artist_id=artist.id)
        )
        track_id = track.id
        sync = PlayerSync("admin-web", "Web on A", DeviceKind.WEB)
        async with connect(await api_a.ws_url()) as socket:

            async def expect(kind: type[ServerMessage]) -> Any:
                async with asyncio.timeout(WAIT_SECONDS):
                    while True:
                        message = sync.receive(await socket.recv())
                        if isinstance(message, kind):
                            return message

            await expect(StateMessage)
            await socket.send(sync.hello())
            await expect(DevicesMessage)
            # B's device list comes from the shared registry.
            assert [device.id for device in await api_b.devices()] == ["admin-web"]

            state = await api_b.play([track_id], device_id="admin-web")
            seen: StateMessage = await expect(StateMessage)
            assert (seen.version, seen.track_id) == (state.version, track_id)
            assert seen.active_device_id == "admin-web"
            assert seen.is_playing
            command: CommandMessage = await expect(CommandMessage)
            assert isinstance(command.command, PlayCommand)


def complete_jobs_metric(text: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "cadenza_jobs" and sample.labels == {"state": "complete"}:
                return sample.value
    raise AssertionError("cadenza_jobs{state='complete'} is missing")


async def test_queued_jobs_are_shared_by_both_workers(cluster: Any) -> None:
    url_a, url_b = cluster.urls
    async with await signed_in(url_a) as api_a, await signed_in(url_b) as api_b:
        # Each worker runs one job at a time and Redis hands a queued job to the worker that
        # has waited longest: of jobs queued back to back, the first two go to different
        # workers whatever the timing.
        uploads = [
            await upload(api, f"Shared {n}", f"shared-{n}-{uuid4().hex}")
            for n, api in enumerate((api_a, api_b, api_a, api_b))
        ]
        jobs = [await finished_job(api_a, uploaded["jobId"]) for uploaded in uploads]
        assert [job["state"] for job in jobs] == ["complete"] * len(jobs)

        ran_by = {job["id"]: workers_that_started(cluster, job["id"]) for job in jobs}
        assert all(len(workers) == 1 for workers in ran_by.values()), ran_by
        assert {workers[0] for workers in ran_by.values()} == set(range(WORKERS)), ran_by

        # Both APIs report the jobs from the one database.
        listed = (await api_a.call("GET", "/jobs", params={"state": "complete"})).json()
        metrics = [
            complete_jobs_metric((await api.http.get("/metrics")).text) for api in (api_a, api_b)
        ]
        assert metrics == [listed["total"], listed["total"]]
        assert listed["total"] >= len(jobs)
