"""Playlist rows to contract structs."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from cadenza_api.db.models import Playlist, PlaylistEntry
from cadenza_api.domain.accounts.presenters import present_user_summary
from cadenza_api.domain.catalog.presenters import present_track
from cadenza_contracts.playlists import Playlist as PlaylistBody
from cadenza_contracts.playlists import PlaylistDetail
from cadenza_contracts.playlists import PlaylistEntry as PlaylistEntryBody


def present_playlist(playlist: Playlist) -> PlaylistBody:
    return PlaylistBody(
        id=playlist.id,
        name=playlist.name,
        description=playlist.description,
        is_public=playlist.is_public,
        owner=present_user_summary(playlist.owner),
        track_count=playlist.track_count or 0,
        duration_ms=playlist.duration_ms or 0,
        created_at=playlist.created_at,
        updated_at=playlist.updated_at,
    )


def present_entry(entry: PlaylistEntry, position: int) -> PlaylistEntryBody:
    return PlaylistEntryBody(
        id=entry.id,
        position=position,
        added_at=entry.added_at,
        track=present_track(entry.track),
    )


def present_playlist_detail(playlist: Playlist, entries: Sequence[PlaylistEntry]) -> PlaylistDetail:
    """The playlist with its entries, which the caller passes in position order.

    Positions are presented as the index in that order: deleting a track from the catalogue
    cascades to its entries and leaves a gap in the stored positions until the next edit.
    """
    return PlaylistDetail(
        **msgspec.structs.asdict(present_playlist(playlist)),
        entries=[present_entry(entry, position) for position, entry in enumerate(entries)],
    )
