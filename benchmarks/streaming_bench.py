"""How fast Cadenza serves byte ranges: `uv run python benchmarks/streaming_bench.py`.

Stores a 20 MB random object, then requests random 64 KiB ranges of it through
`object_response` in-process (Litestar's AsyncTestClient, so no network or HTTP parsing is
measured) and prints requests/s and MB/s, one client at a time and eight at once. Runs on local
storage, then on S3 served by moto in this process (`--no-s3` skips it; moto is far slower
than MinIO, so read its figures as an upper bound on our own overhead, not as S3 speed).
"""

import argparse
import asyncio
import logging
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar import HttpMethod, Litestar, Request, Response, route
from litestar.params import FromPath
from litestar.testing import AsyncTestClient

from cadenza_api.domain.media.streaming import object_response
from cadenza_api.storage import LocalStorage, S3Storage, Storage

OBJECT_SIZE = 20 * 1000 * 1000
RANGE_SIZE = 64 * 1024
KEY = "bench/object.ogg"


def build_app(storage: Storage) -> Litestar:
    @route("/media/{key:path}", http_method=[HttpMethod.GET, HttpMethod.HEAD])
    async def serve(request: Request[Any, Any, Any], key: FromPath[str]) -> Response[Any]:
        return await object_response(
            storage,
            key.lstrip("/"),
            request_headers=request.headers,
            content_type="audio/ogg",
            method=request.method,
        )

    return Litestar([serve], logging_config=None)


async def fetch_ranges(
    client: AsyncTestClient[Litestar], deadline: float, pick: Callable[[], int]
) -> tuple[int, int]:
    """Request random ranges until `deadline`; returns (requests, bytes)."""
    requests = received = 0
    while time.perf_counter() < deadline:
        start = pick()
        response = await client.get(
            f"/media/{KEY}", headers={"Range": f"bytes={start}-{start + RANGE_SIZE - 1}"}
        )
        if response.status_code != 206 or len(response.content) != RANGE_SIZE:
            raise SystemExit(f"unexpected answer: {response.status_code}, {len(response.content)}")
        requests += 1
        received += len(response.content)
    return requests, received


async def measure(storage: Storage, label: str, seconds: float) -> None:
    data = os.urandom(OBJECT_SIZE)
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "object.ogg"
        source.write_bytes(data)
        await storage.put_file(KEY, source, "audio/ogg")
    rng = random.Random(42)

    def pick() -> int:
        return rng.randrange(0, OBJECT_SIZE - RANGE_SIZE)

    async with AsyncTestClient(app=build_app(storage)) as client:
        await fetch_ranges(client, time.perf_counter() + 0.3, pick)  # warm up
        for concurrency in (1, 8):
            started = time.perf_counter()
            deadline = started + seconds
            results = await asyncio.gather(
                *(fetch_ranges(client, deadline, pick) for _ in range(concurrency))
            )
            elapsed = time.perf_counter() - started
            requests = sum(r for r, _ in results)
            received = sum(b for _, b in results)
            print(
                f"{label:<6} 64 KiB ranges, {concurrency} client(s): "
                f"{requests / elapsed:8.0f} requests/s {received / elapsed / 1e6:8.1f} MB/s"
            )
        started = time.perf_counter()
        whole = await client.get(f"/media/{KEY}")
        elapsed = time.perf_counter() - started
        if whole.content != data:
            raise SystemExit("the whole object came back different")
        print(f"{label:<6} whole 20 MB object:          {OBJECT_SIZE / elapsed / 1e6:8.1f} MB/s")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    parser.add_argument("--no-s3", action="store_true", help="skip S3 on moto")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as root:
        await measure(LocalStorage(Path(root)), "local", args.seconds)

    if args.no_s3:
        return
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto logs every request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        storage = S3Storage(
            "cadenza-bench",
            endpoint=f"{host}:{port}",
            access_key="bench",
            secret_key="bench",
            region="us-east-1",
            secure=False,
        )
        await measure(storage, "s3", args.seconds)
    finally:
        server.stop()


if __name__ == "__main__":
    asyncio.run(main())
