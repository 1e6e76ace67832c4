"""Every `/api/v1/admin` route, read from the app's route table, refuses anyone but admins."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

from litestar import Litestar
from litestar.testing import AsyncTestClient

from cadenza_contracts.accounts import Role

ADMIN_PREFIX = "/api/v1/admin"
_PATH_PARAM = re.compile(r"\{[^}]+\}")


def admin_endpoints(app: Litestar) -> list[tuple[str, str]]:
    """(method, concrete path) of every admin route, path parameters filled with new ids."""
    endpoints = []
    for route in app.routes:
        if not route.path.startswith(ADMIN_PREFIX):
            continue
        path = _PATH_PARAM.sub(lambda _: str(uuid4()), route.path)
        endpoints.extend(
            (method, path) for method in sorted(route.methods) if method not in {"OPTIONS", "HEAD"}
        )
    return endpoints


async def test_every_admin_route_needs_the_admin_role(
    app: Litestar, client: AsyncTestClient[Litestar], make_account: Any
) -> None:
    endpoints = admin_endpoints(app)
    # A floor, so that a broken route table cannot make this test pass vacuously.
    assert len(endpoints) >= 21, endpoints
    listener = await make_account(Role.LISTENER)
    artist = await make_account(Role.ARTIST)
    admin = await make_account(Role.ADMIN)
    for method, path in endpoints:
        anonymous = await client.request(method, path)
        assert anonymous.status_code == 401, (method, path, anonymous.text)
        assert anonymous.json()["code"] == "unauthorized"
        for account in (listener, artist):
            refused = await client.request(method, path, headers=account.headers)
            assert refused.status_code == 403, (method, path, account.role, refused.text)
            assert refused.json()["code"] == "forbidden"
        allowed = await client.request(method, path, headers=admin.headers)
        assert allowed.status_code not in {401, 403}, (method, path, allowed.text)


async def test_a_demoted_admin_loses_access_with_the_same_token(
    client: AsyncTestClient[Litestar], make_account: Any
) -> None:
    first = await make_account(Role.ADMIN)
    second = await make_account(Role.ADMIN)
    assert (await client.get(f"{ADMIN_PREFIX}/stats", headers=second.headers)).status_code == 200
    demoted = await client.patch(
        f"{ADMIN_PREFIX}/users/{second.id}", json={"role": "listener"}, headers=first.headers
    )
    assert demoted.status_code == 200, demoted.text
    response = await client.get(f"{ADMIN_PREFIX}/stats", headers=second.headers)
    assert response.status_code == 403


async def test_every_admin_route_is_in_openapi_with_an_admin_tag(app: Litestar) -> None:
    schema = app.openapi_schema.to_schema()
    admin_routes = [route for route in app.routes if route.path.startswith(ADMIN_PREFIX)]
    assert admin_routes
    for route in admin_routes:
        template = re.sub(r":[a-z]+\}", "}", route.path)
        for method in route.methods - {"OPTIONS", "HEAD"}:
            operation = schema["paths"][template][method.lower()]
            assert any(tag.startswith("admin") for tag in operation["tags"]), (method, template)
            assert operation.get("security") == [{"BearerToken": []}], (method, template)
