"""Objects as files in a local directory: the embedded default."""

from __future__ import annotations

import asyncio
import hashlib
import mimetypes
import os
import secrets
import shutil
import stat
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

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

_FALLBACK_CONTENT_TYPE = "application/octet-stream"


def _etag(st: os.stat_result) -> str:
    # An atomic replace gives the file a new inode, so this changes whenever the bytes may have.
    identity = f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"
    return hashlib.blake2b(identity.encode(), digest_size=16).hexdigest()


def _meta_path(path: Path) -> Path:
    """The hidden file next to an object that records its content type."""
    return path.with_name(f".{path.name}.meta")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_write(target: Path, fill: Callable[[Path], object]) -> None:
    """Create `target` through a temporary file in the same directory and one rename."""
    for attempt in range(3):
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            fill(temporary)
            _fsync(temporary)
            os.replace(temporary, target)
            return
        except FileNotFoundError:
            temporary.unlink(missing_ok=True)
            # A concurrent delete may have pruned the directory just made: make it again.
            if attempt == 2 or target.parent.is_dir():
                raise
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


class LocalStorage(Storage):
    """Objects stored as files under `root` (`<root>/<key>`), written atomically.

    Each object's content type lives in a hidden `.<name>.meta` file beside it. A key cannot be
    both an object and the "folder" of other keys here (S3 allows that; Cadenza never does it).
    """

    def __init__(self, root: Path) -> None:
        self.root = root.absolute()

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        return self.root / validate_key(key)

    async def _run(
        self,
        operation: str,
        key: str | None,
        function: Callable[P, T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run blocking file work in a worker thread and translate its errors."""
        try:
            return await asyncio.to_thread(function, *args, **kwargs)
        except StorageError:
            raise
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as exc:
            if key is not None and operation in {"stat", "read", "download"}:
                raise ObjectNotFound(key) from exc
            raise StorageError(
                f"Local storage {operation} of {key or self.root} failed: {exc}"
            ) from exc
        except OSError as exc:
            raise StorageError(
                f"Local storage {operation} of {key or self.root} failed: {exc}"
            ) from exc

    def _stat_sync(self, key: str) -> ObjectInfo:
        path = self._path(key)
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise ObjectNotFound(key)
        try:
            content_type = _meta_path(path).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            content_type = mimetypes.guess_type(key)[0] or _FALLBACK_CONTENT_TYPE
        return ObjectInfo(
            size=st.st_size,
            etag=_etag(st),
            last_modified=datetime.fromtimestamp(st.st_mtime, UTC),
            content_type=content_type or _FALLBACK_CONTENT_TYPE,
        )

    def _put_sync(self, key: str, fill: Callable[[Path], object], content_type: str) -> ObjectInfo:
        path = self._path(key)
        _atomic_write(_meta_path(path), lambda tmp: tmp.write_text(content_type, encoding="utf-8"))
        _atomic_write(path, fill)
        return self._stat_sync(key)

    async def put_file(self, key: str, path: Path, content_type: str) -> ObjectInfo:
        return await self._run(
            "write", key, self._put_sync, key, lambda tmp: shutil.copyfile(path, tmp), content_type
        )

    async def put_bytes(self, key: str, data: bytes, content_type: str) -> ObjectInfo:
        return await self._run(
            "write", key, self._put_sync, key, lambda tmp: tmp.write_bytes(data), content_type
        )

    async def stat(self, key: str) -> ObjectInfo:
        return await self._run("stat", key, self._stat_sync, key)

    async def iter_range(
        self, key: str, start: int, end_inclusive: int, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> AsyncIterator[bytes]:
        check_range(start, end_inclusive, chunk_size)
        path = self._path(key)
        fd = await self._run("read", key, os.open, path, os.O_RDONLY)
        try:
            offset = start
            while offset <= end_inclusive:
                wanted = min(chunk_size, end_inclusive + 1 - offset)
                # One positioned read per chunk in a worker thread: no shared file position, and
                # measured several times faster than async file objects.
                chunk = await self._run("read", key, os.pread, fd, wanted, offset)
                if not chunk:
                    raise StorageError(f"{key!r} ended at byte {offset}, inside the range read.")
                offset += len(chunk)
                yield chunk
        finally:
            os.close(fd)

    def _download_sync(self, key: str, destination: Path) -> None:
        source = self._path(key)
        if not source.is_file():
            raise ObjectNotFound(key)
        _atomic_write(destination, lambda tmp: shutil.copyfile(source, tmp))

    async def download_to(self, key: str, path: Path) -> None:
        await self._run("download", key, self._download_sync, key, path)

    def _prune_empty_parents(self, path: Path) -> None:
        directory = path.parent
        while directory != self.root and self.root in directory.parents:
            try:
                directory.rmdir()
            except OSError:
                return
            directory = directory.parent

    def _delete_sync(self, key: str) -> None:
        path = self._path(key)
        if path.is_dir():
            return
        path.unlink(missing_ok=True)
        _meta_path(path).unlink(missing_ok=True)
        self._prune_empty_parents(path)

    async def delete(self, key: str) -> None:
        await self._run("delete", key, self._delete_sync, key)

    def _walk(self, prefix: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
        """`(key, entry)` for every object whose key starts with `prefix`."""
        validate_prefix(prefix)
        folder, _, _ = prefix.rpartition("/")
        pending = [(self.root / folder if folder else self.root, f"{folder}/" if folder else "")]
        while pending:
            directory, key_prefix = pending.pop()
            try:
                entries = list(os.scandir(directory))
            except (FileNotFoundError, NotADirectoryError):
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                key = key_prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if (key + "/").startswith(prefix) or prefix.startswith(key + "/"):
                        pending.append((Path(entry.path), key + "/"))
                elif key.startswith(prefix):
                    yield key, entry

    def _list_sync(self, prefix: str) -> list[str]:
        return sorted(key for key, _ in self._walk(prefix))

    def _total_size_sync(self, prefix: str) -> int:
        return sum(entry.stat().st_size for _, entry in self._walk(prefix))

    def _delete_prefix_sync(self, prefix: str) -> int:
        keys = [key for key, _ in self._walk(prefix)]
        for key in keys:
            self._delete_sync(key)
        return len(keys)

    async def delete_prefix(self, prefix: str) -> int:
        if not prefix:
            raise ValueError("delete_prefix needs a non-empty prefix")
        return await self._run("delete", prefix, self._delete_prefix_sync, prefix)

    async def list_keys(self, prefix: str = "") -> list[str]:
        return await self._run("list", prefix, self._list_sync, prefix)

    async def total_size(self, prefix: str = "") -> int:
        return await self._run("list", prefix, self._total_size_sync, prefix)

    def _check_sync(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not self.root.is_dir() or not os.access(self.root, os.W_OK | os.X_OK):
            raise StorageError(f"{self.root} is not a writable directory.")

    async def check(self) -> None:
        await self._run("check", None, self._check_sync)
