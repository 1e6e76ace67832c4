"""Password hashing with argon2id; its cost comes from the auth settings."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cadenza_api.settings import AuthSettings


@lru_cache(maxsize=4)
def _hasher_for(time_cost: int, memory_kib: int, parallelism: int) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
    # Verified against when the account does not exist, so a miss costs as long as a wrong
    # password does.
    return hasher, hasher.hash("cadenza-dummy-password")


def _hasher(auth: AuthSettings) -> tuple[PasswordHasher, str]:
    return _hasher_for(auth.argon2_time_cost, auth.argon2_memory_kib, auth.argon2_parallelism)


def hash_password(auth: AuthSettings, password: str) -> str:
    return _hasher(auth)[0].hash(password)


def verify_password(auth: AuthSettings, password_hash: str | None, password: str) -> bool:
    """True when `password` matches; always spends one argon2 verification."""
    hasher, dummy = _hasher(auth)
    try:
        return hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(auth: AuthSettings, password_hash: str) -> bool:
    return _hasher(auth)[0].check_needs_rehash(password_hash)
