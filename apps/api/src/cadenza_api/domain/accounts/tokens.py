"""Access tokens (signed JWTs) and opaque refresh tokens (stored only as hashes)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import jwt

_ALGORITHM = "HS256"
_AUDIENCE = "cadenza-api"


class InvalidAccessToken(ValueError):
    """The access token is malformed, forged or expired."""


@dataclass(frozen=True)
class AccessClaims:
    user_id: UUID
    session_id: UUID
    role: str
    expires_at: datetime


def issue_access_token(
    secret_key: str, *, user_id: UUID, session_id: UUID, role: str, ttl_seconds: int
) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "sid": str(session_id),
        "role": role,
        "typ": "access",
        "aud": _AUDIENCE,
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "jti": uuid4().hex,
    }
    return jwt.encode(claims, secret_key, algorithm=_ALGORITHM)


def decode_access_token(secret_key: str, token: str) -> AccessClaims:
    try:
        claims = jwt.decode(
            token,
            secret_key,
            algorithms=[_ALGORITHM],
            audience=_AUDIENCE,
            options={"require": ["sub", "sid", "exp", "typ"]},
        )
        if claims["typ"] != "access":
            raise InvalidAccessToken("Not an access token.")
        return AccessClaims(
            user_id=UUID(claims["sub"]),
            session_id=UUID(claims["sid"]),
            role=str(claims.get("role", "listener")),
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidAccessToken("The access token has expired.") from exc
    except (jwt.InvalidTokenError, ValueError, KeyError) as exc:
        raise InvalidAccessToken("The access token is invalid.") from exc


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)
