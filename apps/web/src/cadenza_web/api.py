"""The signed-in user's API access from Reflex background tasks (shared with the admin:
`cadenza_ui.api_session`)."""

from cadenza_ui.api_session import (
    REFRESH_MARGIN_SECONDS,
    Credentials,
    SignedOut,
    StoredCookie,
    credentials_from,
    failure_message,
    new_client,
    open_client,
    refresh_once,
)

__all__ = [
    "REFRESH_MARGIN_SECONDS",
    "Credentials",
    "SignedOut",
    "StoredCookie",
    "credentials_from",
    "failure_message",
    "new_client",
    "open_client",
    "refresh_once",
]
