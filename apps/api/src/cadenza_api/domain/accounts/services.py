"""Account services: users, and sessions whose refresh tokens rotate on every use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from sqlalchemy import func, or_, select, update

from cadenza_api.db.models import AuthSession, RefreshToken, User
from cadenza_api.domain.accounts.passwords import hash_password, needs_rehash, verify_password
from cadenza_api.domain.accounts.tokens import hash_refresh_token, new_refresh_token
from cadenza_api.errors import Conflict, NotFound, Unauthorized
from cadenza_api.settings import AuthSettings
from cadenza_contracts.accounts import Role


class RefreshTokenReused(Unauthorized):
    """A spent refresh token came back: its whole session has been revoked."""

    def __init__(self, session: AuthSession) -> None:
        super().__init__("The refresh token was already used; the session has been revoked.")
        self.user_id = session.user_id
        self.session_id = session.id


class UserService(SQLAlchemyAsyncRepositoryService[User]):
    class Repo(SQLAlchemyAsyncRepository[User]):
        model_type = User

    repository_type = Repo

    async def find_by_login(self, login: str) -> User | None:
        """The user whose username or email equals `login`, ignoring case."""
        key = login.strip().lower()
        return await self.get_one_or_none(
            or_(func.lower(User.username) == key, func.lower(User.email) == key)
        )

    async def register(
        self,
        *,
        username: str,
        email: str,
        password: str,
        auth: AuthSettings,
        role: Role = Role.LISTENER,
    ) -> User:
        taken = await self.repository.session.scalar(
            select(User.username, User.email).where(
                or_(
                    func.lower(User.username) == username.lower(),
                    func.lower(User.email) == email.lower(),
                )
            )
        )
        if taken is not None:
            raise Conflict("That username or email address is already registered.")
        return await self.create(
            User(
                username=username,
                email=email.lower(),
                password_hash=hash_password(auth, password),
                role=role.value,
                is_active=True,
            )
        )

    async def authenticate(
        self, user: User | None, password: str, auth: AuthSettings
    ) -> User | None:
        """`user` when `password` is theirs and the account is active; same cost on a miss."""
        if not verify_password(auth, user.password_hash if user else None, password):
            return None
        if user is None or not user.is_active:
            return None
        if needs_rehash(auth, user.password_hash):
            user.password_hash = hash_password(auth, password)
        return user

    async def change_password(
        self, user: User, *, current: str, new: str, auth: AuthSettings
    ) -> bool:
        """Set `new` as `user`'s password; False (and no change) when `current` is wrong."""
        if not verify_password(auth, user.password_hash, current):
            return False
        user.password_hash = hash_password(auth, new)
        await self.repository.session.flush()
        return True


@dataclass(frozen=True)
class IssuedRefresh:
    session: AuthSession
    refresh_token: str


class SessionService(SQLAlchemyAsyncRepositoryService[AuthSession]):
    class Repo(SQLAlchemyAsyncRepository[AuthSession]):
        model_type = AuthSession

    repository_type = Repo

    async def _issue_token(self, session: AuthSession) -> str:
        token = new_refresh_token()
        self.repository.session.add(
            RefreshToken(session_id=session.id, token_hash=hash_refresh_token(token))
        )
        await self.repository.session.flush()
        return token

    async def start(
        self, user: User, *, lifetime_seconds: int, user_agent: str | None, ip_address: str | None
    ) -> IssuedRefresh:
        """Open a session (a new refresh-token family) for a user who just logged in."""
        now = datetime.now(UTC)
        session = await self.create(
            AuthSession(
                user_id=user.id,
                user=user,
                last_used_at=now,
                expires_at=now + timedelta(seconds=lifetime_seconds),
                user_agent=(user_agent or "")[:255] or None,
                ip_address=ip_address,
            )
        )
        return IssuedRefresh(session=session, refresh_token=await self._issue_token(session))

    async def rotate(self, refresh_token: str) -> IssuedRefresh:
        """Spend `refresh_token` and issue its successor.

        A token that was already spent means it leaked: the whole family is revoked, so the
        thief's newer token stops working too.
        """
        db = self.repository.session
        token = await db.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == hash_refresh_token(refresh_token))
        )
        if token is None:
            raise Unauthorized("The refresh token is not valid.")
        session = token.session
        now = datetime.now(UTC)
        if session.revoked_at is not None:
            raise Unauthorized("This session has been signed out.")
        if session.expires_at <= now:
            raise Unauthorized("This session has expired; sign in again.")
        spent = await db.execute(
            update(RefreshToken)
            .where(RefreshToken.id == token.id, RefreshToken.used_at.is_(None))
            .values(used_at=now)
        )
        if spent.rowcount != 1:
            await self._revoke(session, reason="refresh_token_reuse")
            await db.commit()
            raise RefreshTokenReused(session)
        session.last_used_at = now
        return IssuedRefresh(session=session, refresh_token=await self._issue_token(session))

    async def _revoke(self, session: AuthSession, *, reason: str) -> None:
        if session.revoked_at is None:
            session.revoked_at = datetime.now(UTC)
            session.revoked_reason = reason
            await self.repository.session.flush()

    async def revoke_by_refresh_token(self, refresh_token: str) -> AuthSession | None:
        """Sign out the session of `refresh_token`; that session, if the token is known."""
        token = await self.repository.session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == hash_refresh_token(refresh_token))
        )
        if token is None:
            return None
        await self._revoke(token.session, reason="logout")
        return token.session

    async def revoke_for_user(self, session_id: UUID, user_id: UUID) -> None:
        session = await self.get_one_or_none(
            AuthSession.id == session_id, AuthSession.user_id == user_id
        )
        if session is None or session.revoked_at is not None:
            raise NotFound("No such session.")
        await self._revoke(session, reason="revoked_by_user")

    async def revoke_others(self, user_id: UUID, keep: UUID, *, reason: str) -> None:
        """Sign out every active session of the user but `keep`."""
        for session in await self.list(
            AuthSession.user_id == user_id,
            AuthSession.id != keep,
            AuthSession.revoked_at.is_(None),
        ):
            await self._revoke(session, reason=reason)

    async def active_for_user(self, user_id: UUID) -> list[AuthSession]:
        now = datetime.now(UTC)
        sessions = await self.list(
            AuthSession.user_id == user_id,
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > now,
        )
        return sorted(sessions, key=lambda s: s.last_used_at, reverse=True)

    async def get_active(self, session_id: UUID) -> AuthSession | None:
        session = await self.get_one_or_none(AuthSession.id == session_id)
        if session is None or session.revoked_at is not None:
            return None
        if session.expires_at <= datetime.now(UTC):
            return None
        return session
