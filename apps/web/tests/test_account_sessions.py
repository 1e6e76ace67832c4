"""How the account settings page names a signed-in session."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from cadenza_contracts.accounts import SessionInfo
from cadenza_web.states.settings import SessionRow

WHEN = datetime(2026, 11, 25, 16, 5, tzinfo=UTC)


def _session(user_agent: str | None, ip_address: str | None = "203.0.113.9") -> SessionInfo:
    return SessionInfo(
        id=uuid4(),
        created_at=WHEN,
        last_used_at=WHEN,
        expires_at=WHEN,
        user_agent=user_agent,
        ip_address=ip_address,
        current=False,
    )


def test_browsers_are_named_by_browser_and_system() -> None:
    row = SessionRow.of(
        _session("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36")
    )
    assert row.device == "Chrome on Linux"
    assert row.details == "Last used 25 Nov 2026, 16:05 UTC · 203.0.113.9"
    assert row.current is False


def test_other_clients_show_their_user_agent_or_a_plain_name() -> None:
    assert SessionRow.of(_session("python-httpx/0.28.1")).device == "python-httpx/0.28.1"
    unknown = SessionRow.of(_session(None, ip_address=None))
    assert unknown.device == "Unknown device"
    assert unknown.details == "Last used 25 Nov 2026, 16:05 UTC"
