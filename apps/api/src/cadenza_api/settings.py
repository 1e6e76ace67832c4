"""Settings, read once from `CADENZA_*` environment variables (and an optional `.env`).

`VARIABLES` declares every variable: its default and a description, which the documentation
site renders as the configuration reference. A reader (`_env`, `_env_int`…) only accepts a
declared name and takes its default from the declaration, so adding a setting means adding a
`Variable` here, then reading it in `load_settings`.
"""

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


@dataclass(frozen=True)
class Variable:
    """One `CADENZA_<name>` environment variable, as the configuration reference shows it."""

    name: str
    group: str
    default: str | None
    """The value used when the variable is unset or empty; None when there is none (the
    setting stays unset, or `shown_default` says how it is derived)."""
    description: str
    shown_default: str | None = None
    """How the reference shows a default that is derived rather than fixed."""

    @property
    def env_name(self) -> str:
        return f"CADENZA_{self.name}"


STORAGE_AND_DATABASE = "Storage and database"
MEDIA_STORAGE = "Media storage"
SERVER = "Server"
AUTHENTICATION = "Authentication"
REDIS = "Redis"
MEDIA_AND_JOBS = "Media and jobs"
PLAYBACK_SYNC = "Playback sync"
PASSWORD_HASHING = "Password hashing"

VARIABLES: tuple[Variable, ...] = (
    Variable(
        "DATA_DIR",
        STORAGE_AND_DATABASE,
        None,
        "Where the SQLite database, local media and the generated signing key live. Created "
        "when missing; `~` is expanded.",
        shown_default="the per-user data directory: `~/.local/share/cadenza` on Linux",
    ),
    Variable(
        "DATABASE_URL",
        STORAGE_AND_DATABASE,
        None,
        "The database. `postgresql://user:password@host:5432/name` (or `postgres://…`) uses "
        "asyncpg; `sqlite:///path` uses aiosqlite. URLs that already name a driver "
        "(`postgresql+asyncpg://…`, `sqlite+aiosqlite:///…`) are used as they are.",
        shown_default="`sqlite+aiosqlite:///$CADENZA_DATA_DIR/cadenza.db`",
    ),
    Variable(
        "DATABASE_POOL_SIZE",
        STORAGE_AND_DATABASE,
        "10",
        "Connections each API or worker process keeps open to PostgreSQL. Not used with SQLite.",
    ),
    Variable(
        "DATABASE_ECHO",
        STORAGE_AND_DATABASE,
        "false",
        "Log every SQL statement; for debugging only.",
    ),
    Variable(
        "STORAGE_URL",
        MEDIA_STORAGE,
        None,
        "Where uploads and their converted renditions are kept: `file:///absolute/directory` "
        "for a local directory, or `s3://bucket` for a bucket on an S3-compatible server "
        "(MinIO, or any S3; created when missing). Bucket names are 3–63 lowercase letters, "
        "digits, dots or hyphens.",
        shown_default="`file://$CADENZA_DATA_DIR/media`",
    ),
    Variable(
        "S3_ENDPOINT",
        MEDIA_STORAGE,
        None,
        "With `s3://`, required: the server as `http://host[:port]` or `https://host[:port]`, "
        "without a path; `https` makes the connection use TLS.",
    ),
    Variable(
        "S3_ACCESS_KEY",
        MEDIA_STORAGE,
        None,
        "With `s3://`: the access key; set together with the secret key.",
    ),
    Variable(
        "S3_SECRET_KEY",
        MEDIA_STORAGE,
        None,
        "With `s3://`: the secret key; set together with the access key.",
    ),
    Variable(
        "S3_REGION",
        MEDIA_STORAGE,
        None,
        "With `s3://`: the bucket's region, for servers that need one.",
    ),
    Variable(
        "HOST",
        SERVER,
        "127.0.0.1",
        "Interface `cadenza serve` and `cadenza up` listen on; `0.0.0.0` for every interface. "
        "The `--host` option overrides it.",
    ),
    Variable(
        "PORT",
        SERVER,
        "8080",
        "Port of the API. `cadenza serve --port` and `cadenza up --api-port` override it.",
    ),
    Variable(
        "HTTPS",
        SERVER,
        "false",
        "Set to `true` when clients reach Cadenza over HTTPS (directly or through a proxy): "
        "the refresh-token and CSRF cookies then carry the `Secure` flag.",
    ),
    Variable(
        "CORS_ORIGINS",
        SERVER,
        "http://localhost:3000,http://localhost:3001",
        "Comma-separated browser origins (scheme, host and port) allowed to call the API with "
        "credentials; the defaults are the local web player and admin.",
    ),
    Variable(
        "LOG_LEVEL",
        SERVER,
        "INFO",
        "`DEBUG`, `INFO`, `WARNING` or `ERROR`, in any case. Logs are JSON lines on standard "
        "error, each carrying its request id (and a job's lines their job id).",
    ),
    Variable(
        "SECRET_KEY",
        AUTHENTICATION,
        None,
        "Signs access tokens, WebSocket tickets and stream URLs. Set it in production, to the "
        "same value on every API and worker process.",
        shown_default="generated once into `$CADENZA_DATA_DIR/secret_key`",
    ),
    Variable("ACCESS_TOKEN_TTL", AUTHENTICATION, "900", "Access-token lifetime, in seconds."),
    Variable(
        "REFRESH_TOKEN_TTL",
        AUTHENTICATION,
        str(30 * 24 * 3600),
        "Absolute lifetime of a sign-in (one refresh-token family), in seconds (30 days). "
        "Refreshing does not extend it.",
    ),
    Variable(
        "LOGIN_ATTEMPTS_PER_ACCOUNT",
        AUTHENTICATION,
        "5",
        "Failed logins allowed per account within a window; further attempts on that account "
        "get 429 until the window ends. A successful login resets the count.",
    ),
    Variable(
        "LOGIN_ATTEMPTS_PER_IP",
        AUTHENTICATION,
        "20",
        "Login attempts (failed or not) allowed per client address within a window before 429.",
    ),
    Variable(
        "LOGIN_WINDOW", AUTHENTICATION, "900", "Length of the login-throttling window, in seconds."
    ),
    Variable(
        "REDIS_URL",
        REDIS,
        None,
        "For example `redis://redis.example:6379/0`. When set, Redis carries the "
        "login-throttling counters, the SAQ job queue (run `cadenza worker` processes to "
        "convert uploads), the playback events between devices and the device list, so any "
        "number of API processes agree. Unset, all of that lives in the one API process, which "
        "also runs the conversion jobs itself.",
    ),
    Variable(
        "REDIS_PREFIX",
        REDIS,
        "cadenza",
        "Namespace of every Redis key, queue and channel Cadenza uses, so several instances "
        "can share one Redis server.",
    ),
    Variable(
        "MAX_UPLOAD_MB",
        MEDIA_AND_JOBS,
        "500",
        "Largest upload accepted, in megabytes; bigger ones get 413. Match your proxy's body "
        "limit to it.",
    ),
    Variable(
        "STREAM_URL_TTL",
        MEDIA_AND_JOBS,
        "3600",
        "Lifetime of the signed URLs from `GET /api/v1/tracks/{id}/stream-url`, in seconds.",
    ),
    Variable(
        "JOB_CONCURRENCY",
        MEDIA_AND_JOBS,
        "2",
        "Conversions run at once by the API process when there is no Redis (with Redis, "
        "`cadenza worker --concurrency` sets it per worker).",
    ),
    Variable(
        "DEVICE_TIMEOUT_MS",
        PLAYBACK_SYNC,
        "30000",
        "A device that sends nothing (not even a ping) for this long, in milliseconds, is "
        "dropped from the device list. At least 1000.",
    ),
    Variable(
        "WS_TICKET_TTL",
        PLAYBACK_SYNC,
        "30",
        "Lifetime of the one-use WebSocket tickets from `POST /api/v1/auth/ws-ticket`, in seconds.",
    ),
    Variable("ARGON2_TIME_COST", PASSWORD_HASHING, "3", "argon2id iterations per hash."),
    Variable(
        "ARGON2_MEMORY_KIB", PASSWORD_HASHING, "65536", "argon2id memory per hash, in KiB (64 MiB)."
    ),
    Variable("ARGON2_PARALLELISM", PASSWORD_HASHING, "4", "argon2id lanes (threads per hash)."),
)
_VARIABLES = {variable.name: variable for variable in VARIABLES}


