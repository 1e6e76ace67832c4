"""Count storage failures in one place: a `Storage` that wraps the configured adapter."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

from prometheus_client import Counter

from cadenza_api.storage import (
    DEFAULT_CHUNK_SIZE,
    InvalidKey,
    ObjectInfo,
    ObjectNotFound,
    Storage,
    StorageError,
)


def _reason(error: StorageError) -> str:
    if isinstance(error, ObjectNotFound):
        return "not_found"
    if isinstance(error, InvalidKey):
        return "invalid_key"
    return "backend"


class CountingStorage(Storage):
    """Delegates every call to `inner`, counting each `StorageError` it raises into `errors`
    (labels `operation`, `reason`: `not_found`, `invalid_key` or `backend`)."""

    def __init__(self, inner: Storage, errors: Counter) -> None:
        self.inner = inner
        self._errors = errors

    def __repr__(self) -> str:
        return f"CountingStorage({self.inner!r})"

    @contextmanager
    def _counting(self, operation: str) -> Iterator[None]:
        try:
            yield
        except StorageError as error:
            self._errors.labels(operation, _reason(error)).inc()
            raise

    async def put_file(self, key: str, path: Path, content_type: str) -> ObjectInfo:
        with self._counting("put_file"):
            return await self.inner.put_file(key, path, content_type)

    async def put_bytes(self, key: str, data: bytes, content_type: str) -> ObjectInfo:
        with self._counting("put_bytes"):
            return await self.inner.put_bytes(key, data, content_type)

    async def stat(self, key: str) -> ObjectInfo:
        with self._counting("stat"):
            return await self.inner.stat(key)

    async def iter_range(
        self, key: str, start: int, end_inclusive: int, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> AsyncIterator[bytes]:
        chunks = self.inner.iter_range(key, start, end_inclusive, chunk_size)
        try:
            with self._counting("iter_range"):
                async for chunk in chunks:
                    yield chunk
        finally:
            if isinstance(chunks, AsyncGenerator):
                await chunks.aclose()

    async def download_to(self, key: str, path: Path) -> None:
        with self._counting("download_to"):
            await self.inner.download_to(key, path)

    async def delete(self, key: str) -> None:
        with self._counting("delete"):
            await self.inner.delete(key)

    async def delete_prefix(self, prefix: str) -> int:
        with self._counting("delete_prefix"):
            return await self.inner.delete_prefix(prefix)

    async def list_keys(self, prefix: str = "") -> list[str]:
        with self._counting("list_keys"):
            return await self.inner.list_keys(prefix)

    async def total_size(self, prefix: str = "") -> int:
        with self._counting("total_size"):
            return await self.inner.total_size(prefix)

    async def check(self) -> None:
        with self._counting("check"):
            await self.inner.check()

    async def exists(self, key: str) -> bool:
        # The adapter's own `exists` answers "missing" without an error; only failures count.
        with self._counting("exists"):
            return await self.inner.exists(key)

    async def read_bytes(self, key: str) -> bytes:
        with self._counting("read_bytes"):
            return await self.inner.read_bytes(key)
