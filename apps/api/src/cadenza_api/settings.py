"""Settings, read once from `CADENZA_*` environment variables (and an optional `.env`)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import platformdirs


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"CADENZA_{name}")
    return value if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"CADENZA_{name} must be an integer, got {raw!r}.") from exc


def _env_bool(name: str, default: bool) -> bool:
    raw = _env(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"CADENZA_{name} must be true or false, got {raw!r}.")


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = _env(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


class SettingsError(ValueError):
    """A `CADENZA_*` variable holds a value Cadenza cannot use."""


def _load_dotenv(path: Path) -> None:
    """Fill unset variables from a `.env` file of `KEY=value` lines."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


@dataclass(frozen=True)
class DatabaseSettings:
    url: str
    echo: bool = False
    pool_size: int = 10

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


@dataclass(frozen=True)
class AuthSettings:
    secret_key: str
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    login_attempts_per_account: int = 5
    login_attempts_per_ip: int = 20
    login_window_seconds: int = 900
    refresh_cookie_name: str = "cadenza_refresh"
    csrf_cookie_name: str = "csrftoken"
    csrf_header_name: str = "x-csrftoken"


@dataclass(frozen=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    https: bool = False
    cors_origins: list[str] = field(default_factory=list)
    log_level: str = "INFO"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database: DatabaseSettings
    auth: AuthSettings
    server: ServerSettings
    redis_url: str | None = None


def _secret_key(data_dir: Path) -> str:
    """The configured key, or a development key generated once and kept in the data dir."""
    configured = _env("SECRET_KEY")
    if configured:
        return configured
    key_file = data_dir / "secret_key"
    if key_file.is_file():
        return key_file.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(48)
    key_file.touch(mode=0o600)
    key_file.write_text(key, encoding="utf-8")
    return key


def normalize_database_url(url: str) -> str:
    """Accept plain `postgresql://` and `sqlite:///` URLs and pick Cadenza's async drivers."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    return url


def load_settings() -> Settings:
    """Build settings from the environment; creates the data dir when missing."""
    _load_dotenv(Path.cwd() / ".env")
    data_dir = Path(_env("DATA_DIR") or platformdirs.user_data_dir("cadenza")).expanduser()
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = normalize_database_url(
        _env("DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'cadenza.db'}"
    )
    return Settings(
        data_dir=data_dir,
        database=DatabaseSettings(
            url=database_url,
            echo=_env_bool("DATABASE_ECHO", False),
            pool_size=_env_int("DATABASE_POOL_SIZE", 10),
        ),
        auth=AuthSettings(
            secret_key=_secret_key(data_dir),
            access_token_ttl_seconds=_env_int("ACCESS_TOKEN_TTL", 900),
            refresh_token_ttl_seconds=_env_int("REFRESH_TOKEN_TTL", 30 * 24 * 3600),
            login_attempts_per_account=_env_int("LOGIN_ATTEMPTS_PER_ACCOUNT", 5),
            login_attempts_per_ip=_env_int("LOGIN_ATTEMPTS_PER_IP", 20),
            login_window_seconds=_env_int("LOGIN_WINDOW", 900),
        ),
        server=ServerSettings(
            host=_env("HOST", "127.0.0.1") or "127.0.0.1",
            port=_env_int("PORT", 8080),
            https=_env_bool("HTTPS", False),
            cors_origins=_env_list(
                "CORS_ORIGINS", ["http://localhost:3000", "http://localhost:3001"]
            ),
            log_level=(_env("LOG_LEVEL", "INFO") or "INFO").upper(),
        ),
        redis_url=_env("REDIS_URL"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
