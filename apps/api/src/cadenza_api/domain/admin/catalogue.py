"""Catalogue curation beyond the catalog domain: counts for the admin's tables, what a
deletion takes with it, merging duplicates, bulk track actions and cover images.

Edits themselves go through the catalog services; this module adds only what admins need.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import (
    Album,
    Artist,
    LikedAlbum,
    LikedArtist,
    LikedTrack,
    PlayHistory,
    PlaylistEntry,
    Track,
    User,
)
from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.admin import audit
from cadenza_api.domain.admin.presenters import present_admin_artist
from cadenza_api.domain.catalog.presenters import present_album, present_track
from cadenza_api.domain.catalog.services import AlbumService, ArtistService, TrackService
from cadenza_api.domain.media import keys
from cadenza_api.domain.media.images import COVER_SIZES
from cadenza_api.errors import Conflict, InvalidInput, NotFound
from cadenza_api.storage import Storage
from cadenza_contracts.admin import (
    AdminArtist,
    AuditAction,
    AuditTargetType,
    BulkDelete,
    BulkSetGenre,
    DeleteImpact,
    TrackBulkAction,
)
from cadenza_contracts.catalog import TrackUpdate

ModelT = TypeVar("ModelT", Artist, Album)


async def _fresh(session: AsyncSession, model: type[ModelT], row_id: UUID) -> ModelT:
    """The row read back from the database after bulk updates the session did not track."""
    statement = select(model).where(model.id == row_id).execution_options(populate_existing=True)
    return (await session.execute(statement)).unique().scalar_one()


async def _counts_by(session: AsyncSession, column: Any, ids: Sequence[UUID]) -> dict[UUID, int]:
    rows = await session.execute(
        select(column, func.count()).where(column.in_(ids)).group_by(column)
    )
    return {key: int(count) for key, count in rows.all()}


async def admin_artists(session: AsyncSession, artists: Sequence[Artist]) -> list[AdminArtist]:
    """Artists with their owner's username and how many albums and tracks they have."""
    ids = [artist.id for artist in artists]
    albums = await _counts_by(session, Album.artist_id, ids)
    tracks = await _counts_by(session, Track.artist_id, ids)
    owner_ids = [artist.owner_id for artist in artists if artist.owner_id is not None]
    owners = dict(
        (await session.execute(select(User.id, User.username).where(User.id.in_(owner_ids)))).all()
    )
    return [
        present_admin_artist(
            artist,
            owner_username=owners.get(artist.owner_id) if artist.owner_id else None,
            album_count=albums.get(artist.id, 0),
            track_count=tracks.get(artist.id, 0),
        )
        for artist in artists
    ]


async def admin_artist(session: AsyncSession, artist: Artist) -> AdminArtist:
    return (await admin_artists(session, [artist]))[0]


async def _count(session: AsyncSession, model: Any, *where: ColumnElement[bool]) -> int:
    return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def _tracks_impact(
    session: AsyncSession, tracks: ColumnElement[bool], *, albums: int
) -> DeleteImpact:
    track_ids = select(Track.id).where(tracks).scalar_subquery()
    return DeleteImpact(
        albums=albums,
        tracks=await _count(session, Track, tracks),
        playlist_entries=await _count(
            session, PlaylistEntry, PlaylistEntry.track_id.in_(track_ids)
        ),
        track_likes=await _count(session, LikedTrack, LikedTrack.target_id.in_(track_ids)),
        plays=await _count(session, PlayHistory, PlayHistory.track_id.in_(track_ids)),
    )


async def artist_delete_impact(session: AsyncSession, artist: Artist) -> DeleteImpact:
    albums = await _count(session, Album, Album.artist_id == artist.id)
    return await _tracks_impact(session, Track.artist_id == artist.id, albums=albums)


async def album_delete_impact(session: AsyncSession, album: Album) -> DeleteImpact:
    return await _tracks_impact(session, Track.album_id == album.id, albums=1)


async def track_delete_impact(session: AsyncSession, track: Track) -> DeleteImpact:
    return await _tracks_impact(session, Track.id == track.id, albums=0)


async def album_track_ids(session: AsyncSession, album: Album) -> list[UUID]:
    return list(await session.scalars(select(Track.id).where(Track.album_id == album.id)))


async def _move_likes(
    session: AsyncSession, model: type[LikedArtist | LikedAlbum], source: UUID, target: UUID
) -> None:
    """Source likes become target likes; a user who liked both keeps their one target like."""
    likers_of_target = select(model.user_id).where(model.target_id == target)
    await session.execute(
        update(model)
        .where(model.target_id == source, model.user_id.not_in(likers_of_target))
        .values(target_id=target)
        .execution_options(synchronize_session=False)
    )