def _env(name: str) -> str | None:
    """The variable's value, or its declared default when it is unset or empty."""
    value = os.environ.get(f"CADENZA_{name}")
    return value if value not in (None, "") else _VARIABLES[name].default


def _env_str(name: str) -> str:
    value = _env(name)
    if value is None:
        raise ValueError(f"CADENZA_{name} is declared without a default.")
    return value


def _env_int(name: str) -> int:
    raw = _env_str(name)
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"CADENZA_{name} must be an integer, got {raw!r}.") from exc


def _env_bool(name: str) -> bool:
    raw = _env_str(name)
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"CADENZA_{name} must be true or false, got {raw!r}.")


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in _env_str(name).split(",") if item.strip()]


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
            echo=_env_bool("DATABASE_ECHO"),
            pool_size=_env_int("DATABASE_POOL_SIZE"),
        ),
        auth=AuthSettings(
            secret_key=_secret_key(data_dir),
            access_token_ttl_seconds=_env_int("ACCESS_TOKEN_TTL"),
            refresh_token_ttl_seconds=_env_int("REFRESH_TOKEN_TTL"),
            login_attempts_per_account=_env_int("LOGIN_ATTEMPTS_PER_ACCOUNT"),
            login_attempts_per_ip=_env_int("LOGIN_ATTEMPTS_PER_IP"),
            login_window_seconds=_env_int("LOGIN_WINDOW"),
            argon2_time_cost=_env_int("ARGON2_TIME_COST"),
            argon2_memory_kib=_env_int("ARGON2_MEMORY_KIB"),
            argon2_parallelism=_env_int("ARGON2_PARALLELISM"),
        ),
        server=ServerSettings(
            host=_env_str("HOST"),
            port=_env_int("PORT"),
            https=_env_bool("HTTPS"),
            cors_origins=_env_list("CORS_ORIGINS"),
            log_level=_env_str("LOG_LEVEL").upper(),
        ),
        redis_url=_env("REDIS_URL"),
        redis_prefix=_env_str("REDIS_PREFIX"),
        storage=StorageSettings(
            url=_env("STORAGE_URL") or (data_dir / "media").absolute().as_uri(),
            s3_endpoint=_env("S3_ENDPOINT"),
            s3_access_key=_env("S3_ACCESS_KEY"),
            s3_secret_key=_env("S3_SECRET_KEY"),
            s3_region=_env("S3_REGION"),
        ),
        media=MediaSettings(
            max_upload_bytes=_env_int("MAX_UPLOAD_MB") * 1024 * 1024,
            stream_url_ttl_seconds=_env_int("STREAM_URL_TTL"),
            job_concurrency=_env_int("JOB_CONCURRENCY"),
        ),
        playback=PlaybackSettings(
            device_timeout_seconds=_env_int("DEVICE_TIMEOUT_MS") / 1000,
            ws_ticket_ttl_seconds=_env_int("WS_TICKET_TTL"),
        ),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
