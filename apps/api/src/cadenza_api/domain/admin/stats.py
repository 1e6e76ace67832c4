"""The dashboard's figures: counts, storage, plays per day, queue health, top tracks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import (
    Album,
    Artist,
    Job,
    PlayHistory,
    Playlist,
    Rendition,
    Track,
    User,
)
from cadenza_contracts.admin import (
    AdminStats,
    CatalogueCounts,
    DailyPlays,
    QueueHealth,
    StorageUsage,
    TopTrack,
)
from cadenza_contracts.media import JobState

PLAYS_DAYS = 30
TOP_TRACKS_DAYS = 7
TOP_TRACKS_LIMIT = 10


def _utc_day(session: AsyncSession, column: Any) -> ColumnElement[Any]:
    """The UTC calendar day of a timestamp column, computed by the database."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    # SQLite keeps ISO text with an offset, and date() normalises it to UTC.
    return func.date(column)


async def _count(session: AsyncSession, model: Any) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


async def _counts(session: AsyncSession) -> CatalogueCounts:
    return CatalogueCounts(
        users=await _count(session, User),
        artists=await _count(session, Artist),
        albums=await _count(session, Album),
        tracks=await _count(session, Track),
        playlists=await _count(session, Playlist),
    )


async def _storage(session: AsyncSession) -> StorageUsage:
    originals_bytes, originals_count = (
        await session.execute(
            select(
                func.coalesce(func.sum(Track.original_size_bytes), 0), func.count(Track.id)
            ).where(Track.original_key.is_not(None))
        )
    ).one()
    renditions_bytes, renditions_count = (
        await session.execute(
            select(func.coalesce(func.sum(Rendition.size_bytes), 0), func.count(Rendition.id))
        )
    ).one()
    return StorageUsage(
        originals_bytes=int(originals_bytes or 0),
        originals_count=int(originals_count),
        renditions_bytes=int(renditions_bytes or 0),
        renditions_count=int(renditions_count),
    )


async def _plays_per_day(session: AsyncSession, today: date) -> list[DailyPlays]:
    first = today - timedelta(days=PLAYS_DAYS - 1)
    day = _utc_day(session, PlayHistory.played_at)
    rows = await session.execute(
        select(day, func.count(PlayHistory.id))
        .where(PlayHistory.played_at >= datetime.combine(first, time(), tzinfo=UTC))
        .group_by(day)
    )
    plays = {date.fromisoformat(str(value)): int(count) for value, count in rows.all()}
    return [
        DailyPlays(day=first + timedelta(days=n), plays=plays.get(first + timedelta(days=n), 0))
        for n in range(PLAYS_DAYS)
    ]


async def _queue(session: AsyncSession) -> QueueHealth:
    rows = await session.execute(select(Job.state, func.count(Job.id)).group_by(Job.state))
    by_state = {state: int(count) for state, count in rows.all()}
    return QueueHealth(
        pending=by_state.get(JobState.QUEUED.value, 0),
        running=by_state.get(JobState.RUNNING.value, 0),
        failed=by_state.get(JobState.FAILED.value, 0),
    )


async def _top_tracks(session: AsyncSession, now: datetime) -> list[TopTrack]:
    plays = func.count(PlayHistory.id).label("plays")
    rows = await session.execute(
        select(Track.id, Track.title, Artist.name, plays)
        .join(PlayHistory, PlayHistory.track_id == Track.id)
        .join(Artist, Artist.id == Track.artist_id)
        .where(PlayHistory.played_at >= now - timedelta(days=TOP_TRACKS_DAYS))
        .group_by(Track.id, Track.title, Artist.name)
        .order_by(plays.desc(), func.lower(Track.title), Track.id)
        .limit(TOP_TRACKS_LIMIT)
    )
    return [
        TopTrack(track_id=track_id, title=title, artist_name=artist, plays=int(count))
        for track_id, title, artist, count in rows.all()
    ]


async def dashboard(session: AsyncSession) -> AdminStats:
    now = datetime.now(UTC)
    return AdminStats(
        counts=await _counts(session),
        storage=await _storage(session),
        plays_per_day=await _plays_per_day(session, now.date()),
        queue=await _queue(session),
        top_tracks=await _top_tracks(session, now),
    )
