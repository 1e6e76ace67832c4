"""Signed stream URLs: HMAC over track, format, bitrate and expiry, with the secret key."""

from __future__ import annotations

import hashlib
import hmac
import time
from uuid import UUID


def _message(track_id: UUID, fmt: str, bitrate_kbps: int, expires: int) -> bytes:
    return f"stream:{track_id}:{fmt}:{bitrate_kbps}:{expires}".encode()


def sign_stream(secret_key: str, track_id: UUID, fmt: str, bitrate_kbps: int, expires: int) -> str:
    digest = hmac.new(
        secret_key.encode(), _message(track_id, fmt, bitrate_kbps, expires), hashlib.sha256
    )
    return digest.hexdigest()


def verify_stream_signature(
    secret_key: str,
    track_id: UUID,
    fmt: str,
    bitrate_kbps: int,
    expires: int,
    signature: str,
    *,
    now: float | None = None,
) -> bool:
    """True when the signature matches these exact values and has not expired."""
    if expires < (time.time() if now is None else now):
        return False
    expected = sign_stream(secret_key, track_id, fmt, bitrate_kbps, expires)
    return hmac.compare_digest(expected, signature)
