"""Changing one's password: the current one is checked, other sessions are signed out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from cadenza_api.app import create_app
from cadenza_api.settings import Settings

PASSWORD = "correct horse battery"
NEW_PASSWORD = "staple battery horse"


async def _register_and_login(client: AsyncTestClient[Litestar], username: str) -> str:
    registered = await client.post(
        "/api/v1/auth/register",
        json={"username": username, "email": f"{username}@example.com", "password": PASSWORD},
    )
    assert registered.status_code == 201, registered.text
    return await _login(client, username, PASSWORD)


async def _login(client: AsyncTestClient[Litestar], username: str, password: str) -> str:
    response = await client.post(
        "/api/v1/auth/login", json={"username": username, "password": password}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["accessToken"]
    return token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _change(
    client: AsyncTestClient[Litestar], token: str | None, current: str, new: str
) -> Any:
    return await client.post(
        "/api/v1/auth/password",
        json={"currentPassword": current, "newPassword": new},
        headers=_bearer(token) if token else None,
    )


async def test_change_password_signs_other_sessions_out(
    client: AsyncTestClient[Litestar],
) -> None:
    first = await _register_and_login(client, "alice")
    second = await _login(client, "alice", PASSWORD)
    bob = await _register_and_login(client, "bob")

    changed = await _change(client, second, PASSWORD, NEW_PASSWORD)
    assert changed.status_code == 204, changed.text

    # The session that changed it goes on; the user's other one is signed out, others' not.
    assert (await client.get("/api/v1/auth/me", headers=_bearer(second))).status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=_bearer(first))).status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=_bearer(bob))).status_code == 200
    sessions = (await client.get("/api/v1/auth/sessions", headers=_bearer(second))).json()
    assert [session["current"] for session in sessions] == [True]

    # Only the new password signs in now.
    old = await client.post("/api/v1/auth/login", json={"username": "alice", "password": PASSWORD})
    assert old.status_code == 401
    await _login(client, "alice", NEW_PASSWORD)


async def test_wrong_current_password_is_a_field_error_and_changes_nothing(
    client: AsyncTestClient[Litestar],
) -> None:
    first = await _register_and_login(client, "alice")
    second = await _login(client, "alice", PASSWORD)

    refused = await _change(client, second, "not my password", NEW_PASSWORD)
    assert refused.status_code == 403, refused.text
    body = refused.json()
    assert body["code"] == "forbidden"
    assert body["detail"] == "The current password is wrong."
    assert body["errors"] == [
        {"message": "The current password is wrong.", "field": "currentPassword", "source": "body"}
    ]
    assert (await client.get("/api/v1/auth/me", headers=_bearer(first))).status_code == 200
    await _login(client, "alice", PASSWORD)


async def test_new_password_must_meet_the_rules(client: AsyncTestClient[Litestar]) -> None:
    token = await _register_and_login(client, "alice")
    short = await _change(client, token, PASSWORD, "short")
    assert short.status_code == 400
    body = short.json()
    assert body["code"] == "validation_error"
    assert [error["field"] for error in body["errors"]] == ["newPassword"]
    unknown = await client.post(
        "/api/v1/auth/password",
        json={"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD, "admin": True},
        headers=_bearer(token),
    )
    assert unknown.status_code == 400
    await _login(client, "alice", PASSWORD)


async def test_change_password_needs_a_sign_in(client: AsyncTestClient[Litestar]) -> None:
    await _register_and_login(client, "alice")
    response = await _change(client, None, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


async def test_guessing_the_current_password_is_throttled(
    settings_with: Callable[..., Settings],
) -> None:
    settings = settings_with(login_attempts_per_account=2, login_attempts_per_ip=100)
    async with AsyncTestClient(app=create_app(settings)) as client:
        token = await _register_and_login(client, "alice")
        for _ in range(2):
            assert (await _change(client, token, "wrong guess", NEW_PASSWORD)).status_code == 403
        locked = await _change(client, token, PASSWORD, NEW_PASSWORD)
        assert locked.status_code == 429
        assert int(locked.headers["retry-after"]) >= 1
