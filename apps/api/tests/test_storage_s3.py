"""What only the S3 adapter does: buckets made on first use, server ETags, failures."""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable

import pytest
from minio import Minio

from cadenza_api.storage import S3Storage, StorageError

MakeS3Storage = Callable[..., S3Storage]


def raw_client(endpoint: str) -> Minio:
    return Minio(endpoint, access_key="testing", secret_key="testing", secure=False)


async def test_the_bucket_is_created_on_first_use(
    s3_endpoint: str, make_s3_storage: MakeS3Storage
) -> None:
    storage = make_s3_storage()
    assert raw_client(s3_endpoint).bucket_exists(storage.bucket) is False

    assert await storage.list_keys() == []

    assert raw_client(s3_endpoint).bucket_exists(storage.bucket) is True


async def test_check_creates_a_missing_bucket(
    s3_endpoint: str, make_s3_storage: MakeS3Storage
) -> None:
    storage = make_s3_storage()

    await storage.check()

    assert raw_client(s3_endpoint).bucket_exists(storage.bucket) is True


async def test_an_existing_bucket_and_its_objects_are_kept(make_s3_storage: MakeS3Storage) -> None:
    first = make_s3_storage()
    await first.put_bytes("tracks/t/opus-96.ogg", b"kept", "audio/ogg")

    second = make_s3_storage(bucket=first.bucket)

    assert await second.list_keys() == ["tracks/t/opus-96.ogg"]
    assert await second.read_bytes("tracks/t/opus-96.ogg") == b"kept"


async def test_etag_and_content_type_come_from_the_server(
    s3_endpoint: str, make_s3_storage: MakeS3Storage
) -> None:
    storage = make_s3_storage()
    data = os.urandom(4096)

    info = await storage.put_bytes("tracks/t/aac-128.m4a", data, "audio/mp4")

    assert info.etag == hashlib.md5(data).hexdigest()
    stat = raw_client(s3_endpoint).stat_object(storage.bucket, "tracks/t/aac-128.m4a")
    assert stat.content_type == "audio/mp4"


@pytest.mark.slow
async def test_an_unreachable_server_is_a_storage_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    storage = S3Storage("cadenza", endpoint=f"127.0.0.1:{port}", region="us-east-1", secure=False)

    with pytest.raises(StorageError, match="S3 check of cadenza failed"):
        await storage.check()
