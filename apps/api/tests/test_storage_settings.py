"""Storage settings from `CADENZA_*` variables, and the adapter `build_storage` picks."""

from __future__ import annotations

import secrets
from dataclasses import replace
from pathlib import Path

import pytest

from cadenza_api.settings import (
    AuthSettings,
    DatabaseSettings,
    ServerSettings,
    Settings,
    SettingsError,
    StorageSettings,
    load_settings,
)
from cadenza_api.storage import LocalStorage, S3Storage, build_storage


def make_settings(data_dir: Path, storage: StorageSettings | None = None) -> Settings:
    settings = Settings(
        data_dir=data_dir,
        database=DatabaseSettings(url="sqlite+aiosqlite:///:memory:"),
        auth=AuthSettings(secret_key="k"),
        server=ServerSettings(),
    )
    return settings if storage is None else replace(settings, storage=storage)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in ("STORAGE_URL", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_REGION"):
        monkeypatch.delenv(f"CADENZA_{name}", raising=False)
    monkeypatch.setenv("CADENZA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CADENZA_SECRET_KEY", "test-secret")
    monkeypatch.chdir(tmp_path)  # no stray .env
    return monkeypatch


def test_settings_built_without_storage_default_to_the_data_dir(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")

    assert settings.storage.url == (tmp_path / "data" / "media").as_uri()
    assert settings.storage.backend == "local"
    storage = build_storage(settings)
    assert isinstance(storage, LocalStorage)
    assert storage.root == tmp_path / "data" / "media"


def test_the_default_comes_from_the_environment_too(clean_env: pytest.MonkeyPatch) -> None:
    settings = load_settings()

    assert settings.storage.backend == "local"
    assert settings.storage.local_root == settings.data_dir.absolute() / "media"


def test_a_file_url_with_odd_characters(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "my media %20"
    clean_env.setenv("CADENZA_STORAGE_URL", folder.as_uri())

    storage = build_storage(load_settings())

    assert isinstance(storage, LocalStorage)
    assert storage.root == folder


def test_s3_settings_from_the_environment(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("CADENZA_STORAGE_URL", "s3://cadenza-media")
    clean_env.setenv("CADENZA_S3_ENDPOINT", "https://minio.example.com:9000")
    clean_env.setenv("CADENZA_S3_ACCESS_KEY", "access")
    clean_env.setenv("CADENZA_S3_SECRET_KEY", "secret")
    clean_env.setenv("CADENZA_S3_REGION", "eu-west-1")

    storage_settings = load_settings().storage

    assert storage_settings == StorageSettings(
        url="s3://cadenza-media",
        s3_endpoint="https://minio.example.com:9000",
        s3_access_key="access",
        s3_secret_key="secret",
        s3_region="eu-west-1",
    )
    assert (storage_settings.backend, storage_settings.bucket) == ("s3", "cadenza-media")
    assert (storage_settings.s3_host, storage_settings.s3_secure) == (
        "minio.example.com:9000",
        True,
    )
    assert StorageSettings(url="s3://b-1", s3_endpoint="http://127.0.0.1:9000").s3_secure is False


async def test_build_storage_gives_a_working_s3_adapter(tmp_path: Path, s3_endpoint: str) -> None:
    bucket = f"cadenza-test-{secrets.token_hex(4)}"
    settings = make_settings(
        tmp_path,
        StorageSettings(
            url=f"s3://{bucket}",
            s3_endpoint=f"http://{s3_endpoint}",
            s3_access_key="testing",
            s3_secret_key="testing",
            s3_region="us-east-1",
        ),
    )

    storage = build_storage(settings)
    await storage.put_bytes("a.txt", b"hello", "text/plain")

    assert isinstance(storage, S3Storage)
    assert (storage.bucket, storage.endpoint) == (bucket, s3_endpoint)
    assert await storage.read_bytes("a.txt") == b"hello"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"STORAGE_URL": "ftp://host/media"}, "must start with file:// .* or s3://"),
        ({"STORAGE_URL": "/srv/media"}, "must start with file:// .* or s3://"),
        ({"STORAGE_URL": "file://server/share"}, "absolute directory"),
        ({"STORAGE_URL": "s3://Bad_Bucket", "S3_ENDPOINT": "http://h:9000"}, "valid bucket"),
        ({"STORAGE_URL": "s3://ok-bucket/prefix", "S3_ENDPOINT": "http://h:9000"}, "valid bucket"),
        ({"STORAGE_URL": "s3://ok-bucket"}, "CADENZA_S3_ENDPOINT must be set"),
        ({"STORAGE_URL": "s3://ok-bucket", "S3_ENDPOINT": "h:9000"}, "http://host"),
        ({"STORAGE_URL": "s3://ok-bucket", "S3_ENDPOINT": "http://h:9000/x"}, "without a path"),
        (
            {"STORAGE_URL": "s3://ok-bucket", "S3_ENDPOINT": "http://h", "S3_ACCESS_KEY": "a"},
            "must be set together",
        ),
    ],
)
def test_invalid_storage_settings_are_explained(
    clean_env: pytest.MonkeyPatch, variables: dict[str, str], message: str
) -> None:
    for name, value in variables.items():
        clean_env.setenv(f"CADENZA_{name}", value)

    with pytest.raises(SettingsError, match=message):
        load_settings()
