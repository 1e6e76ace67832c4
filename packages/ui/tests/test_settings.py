"""Where a Reflex app's server and its browsers find the API."""

from __future__ import annotations

import pytest

from cadenza_ui.settings import absolute_api_url, api_base_url, public_api_url


def test_defaults_to_the_local_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CADENZA_API_URL", raising=False)
    monkeypatch.delenv("CADENZA_PUBLIC_API_URL", raising=False)
    assert api_base_url() == public_api_url() == "http://127.0.0.1:8080"


def test_browsers_use_the_api_url_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CADENZA_API_URL", "http://api:8080/")
    monkeypatch.delenv("CADENZA_PUBLIC_API_URL", raising=False)
    assert absolute_api_url("/api/v1/x") == "http://api:8080/api/v1/x"
    monkeypatch.setenv("CADENZA_PUBLIC_API_URL", "https://music.example/")
    assert absolute_api_url("/api/v1/x") == "https://music.example/api/v1/x"
    assert api_base_url() == "http://api:8080"


def test_an_empty_public_url_keeps_urls_relative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CADENZA_API_URL", "http://api:8080")
    monkeypatch.setenv("CADENZA_PUBLIC_API_URL", "")
    assert absolute_api_url("/api/v1/tracks/1/stream?x=1") == "/api/v1/tracks/1/stream?x=1"
