"""Accounts: registration, login, tokens and sessions."""

import enum
from datetime import datetime
from typing import Literal
from uuid import UUID

from cadenza_contracts.base import Model, Request
from cadenza_contracts.constraints import Email, LoginName, LoginPassword, Password, Username


class Role(enum.StrEnum):
    LISTENER = "listener"
    ARTIST = "artist"
    ADMIN = "admin"


class RegisterRequest(Request):
    username: Username
    email: Email
    password: Password


class LoginRequest(Request):
    """`username` may be the account's username or its email address."""

    username: LoginName
    password: LoginPassword


class PasswordChange(Request):
    """Change the signed-in user's password; the user's other sessions are signed out."""

    current_password: LoginPassword
    new_password: Password


class User(Model):
    id: UUID
    username: str
    email: str
    role: Role
    created_at: datetime


class UserSummary(Model):
    """A user as other users see them (no email)."""

    id: UUID
    username: str


class AccessTokenResponse(Model):
    """Answer of login and refresh; the refresh token travels only in a cookie."""

    access_token: str
    expires_in: int
    user: User
    token_type: Literal["Bearer"] = "Bearer"


class SessionInfo(Model):
    """A signed-in device: one refresh-token family."""

    id: UUID
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None
    ip_address: str | None
    current: bool
