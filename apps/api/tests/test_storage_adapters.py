"""The storage interface, run against both adapters (`[local]` and `[s3]` on moto)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cadenza_api.storage import InvalidKey, ObjectNotFound, Storage, StorageError

KEY = "tracks/0b6f/opus-160.ogg"


async def collect(storage: Storage, key: str, start: int, end: int, chunk: int) -> list[bytes]:
    return [part async for part in storage.iter_range(key, start, end, chunk)]


async def test_put_bytes_then_stat_reports_size_type_and_a_strong_etag(
    media_storage: Storage,
) -> None:
    data = os.urandom(1000)

    written = await media_storage.put_bytes(KEY, data, "audio/ogg")
    info = await media_storage.stat(KEY)

    assert info == written
    assert info.size == 1000
    assert info.content_type == "audio/ogg"
    assert info.etag and '"' not in info.etag and not info.etag.startswith("W/")
    assert info.last_modified.tzinfo is not None
    assert await media_storage.stat(KEY) == info


async def test_put_file_copies_the_file(media_storage: Storage, tmp_path: Path) -> None:
    source = tmp_path / "upload.m4a"
    data = os.urandom(70_000)
    source.write_bytes(data)

    info = await media_storage.put_file("tracks/a/aac-256.m4a", source, "audio/mp4")

    assert source.read_bytes() == data
    assert (info.size, info.content_type) == (70_000, "audio/mp4")
    assert await media_storage.read_bytes("tracks/a/aac-256.m4a") == data


async def test_overwrite_replaces_bytes_type_and_etag(media_storage: Storage) -> None:
    first = await media_storage.put_bytes(KEY, b"a" * 100, "audio/ogg")
    second = await media_storage.put_bytes(KEY, b"b" * 50, "audio/mp4")

    assert second.etag != first.etag
    assert (second.size, second.content_type) == (50, "audio/mp4")
    assert await media_storage.read_bytes(KEY) == b"b" * 50


async def test_iter_range_streams_exact_bytes_in_bounded_chunks(media_storage: Storage) -> None:
    data = os.urandom(300 * 1024)
    await media_storage.put_bytes(KEY, data, "audio/ogg")

    chunks = await collect(media_storage, KEY, 1000, 250_000, 64 * 1024)

    assert b"".join(chunks) == data[1000:250_001]
    assert [len(chunk) for chunk in chunks] == [65536, 65536, 65536, 52393]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(0, 0, [1]), (9, 9, [1]), (0, 9, [4, 4, 2]), (3, 6, [4]), (8, 9, [2])],
)
async def test_iter_range_edges(
    media_storage: Storage, start: int, end: int, expected: list[int]
) -> None:
    await media_storage.put_bytes("edges.bin", b"0123456789", "application/octet-stream")

    chunks = await collect(media_storage, "edges.bin", start, end, 4)

    assert [len(chunk) for chunk in chunks] == expected
    assert b"".join(chunks) == b"0123456789"[start : end + 1]


async def test_iter_range_past_the_end_fails(media_storage: Storage) -> None:
    await media_storage.put_bytes("short.bin", b"0123456789", "application/octet-stream")

    with pytest.raises(StorageError):
        await collect(media_storage, "short.bin", 5, 20, 4)


@pytest.mark.parametrize(("start", "end", "chunk"), [(-1, 5, 4), (5, 4, 4), (0, 5, 0)])
async def test_iter_range_rejects_nonsense(
    media_storage: Storage, start: int, end: int, chunk: int
) -> None:
    await media_storage.put_bytes("x.bin", b"0123456789", "application/octet-stream")

    with pytest.raises(ValueError, match=r"range|chunk_size"):
        await collect(media_storage, "x.bin", start, end, chunk)


async def test_missing_objects(media_storage: Storage, tmp_path: Path) -> None:
    with pytest.raises(ObjectNotFound) as stat_error:
        await media_storage.stat("tracks/none.ogg")
    assert stat_error.value.key == "tracks/none.ogg"
    with pytest.raises(ObjectNotFound):
        await collect(media_storage, "tracks/none.ogg", 0, 10, 4)
    with pytest.raises(ObjectNotFound):
        await media_storage.download_to("tracks/none.ogg", tmp_path / "out.ogg")
    assert not (tmp_path / "out.ogg").exists()
    assert await media_storage.exists("tracks/none.ogg") is False
    await media_storage.delete("tracks/none.ogg")  # missing is fine


async def test_exists_and_delete(media_storage: Storage) -> None:
    await media_storage.put_bytes(KEY, b"data", "audio/ogg")
    assert await media_storage.exists(KEY) is True

    await media_storage.delete(KEY)

    assert await media_storage.exists(KEY) is False
    assert await media_storage.list_keys() == []


async def test_download_to_writes_the_object(media_storage: Storage, tmp_path: Path) -> None:
    data = os.urandom(2 * 1024 * 1024 + 3)
    await media_storage.put_bytes(KEY, data, "audio/ogg")
    destination = tmp_path / "work" / "job-1" / "input.ogg"

    await media_storage.download_to(KEY, destination)

    assert destination.read_bytes() == data
    assert sorted(p.name for p in destination.parent.iterdir()) == ["input.ogg"]


async def test_list_total_size_and_delete_prefix(media_storage: Storage) -> None:
    objects = {
        "tracks/ab/opus-96.ogg": 10,
        "tracks/ab/opus-160.ogg": 20,
        "tracks/ab/original": 30,
        "tracks/abc/opus-96.ogg": 40,
        "tracks/b/opus-96.ogg": 50,
        "artwork/ab.jpg": 60,
    }
    for key, size in objects.items():
        await media_storage.put_bytes(key, b"x" * size, "application/octet-stream")

    assert await media_storage.list_keys() == sorted(objects)
    assert await media_storage.list_keys("tracks/ab/") == [
        "tracks/ab/opus-160.ogg",
        "tracks/ab/opus-96.ogg",
        "tracks/ab/original",
    ]
    assert await media_storage.list_keys("tracks/ab") == [
        "tracks/ab/opus-160.ogg",
        "tracks/ab/opus-96.ogg",
        "tracks/ab/original",
        "tracks/abc/opus-96.ogg",
    ]
    assert await media_storage.list_keys("tracks/ab/opus-") == [
        "tracks/ab/opus-160.ogg",
        "tracks/ab/opus-96.ogg",
    ]
    assert await media_storage.list_keys("nothing/") == []
    assert await media_storage.total_size() == 210
    assert await media_storage.total_size("tracks/") == 150
    assert await media_storage.total_size("tracks/ab/") == 60

    assert await media_storage.delete_prefix("tracks/ab/") == 3

    assert await media_storage.list_keys() == [
        "artwork/ab.jpg",
        "tracks/abc/opus-96.ogg",
        "tracks/b/opus-96.ogg",
    ]
    assert await media_storage.delete_prefix("tracks/ab/") == 0
    with pytest.raises(ValueError, match="non-empty"):
        await media_storage.delete_prefix("")
    assert len(await media_storage.list_keys()) == 3


async def test_empty_object(media_storage: Storage, tmp_path: Path) -> None:
    info = await media_storage.put_bytes("empty.bin", b"", "application/octet-stream")

    assert info.size == 0
    assert await media_storage.read_bytes("empty.bin") == b""
    await media_storage.download_to("empty.bin", tmp_path / "empty")
    assert (tmp_path / "empty").read_bytes() == b""


@pytest.mark.parametrize(
    "key",
    [
        "",
        "/etc/passwd",
        "../outside",
        "tracks/../../outside",
        "tracks/./x",
        "tracks//x",
        "tracks/x/",
        ".hidden",
        "tracks/.x.meta",
        "My Song.mp3",
        "tracks/é.ogg",
        "tracks\\x",
        "a" * 513,
    ],
)
async def test_invalid_keys_are_refused(media_storage: Storage, key: str) -> None:
    with pytest.raises(InvalidKey):
        await media_storage.put_bytes(key, b"x", "application/octet-stream")
    with pytest.raises(InvalidKey):
        await media_storage.stat(key)
    with pytest.raises(InvalidKey):
        await collect(media_storage, key, 0, 0, 1)
    with pytest.raises(InvalidKey):
        await media_storage.delete(key)
    assert await media_storage.list_keys() == []


@pytest.mark.parametrize("prefix", ["../", "/tracks", "tracks//", ".meta", "tracks/.x"])
async def test_invalid_prefixes_are_refused(media_storage: Storage, prefix: str) -> None:
    with pytest.raises(InvalidKey):
        await media_storage.list_keys(prefix)
    with pytest.raises(InvalidKey):
        await media_storage.delete_prefix(prefix)


async def test_check_passes_on_a_working_backend(media_storage: Storage) -> None:
    await media_storage.check()
    await media_storage.put_bytes(KEY, b"x", "audio/ogg")
    await media_storage.check()
