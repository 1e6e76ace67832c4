"""Playback: each user's player state, and their listening history."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column

from cadenza_api.db.models.catalog import Track


class PlayerState(UUIDAuditBase):
    """The one player of a user, shared by all their devices."""

    __tablename__ = "player_states"

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    active_device_id: Mapped[str | None] = mapped_column(String(64), default=None)
    track_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("tracks.id", ondelete="SET NULL"), default=None
    )
    position_ms: Mapped[int] = mapped_column(Integer, default=0)
    position_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    is_playing: Mapped[bool] = mapped_column(Boolean, default=False)
    volume: Mapped[int] = mapped_column(Integer, default=100)
    shuffle: Mapped[bool] = mapped_column(Boolean, default=False)
    repeat: Mapped[str] = mapped_column(String(8), default="off")
    queue: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)


class PlayHistory(UUIDAuditBase):
    """One counted play: at least half the track or four minutes were heard."""

    __tablename__ = "play_history"
    __table_args__ = (Index("ix_play_history_user_played_at", "user_id", "played_at"),)

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    track_id: Mapped[UUID] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"), index=True)
    played_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    listened_ms: Mapped[int] = mapped_column(Integer)
    device_id: Mapped[str | None] = mapped_column(String(64), default=None)


Track.play_count = column_property(
    select(func.count(PlayHistory.id))
    .where(PlayHistory.track_id == Track.id)
    .correlate_except(PlayHistory)
    .scalar_subquery()
)
