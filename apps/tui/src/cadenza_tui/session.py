"""The contracts client as the terminal player uses it: signed in across restarts."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import urljoin
from uuid import UUID

from cadenza_contracts import CadenzaClient
from cadenza_contracts.accounts import AccessTokenResponse
from cadenza_contracts.media import StreamFormat
from cadenza_tui.config import StoredCookie, TuiConfig, save_config

REQUEST_TIMEOUT_S = 15.0


class SessionClient(CadenzaClient):
    """A `CadenzaClient` that refreshes by itself and writes every rotated refresh token to
    the config file: the previous one is spent, and presenting it again would sign the whole
    session out (reuse detection). Refreshes never overlap, for the same reason."""

    def __init__(self, base_url: str, config: TuiConfig, config_file: Path | None = None) -> None:
        super().__init__(base_url, timeout=REQUEST_TIMEOUT_S, auto_refresh=True)
        self.base_url = base_url
        self.config = config
        self._config_file = config_file
        self._refresh_lock = asyncio.Lock()
        self._refreshes = 0
        self._last_tokens: AccessTokenResponse | None = None
        if config.server_url == base_url:
            for cookie in config.cookies:
                self.http.cookies.set(
                    cookie.name, cookie.value, domain=cookie.domain, path=cookie.path
                )

    async def login(self, username: str, password: str) -> AccessTokenResponse:
        tokens = await super().login(username, password)
        self._save_session()
        return tokens

    async def refresh(self) -> AccessTokenResponse:
        seen = self._refreshes
        async with self._refresh_lock:
            if self._refreshes != seen and self._last_tokens is not None:
                # Another request refreshed while this one waited: use its token.
                return self._last_tokens
            tokens = await super().refresh()
            self._refreshes += 1
            self._last_tokens = tokens
            self._save_session()
            return tokens

    async def logout(self) -> None:
        try:
            await super().logout()
        finally:
            self.forget_session()

    def forget_session(self) -> None:
        """Drop the stored refresh token (the server URL and device id stay)."""
        self.http.cookies.clear()
        self.access_token = None
        self.config.cookies = []
        save_config(self.config, self._config_file)

    def _save_session(self) -> None:
        self.config.server_url = self.base_url
        self.config.cookies = [
            StoredCookie(
                name=cookie.name,
                value=cookie.value or "",
                domain=cookie.domain,
                path=cookie.path,
            )
            for cookie in self.http.cookies.jar
        ]
        save_config(self.config, self._config_file)

    async def stream_url(self, track_id: UUID) -> str:
        """An absolute, signed Opus stream URL that PyAV can open without headers."""
        signed = await self.signed_stream_url(track_id, format=StreamFormat.OPUS)
        return urljoin(str(self.http.base_url), signed.url)
