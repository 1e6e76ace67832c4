"""Playback rows: each user's player state (saved only if nobody changed it meanwhile), the
listening history and play counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import PlayerState, PlayHistory, Track
from cadenza_api.domain.playback.engine import CountedPlay, Snapshot
from cadenza_api.pagination import PageParams
from cadenza_contracts.playback import RepeatMode


def _ids(values: Iterable[Any]) -> tuple[UUID, ...]:
    return tuple(UUID(str(value)) for value in values)


def snapshot_of(row: PlayerState) -> Snapshot:
    queue = row.queue or {}
    unshuffled = queue.get("unshuffled")
    return Snapshot(
        active_device_id=row.active_device_id,
        track_id=row.track_id,
        position_ms=row.position_ms,
        position_at=row.position_at,
        is_playing=row.is_playing,
        volume=row.volume,
        shuffle=row.shuffle,
        repeat=RepeatMode(row.repeat),
        track_ids=_ids(queue.get("trackIds", [])),
        index=int(queue.get("index", 0)),
        up_next=_ids(queue.get("upNext", [])),
        unshuffled=_ids(unshuffled) if unshuffled is not None else None,
        listened_ms=int(queue.get("listenedMs", 0)),
        version=row.version,
    )


def _columns(state: Snapshot) -> dict[str, Any]:
    queue: dict[str, Any] = {
        "trackIds": [str(track_id) for track_id in state.track_ids],
        "index": state.index,
        "upNext": [str(track_id) for track_id in state.up_next],
        "listenedMs": state.listened_ms,
    }
    if state.unshuffled is not None:
        queue["unshuffled"] = [str(track_id) for track_id in state.unshuffled]
    return {
        "active_device_id": state.active_device_id,
        "track_id": state.track_id,
        "position_ms": state.position_ms,
        "position_at": state.position_at,
        "is_playing": state.is_playing,
        "volume": state.volume,
        "shuffle": state.shuffle,
        "repeat": state.repeat.value,
        "queue": queue,
        "version": state.version,
    }


class PlayerStateService(SQLAlchemyAsyncRepositoryService[PlayerState]):
    class Repo(SQLAlchemyAsyncRepository[PlayerState]):
        model_type = PlayerState

    repository_type = Repo

    async def load(self, user_id: UUID) -> Snapshot:
        """The user's player; a fresh one (version 0, not stored yet) for a new user."""
        row = await self.get_one_or_none(PlayerState.user_id == user_id)
        return snapshot_of(row) if row is not None else Snapshot()

    async def save(self, user_id: UUID, before: Snapshot, after: Snapshot, now: datetime) -> bool:
        """Store `after` if the stored state is still `before` (same version); False when
        another command got there first."""
        session = self.repository.session
        if before.version == 0:
            try:
                async with session.begin_nested():
                    session.add(PlayerState(user_id=user_id, **_columns(after)))
            except IntegrityError:
                return False
            return True
        result = await session.execute(
            update(PlayerState)
            .where(PlayerState.user_id == user_id, PlayerState.version == before.version)
            .values(**_columns(after), updated_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)


class PlayHistoryService(SQLAlchemyAsyncRepositoryService[PlayHistory]):
    class Repo(SQLAlchemyAsyncRepository[PlayHistory]):
        model_type = PlayHistory

    repository_type = Repo

    def record(self, user_id: UUID, play: CountedPlay) -> None:
        self.repository.session.add(
            PlayHistory(
                user_id=user_id,
                track_id=play.track_id,
                played_at=play.played_at,
                listened_ms=play.listened_ms,
                device_id=play.device_id,
            )
        )

    async def page_for(
        self, user_id: UUID, page: PageParams
    ) -> tuple[Sequence[tuple[PlayHistory, Track]], int]:
        """The user's plays, newest first, each with its track."""
        session = self.repository.session
        total = await session.scalar(
            select(func.count()).select_from(PlayHistory).where(PlayHistory.user_id == user_id)
        )
        statement = (
            select(PlayHistory, Track)
            .join(Track, Track.id == PlayHistory.track_id)
            .where(PlayHistory.user_id == user_id)
            .order_by(PlayHistory.played_at.desc(), PlayHistory.id.desc())
        )
        rows = (await session.execute(page.apply(statement))).unique().all()
        return [(row[0], row[1]) for row in rows], total or 0

    async def play_count(self, track_id: UUID) -> int:
        """How many counted plays the track has, from every listener."""
        count = await self.repository.session.scalar(
            select(func.count()).select_from(PlayHistory).where(PlayHistory.track_id == track_id)
        )
        return count or 0


class TrackLookup:
    """The few track facts the player needs, on a given session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def durations(self, track_ids: Iterable[UUID]) -> dict[UUID, int | None]:
        """Durations of the tracks that exist among `track_ids` (None: unknown)."""
        wanted = set(track_ids)
        if not wanted:
            return {}
        rows = await self._session.execute(
            select(Track.id, Track.duration_ms).where(Track.id.in_(wanted))
        )
        return dict(rows.all())

    async def get(self, track_id: UUID | None) -> Track | None:
        if track_id is None:
            return None
        return await self._session.get(Track, track_id)