async def merge_artists(
    session: AsyncSession, actor: Principal, source: Artist, target: Artist
) -> Artist:
    """Move the source's albums, tracks, likes, owner and bio to the target, then delete the
    source. Tracks keep their ids, so playlist entries, likes and history stay with them."""
    if source.id == target.id:
        raise InvalidInput("sourceId and targetId are the same artist.")
    if source.owner_id is not None and target.owner_id not in (None, source.owner_id):
        raise Conflict(
            f"Both {source.name!r} and {target.name!r} are owned by artist users; "
            "clear one owner first, a user owns at most one profile."
        )
    before = {
        "source": audit.snapshot(await admin_artist(session, source)),
        "target": audit.snapshot(await admin_artist(session, target)),
    }
    await session.execute(
        update(Album)
        .where(Album.artist_id == source.id)
        .values(artist_id=target.id)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Track)
        .where(Track.artist_id == source.id)
        .values(artist_id=target.id)
        .execution_options(synchronize_session=False)
    )
    await _move_likes(session, LikedArtist, source.id, target.id)
    owner_id, source.owner_id = source.owner_id, None
    if target.bio is None:
        target.bio = source.bio
    # The owner column is unique: free it on the source before the target takes it.
    await session.flush()
    if owner_id is not None:
        target.owner_id = owner_id
    await ArtistService(session=session).delete_artist(source)
    merged = await _fresh(session, Artist, target.id)
    await audit.record(
        session,
        actor,
        AuditAction.ARTIST_MERGE,
        AuditTargetType.ARTIST,
        merged.id,
        merged.name,
        before=before,
        after=audit.snapshot(await admin_artist(session, merged)),
    )
    return merged


@dataclass(frozen=True)
class AlbumMerge:
    album: Album
    discard_album_id: UUID
    """Whose stored objects go once the merge has committed."""


async def merge_albums(
    session: AsyncSession, storage: Storage, actor: Principal, source: Album, target: Album
) -> AlbumMerge:
    """Move the source's tracks and likes (and its release date, genre and cover where the
    target has none) to the target, then delete the source."""
    if source.id == target.id:
        raise InvalidInput("sourceId and targetId are the same album.")
    if source.artist_id != target.artist_id:
        raise Conflict(
            f"{source.title!r} and {target.title!r} are by different artists; "
            "merge the artists first."
        )
    before = {
        "source": audit.snapshot(present_album(source)),
        "target": audit.snapshot(present_album(target)),
    }
    await session.execute(
        update(Track)
        .where(Track.album_id == source.id)
        .values(album_id=target.id)
        .execution_options(synchronize_session=False)
    )
    await _move_likes(session, LikedAlbum, source.id, target.id)
    if target.release_date is None:
        target.release_date = source.release_date
    if target.genre_id is None:
        target.genre_id = source.genre_id
    if target.cover_key is None and source.cover_key is not None:
        key = keys.album_cover_key(target.id)
        info = await storage.stat(source.cover_key)
        await storage.put_bytes(key, await storage.read_bytes(source.cover_key), info.content_type)
        target.cover_key = key
    await AlbumService(session=session).delete_album(source)
    merged = await _fresh(session, Album, target.id)
    await audit.record(
        session,
        actor,
        AuditAction.ALBUM_MERGE,
        AuditTargetType.ALBUM,
        merged.id,
        merged.title,
        before=before,
        after=audit.snapshot(present_album(merged)),
    )
    return AlbumMerge(album=merged, discard_album_id=source.id)


async def _tracks_by_id(session: AsyncSession, track_ids: Iterable[UUID]) -> list[Track]:
    wanted = list(dict.fromkeys(track_ids))
    found = {
        track.id: track
        for track in (await session.scalars(select(Track).where(Track.id.in_(wanted)))).unique()
    }
    missing = [str(track_id) for track_id in wanted if track_id not in found]
    if missing:
        raise NotFound(f"trackIds: no tracks with ids {', '.join(missing)}; nothing was changed.")
    return [found[track_id] for track_id in wanted]


async def bulk_tracks(
    session: AsyncSession, actor: Principal, action: TrackBulkAction
) -> list[UUID]:
    """Apply `action` to every track, recording each change; any failure raises before the
    caller commits, so either all tracks change or none. Returns the ids it touched."""
    tracks = TrackService(session=session)
    rows = await _tracks_by_id(session, action.track_ids)
    for track in rows:
        before = audit.snapshot(present_track(track))
        if isinstance(action, BulkDelete):
            await tracks.delete_track(track)
            await audit.record(
                session,
                actor,
                AuditAction.TRACK_DELETE,
                AuditTargetType.TRACK,
                track.id,
                track.title,
                before=before,
            )
            continue
        if isinstance(action, BulkSetGenre):
            change = TrackUpdate(genre=action.genre)
        else:
            change = TrackUpdate(album_id=action.album_id)
        updated = await tracks.update_track(track, change)
        await audit.record(
            session,
            actor,
            AuditAction.TRACK_UPDATE,
            AuditTargetType.TRACK,
            updated.id,
            updated.title,
            before=before,
            after=audit.snapshot(present_track(updated)),
        )
    return [track.id for track in rows]


async def replace_cover(
    storage: Storage, cover_key: str, sized_key: Callable[[int], str], image: tuple[bytes, str]
) -> None:
    """Store a new cover under `cover_key` and drop the resized copies made of the old one."""
    data, content_type = image
    await storage.put_bytes(cover_key, data, content_type)
    for size in COVER_SIZES:
        await storage.delete(sized_key(size))
