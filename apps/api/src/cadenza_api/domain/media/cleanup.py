"""Removing a track's or album's objects from storage once its rows are gone."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from cadenza_api.domain.media import keys
from cadenza_api.storage import Storage


async def discard_media(
    storage: Storage, *, track_ids: Iterable[UUID] = (), album_ids: Iterable[UUID] = ()
) -> None:
    """Delete every object of these tracks and albums (call after the deletion committed)."""
    for track_id in track_ids:
        await storage.delete_prefix(keys.track_prefix(track_id))
    for album_id in album_ids:
        await storage.delete_prefix(keys.album_prefix(album_id))
