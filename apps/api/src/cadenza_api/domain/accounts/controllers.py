"""`/auth`: register, login, refresh, logout, me and sessions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import Cookie
from litestar.di import Provide
from litestar.params import Parameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from cadenza_api.db.models import AuthSession, User
from cadenza_api.domain.accounts.deps import Principal, client_ip
from cadenza_api.domain.accounts.guards import require_csrf
from cadenza_api.domain.accounts.presenters import present_session, present_user
from cadenza_api.domain.accounts.services import RefreshTokenReused, SessionService, UserService
from cadenza_api.domain.accounts.throttle import LoginThrottle
from cadenza_api.domain.accounts.tokens import issue_access_token, new_csrf_token
from cadenza_api.domain.playback.controllers import provide_hub
from cadenza_api.domain.playback.hub import PlaybackHub
from cadenza_api.errors import Forbidden, Unauthorized
from cadenza_api.services import provide_service
from cadenza_api.settings import Settings
from cadenza_contracts.accounts import (
    AccessTokenResponse,
    LoginRequest,
    PasswordChange,
    RegisterRequest,
    SessionInfo,
)
from cadenza_contracts.accounts import User as UserBody
from cadenza_contracts.errors import ErrorDetail

_BEARER: list[dict[str, list[str]]] = [{"BearerToken": []}]


def provide_login_throttle(request: Request[Any, Any, Any]) -> LoginThrottle:
    throttle: LoginThrottle = request.app.state.login_throttle
    return throttle


def _cookies(
    settings: Settings, *, refresh_token: str | None, csrf_token: str | None, max_age: int
) -> list[Cookie]:
    auth = settings.auth
    return [
        Cookie(
            key=auth.refresh_cookie_name,
            value=refresh_token,
            path="/api/v1/auth",
            httponly=True,
            secure=settings.server.https,
            samesite="strict",
            max_age=max_age,
        ),
        Cookie(
            key=auth.csrf_cookie_name,
            value=csrf_token,
            path="/",
            httponly=False,
            secure=settings.server.https,
            samesite="strict",
            max_age=max_age,
        ),
    ]


def _token_response(
    settings: Settings,
    *,
    user: User,
    session: AuthSession,
    refresh_token: str,
    csrf_token: str,
) -> Response[AccessTokenResponse]:
    access_token = issue_access_token(
        settings.auth.secret_key,
        user_id=user.id,
        session_id=session.id,
        role=user.role,
        ttl_seconds=settings.auth.access_token_ttl_seconds,
    )
    body = AccessTokenResponse(
        access_token=access_token,
        expires_in=settings.auth.access_token_ttl_seconds,
        user=present_user(user),
    )
    remaining = int((session.expires_at - datetime.now(UTC)).total_seconds())
    return Response(
        body,
        cookies=_cookies(
            settings, refresh_token=refresh_token, csrf_token=csrf_token, max_age=remaining
        ),
        headers={"Cache-Control": "no-store"},
    )


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]
    dependencies = {
        "users": provide_service(UserService),
        "sessions": provide_service(SessionService),
        "throttle": Provide(provide_login_throttle, sync_to_thread=False),
        "hub": Provide(provide_hub, sync_to_thread=False),
    }

    @post("/register", status_code=HTTP_201_CREATED, summary="Create a listener account")
    async def register(
        self, data: RegisterRequest, users: UserService, settings: Settings
    ) -> UserBody:
        user = await users.register(
            username=data.username,
            email=data.email,
            password=data.password,
            auth=settings.auth,
        )
        return present_user(user)

    @post(
        "/login",
        summary="Sign in; sets the refresh-token and CSRF cookies",
        description="`username` may be the username or the email address. Throttled per IP "
        "and per account (429 with Retry-After).",
        status_code=200,
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: LoginRequest,
        users: UserService,
        sessions: SessionService,
        throttle: LoginThrottle,
        settings: Settings,
    ) -> Response[AccessTokenResponse]:
        candidate = await users.find_by_login(data.username)
        # Count failures per account whichever name (username or email) was typed.
        account_key = str(candidate.id) if candidate else data.username.strip().lower()
        await throttle.check(client_ip(request), account_key)
        user = await users.authenticate(candidate, data.password, settings.auth)
        if user is None:
            await throttle.record_failure(account_key)
            raise Unauthorized("Wrong username or password.")
        await throttle.record_success(account_key)
        issued = await sessions.start(
            user,
            lifetime_seconds=settings.auth.refresh_token_ttl_seconds,
            user_agent=request.headers.get("user-agent"),
            ip_address=client_ip(request),
        )
        return _token_response(
            settings,
            user=user,
            session=issued.session,
            refresh_token=issued.refresh_token,
            csrf_token=new_csrf_token(),
        )

    @post(
        "/refresh",
        guards=[require_csrf],
        status_code=200,
        summary="Exchange the refresh cookie for a new access token (rotates the cookie)",
        description="Needs the `x-csrftoken` header equal to the `csrftoken` cookie. Presenting "
        "an already-used refresh token revokes the whole session.",
    )
    async def refresh(
        self,
        request: Request[Any, Any, Any],
        sessions: SessionService,
        settings: Settings,
        hub: PlaybackHub,
    ) -> Response[AccessTokenResponse]:
        presented = request.cookies.get(settings.auth.refresh_cookie_name)
        if not presented:
            raise Unauthorized("No refresh token cookie was sent.")
        try:
            issued = await sessions.rotate(presented)
        except RefreshTokenReused as reused:
            await hub.sign_out(reused.user_id, sessions=[reused.session_id])
            raise
        return _token_response(
            settings,
            user=issued.session.user,
            session=issued.session,
            refresh_token=issued.refresh_token,
            csrf_token=request.cookies.get(settings.auth.csrf_cookie_name) or new_csrf_token(),
        )

    @post(
        "/logout",
        guards=[require_csrf],
        status_code=HTTP_204_NO_CONTENT,
        summary="Sign this device out and clear its cookies",
    )
    async def logout(
        self,
        request: Request[Any, Any, Any],
        sessions: SessionService,
        settings: Settings,
        hub: PlaybackHub,
    ) -> Response[None]:
        presented = request.cookies.get(settings.auth.refresh_cookie_name)
        revoked = await sessions.revoke_by_refresh_token(presented) if presented else None
        if revoked is not None:
            await sessions.repository.session.commit()
            await hub.sign_out(revoked.user_id, sessions=[revoked.id])
        return Response(
            None,
            status_code=HTTP_204_NO_CONTENT,
            cookies=_cookies(settings, refresh_token=None, csrf_token=None, max_age=0),
        )

    @get("/me", security=_BEARER, summary="The signed-in user")
    async def me(self, principal: Principal) -> UserBody:
        return present_user(principal.user)

    @get("/sessions", security=_BEARER, summary="The user's signed-in devices, newest first")
    async def list_sessions(
        self, principal: Principal, sessions: SessionService
    ) -> list[SessionInfo]:
        return [
            present_session(s, current=s.id == principal.session_id)
            for s in await sessions.active_for_user(principal.user.id)
        ]

    @delete(
        "/sessions/{session_id:uuid}",
        security=_BEARER,
        status_code=HTTP_204_NO_CONTENT,
        summary="Sign one of the user's devices out",
    )
    async def revoke_session(
        self,
        principal: Principal,
        sessions: SessionService,
        session_id: Annotated[UUID, Parameter(description="The session's id.")],
        hub: PlaybackHub,
    ) -> None:
        await sessions.revoke_for_user(session_id, principal.user.id)
        await sessions.repository.session.commit()
        await hub.sign_out(principal.user.id, sessions=[session_id])

    @post(
        "/password",
        security=_BEARER,
        status_code=HTTP_204_NO_CONTENT,
        summary="Change the password; signs the user's other devices out",
        description="A wrong `currentPassword` answers 403 with a field error; failures are "
        "throttled like logins (429 with Retry-After).",
    )
    async def change_password(
        self,
        request: Request[Any, Any, Any],
        data: PasswordChange,
        principal: Principal,
        users: UserService,
        sessions: SessionService,
        throttle: LoginThrottle,
        settings: Settings,
        hub: PlaybackHub,
    ) -> None:
        account_key = str(principal.user.id)
        await throttle.check(client_ip(request), account_key)
        changed = await users.change_password(
            principal.user,
            current=data.current_password,
            new=data.new_password,
            auth=settings.auth,
        )
        if not changed:
            await throttle.record_failure(account_key)
            message = "The current password is wrong."
            field = ErrorDetail(message=message, field="currentPassword", source="body")
            raise Forbidden(message, errors=[field])
        await throttle.record_success(account_key)
        await sessions.revoke_others(
            principal.user.id, keep=principal.session_id, reason="password_changed"
        )
        await sessions.repository.session.commit()
        await hub.sign_out(principal.user.id, keep=principal.session_id)
