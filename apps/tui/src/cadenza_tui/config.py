"""Where the terminal player keeps its server, device id and session between runs: one JSON
file in the user's config dir, readable by the user alone, since it holds the refresh token."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import msgspec
import platformdirs

CONFIG_FILE = "tui.json"
DEFAULT_SERVER_URL = "http://127.0.0.1:8080"


class StoredCookie(msgspec.Struct, kw_only=True):
    """A cookie of the session (the refresh token's, the CSRF token's) as the jar held it."""

    name: str
    value: str
    domain: str
    path: str


def _new_device_id() -> str:
    return f"tui-{secrets.token_hex(6)}"


class TuiConfig(msgspec.Struct, kw_only=True):
    server_url: str | None = None
    device_id: str = msgspec.field(default_factory=_new_device_id)
    cookies: list[StoredCookie] = msgspec.field(default_factory=list)

    @property
    def has_session(self) -> bool:
        return self.server_url is not None and bool(self.cookies)


def config_path() -> Path:
    """`tui.json` in the platform's config dir for Cadenza (e.g. `~/.config/cadenza/`)."""
    return Path(platformdirs.user_config_dir("cadenza")) / CONFIG_FILE


def load_config(path: Path | None = None) -> TuiConfig:
    """The stored config; a fresh one when there is none or it cannot be read."""
    path = path or config_path()
    try:
        return msgspec.json.decode(path.read_bytes(), type=TuiConfig)
    except (OSError, msgspec.DecodeError):
        return TuiConfig()


def save_config(config: TuiConfig, path: Path | None = None) -> Path:
    """Write `config` atomically, mode 0600 in a 0700 directory."""
    path = path or config_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            os.fchmod(file.fileno(), 0o600)
            file.write(msgspec.json.format(msgspec.json.encode(config)))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path
