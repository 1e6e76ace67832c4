"""Settings, read once from `CADENZA_*` environment variables (and an optional `.env`)."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from urllib.request import url2pathname

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
    # argon2id cost (RFC 9106's second recommended profile by default).
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4


@dataclass(frozen=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    https: bool = False
    cors_origins: list[str] = field(default_factory=list)
    log_level: str = "INFO"


_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


@dataclass(frozen=True)
class StorageSettings:
    """Where media objects live: `file:///abs/dir` (the default, `<data dir>/media`) or
    `s3://bucket` on the S3/MinIO server at `s3_endpoint` (`http://` or `https://host:port`).

    An empty `url` stands for the default; `Settings` fills it in from its data dir.
    """

    url: str = ""
    s3_endpoint: str | None = None
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    s3_region: str | None = None

    def __post_init__(self) -> None:
        if not self.url:
            return
        scheme = urlsplit(self.url).scheme
        if scheme == "file":
            self._validate_file_url()
        elif scheme == "s3":
            self._validate_s3()
        else:
            raise SettingsError(
                f"CADENZA_STORAGE_URL must start with file:// (a local directory) or s3:// "
                f"(a bucket), got {self.url!r}."
            )

    def _validate_file_url(self) -> None:
        parts = urlsplit(self.url)
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise SettingsError(
                f"CADENZA_STORAGE_URL must name an absolute directory such as "
                f"file:///var/lib/cadenza/media, got {self.url!r}."
            )

    def _validate_s3(self) -> None:
        parts = urlsplit(self.url)
        if not _BUCKET_NAME.fullmatch(parts.netloc) or parts.path not in ("", "/"):
            raise SettingsError(
                f"CADENZA_STORAGE_URL must be s3://<bucket> with a valid bucket name "
                f"(3-63 lowercase letters, digits, dots or hyphens), got {self.url!r}."
            )
        if not self.s3_endpoint:
            raise SettingsError(
                "CADENZA_S3_ENDPOINT must be set (e.g. http://127.0.0.1:9000) when "
                "CADENZA_STORAGE_URL is an s3:// URL."
            )
        endpoint = urlsplit(self.s3_endpoint)
        if endpoint.scheme not in ("http", "https") or not endpoint.netloc or endpoint.path:
            raise SettingsError(
                f"CADENZA_S3_ENDPOINT must be http://host[:port] or https://host[:port] "
                f"without a path, got {self.s3_endpoint!r}."
            )
        if bool(self.s3_access_key) != bool(self.s3_secret_key):
            raise SettingsError(
                "CADENZA_S3_ACCESS_KEY and CADENZA_S3_SECRET_KEY must be set together."
            )

    @property
    def backend(self) -> Literal["local", "s3"]:
        return "s3" if urlsplit(self.url).scheme == "s3" else "local"

    @property
    def local_root(self) -> Path:
        """The directory of a `file://` URL."""
        return Path(url2pathname(urlsplit(self.url).path))

    @property
    def bucket(self) -> str:
        """The bucket of an `s3://` URL."""
        return urlsplit(self.url).netloc

    @property
    def s3_host(self) -> str:
        """The endpoint's `host[:port]`, as the minio SDK wants it."""
        return urlsplit(self.s3_endpoint or "").netloc

    @property
    def s3_secure(self) -> bool:
        """Whether the endpoint speaks HTTPS."""
        return urlsplit(self.s3_endpoint or "").scheme == "https"


@dataclass(frozen=True)
class PlaybackSettings:
    """Playback sync: a device silent for `device_timeout_seconds` is dropped from the list."""

    device_timeout_seconds: float = 30.0
    ws_ticket_ttl_seconds: int = 30

    def __post_init__(self) -> None:
        if self.device_timeout_seconds < 1:
            raise SettingsError("CADENZA_DEVICE_TIMEOUT_MS must be at least 1000.")
        if self.ws_ticket_ttl_seconds < 1:
            raise SettingsError("CADENZA_WS_TICKET_TTL must be at least 1 (seconds).")


@dataclass(frozen=True)
class MediaSettings:
    max_upload_bytes: int = 500 * 1024 * 1024
    stream_url_ttl_seconds: int = 3600
    job_concurrency: int = 2


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database: DatabaseSettings
    auth: AuthSettings
    server: ServerSettings
    redis_url: str | None = None
    redis_prefix: str = "cadenza"
    """Namespace of every Redis key, queue and channel, so several Cadenzas can share a Redis."""
    storage: StorageSettings = field(default_factory=StorageSettings)
    media: MediaSettings = field(default_factory=MediaSettings)
    playback: PlaybackSettings = field(default_factory=PlaybackSettings)

    def __post_init__(self) -> None:
        if not self.storage.url:
            media_url = (self.data_dir / "media").absolute().as_uri()
            # Frozen dataclass: the default storage URL depends on data_dir, known only now.
            object.__setattr__(self, "storage", replace(self.storage, url=media_url))


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
            argon2_time_cost=_env_int("ARGON2_TIME_COST", 3),
            argon2_memory_kib=_env_int("ARGON2_MEMORY_KIB", 65536),
            argon2_parallelism=_env_int("ARGON2_PARALLELISM", 4),
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
        redis_prefix=_env("REDIS_PREFIX", "cadenza") or "cadenza",
        storage=StorageSettings(
            url=_env("STORAGE_URL") or (data_dir / "media").absolute().as_uri(),
            s3_endpoint=_env("S3_ENDPOINT"),
            s3_access_key=_env("S3_ACCESS_KEY"),
            s3_secret_key=_env("S3_SECRET_KEY"),
            s3_region=_env("S3_REGION"),
        ),
        media=MediaSettings(
            max_upload_bytes=_env_int("MAX_UPLOAD_MB", 500) * 1024 * 1024,
            stream_url_ttl_seconds=_env_int("STREAM_URL_TTL", 3600),
            job_concurrency=_env_int("JOB_CONCURRENCY", 2),
        ),
        playback=PlaybackSettings(
            device_timeout_seconds=_env_int("DEVICE_TIMEOUT_MS", 30_000) / 1000,
            ws_ticket_ttl_seconds=_env_int("WS_TICKET_TTL", 30),
        ),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
