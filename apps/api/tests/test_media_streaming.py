"""`object_response` through a real Litestar app, on local storage and on S3 (moto)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from litestar import HttpMethod, Litestar, Request, Response, route
from litestar.params import FromPath
from litestar.response import Stream
from litestar.testing import AsyncTestClient

from cadenza_api.domain.media.streaming import DEFAULT_CACHE_CONTROL, object_response
from cadenza_api.errors import exception_handlers
from cadenza_api.http_ranges import format_http_date
from cadenza_api.storage import ObjectInfo, Storage

KEY = "tracks/5d1e/opus-160.ogg"
SIZE = 300 * 1024  # several 64 KiB chunks
URL = f"/media/{KEY}"


def build_app(storage: Storage) -> Litestar:
    @route("/media/{key:path}", http_method=[HttpMethod.GET, HttpMethod.HEAD])
    async def serve(request: Request[Any, Any, Any], key: FromPath[str]) -> Response[Any]:
        return await object_response(
            storage,
            key.lstrip("/"),
            request_headers=request.headers,
            content_type=request.query_params.get("type", "audio/ogg"),
            method=request.method,
        )

    return Litestar([serve], exception_handlers=exception_handlers)


@dataclass
class Served:
    client: AsyncTestClient[Litestar]
    storage: Storage
    data: bytes
    info: ObjectInfo

    @property
    def etag(self) -> str:
        return f'"{self.info.etag}"'


@pytest.fixture
async def served(media_storage: Storage) -> AsyncIterator[Served]:
    data = os.urandom(SIZE)
    info = await media_storage.put_bytes(KEY, data, "audio/ogg")
    async with AsyncTestClient(app=build_app(media_storage)) as client:
        yield Served(client, media_storage, data, info)


def assert_representation_headers(response: httpx.Response, served: Served) -> None:
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["etag"] == served.etag
    assert response.headers["last-modified"] == format_http_date(served.info.last_modified)
    assert response.headers["cache-control"] == DEFAULT_CACHE_CONTROL
    assert response.headers["content-type"] == "audio/ogg"


def assert_whole(response: httpx.Response, served: Served) -> None:
    assert response.status_code == 200
    assert_representation_headers(response, served)
    assert response.headers["content-length"] == str(SIZE)
    assert "content-range" not in response.headers
    assert response.content == served.data


async def test_get_serves_the_whole_object(served: Served) -> None:
    response = await served.client.get(URL)

    assert_whole(response, served)
    assert served.etag.startswith('"') and not served.etag.startswith("W/")


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-0", 0, 0),
        ("bytes=10-99", 10, 99),
        ("bytes=100-", 100, SIZE - 1),
        ("bytes=-500", SIZE - 500, SIZE - 1),
        ("bytes=65530-131080", 65530, 131080),  # across chunk boundaries
        (f"bytes={SIZE - 1}-", SIZE - 1, SIZE - 1),
        (f"bytes=200000-{SIZE + 5000}", 200000, SIZE - 1),  # end beyond the size: clamped
        (f"bytes=-{SIZE + 1}", 0, SIZE - 1),  # suffix longer than the object: all of it, 206
        (f"bytes=0-{SIZE - 1}", 0, SIZE - 1),
        ("Bytes=5-9", 5, 9),
    ],
)
async def test_get_serves_a_byte_range(served: Served, header: str, start: int, end: int) -> None:
    response = await served.client.get(URL, headers={"Range": header})

    assert response.status_code == 206
    assert_representation_headers(response, served)
    assert response.headers["content-range"] == f"bytes {start}-{end}/{SIZE}"
    assert response.headers["content-length"] == str(end - start + 1)
    assert response.content == served.data[start : end + 1]


@pytest.mark.parametrize(
    "header", ["bytes=-0", f"bytes={SIZE}-", "bytes=999999999-", "bytes=400000-500000"]
)
async def test_unsatisfiable_range_is_416(served: Served, header: str) -> None:
    response = await served.client.get(URL, headers={"Range": header})

    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{SIZE}"
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "status": 416,
        "code": "range_not_satisfiable",
        "detail": f"The requested range is outside the file, which is {SIZE} bytes long.",
    }
    assert response.headers["content-length"] == str(len(response.content))


@pytest.mark.parametrize(
    "header",
    [
        "bytes=abc",
        "items=0-1",
        "bytes=5-1",
        "bytes=",
        "bytes 0-1",
        "bytes=1-2-3",
        # several ranges: the whole object with 200
        "bytes=0-1,5-9",
        "bytes=0-0,-1",
        f"bytes={SIZE}-,{SIZE + 10}-",
    ],
)
async def test_ignored_range_serves_the_whole_object(served: Served, header: str) -> None:
    response = await served.client.get(URL, headers={"Range": header})

    assert_whole(response, served)


async def test_if_range_with_the_current_etag_honours_the_range(served: Served) -> None:
    response = await served.client.get(
        URL, headers={"Range": "bytes=10-19", "If-Range": served.etag}
    )

    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes 10-19/{SIZE}"
    assert response.content == served.data[10:20]


@pytest.mark.parametrize(
    "if_range",
    ['"some-other-etag"', "W/{etag}", "{etag}, {etag}", "Sun, 06 Nov 1994 08:49:37 GMT", "junk"],
)
async def test_if_range_that_does_not_match_serves_the_whole_object(
    served: Served, if_range: str
) -> None:
    response = await served.client.get(
        URL, headers={"Range": "bytes=10-19", "If-Range": if_range.format(etag=served.etag)}
    )

    assert_whole(response, served)


async def test_if_range_after_a_change_serves_the_new_whole_object(served: Served) -> None:
    new_data = os.urandom(1000)
    new_info = await served.storage.put_bytes(KEY, new_data, "audio/ogg")
    assert new_info.etag != served.info.etag

    response = await served.client.get(
        URL, headers={"Range": "bytes=10-19", "If-Range": served.etag}
    )

    assert response.status_code == 200
    assert response.headers["etag"] == f'"{new_info.etag}"'
    assert response.headers["content-length"] == "1000"
    assert response.content == new_data


@pytest.mark.parametrize("if_none_match", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
async def test_if_none_match_hit_is_304(served: Served, if_none_match: str, method: str) -> None:
    response = await served.client.request(
        method,
        URL,
        headers={"If-None-Match": if_none_match.format(etag=served.etag), "Range": "bytes=0-9"},
    )

    assert response.status_code == 304
    assert response.headers["etag"] == served.etag
    assert response.headers["cache-control"] == DEFAULT_CACHE_CONTROL
    assert "content-length" not in response.headers
    assert "content-range" not in response.headers
    assert response.content == b""


async def test_if_none_match_miss_serves_the_object(served: Served) -> None:
    response = await served.client.get(
        URL,
        headers={
            "If-None-Match": '"other"',
            # ignored, because If-None-Match is present (RFC 9110 §13.2.2)
            "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT",
        },
    )

    assert_whole(response, served)


async def test_if_modified_since(served: Served) -> None:
    fresh = await served.client.get(
        URL, headers={"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}
    )
    stale = await served.client.get(
        URL, headers={"If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT"}
    )
    junk = await served.client.get(URL, headers={"If-Modified-Since": "yesterday"})

    assert fresh.status_code == 304
    assert fresh.content == b""
    assert_whole(stale, served)
    assert_whole(junk, served)


async def test_head_of_the_whole_object(served: Served) -> None:
    response = await served.client.head(URL)

    assert response.status_code == 200
    assert_representation_headers(response, served)
    assert response.headers["content-length"] == str(SIZE)
    assert "content-range" not in response.headers
    assert response.content == b""


async def test_head_of_a_range(served: Served) -> None:
    response = await served.client.head(URL, headers={"Range": "bytes=-500"})

    assert response.status_code == 206
    assert_representation_headers(response, served)
    assert response.headers["content-range"] == f"bytes {SIZE - 500}-{SIZE - 1}/{SIZE}"
    assert response.headers["content-length"] == "500"
    assert response.content == b""


async def test_head_of_an_unsatisfiable_range(served: Served) -> None:
    get = await served.client.get(URL, headers={"Range": f"bytes={SIZE}-"})
    head = await served.client.head(URL, headers={"Range": f"bytes={SIZE}-"})

    assert head.status_code == 416
    assert head.headers["content-range"] == f"bytes */{SIZE}"
    assert head.headers["content-length"] == str(len(get.content))
    assert head.content == b""


@pytest.mark.parametrize(("range_header", "status"), [(None, 200), ("bytes=0-9", 206)])
async def test_head_streams_no_body_at_all(
    served: Served, range_header: str | None, status: int
) -> None:
    """The test client drops HEAD bodies, so look at the response object itself."""
    headers = {"range": range_header} if range_header else {}
    response = await object_response(
        served.storage, KEY, request_headers=headers, content_type="audio/ogg", method="HEAD"
    )

    assert response.status_code == status
    assert response.headers["Content-Length"] == ("10" if range_header else str(SIZE))
    assert await _collect(response) == b""


async def test_content_type_is_passed_through(served: Served) -> None:
    response = await served.client.get(URL, params={"type": "audio/mp4"})
    ranged = await served.client.get(
        URL, params={"type": "audio/mp4"}, headers={"Range": "bytes=0-3"}
    )

    assert response.headers["content-type"] == "audio/mp4"
    assert ranged.headers["content-type"] == "audio/mp4"
    assert ranged.content == served.data[:4]


async def test_a_missing_object_is_404(served: Served) -> None:
    response = await served.client.get("/media/tracks/none/opus-160.ogg")

    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "The media file does not exist.",
    }


async def test_an_empty_object(served: Served) -> None:
    await served.storage.put_bytes("tracks/empty.ogg", b"", "audio/ogg")

    whole = await served.client.get("/media/tracks/empty.ogg")
    suffix = await served.client.get("/media/tracks/empty.ogg", headers={"Range": "bytes=-5"})
    first = await served.client.get("/media/tracks/empty.ogg", headers={"Range": "bytes=0-"})

    assert (whole.status_code, whole.headers["content-length"], whole.content) == (200, "0", b"")
    assert (suffix.status_code, suffix.content) == (200, b"")
    assert first.status_code == 416
    assert first.headers["content-range"] == "bytes */0"


async def test_object_response_refuses_other_methods(served: Served) -> None:
    with pytest.raises(ValueError, match="GET and HEAD"):
        await object_response(
            served.storage, KEY, request_headers={}, content_type="audio/ogg", method="POST"
        )


async def test_custom_cache_control_and_chunk_size(served: Served) -> None:
    response = await object_response(
        served.storage,
        KEY,
        request_headers={"range": "bytes=1-"},
        content_type="audio/ogg",
        cache_control="private, max-age=60",
        chunk_size=1000,
    )

    assert response.status_code == 206
    assert response.headers["Cache-Control"] == "private, max-age=60"
    body = await _collect(response)
    assert body == served.data[1:]


async def test_without_cache_control(served: Served) -> None:
    response = await object_response(
        served.storage, KEY, request_headers={}, content_type="audio/ogg", cache_control=None
    )

    assert "Cache-Control" not in response.headers
    assert await _collect(response) == served.data


async def _collect(response: Response[Any]) -> bytes:
    assert isinstance(response, Stream)
    assert isinstance(response.iterator, AsyncIterator)
    chunks = [chunk async for chunk in response.iterator]
    assert all(isinstance(chunk, bytes) for chunk in chunks)
    return b"".join(chunk for chunk in chunks if isinstance(chunk, bytes))
