"""Objects in an S3 bucket (MinIO or any S3-compatible server) through the `minio` SDK."""

from __future__ import annotations

import asyncio
import io
import os
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

from minio import Minio
from minio.deleteobjects import DeleteObject
from minio.error import S3Error

from cadenza_api.storage.base import (
    DEFAULT_CHUNK_SIZE,
    ObjectInfo,
    ObjectNotFound,
    Storage,
    StorageError,
    check_range,
    validate_key,
    validate_prefix,
)

P = ParamSpec("P")
T = TypeVar("T")

_NOT_FOUND_CODES = frozenset({"NoSuchKey", "NoSuchObject", "ResourceNotFound"})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DOWNLOAD_CHUNK = 1024 * 1024


def _clean_etag(etag: str | None) -> str:
    """The opaque part of an S3 ETag (the SDK may or may not strip the quotes)."""
    return (etag or "").removeprefix("W/").strip('"')


class S3Storage(Storage):
    """Objects in one bucket, created on first use when missing.

    The SDK is synchronous, so every call runs in a worker thread. ETags are the server's own,
    which S3 guarantees change with the object's bytes.
    """

    def __init__(
        self,
        bucket: str,
        *,
        endpoint: str,
        access_key: str | None = None,
        secret_key: str | None = None,
        region: str | None = None,
        secure: bool = True,
    ) -> None:
        """`endpoint` is `host[:port]`, without a scheme; `secure` chooses HTTPS."""
        self.bucket = bucket
        self.endpoint = endpoint
        self._client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, region=region, secure=secure
        )
        self._bucket_ready = False
        self._bucket_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"S3Storage(bucket={self.bucket!r}, endpoint={self.endpoint!r})"

    def _ensure_bucket(self) -> None:
        if self._bucket_ready:
            return
        with self._bucket_lock:
            if self._bucket_ready:
                return
            if not self._client.bucket_exists(self.bucket):
                try:
                    self._client.make_bucket(self.bucket)
                except S3Error as exc:
                    # Another process may have created it between our check and our request.
                    if exc.code != "BucketAlreadyOwnedByYou":
                        raise
            self._bucket_ready = True

    async def _run(
        self,
        operation: str,
        key: str | None,
        function: Callable[P, T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run an SDK call in a worker thread (the bucket made first) and translate its errors."""

        def call() -> T:
            self._ensure_bucket()
            return function(*args, **kwargs)

        target = f"{self.bucket}/{key}" if key is not None else self.bucket
        try:
            return await asyncio.to_thread(call)
        except StorageError:
            raise
        except S3Error as exc:
            if key is not None and exc.code in _NOT_FOUND_CODES:
                raise ObjectNotFound(key) from exc
            raise StorageError(f"S3 {operation} of {target} failed: {exc.code}: {exc}") from exc
        # The SDK also raises urllib3, OS and value errors; each means this operation failed.
        except Exception as exc:
            raise StorageError(f"S3 {operation} of {target} failed: {exc}") from exc

    def _stat_sync(self, key: str) -> ObjectInfo:
        info = self._client.stat_object(self.bucket, key)
        return ObjectInfo(
            size=info.size or 0,
            etag=_clean_etag(info.etag),
            last_modified=info.last_modified or _EPOCH,
            content_type=info.content_type or "application/octet-stream",
        )

    def _put_file_sync(self, key: str, path: Path, content_type: str) -> ObjectInfo:
        self._client.fput_object(self.bucket, key, str(path), content_type=content_type)
        return self._stat_sync(key)

    def _put_bytes_sync(self, key: str, data: bytes, content_type: str) -> ObjectInfo:
        self._client.put_object(
            self.bucket, key, io.BytesIO(data), len(data), content_type=content_type
        )
        return self._stat_sync(key)

    async def put_file(self, key: str, path: Path, content_type: str) -> ObjectInfo:
        validate_key(key)
        return await self._run("write", key, self._put_file_sync, key, path, content_type)

    async def put_bytes(self, key: str, data: bytes, content_type: str) -> ObjectInfo:
        validate_key(key)
        return await self._run("write", key, self._put_bytes_sync, key, data, content_type)

    async def stat(self, key: str) -> ObjectInfo:
        validate_key(key)
        return await self._run("stat", key, self._stat_sync, key)

    async def iter_range(
        self, key: str, start: int, end_inclusive: int, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> AsyncIterator[bytes]:
        validate_key(key)
        check_range(start, end_inclusive, chunk_size)
        length = end_inclusive + 1 - start
        response = await self._run(
            "read", key, self._client.get_object, self.bucket, key, offset=start, length=length
        )
        try:
            if response.status != 206 and start != 0:
                raise StorageError(
                    f"S3 ignored the byte range of {key!r} (HTTP {response.status})."
                )
            remaining = length
            while remaining > 0:
                chunk = await self._run("read", key, response.read, min(chunk_size, remaining))
                if not chunk:
                    raise StorageError(f"{key!r} ended {remaining} bytes before the range's end.")
                remaining -= len(chunk)
                yield chunk
        finally:
            # Closing first drops the connection if the body was not read to the end.
            response.close()
            response.release_conn()

    def _download_sync(self, key: str, destination: Path) -> None:
        response = self._client.get_object(self.bucket, key)
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.{secrets.token_hex(6)}.tmp")
        try:
            with temporary.open("wb") as file:
                for chunk in response.stream(_DOWNLOAD_CHUNK):
                    file.write(chunk)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, destination)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        finally:
            response.close()
            response.release_conn()

    async def download_to(self, key: str, path: Path) -> None:
        validate_key(key)
        await self._run("download", key, self._download_sync, key, path)

    async def delete(self, key: str) -> None:
        validate_key(key)
        # S3 answers a delete of a missing key with success.
        await self._run("delete", None, self._client.remove_object, self.bucket, key)

    def _object_sizes(self, prefix: str) -> dict[str, int]:
        return {
            item.object_name: item.size or 0
            for item in self._client.list_objects(self.bucket, prefix=prefix, recursive=True)
            if item.object_name and not item.is_dir
        }

    def _delete_prefix_sync(self, prefix: str) -> int:
        keys = list(self._object_sizes(prefix))
        # remove_objects is lazy: the requests go out as its error iterator is consumed.
        errors = list(self._client.remove_objects(self.bucket, (DeleteObject(k) for k in keys)))
        if errors:
            raise StorageError(
                f"S3 could not delete {len(errors)} objects under {prefix!r}: {errors[0]}"
            )
        return len(keys)

    async def delete_prefix(self, prefix: str) -> int:
        if not prefix:
            raise ValueError("delete_prefix needs a non-empty prefix")
        validate_prefix(prefix)
        return await self._run("delete", None, self._delete_prefix_sync, prefix)

    async def list_keys(self, prefix: str = "") -> list[str]:
        validate_prefix(prefix)
        return sorted(await self._run("list", None, self._object_sizes, prefix))

    async def total_size(self, prefix: str = "") -> int:
        validate_prefix(prefix)
        return sum((await self._run("list", None, self._object_sizes, prefix)).values())

    def _check_sync(self) -> None:
        if not self._client.bucket_exists(self.bucket):
            self._bucket_ready = False
            self._ensure_bucket()

    async def check(self) -> None:
        await self._run("check", None, self._check_sync)
