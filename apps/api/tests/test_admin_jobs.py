"""Admin jobs: the table (with track titles and state filter), audited admin uploads, and
retrying failed jobs — with the original fixed, or a clear 409."""

from __future__ import annotations

import array
import asyncio
import io
import math
import time
import wave
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import update

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import Job, Track
from cadenza_api.services import open_session
from cadenza_api.settings import Settings
from cadenza_api.storage import Storage
from cadenza_contracts.accounts import Role

Client = AsyncTestClient[Litestar]
ADMIN = "/api/v1/admin"


def wav_bytes(seconds: float = 1.5, frequency: float = 330.0, rate: int = 22_050) -> bytes:
    samples = array.array(
        "h",
        (
            int(10_000 * math.sin(2 * math.pi * frequency * n / rate))
            for n in range(int(seconds * rate))
        ),
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())
    return buffer.getvalue()


def error_of(response: Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert (body["status"], body["code"]) == (status, code)
    return str(body["detail"])


async def jobs(client: Client, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    response = await client.get(f"{ADMIN}/jobs", params=params, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def finished(client: Client, headers: dict[str, str], job_id: str) -> dict[str, Any]:
    """The job once it is complete or failed (the in-process worker runs it)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = next(j for j in await jobs(client, headers, limit="100") if j["id"] == job_id)
        if job["state"] in ("complete", "failed"):
            return job
        await asyncio.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


class Rows:
    def __init__(self, settings: Settings) -> None:
        self.config = build_sqlalchemy_config(settings.database)

    async def failed_job(self, track_id: UUID, user_id: str, *, original: bool = True) -> UUID:
        """A conversion that failed (say, storage was down) and kept its original's key."""
        async with open_session(self.config) as session:
            await session.execute(
                update(Track)
                .where(Track.id == track_id)
                .values(
                    status="failed",
                    status_reason="Conversion failed: OSError: disk unavailable",
                    original_key=f"tracks/{track_id}/original" if original else None,
                )
            )
            job = Job(
                kind="convert_track",
                state="failed",
                error="Conversion failed: OSError: disk unavailable",
                attempts=1,
                track_id=track_id,
                user_id=UUID(user_id),
                payload={"trackId": str(track_id)},
            )
            session.add(job)
            await session.flush()
            return job.id


@pytest.fixture
async def rows(settings: Settings) -> AsyncIterator[Rows]:
    made = Rows(settings)
    yield made
    await made.config.get_engine().dispose()


async def test_admin_uploads_are_audited_and_listed_with_their_track(
    client: Client, make_account: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    uploaded = await client.post(
        "/api/v1/tracks/upload",
        files={"file": ("tone.wav", wav_bytes(), "audio/wav")},
        data={"title": "Tone", "artistName": "Sine Wave"},
        headers=admin.headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    job_id = uploaded.json()["jobId"]
    track_id = uploaded.json()["track"]["id"]
    job = await finished(client, admin.headers, job_id)
    assert job["state"] == "complete", job
    assert (job["trackTitle"], job["username"], job["trackId"]) == (
        "Tone",
        admin.username,
        track_id,
    )
    assert job["progress"] == 1.0 and job["finishedAt"] is not None
    assert [j["id"] for j in await jobs(client, admin.headers, state="complete")] == [job_id]
    assert await jobs(client, admin.headers, state="failed") == []
    error_of(
        await client.get(f"{ADMIN}/jobs?state=stuck", headers=admin.headers),
        400,
        "validation_error",
    )

    audit = await client.get(
        f"{ADMIN}/audit", params={"action": "track.upload"}, headers=admin.headers
    )
    [entry] = audit.json()["items"]
    assert entry["targetId"] == track_id and entry["after"]["title"] == "Tone"

    retry = await client.post(f"{ADMIN}/jobs/{job_id}/retry", headers=admin.headers)
    assert "Only failed jobs" in error_of(retry, 409, "conflict")


async def test_a_failed_job_is_retried_once_its_original_is_back(
    app: Litestar, client: Client, make_account: Any, catalog_factory: Any, rows: Rows
) -> None:
    admin = await make_account(Role.ADMIN)
    artist = await catalog_factory.artist("Retry")
    track_id = await catalog_factory.track(artist, "Second Chance")
    job_id = await rows.failed_job(track_id, admin.id)
    [listed] = await jobs(client, admin.headers, state="failed")
    assert (listed["id"], listed["trackTitle"]) == (str(job_id), "Second Chance")
    assert "disk unavailable" in listed["error"]

    # The original is not in storage: a clear 409, and nothing changes.
    detail = error_of(
        await client.post(f"{ADMIN}/jobs/{job_id}/retry", headers=admin.headers), 409, "conflict"
    )
    assert "original file is missing" in detail
    assert [j["state"] for j in await jobs(client, admin.headers)] == ["failed"]

    storage: Storage = app.state.storage
    await storage.put_bytes(f"tracks/{track_id}/original", wav_bytes(), "application/octet-stream")
    response = await client.post(f"{ADMIN}/jobs/{job_id}/retry", headers=admin.headers)
    assert response.status_code == 200, response.text
    assert response.json()["state"] in ("queued", "running", "complete")
    assert response.json()["error"] is None
    job = await finished(client, admin.headers, str(job_id))
    assert job["state"] == "complete", job
    assert job["attempts"] == 2
    track = (await client.get(f"/api/v1/tracks/{track_id}")).json()
    assert (track["status"], track["hasAudio"]) == ("ready", True)

    [entry] = (
        await client.get(f"{ADMIN}/audit", params={"action": "job.retry"}, headers=admin.headers)
    ).json()["items"]
    assert entry["targetId"] == str(job_id)
    assert (entry["before"]["state"], entry["after"]["state"]) == ("failed", "queued")


async def test_retry_refuses_discarded_originals_and_unknown_jobs(
    client: Client, make_account: Any, catalog_factory: Any, rows: Rows
) -> None:
    admin = await make_account(Role.ADMIN)
    artist = await catalog_factory.artist("Gone")
    track_id = await catalog_factory.track(artist, "Unreadable")
    job_id = await rows.failed_job(track_id, admin.id, original=False)
    detail = error_of(
        await client.post(f"{ADMIN}/jobs/{job_id}/retry", headers=admin.headers), 409, "conflict"
    )
    assert "upload it again" in detail
    error_of(
        await client.post(f"{ADMIN}/jobs/{uuid4()}/retry", headers=admin.headers), 404, "not_found"
    )
    audit = await client.get(f"{ADMIN}/audit", headers=admin.headers)
    assert audit.json()["total"] == 0
