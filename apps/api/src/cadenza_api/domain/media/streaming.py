"""Serve a stored object over HTTP with byte ranges and validators, from any storage adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import msgspec
from litestar import MediaType, Response
from litestar.response import Stream
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_206_PARTIAL_CONTENT,
    HTTP_304_NOT_MODIFIED,
    HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE,
)

from cadenza_api.domain.system.metrics import count_streamed
from cadenza_api.errors import NotFound
from cadenza_api.http_ranges import (
    ByteRange,
    Unsatisfiable,
    WholeRepresentation,
    format_etag,
    format_http_date,
    if_none_match_hits,
    not_modified_since,
    select_range,
)
from cadenza_api.storage import DEFAULT_CHUNK_SIZE, ObjectNotFound, Storage
from cadenza_contracts.errors import ErrorBody

# Clients may keep a copy but must revalidate it; a revalidation is a cheap 304 on the ETag.
DEFAULT_CACHE_CONTROL = "private, no-cache"


async def _no_body() -> AsyncIterator[bytes]:
    return
    yield b""  # an async generator that yields nothing


def _range_not_satisfiable(selection: Unsatisfiable, method: str) -> Response[Any]:
    body = msgspec.json.encode(
        ErrorBody(
            status=HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE,
            code="range_not_satisfiable",
            detail=f"The requested range is outside the file, which is {selection.size} bytes long.",
        )
    )
    headers = {"Content-Range": selection.content_range, "Accept-Ranges": "bytes"}
    if method == "HEAD":
        return Stream(
            _no_body(),
            status_code=HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE,
            headers={**headers, "Content-Length": str(len(body))},
            media_type=MediaType.JSON,
        )
    return Response(
        body,
        status_code=HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE,
        headers=headers,
        media_type=MediaType.JSON,
    )


async def object_response(
    storage: Storage,
    key: str,
    *,
    request_headers: Mapping[str, str],
    content_type: str,
    method: str = "GET",
    cache_control: str | None = DEFAULT_CACHE_CONTROL,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Response[Any]:
    """The response to a GET or HEAD of the object under `key` (RFC 9110 semantics).

    `request_headers` is the request's case-insensitive headers (`request.headers`). Answers 200
    with the whole object, 206 with one range (`Range`, honoured only while `If-Range` still
    matches), 416 with `Content-Range: bytes */size` and the error body, or 304 when
    `If-None-Match` (else `If-Modified-Since`) shows the client's copy is current. The body
    streams in chunks of `chunk_size` bytes; nothing reads the whole object into memory.

    HEAD answers exactly the status and header fields GET would, ranges included (as nginx,
    Apache and Go's ServeContent do), with no body. Raises `NotFound` if no object is stored.
    """
    method = method.upper()
    if method not in {"GET", "HEAD"}:
        raise ValueError(f"object_response serves GET and HEAD, not {method}")
    try:
        info = await storage.stat(key)
    except ObjectNotFound as exc:
        raise NotFound("The media file does not exist.") from exc

    validators = {"ETag": format_etag(info.etag)}
    if cache_control:
        validators["Cache-Control"] = cache_control
    if_none_match = request_headers.get("if-none-match")
    if_modified_since = request_headers.get("if-modified-since")
    # If-Modified-Since only counts when If-None-Match is absent (RFC 9110 §13.2.2).
    if (if_none_match is not None and if_none_match_hits(if_none_match, info.etag)) or (
        if_none_match is None
        and if_modified_since is not None
        and not_modified_since(if_modified_since, info.last_modified)
    ):
        return Response(None, status_code=HTTP_304_NOT_MODIFIED, headers=validators)

    selection = select_range(
        request_headers.get("range"),
        request_headers.get("if-range"),
        size=info.size,
        etag=info.etag,
        last_modified=info.last_modified,
    )
    headers = {
        **validators,
        "Last-Modified": format_http_date(info.last_modified),
        "Accept-Ranges": "bytes",
    }
    match selection:
        case Unsatisfiable():
            return _range_not_satisfiable(selection, method)
        case ByteRange(start=start, end=end):
            status = HTTP_206_PARTIAL_CONTENT
            headers["Content-Range"] = selection.content_range
        case WholeRepresentation():
            status, start, end = HTTP_200_OK, 0, info.size - 1
    length = end - start + 1
    headers["Content-Length"] = str(length)
    body = (
        _no_body()
        if method == "HEAD" or length == 0
        else count_streamed(storage.iter_range(key, start, end, chunk_size), content_type)
    )
    return Stream(body, status_code=status, headers=headers, media_type=content_type)
