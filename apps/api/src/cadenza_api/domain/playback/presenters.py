"""Player states, devices and plays as contract structs."""

from __future__ import annotations

from datetime import datetime

from cadenza_api.db.models import PlayHistory, Track
from cadenza_api.domain.catalog.presenters import present_track
from cadenza_api.domain.playback.backplane import DeviceRecord
from cadenza_api.domain.playback.engine import Snapshot
from cadenza_contracts.playback import Device, HistoryItem, PlayerQueue, PlayerState


def present_state(state: Snapshot, track: Track | None, now: datetime) -> PlayerState:
    return PlayerState(
        active_device_id=state.active_device_id,
        track_id=state.track_id,
        track=present_track(track) if track is not None else None,
        position_ms=state.position_ms,
        position_at=state.position_at or now,
        is_playing=state.is_playing,
        volume=state.volume,
        shuffle=state.shuffle,
        repeat=state.repeat,
        queue=PlayerQueue(
            track_ids=list(state.track_ids), index=state.index, up_next=list(state.up_next)
        ),
        version=state.version,
        server_time=now,
    )


def present_device(record: DeviceRecord, active_device_id: str | None) -> Device:
    return Device(
        id=record.device_id,
        name=record.name,
        kind=record.kind,
        is_active=record.device_id == active_device_id,
        connected_at=record.connected_at,
        last_seen_at=record.last_seen_at,
    )


def present_play(play: PlayHistory, track: Track) -> HistoryItem:
    return HistoryItem(
        played_at=play.played_at,
        listened_ms=play.listened_ms,
        device_id=play.device_id,
        track=present_track(track),
    )
