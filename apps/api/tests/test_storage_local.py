"""What only the local-directory adapter does: files on disk, atomic writes, tidy folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cadenza_api.storage import InvalidKey, LocalStorage, StorageError


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


async def test_objects_are_plain_files_with_a_hidden_content_type(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")

    await storage.put_bytes("tracks/t1/opus-160.ogg", b"OggS", "audio/ogg")

    assert (tmp_path / "media/tracks/t1/opus-160.ogg").read_bytes() == b"OggS"
    assert files_under(tmp_path / "media") == [
        "tracks/t1/.opus-160.ogg.meta",
        "tracks/t1/opus-160.ogg",
    ]
    assert await storage.list_keys() == ["tracks/t1/opus-160.ogg"]


async def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    await storage.put_bytes("tracks/t1/original", b"old", "audio/flac")

    with pytest.raises(StorageError):
        await storage.put_file("tracks/t1/original", tmp_path / "missing.flac", "audio/flac")

    assert await storage.read_bytes("tracks/t1/original") == b"old"
    assert [name for name in files_under(tmp_path / "media") if name.endswith(".tmp")] == []


async def test_a_reader_keeps_its_version_while_the_object_is_replaced(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    await storage.put_bytes("a.bin", b"A" * 10, "application/octet-stream")
    reader = storage.iter_range("a.bin", 0, 9, 4)

    first = await anext(reader)
    await storage.put_bytes("a.bin", b"B" * 10, "application/octet-stream")
    rest = [chunk async for chunk in reader]

    assert first + b"".join(rest) == b"A" * 10
    assert await storage.read_bytes("a.bin") == b"B" * 10


async def test_etag_follows_the_file_not_the_clock(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    written = await storage.put_bytes("a.bin", b"abc", "application/octet-stream")
    path = tmp_path / "media/a.bin"

    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    touched = await storage.stat("a.bin")

    assert touched.etag != written.etag
    assert touched.last_modified.timestamp() == 1.0
    assert (await storage.stat("a.bin")).etag == touched.etag


async def test_content_type_is_guessed_when_the_meta_file_is_gone(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    await storage.put_bytes("cover.png", b"x", "image/png")
    await storage.put_bytes("blob", b"x", "image/png")
    (tmp_path / "media/.cover.png.meta").unlink()
    (tmp_path / "media/.blob.meta").unlink()

    assert (await storage.stat("cover.png")).content_type == "image/png"
    assert (await storage.stat("blob")).content_type == "application/octet-stream"


async def test_deleting_prunes_empty_folders_but_not_the_root(tmp_path: Path) -> None:
    root = tmp_path / "media"
    storage = LocalStorage(root)
    await storage.put_bytes("tracks/t1/a.ogg", b"x", "audio/ogg")
    await storage.put_bytes("tracks/t1/b.ogg", b"x", "audio/ogg")
    await storage.put_bytes("tracks/t2/a.ogg", b"x", "audio/ogg")

    await storage.delete("tracks/t1/a.ogg")
    assert (root / "tracks/t1").is_dir()
    await storage.delete("tracks/t1/b.ogg")
    assert not (root / "tracks/t1").exists()
    assert (root / "tracks/t2").is_dir()

    assert await storage.delete_prefix("tracks/") == 1
    assert list(root.iterdir()) == []


async def test_a_key_cannot_reach_outside_the_root(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    (tmp_path / "secret").write_text("do not serve")

    for key in ("../secret", "media/../../secret", str(tmp_path / "secret")):
        with pytest.raises(InvalidKey):
            await storage.stat(key)
        with pytest.raises(InvalidKey):
            await storage.put_bytes(key, b"x", "text/plain")

    assert (tmp_path / "secret").read_text() == "do not serve"


async def test_a_folder_is_not_an_object(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    await storage.put_bytes("tracks/t1/a.ogg", b"x", "audio/ogg")

    assert await storage.exists("tracks/t1") is False
    await storage.delete("tracks/t1")
    assert await storage.list_keys() == ["tracks/t1/a.ogg"]
    with pytest.raises(StorageError):
        await storage.put_bytes("tracks/t1/a.ogg/inner", b"x", "audio/ogg")


async def test_check_creates_the_root(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "new" / "media")

    await storage.check()

    assert (tmp_path / "new/media").is_dir()


async def test_check_fails_when_the_root_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "media").write_text("not a folder")

    with pytest.raises(StorageError):
        await LocalStorage(tmp_path / "media").check()
