"""Registration, login, refresh-token rotation, logout, sessions, CSRF and throttling."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update

from cadenza_api.app import create_app
from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import AuthSession, RefreshToken, User
from cadenza_api.services import open_session
from cadenza_api.settings import AuthSettings, Settings

PASSWORD = "correct horse battery"


def _set_cookies(response: Any) -> dict[str, Any]:
    jar: dict[str, Any] = {}
    for header in response.headers.get_list("set-cookie"):
        parsed = SimpleCookie()
        parsed.load(header)
        for key, morsel in parsed.items():
            jar[key] = morsel
    return jar


async def _register(client: AsyncTestClient[Litestar], username: str = "alice") -> Any:
    return await client.post(
        "/api/v1/auth/register",
        json={"username": username, "email": f"{username}@example.com", "password": PASSWORD},
    )


async def _login(client: AsyncTestClient[Litestar], username: str = "alice") -> Any:
    return await client.post(
        "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
    )


async def _refresh(client: AsyncTestClient[Litestar], refresh: str, csrf: str = "c") -> Any:
    """POST /auth/refresh with exactly these cookies (not the client's jar)."""
    client.cookies.clear()
    return await client.post(
        "/api/v1/auth/refresh",
        headers={"cookie": f"cadenza_refresh={refresh}; csrftoken={csrf}", "x-csrftoken": csrf},
    )


def _assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    if code:
        assert body["code"] == code
    return body


async def test_register_returns_the_new_listener(client: AsyncTestClient[Litestar]) -> None:
    response = await _register(client)
    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "alice"
    assert body["email"] == "alice@example.com"
    assert body["role"] == "listener"
    assert set(body) == {"id", "username", "email", "role", "createdAt"}


@pytest.mark.parametrize(
    ("username", "email"),
    [("ALICE", "other@example.com"), ("bob", "Alice@Example.com")],
)
async def test_register_conflicts_ignore_case(
    client: AsyncTestClient[Litestar], username: str, email: str
) -> None:
    await _register(client)
    response = await client.post(
        "/api/v1/auth/register", json={"username": username, "email": email, "password": PASSWORD}
    )
    _assert_error(response, 409, "conflict")


@pytest.mark.parametrize(
    "body",
    [
        {"username": "al", "email": "a@example.com", "password": PASSWORD},
        {"username": "alice", "email": "not-an-email", "password": PASSWORD},
        {"username": "alice", "email": "a@example.com", "password": "short"},
        {"username": "alice", "email": "a@example.com", "password": PASSWORD, "role": "admin"},
        {"username": "alice", "email": "a@example.com"},
        {"username": "al ice", "email": "a@example.com", "password": PASSWORD},
        {"username": 5, "email": "a@example.com", "password": PASSWORD},
        {"username": "a" * 33, "email": "a@example.com", "password": PASSWORD},
    ],
)
async def test_register_rejects_bad_input(
    client: AsyncTestClient[Litestar], body: dict[str, Any]
) -> None:
    body_json = _assert_error(await client.post("/api/v1/auth/register", json=body), 400)
    assert body_json["code"] == "validation_error"
    assert body_json["errors"]


async def test_malformed_json_is_a_400(client: AsyncTestClient[Litestar]) -> None:
    response = await client.post(
        "/api/v1/auth/register", content=b"{not json", headers={"content-type": "application/json"}
    )
    _assert_error(response, 400)


async def test_login_by_username_or_email_sets_cookies(
    client: AsyncTestClient[Litestar],
) -> None:
    await _register(client)
    for login in ("alice", "ALICE@example.com"):
        response = await client.post(
            "/api/v1/auth/login", json={"username": login, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["tokenType"] == "Bearer"
        assert body["expiresIn"] == 900
        assert body["user"]["username"] == "alice"
        cookies = _set_cookies(response)
        refresh = cookies["cadenza_refresh"]
        assert refresh["httponly"] is True
        assert refresh["samesite"].lower() == "strict"
        assert refresh["path"] == "/api/v1/auth"
        assert not refresh["secure"]
        assert "refresh" not in response.text.lower().replace("cadenza_refresh", "")
        csrf = cookies["csrftoken"]
        assert csrf.value and not csrf["httponly"]


async def test_cookies_are_secure_when_served_over_https(
    settings_with: Callable[..., Settings],
) -> None:
    base = settings_with()
    https_settings = Settings(
        data_dir=base.data_dir,
        database=base.database,
        auth=base.auth,
        server=type(base.server)(https=True),
    )
    async with AsyncTestClient(app=create_app(https_settings)) as client:
        await _register(client)
        cookies = _set_cookies(await _login(client))
    assert cookies["cadenza_refresh"]["secure"] is True
    assert cookies["csrftoken"]["secure"] is True


@pytest.mark.parametrize("password", ["wrong password!", ""])
async def test_login_with_wrong_credentials_is_401(
    client: AsyncTestClient[Litestar], password: str
) -> None:
    await _register(client)
    response = await client.post(
        "/api/v1/auth/login", json={"username": "alice", "password": password}
    )
    assert response.status_code in (400, 401)
    _assert_error(response, response.status_code)
    unknown = await client.post(
        "/api/v1/auth/login", json={"username": "nobody", "password": PASSWORD}
    )
    _assert_error(unknown, 401, "unauthorized")


async def test_me_needs_a_valid_token(client: AsyncTestClient[Litestar]) -> None:
    await _register(client)
    token = (await _login(client)).json()["accessToken"]
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["username"] == "alice"
    missing = await client.get("/api/v1/auth/me")
    _assert_error(missing, 401, "unauthorized")
    assert missing.headers["www-authenticate"].startswith("Bearer")
    for header in ("Bearer nonsense", f"Bearer {token}x", f"Basic {token}", "Bearer "):
        _assert_error(await client.get("/api/v1/auth/me", headers={"Authorization": header}), 401)


async def test_expired_access_token_is_401(settings_with: Callable[..., Settings]) -> None:
    async with AsyncTestClient(app=create_app(settings_with(access_token_ttl_seconds=-5))) as c:
        await _register(c)
        token = (await _login(c)).json()["accessToken"]
        response = await c.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    body = _assert_error(response, 401)
    assert "expired" in body["detail"]


async def test_token_signed_with_another_key_is_401(
    client: AsyncTestClient[Litestar], settings_with: Callable[..., Settings]
) -> None:
    async with AsyncTestClient(app=create_app(settings_with(secret_key="another-key" * 4))) as c:
        await _register(c, "mallory")
        forged = (await _login(c, "mallory")).json()["accessToken"]
    response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {forged}"})
    _assert_error(response, 401)


async def test_refresh_rotates_the_token(client: AsyncTestClient[Litestar]) -> None:
    await _register(client)
    first = _set_cookies(await _login(client))
    refresh1, csrf = first["cadenza_refresh"].value, first["csrftoken"].value
    response = await _refresh(client, refresh1, csrf)
    assert response.status_code == 200, response.text
    assert response.json()["user"]["username"] == "alice"
    refresh2 = _set_cookies(response)["cadenza_refresh"].value
    assert refresh2 and refresh2 != refresh1
    token = response.json()["accessToken"]
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    third = await _refresh(client, refresh2, csrf)
    assert third.status_code == 200


async def test_reusing_a_refresh_token_revokes_the_whole_family(
    client: AsyncTestClient[Litestar],
) -> None:
    await _register(client)
    login = await _login(client)
    cookies = _set_cookies(login)
    stolen, csrf = cookies["cadenza_refresh"].value, cookies["csrftoken"].value
    rotated = await _refresh(client, stolen, csrf)
    newest = _set_cookies(rotated)["cadenza_refresh"].value
    newest_access = rotated.json()["accessToken"]

    reuse = await _refresh(client, stolen, csrf)
    body = _assert_error(reuse, 401, "unauthorized")
    assert "revoked" in body["detail"]
    # The legitimate holder's newest token and access token stop working too.
    _assert_error(await _refresh(client, newest, csrf), 401)
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {newest_access}"})
    _assert_error(me, 401)
    # Other sessions of the same user are untouched.
    other = (await _login(client)).json()["accessToken"]
    ok = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {other}"})
    assert ok.status_code == 200


async def test_refresh_tokens_are_stored_only_as_hashes(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    await _register(client)
    token = _set_cookies(await _login(client))["cadenza_refresh"].value
    config = build_sqlalchemy_config(settings.database)
    async with open_session(config) as session:
        stored = (await session.scalars(select(RefreshToken.token_hash))).all()
    await config.get_engine().dispose()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in stored


async def test_refresh_fails_after_the_absolute_lifetime(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    await _register(client)
    cookies = _set_cookies(await _login(client))
    config = build_sqlalchemy_config(settings.database)
    async with open_session(config) as session:
        await session.execute(
            update(AuthSession).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    await config.get_engine().dispose()
    response = await _refresh(client, cookies["cadenza_refresh"].value, cookies["csrftoken"].value)
    body = _assert_error(response, 401)
    assert "expired" in body["detail"]


@pytest.mark.parametrize("header", [None, "", "wrong"])
async def test_refresh_requires_the_csrf_header(
    client: AsyncTestClient[Litestar], header: str | None
) -> None:
    await _register(client)
    cookies = _set_cookies(await _login(client))
    client.cookies.clear()
    headers = {
        "cookie": f"cadenza_refresh={cookies['cadenza_refresh'].value}; "
        f"csrftoken={cookies['csrftoken'].value}"
    }
    if header is not None:
        headers["x-csrftoken"] = header
    response = await client.post("/api/v1/auth/refresh", headers=headers)
    _assert_error(response, 403, "forbidden")
    logout = await client.post("/api/v1/auth/logout", headers=headers)
    _assert_error(logout, 403, "forbidden")


async def test_refresh_without_cookie_or_with_unknown_token_is_401(
    client: AsyncTestClient[Litestar],
) -> None:
    client.cookies.clear()
    no_cookie = await client.post(
        "/api/v1/auth/refresh", headers={"cookie": "csrftoken=c", "x-csrftoken": "c"}
    )
    _assert_error(no_cookie, 401)
    _assert_error(await _refresh(client, "made-up-token"), 401)


async def test_logout_revokes_the_session_and_clears_cookies(
    client: AsyncTestClient[Litestar],
) -> None:
    await _register(client)
    login = await _login(client)
    cookies = _set_cookies(login)
    refresh, csrf = cookies["cadenza_refresh"].value, cookies["csrftoken"].value
    client.cookies.clear()
    response = await client.post(
        "/api/v1/auth/logout",
        headers={"cookie": f"cadenza_refresh={refresh}; csrftoken={csrf}", "x-csrftoken": csrf},
    )
    assert response.status_code == 204
    cleared = _set_cookies(response)
    assert cleared["cadenza_refresh"].value == ""
    assert cleared["cadenza_refresh"]["max-age"] == "0"
    _assert_error(await _refresh(client, refresh, csrf), 401)
    token = login.json()["accessToken"]
    _assert_error(
        await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}), 401
    )


async def test_sessions_list_and_revoke(client: AsyncTestClient[Litestar]) -> None:
    await _register(client)
    await _register(client, "bob")
    first = (await _login(client)).json()["accessToken"]
    second = (await _login(client)).json()["accessToken"]
    bob = (await _login(client, "bob")).json()["accessToken"]
    headers = {"Authorization": f"Bearer {second}"}
    listed = await client.get("/api/v1/auth/sessions", headers=headers)
    assert listed.status_code == 200
    sessions = listed.json()
    assert len(sessions) == 2
    assert [s["current"] for s in sessions] == [True, False]
    other_id = sessions[1]["id"]

    bob_headers = {"Authorization": f"Bearer {bob}"}
    _assert_error(
        await client.delete(f"/api/v1/auth/sessions/{other_id}", headers=bob_headers), 404
    )
    revoked = await client.delete(f"/api/v1/auth/sessions/{other_id}", headers=headers)
    assert revoked.status_code == 204
    _assert_error(
        await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {first}"}), 401
    )
    assert len((await client.get("/api/v1/auth/sessions", headers=headers)).json()) == 1
    _assert_error(await client.delete(f"/api/v1/auth/sessions/{other_id}", headers=headers), 404)
    _assert_error(await client.delete("/api/v1/auth/sessions/not-a-uuid", headers=headers), 404)
    _assert_error(await client.get("/api/v1/auth/sessions"), 401)


async def test_failed_logins_lock_the_account_not_others(
    settings_with: Callable[..., Settings],
) -> None:
    settings = settings_with(login_attempts_per_account=3, login_window_seconds=600)
    async with AsyncTestClient(app=create_app(settings)) as client:
        await _register(client)
        await _register(client, "bob")
        # Failures count against the account whichever of its names is typed.
        for login in ("alice", "alice@example.com", "ALICE"):
            response = await client.post(
                "/api/v1/auth/login", json={"username": login, "password": "wrong password"}
            )
            _assert_error(response, 401)
        locked = await _login(client)
        _assert_error(locked, 429, "rate_limited")
        assert 1 <= int(locked.headers["retry-after"]) <= 601
        by_email = await client.post(
            "/api/v1/auth/login", json={"username": "Alice@Example.com", "password": PASSWORD}
        )
        _assert_error(by_email, 429)
        assert (await _login(client, "bob")).status_code == 200


async def test_success_resets_the_account_counter(
    settings_with: Callable[..., Settings],
) -> None:
    settings = settings_with(login_attempts_per_account=2)
    async with AsyncTestClient(app=create_app(settings)) as client:
        await _register(client)
        for _ in range(3):
            wrong = await client.post(
                "/api/v1/auth/login", json={"username": "alice", "password": "wrong password"}
            )
            _assert_error(wrong, 401)
            assert (await _login(client)).status_code == 200


async def test_logins_are_throttled_per_ip(settings_with: Callable[..., Settings]) -> None:
    settings = settings_with(login_attempts_per_ip=4, login_attempts_per_account=100)
    async with AsyncTestClient(app=create_app(settings)) as client:
        await _register(client)
        for _ in range(4):
            assert (await _login(client)).status_code == 200
        throttled = await _login(client)
        _assert_error(throttled, 429, "rate_limited")
        assert int(throttled.headers["retry-after"]) >= 1


async def test_cors_allows_only_configured_origins(client: AsyncTestClient[Litestar]) -> None:
    allowed = await client.options(
        "/api/v1/auth/login",
        headers={
            "origin": "http://localhost:3000",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert allowed.headers.get("access-control-allow-origin") == "http://localhost:3000"
    assert allowed.headers.get("access-control-allow-credentials") == "true"
    denied = await client.options(
        "/api/v1/auth/login",
        headers={"origin": "http://evil.example", "access-control-request-method": "POST"},
    )
    assert denied.headers.get("access-control-allow-origin") is None


async def test_every_response_carries_a_request_id(client: AsyncTestClient[Litestar]) -> None:
    generated = await client.get("/api/v1/health")
    assert len(generated.headers["x-request-id"]) == 32
    echoed = await client.get("/api/v1/health", headers={"x-request-id": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"


async def test_wrong_method_is_a_405_error_body(client: AsyncTestClient[Litestar]) -> None:
    _assert_error(await client.get("/api/v1/auth/login"), 405)


async def test_passwords_are_stored_as_argon2id_hashes_with_the_configured_cost(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    await _register(client)
    config = build_sqlalchemy_config(settings.database)
    async with open_session(config) as session:
        stored = await session.scalar(select(User.password_hash))
    await config.get_engine().dispose()
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert f"m={settings.auth.argon2_memory_kib},t={settings.auth.argon2_time_cost}" in stored
    assert PASSWORD not in stored


def test_production_argon2_cost_is_rfc_9106s_second_profile() -> None:
    defaults = AuthSettings(secret_key="k")
    assert (defaults.argon2_time_cost, defaults.argon2_memory_kib, defaults.argon2_parallelism) == (
        3,
        65536,
        4,
    )
