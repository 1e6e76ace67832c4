"""Build the configured storage adapter."""

from __future__ import annotations

from cadenza_api.settings import Settings
from cadenza_api.storage.base import Storage
from cadenza_api.storage.local import LocalStorage
from cadenza_api.storage.s3 import S3Storage


def build_storage(settings: Settings) -> Storage:
    """A `LocalStorage` for `file://` URLs, an `S3Storage` for `s3://bucket` URLs."""
    storage = settings.storage
    if storage.backend == "s3":
        return S3Storage(
            storage.bucket,
            endpoint=storage.s3_host,
            access_key=storage.s3_access_key,
            secret_key=storage.s3_secret_key,
            region=storage.s3_region,
            secure=storage.s3_secure,
        )
    return LocalStorage(storage.local_root)
