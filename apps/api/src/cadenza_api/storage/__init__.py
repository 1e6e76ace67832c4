"""Object storage for media: one interface, a local-directory adapter and an S3 adapter."""

from cadenza_api.storage.base import (
    DEFAULT_CHUNK_SIZE,
    InvalidKey,
    ObjectInfo,
    ObjectNotFound,
    Storage,
    StorageError,
    validate_key,
    validate_prefix,
)
from cadenza_api.storage.factory import build_storage
from cadenza_api.storage.local import LocalStorage
from cadenza_api.storage.s3 import S3Storage

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "InvalidKey",
    "LocalStorage",
    "ObjectInfo",
    "ObjectNotFound",
    "S3Storage",
    "Storage",
    "StorageError",
    "build_storage",
    "validate_key",
    "validate_prefix",
]
