"""`/admin/users`: list, change role or active flag, sign out, reset password."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.di import Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.admin import users
from cadenza_api.domain.playback.controllers import provide_hub
from cadenza_api.domain.playback.hub import ACCOUNT_DISABLED, PlaybackHub
from cadenza_api.pagination import PageParams, page_params
from cadenza_api.settings import Settings
from cadenza_contracts.accounts import Role
from cadenza_contracts.admin import AdminUser, AdminUserUpdate, SessionsRevoked, TemporaryPassword
from cadenza_contracts.pagination import Page


class AdminUserController(Controller):
    path = "/users"
    tags = ["admin: users"]
    dependencies = {"page": page_params, "hub": Provide(provide_hub, sync_to_thread=False)}

    @get(summary="Users, by username")
    async def list_users(
        self,
        db_session: AsyncSession,
        page: PageParams,
        q: Annotated[
            str | None,
            QueryParameter(max_length=254, description="Part of the username or email."),
        ] = None,
        role: Annotated[Role | None, QueryParameter(description="Only this role.")] = None,
        active: Annotated[
            bool | None, QueryParameter(description="Only enabled (true) or disabled users.")
        ] = None,
    ) -> Page[AdminUser]:
        return await users.users_page(db_session, page, q=q, role=role, active=active)

    @patch(
        "/{user_id:uuid}",
        summary="Change a user's role or enable/disable them",
        description="Disabling signs out every session at once: the user's access tokens stop "
        "working on their next call and their open player sockets close (4403). 409 for your "
        "own demotion or disabling, and for removing the last active admin.",
    )
    async def update_user(
        self,
        user_id: FromPath[UUID],
        data: JSONBody[AdminUserUpdate],
        principal: Principal,
        db_session: AsyncSession,
        hub: PlaybackHub,
    ) -> AdminUser:
        user = await users.get_user(db_session, user_id)
        was_active = user.is_active
        await users.update_user(db_session, principal, user, data)
        if was_active and not user.is_active:
            # Committed first, so that a device reconnecting at once is refused.
            await db_session.commit()
            await hub.sign_out(user.id, reason=ACCOUNT_DISABLED)
        return await users.admin_user(db_session, user)

    @delete(
        "/{user_id:uuid}/sessions",
        status_code=200,
        summary="Sign out all of a user's sessions",
        description="Their open player sockets close too (4403).",
    )
    async def revoke_sessions(
        self,
        user_id: FromPath[UUID],
        principal: Principal,
        db_session: AsyncSession,
        hub: PlaybackHub,
    ) -> SessionsRevoked:
        user = await users.get_user(db_session, user_id)
        revoked = await users.revoke_all(db_session, principal, user)
        await db_session.commit()
        await hub.sign_out(user.id)
        return SessionsRevoked(revoked=revoked)

    @post(
        "/{user_id:uuid}/password-reset",
        status_code=200,
        summary="Give a user a generated temporary password",
        description="The password is in this answer only. The user's sessions are signed out "
        "and their open player sockets close (4403).",
    )
    async def reset_password(
        self,
        user_id: FromPath[UUID],
        principal: Principal,
        db_session: AsyncSession,
        settings: Settings,
        hub: PlaybackHub,
    ) -> Response[TemporaryPassword]:
        user = await users.get_user(db_session, user_id)
        issued = await users.reset_password(db_session, principal, user, settings.auth)
        await db_session.commit()
        await hub.sign_out(user.id)
        return Response(issued, headers={"Cache-Control": "no-store"})
