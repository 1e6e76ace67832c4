"""WebSocket tickets: browsers cannot set headers on a WebSocket, so a signed-in client trades
its access token for a short-lived, single-use ticket and opens `/ws?ticket=...`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import jwt

_ALGORITHM = "HS256"
_AUDIENCE = "cadenza-ws"
_TYPE = "ws-ticket"


class InvalidTicket(ValueError):
    """The ticket is malformed, forged or expired."""


@dataclass(frozen=True)
class TicketClaims:
    user_id: UUID
    session_id: UUID
    ticket_id: str


def issue_ticket(secret_key: str, *, user_id: UUID, session_id: UUID, ttl_seconds: int) -> str:
    """A ticket for the user's session, valid for `ttl_seconds`."""
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "sid": str(session_id),
        "typ": _TYPE,
        "aud": _AUDIENCE,
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "jti": uuid4().hex,
    }
    return jwt.encode(claims, secret_key, algorithm=_ALGORITHM)


def decode_ticket(secret_key: str, ticket: str) -> TicketClaims:
    try:
        claims = jwt.decode(
            ticket,
            secret_key,
            algorithms=[_ALGORITHM],
            audience=_AUDIENCE,
            options={"require": ["sub", "sid", "exp", "typ", "jti"]},
        )
        if claims["typ"] != _TYPE:
            raise InvalidTicket("Not a WebSocket ticket.")
        return TicketClaims(
            user_id=UUID(claims["sub"]),
            session_id=UUID(claims["sid"]),
            ticket_id=str(claims["jti"]),
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidTicket("The ticket has expired.") from exc
    except (jwt.InvalidTokenError, ValueError, KeyError) as exc:
        raise InvalidTicket("The ticket is invalid.") from exc
