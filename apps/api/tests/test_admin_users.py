"""Admin user management: list, roles, disabling (401 at once), sessions, password resets,
and the guard rails that keep an admin in charge."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient

from cadenza_api.app import create_app
from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import User
from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.admin import users
from cadenza_api.errors import Conflict
from cadenza_api.services import open_session
from cadenza_api.settings import Settings
from cadenza_contracts.accounts import Role
from cadenza_contracts.admin import AdminUserUpdate

Client = AsyncTestClient[Litestar]
ADMIN = "/api/v1/admin"
PASSWORD = "correct horse battery"


def error_of(response: Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert (body["status"], body["code"]) == (status, code)
    return str(body["detail"])


async def login(client: Client, username: str, password: str = PASSWORD) -> Response:
    # Each login gets its own cookies: the client's jar would otherwise mix users.
    client.cookies.clear()
    return await client.post(
        "/api/v1/auth/login", json={"username": username, "password": password}
    )


async def refresh(client: Client, login_response: Response) -> Response:
    refresh_token = login_response.cookies["cadenza_refresh"]
    csrf = login_response.cookies["csrftoken"]
    client.cookies.clear()
    return await client.post(
        "/api/v1/auth/refresh",
        headers={
            "cookie": f"cadenza_refresh={refresh_token}; csrftoken={csrf}",
            "x-csrftoken": csrf,
        },
    )


async def audit(client: Client, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    response = await client.get(f"{ADMIN}/audit", params=params, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_list_users_filters_by_text_role_and_active(
    client: Client, make_account: Any
) -> None:
    admin = await make_account(Role.ADMIN, username="boss")
    await make_account(Role.LISTENER, username="ada")
    await make_account(Role.ARTIST, username="adele")
    await make_account(Role.LISTENER, username="bob")

    async def names(**params: str) -> list[str]:
        response = await client.get(f"{ADMIN}/users", params=params, headers=admin.headers)
        assert response.status_code == 200, response.text
        return [user["username"] for user in response.json()["items"]]

    assert await names() == ["ada", "adele", "bob", "boss"]
    assert await names(q="AD") == ["ada", "adele"]
    assert await names(q="bob@example") == ["bob"]
    assert await names(role="artist") == ["adele"]
    assert await names(active="false") == []
    page = (await client.get(f"{ADMIN}/users?limit=2&offset=2", headers=admin.headers)).json()
    assert [u["username"] for u in page["items"]] == ["bob", "boss"]
    assert (page["total"], page["limit"], page["offset"]) == (4, 2, 2)
    boss = next(u for u in page["items"] if u["username"] == "boss")
    assert boss["isActive"] is True and boss["activeSessions"] == 1 and boss["role"] == "admin"
    error_of(
        await client.get(f"{ADMIN}/users?role=owner", headers=admin.headers),
        400,
        "validation_error",
    )


async def test_disabling_a_user_stops_their_token_and_refresh_at_once(
    client: Client, make_account: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    await make_account(Role.LISTENER, username="mallory")
    first = await login(client, "mallory")
    second = await login(client, "mallory")
    token = first.json()["accessToken"]
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    user_id = me.json()["id"]

    response = await client.patch(
        f"{ADMIN}/users/{user_id}", json={"isActive": False}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["isActive"] is False
    assert response.json()["activeSessions"] == 0

    # The access token has not expired, yet its next call is refused.
    error_of(
        await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}),
        401,
        "unauthorized",
    )
    error_of(await refresh(client, second), 401, "unauthorized")
    error_of(await login(client, "mallory"), 401, "unauthorized")

    [entry] = await audit(client, admin.headers, action="user.disable")
    assert entry["targetId"] == user_id and entry["targetLabel"] == "mallory"
    assert entry["before"]["isActive"] is True and entry["after"]["isActive"] is False
    assert entry["actorUsername"] == admin.username

    enabled = await client.patch(
        f"{ADMIN}/users/{user_id}", json={"isActive": True}, headers=admin.headers
    )
    assert enabled.status_code == 200 and enabled.json()["isActive"] is True
    assert (await login(client, "mallory")).status_code == 200
    assert [e["action"] for e in await audit(client, admin.headers, targetId=user_id)] == [
        "user.enable",
        "user.disable",
    ]


async def test_role_changes_are_applied_and_audited(client: Client, make_account: Any) -> None:
    admin = await make_account(Role.ADMIN)
    listener = await make_account(Role.LISTENER)
    response = await client.patch(
        f"{ADMIN}/users/{listener.id}", json={"role": "artist"}, headers=admin.headers
    )
    assert response.status_code == 200 and response.json()["role"] == "artist"
    [entry] = await audit(client, admin.headers, action="user.update")
    assert (entry["before"]["role"], entry["after"]["role"]) == ("listener", "artist")
    error_of(
        await client.patch(
            f"{ADMIN}/users/{listener.id}", json={"role": "root"}, headers=admin.headers
        ),
        400,
        "validation_error",
    )
    error_of(
        await client.patch(
            f"{ADMIN}/users/{listener.id}", json={"email": "x@example.com"}, headers=admin.headers
        ),
        400,
        "validation_error",
    )


async def test_admins_cannot_disable_or_demote_themselves(
    client: Client, make_account: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    await make_account(Role.ADMIN)
    own = f"{ADMIN}/users/{admin.id}"
    for change in ({"isActive": False}, {"role": "listener"}, {"role": "artist"}):
        detail = error_of(
            await client.patch(own, json=change, headers=admin.headers), 409, "conflict"
        )
        assert "your own" in detail
    assert (await client.get(f"{ADMIN}/stats", headers=admin.headers)).status_code == 200
    assert await audit(client, admin.headers) == []


async def test_the_last_active_admin_is_never_removed(
    client: Client, make_account: Any, settings: Settings
) -> None:
    last = await make_account(Role.ADMIN, username="last")
    former = await make_account(Role.ADMIN, username="former")
    disabled = await client.patch(
        f"{ADMIN}/users/{former.id}", json={"isActive": False}, headers=last.headers
    )
    assert disabled.status_code == 200
    # Over HTTP only an active admin can act, so only another admin's request can reach
    # "the last admin" rule; here an actor who is not that admin asks through the service.
    config = build_sqlalchemy_config(settings.database)
    try:
        for change in (AdminUserUpdate(is_active=False), AdminUserUpdate(role=Role.LISTENER)):
            async with open_session(config) as session:
                actor = await session.get(User, UUID(former.id))
                target = await session.get(User, UUID(last.id))
                assert actor is not None and target is not None
                principal = Principal(user=actor, session_id=uuid4())
                with pytest.raises(Conflict, match="last active admin"):
                    await users.update_user(session, principal, target, change)
    finally:
        await config.get_engine().dispose()
    still = await client.get(f"{ADMIN}/users?role=admin&active=true", headers=last.headers)
    assert [u["username"] for u in still.json()["items"]] == ["last"]


async def test_two_admins_demoting_each_other_at_once_leave_one_admin(
    client: Client, make_account: Any
) -> None:
    first = await make_account(Role.ADMIN)
    second = await make_account(Role.ADMIN)
    answers = await asyncio.gather(
        client.patch(
            f"{ADMIN}/users/{second.id}", json={"role": "listener"}, headers=first.headers
        ),
        client.patch(
            f"{ADMIN}/users/{first.id}", json={"role": "listener"}, headers=second.headers
        ),
    )
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses[0] == 200 and statuses[1] in {403, 409}, [a.text for a in answers]
    remaining = await client.get(
        f"{ADMIN}/users?role=admin&active=true",
        headers=(first if answers[0].status_code == 200 else second).headers,
    )
    assert remaining.json()["total"] == 1


async def test_revoking_sessions_signs_every_device_out(client: Client, make_account: Any) -> None:
    admin = await make_account(Role.ADMIN)
    await make_account(Role.LISTENER, username="carol")
    devices = [await login(client, "carol") for _ in range(2)]
    user_id = devices[0].json()["user"]["id"]
    response = await client.delete(f"{ADMIN}/users/{user_id}/sessions", headers=admin.headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"revoked": 3}
    for device in devices:
        token = device.json()["accessToken"]
        error_of(
            await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}),
            401,
            "unauthorized",
        )
        error_of(await refresh(client, device), 401, "unauthorized")
    # The account itself still works.
    assert (await login(client, "carol")).status_code == 200
    [entry] = await audit(client, admin.headers, action="user.revoke_sessions")
    assert entry["after"] == {"revoked": 3}


async def test_password_reset_gives_a_working_temporary_password(
    client: Client, make_account: Any
) -> None:
    admin = await make_account(Role.ADMIN)
    dave = await make_account(Role.LISTENER, username="dave")
    response = await client.post(f"{ADMIN}/users/{dave.id}/password-reset", headers=admin.headers)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    temporary = response.json()["temporaryPassword"]
    assert len(temporary) >= 10 and response.json()["userId"] == dave.id
    error_of(await client.get("/api/v1/auth/me", headers=dave.headers), 401, "unauthorized")
    error_of(await login(client, "dave"), 401, "unauthorized")
    assert (await login(client, "dave", temporary)).status_code == 200
    [entry] = await audit(client, admin.headers, action="user.password_reset")
    assert temporary not in str(entry)
    error_of(
        await client.post(f"{ADMIN}/users/{uuid4()}/password-reset", headers=admin.headers),
        404,
        "not_found",
    )


async def test_a_disabled_user_is_refused_by_every_api_process(
    settings: Settings, redis_namespace: Any, make_account: Any, client: Client
) -> None:
    """Two API processes (apps) on one database and one Redis: a user disabled through one
    is refused by the other on its very next call."""
    scaled = replace(settings, redis_url=redis_namespace.url, redis_prefix=redis_namespace.prefix)
    admin = await make_account(Role.ADMIN)
    victim = await make_account(Role.LISTENER)
    async with (
        AsyncTestClient(app=create_app(scaled)) as first,
        AsyncTestClient(app=create_app(scaled)) as second,
    ):
        assert (await second.get("/api/v1/auth/me", headers=victim.headers)).status_code == 200
        disabled = await first.patch(
            f"{ADMIN}/users/{victim.id}", json={"isActive": False}, headers=admin.headers
        )
        assert disabled.status_code == 200, disabled.text
        error_of(await second.get("/api/v1/auth/me", headers=victim.headers), 401, "unauthorized")
