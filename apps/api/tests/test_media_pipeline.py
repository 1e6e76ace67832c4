"""Upload → conversion job → streaming, on embedded defaults (SQLite, local files, in-process
jobs) and scaled out (PostgreSQL, Redis with a `cadenza worker` process, S3 on moto)."""

from __future__ import annotations

import array
import asyncio
import io
import math
import os
import random
import secrets
import time
import wave
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image
from sqlalchemy import func, select

from cadenza_api.app import create_app
from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import Job, Rendition, Track
from cadenza_api.domain.accounts.commands import create_user
from cadenza_api.domain.media.signing import sign_stream
from cadenza_api.services import open_session
from cadenza_api.settings import (
    AuthSettings,
    DatabaseSettings,
    MediaSettings,
    ServerSettings,
    Settings,
    StorageSettings,
)
from cadenza_api.storage import Storage, build_storage
from cadenza_contracts.accounts import Role

API = "/api/v1"
PASSWORD = "correct horse battery"
RATE = 44_100


def wav_bytes(seconds: float, *, frequency: float = 440.0, rate: int = RATE) -> bytes:
    """A stereo 16-bit WAV: a sine on the left, a fifth above on the right."""
    frames = int(seconds * rate)
    samples = array.array("h")
    for n in range(frames):
        t = n / rate
        samples.append(int(12_000 * math.sin(2 * math.pi * frequency * t)))
        samples.append(int(12_000 * math.sin(2 * math.pi * frequency * 1.5 * t)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())
    return buffer.getvalue()


def corrupt_flac(seconds: float = 3.0) -> bytes:
    """A FLAC whose header is intact (it probes as audio) but whose frames are garbage."""
    output = io.BytesIO()
    with av.open(output, "w", format="flac") as container:
        stream = container.add_stream("flac", rate=RATE, layout="stereo")
        with wave.open(io.BytesIO(wav_bytes(seconds)), "rb") as reader:
            pcm = reader.readframes(int(seconds * RATE))
        step = 4096
        for start in range(0, int(seconds * RATE), step):
            chunk = pcm[start * 4 : (start + step) * 4]
            frame = av.AudioFrame(format="s16", layout="stereo", samples=len(chunk) // 4)
            frame.planes[0].update(chunk)
            frame.sample_rate = RATE
            frame.pts = start
            frame.time_base = Fraction(1, RATE)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    data = output.getvalue()
    keep = 8192
    rng = random.Random(7)
    return data[:keep] + bytes(rng.getrandbits(8) for _ in range(len(data) - keep))


def png_bytes(width: int = 700, height: int = 500) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (29, 185, 84)).save(buffer, format="PNG")
    return buffer.getvalue()


def decoded_seconds(data: bytes, *, seek_to: float | None = None) -> tuple[float, float]:
    """(first decoded timestamp, seconds of audio decoded from there) of an Opus/AAC file."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        if seek_to is not None:
            container.seek(int(seek_to * av.time_base))
        first: float | None = None
        samples = 0
        for frame in container.decode(stream):
            if first is None and frame.pts is not None and frame.time_base is not None:
                first = float(frame.pts * frame.time_base)
            samples += frame.samples
        return first or 0.0, samples / stream.rate


@dataclass
class Stack:
    client: AsyncTestClient[Litestar]
    settings: Settings
    storage: Storage
    admin: dict[str, str]

    async def login(self, username: str) -> dict[str, str]:
        response = await self.client.post(
            f"{API}/auth/login", json={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['accessToken']}"}

    async def user(self, username: str, role: Role) -> dict[str, str]:
        await create_user(
            self.settings,
            username=username,
            email=f"{username}@example.com",
            password=PASSWORD,
            role=role,
        )
        return await self.login(username)

    async def upload(
        self, data: bytes, filename: str, headers: dict[str, str] | None = None, **fields: str
    ) -> Any:
        files: dict[str, Any] = {"file": (filename, data, "application/octet-stream")}
        if "cover" in fields:
            files["cover"] = ("cover.png", fields.pop("cover").encode("latin-1"), "image/png")
        return await self.client.post(
            f"{API}/tracks/upload",
            files=files,
            data=fields,
            headers=self.admin if headers is None else headers,
        )

    async def wait_for_job(self, job_id: str, headers: dict[str, str] | None = None) -> Any:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            response = await self.client.get(f"{API}/jobs/{job_id}", headers=headers or self.admin)
            assert response.status_code == 200, response.text
            if response.json()["state"] in ("complete", "failed"):
                return response.json()
            await asyncio.sleep(0.2)
        raise AssertionError(f"job {job_id} did not finish: {response.json()}")

    async def row_counts(self) -> dict[str, int]:
        config = build_sqlalchemy_config(self.settings.database)
        try:
            async with open_session(config) as session:
                return {
                    model.__tablename__: await session.scalar(
                        select(func.count()).select_from(model)
                    )
                    or 0
                    for model in (Track, Rendition, Job)
                }
        finally:
            await config.get_engine().dispose()


def _worker_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADENZA_")}
    env.update(
        {
            "CADENZA_DATA_DIR": str(settings.data_dir),
            "CADENZA_DATABASE_URL": settings.database.url,
            "CADENZA_REDIS_URL": settings.redis_url or "",
            "CADENZA_REDIS_PREFIX": settings.redis_prefix,
            "CADENZA_SECRET_KEY": settings.auth.secret_key,
            "CADENZA_STORAGE_URL": settings.storage.url,
            "CADENZA_S3_ENDPOINT": settings.storage.s3_endpoint or "",
            "CADENZA_S3_ACCESS_KEY": settings.storage.s3_access_key or "",
            "CADENZA_S3_SECRET_KEY": settings.storage.s3_secret_key or "",
            "CADENZA_S3_REGION": settings.storage.s3_region or "",
        }
    )
    return env


def _base_settings(tmp_path: Path, database_url: str) -> Settings:
    data_dir = tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    return Settings(
        data_dir=data_dir,
        database=DatabaseSettings(url=database_url, pool_size=5),
        auth=AuthSettings(
            secret_key=secrets.token_urlsafe(32),
            login_attempts_per_ip=10_000,
            argon2_time_cost=1,
            argon2_memory_kib=1024,
            argon2_parallelism=1,
        ),
        server=ServerSettings(),
    )


@pytest.fixture(params=["embedded", "scaled"])
def stack_settings(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    database_for: Callable[[str], AbstractContextManager[str]],
    require_service: Callable[[str], None],
) -> Iterator[Settings]:
    """One deployment shape with a fresh database (and a worker process, when scaled)."""
    if request.param == "embedded":
        with database_for("sqlite") as url:
            yield _base_settings(tmp_path, url)
        return
    for service in ("postgres", "redis", "s3"):
        require_service(service)
    s3_endpoint: str = request.getfixturevalue("s3_endpoint")
    namespace: Any = request.getfixturevalue("redis_namespace")
    start_worker: Any = request.getfixturevalue("start_worker")
    with database_for("postgres") as url:
        settings = replace(
            _base_settings(tmp_path, url),
            redis_url=namespace.url,
            redis_prefix=namespace.prefix,
            storage=StorageSettings(
                url=f"s3://cadenza-{secrets.token_hex(4)}",
                s3_endpoint=f"http://{s3_endpoint}",
                s3_access_key="testing",
                s3_secret_key="testing",
                s3_region="us-east-1",
            ),
        )
        with start_worker(_worker_env(settings), tmp_path / "worker.log"):
            yield settings


@pytest.fixture
async def stack(stack_settings: Settings) -> AsyncIterator[Stack]:
    async with AsyncTestClient(app=create_app(stack_settings)) as client:
        stack = Stack(client, stack_settings, build_storage(stack_settings), {})
        stack.admin = await stack.user("admin", Role.ADMIN)
        yield stack


async def test_upload_converts_and_streams_exactly(stack: Stack) -> None:
    original = wav_bytes(20.0)
    uploaded = await stack.upload(
        original,
        "take-1.wav",
        title="Twenty Seconds",
        artistName="Tone Row",
        albumTitle="Test Signals",
        cover=png_bytes().decode("latin-1"),
    )
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert body["track"]["status"] == "processing"
    assert body["track"]["hasAudio"] is False
    assert body["track"]["artistName"] == "Tone Row"
    assert body["track"]["albumTitle"] == "Test Signals"
    job = await stack.wait_for_job(body["jobId"])
    assert job["state"] == "complete", job
    assert job["progress"] == 1.0
    track_id = body["track"]["id"]

    track = (await stack.client.get(f"{API}/tracks/{track_id}")).json()
    assert track["status"] == "ready"
    assert track["hasAudio"] is True
    assert abs(track["durationMs"] - 20_000) <= 100
    assert track["trackGainDb"] is not None
    audio = (await stack.client.get(f"{API}/tracks/{track_id}/audio")).json()
    assert sorted((r["format"], r["bitrateKbps"]) for r in audio["renditions"]) == [
        ("aac", 128),
        ("opus", 96),
        ("opus", 160),
    ]
    assert len(audio["waveform"]) == 800

    full = await stack.client.get(f"{API}/tracks/{track_id}/stream", headers=stack.admin)
    assert full.status_code == 200
    assert full.headers["content-type"] == "audio/ogg"
    assert full.headers["accept-ranges"] == "bytes"
    stored = await stack.storage.read_bytes(f"tracks/{track_id}/renditions/opus-160.opus")
    assert full.content == stored
    _, seconds = decoded_seconds(full.content)
    assert abs(seconds - 20.0) <= 0.1

    for header, expected in (
        ("bytes=1000-4999", stored[1000:5000]),
        ("bytes=-777", stored[-777:]),
        (f"bytes={len(stored) - 10}-", stored[-10:]),
    ):
        part = await stack.client.get(
            f"{API}/tracks/{track_id}/stream", headers={**stack.admin, "range": header}
        )
        assert part.status_code == 206, header
        assert part.content == expected, header
    beyond = await stack.client.get(
        f"{API}/tracks/{track_id}/stream",
        headers={**stack.admin, "range": f"bytes={len(stored)}-"},
    )
    assert beyond.status_code == 416
    assert beyond.headers["content-range"] == f"bytes */{len(stored)}"

    sought_from, remaining = decoded_seconds(full.content, seek_to=10.0)
    assert 9.0 <= sought_from <= 10.05
    assert abs((sought_from + remaining) - 20.0) <= 0.1

    aac = await stack.client.get(
        f"{API}/tracks/{track_id}/stream", params={"format": "aac"}, headers=stack.admin
    )
    assert aac.status_code == 200
    assert aac.headers["content-type"] == "audio/mp4"
    assert abs(decoded_seconds(aac.content)[1] - 20.0) <= 0.1

    cover = await stack.client.get(f"{API}/albums/{track['albumId']}/cover", params={"size": 64})
    assert cover.status_code == 200
    assert cover.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(cover.content)).size == (64, 46)
    track_cover = await stack.client.get(f"{API}/tracks/{track_id}/cover", params={"size": 300})
    assert track_cover.status_code == 200
    assert Image.open(io.BytesIO(track_cover.content)).size == (300, 214)
    odd_size = await stack.client.get(f"{API}/tracks/{track_id}/cover", params={"size": 65})
    assert odd_size.status_code == 400


async def test_signed_stream_urls(stack: Stack) -> None:
    uploaded = (await stack.upload(wav_bytes(2.0), "short.wav")).json()
    await stack.wait_for_job(uploaded["jobId"])
    track_id = uploaded["track"]["id"]
    signed = await stack.client.get(f"{API}/tracks/{track_id}/stream-url", headers=stack.admin)
    assert signed.status_code == 200
    url = signed.json()["url"]
    assert url.startswith(f"{API}/tracks/{track_id}/stream?")
    anonymous = await stack.client.get(url)
    assert anonymous.status_code == 200
    ranged = await stack.client.get(url, headers={"range": "bytes=0-99"})
    assert ranged.status_code == 206
    assert len(ranged.content) == 100

    tampered = url.replace("format=opus", "format=aac")
    assert (await stack.client.get(tampered)).status_code == 403
    last = url[-1]
    forged = url[:-1] + ("0" if last != "0" else "1")
    assert (await stack.client.get(forged)).status_code == 403
    expires = int(time.time()) - 5
    signature = sign_stream(stack.settings.auth.secret_key, track_id, "opus", 160, expires)
    expired = (
        f"{API}/tracks/{track_id}/stream?format=opus&bitrate=160"
        f"&expires={expires}&signature={signature}"
    )
    body = (await stack.client.get(expired)).json()
    assert body["status"] == 403
    assert (await stack.client.get(f"{API}/tracks/{track_id}/stream")).status_code == 403


async def test_a_text_file_named_mp3_is_refused_and_leaves_nothing(stack: Stack) -> None:
    response = await stack.upload(b"just some words, not music\n" * 50, "song.mp3")
    assert response.status_code == 415, response.text
    assert response.json()["code"] == "unsupported_media_type"
    assert "song.mp3" in response.json()["detail"]
    assert await stack.storage.list_keys("") == []
    assert await stack.row_counts() == {"tracks": 0, "renditions": 0, "jobs": 0}


async def test_a_corrupt_flac_fails_with_a_reason_and_leaves_nothing(stack: Stack) -> None:
    response = await stack.upload(corrupt_flac(), "broken.flac", title="Broken")
    assert response.status_code == 201, response.text
    job = await stack.wait_for_job(response.json()["jobId"])
    assert job["state"] == "failed"
    assert job["error"]
    track = (await stack.client.get(f"{API}/tracks/{response.json()['track']['id']}")).json()
    assert track["status"] == "failed"
    assert "cannot be converted" in track["statusReason"]
    assert track["hasAudio"] is False
    assert await stack.storage.list_keys("") == []
    counts = await stack.row_counts()
    assert counts["renditions"] == 0
    retry = await stack.client.post(f"{API}/jobs/{job['id']}/retry", headers=stack.admin)
    assert retry.status_code == 409
    stream = await stack.client.get(f"{API}/tracks/{track['id']}/stream", headers=stack.admin)
    assert stream.status_code == 409


@pytest.fixture
def limited_settings(
    tmp_path: Path, database_for: Callable[[str], AbstractContextManager[str]]
) -> Iterator[Settings]:
    """Embedded settings with a 200 kB upload limit."""
    with database_for("sqlite") as url:
        yield replace(_base_settings(tmp_path, url), media=MediaSettings(max_upload_bytes=200_000))


async def test_upload_permissions_and_limits(limited_settings: Settings) -> None:
    settings = limited_settings
    async with AsyncTestClient(app=create_app(settings)) as client:
        stack = Stack(client, settings, build_storage(settings), {})
        stack.admin = await stack.user("admin", Role.ADMIN)
        listener = await stack.user("lis", Role.LISTENER)
        artist = await stack.user("art", Role.ARTIST)
        small = wav_bytes(1.0)
        assert (await stack.upload(small, "a.wav", headers={})).status_code == 401
        refused = await stack.upload(small, "a.wav", headers=listener)
        assert refused.status_code == 403
        too_big = await stack.upload(wav_bytes(3.0), "big.wav")
        assert too_big.status_code == 413
        assert too_big.json()["status"] == 413
        bad_field = await stack.upload(small, "a.wav", trackNumber="zero")
        assert bad_field.status_code == 400
        own = await stack.upload(small, "mine.wav", headers=artist, artistName="Someone Else")
        assert own.status_code == 201, own.text
        artist_id = own.json()["track"]["artistId"]
        me = (await client.get(f"{API}/artists/{artist_id}")).json()
        assert me["ownerId"] is not None
        again = await stack.upload(small, "mine2.wav", headers=artist)
        assert again.json()["track"]["artistId"] == artist_id
        job = await stack.wait_for_job(own.json()["jobId"], headers=artist)
        assert job["state"] == "complete"
        others = await client.get(f"{API}/jobs/{own.json()['jobId']}", headers=listener)
        assert others.status_code == 404
        assert (await client.get(f"{API}/jobs", headers=artist)).status_code == 403
        listed = await client.get(f"{API}/jobs", params={"state": "complete"}, headers=stack.admin)
        assert listed.status_code == 200
        items = listed.json()["items"]
        assert own.json()["jobId"] in [j["id"] for j in items]
        assert {j["state"] for j in items} == {"complete"}


async def test_deleting_tracks_albums_and_artists_removes_their_media(stack: Stack) -> None:
    cover = png_bytes().decode("latin-1")
    first = await stack.upload(
        wav_bytes(1.0), "a.wav", artistName="Gone", albumTitle="Gone Album", cover=cover
    )
    second = await stack.upload(wav_bytes(1.0), "b.wav", artistName="Gone", albumTitle="Gone Album")
    third = await stack.upload(wav_bytes(1.0), "c.wav", artistName="Gone", albumTitle="Other")
    for upload in (first, second, third):
        assert (await stack.wait_for_job(upload.json()["jobId"]))["state"] == "complete"
    first_id = first.json()["track"]["id"]
    second_id = second.json()["track"]["id"]
    album_id = first.json()["track"]["albumId"]
    assert await stack.storage.list_keys(f"tracks/{first_id}/")
    assert await stack.storage.list_keys(f"albums/{album_id}/")

    deleted = await stack.client.delete(f"{API}/tracks/{first_id}", headers=stack.admin)
    assert deleted.status_code == 204
    assert await stack.storage.list_keys(f"tracks/{first_id}/") == []
    assert await stack.storage.list_keys(f"tracks/{second_id}/")

    deleted = await stack.client.delete(f"{API}/albums/{album_id}", headers=stack.admin)
    assert deleted.status_code == 204
    assert await stack.storage.list_keys(f"albums/{album_id}/") == []
    assert await stack.storage.list_keys(f"tracks/{second_id}/")

    artist_id = second.json()["track"]["artistId"]
    deleted = await stack.client.delete(f"{API}/artists/{artist_id}", headers=stack.admin)
    assert deleted.status_code == 204
    assert await stack.storage.list_keys("") == []
    assert await stack.row_counts() == {"tracks": 0, "renditions": 0, "jobs": 0}
