"""Where a Cadenza Reflex app (web player, admin) finds the API: from its own (Python) side,
and from the browser."""

from __future__ import annotations

import os

DEFAULT_API_URL = "http://127.0.0.1:8080"


def api_base_url() -> str:
    """`CADENZA_API_URL`: the API as this server reaches it (the contracts client)."""
    return os.environ.get("CADENZA_API_URL", DEFAULT_API_URL).rstrip("/")


def public_api_url() -> str:
    """`CADENZA_PUBLIC_API_URL`: the API as browsers reach it, for stream and cover URLs.

    Unset, it is `CADENZA_API_URL`. Empty, URLs stay relative (`/api/v1/...`): the app's
    own origin serves the API, as behind a reverse proxy routing `/api/` to it.
    """
    public = os.environ.get("CADENZA_PUBLIC_API_URL")
    return api_base_url() if public is None else public.rstrip("/")


def absolute_api_url(path: str) -> str:
    """An API path (e.g. a signed stream URL) as the browser should fetch it."""
    return f"{public_api_url()}{path}"
