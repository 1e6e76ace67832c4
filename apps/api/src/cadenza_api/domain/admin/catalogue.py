"""Catalogue curation beyond the catalog domain: changes recorded in the audit log, counts for
the admin's tables, what a deletion takes with it, merging duplicates, bulk track actions and
cover images.

Edits themselves go through the catalog services; this module adds only what admins need. The
admin routes record every change they make; the public catalogue routes make their changes
through the same functions and record those `overriding_admin` names admin actions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
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
from cadenza_api.domain.media.cleanup import discard_media
from cadenza_api.domain.media.images import COVER_SIZES
from cadenza_api.errors import Conflict, InvalidInput, NotFound
from cadenza_api.storage import Storage
from cadenza_contracts import catalog
from cadenza_contracts.admin import (
    AdminArtist,
    AuditAction,
    AuditTargetType,
    BulkDelete,
    BulkSetGenre,
    DeleteImpact,
    TrackBulkAction,
)

ModelT = TypeVar("ModelT", Artist, Album, Track)


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
        if isinstance(action, BulkDelete):
            await _delete_track_row(tracks, track, admin=actor)
        elif isinstance(action, BulkSetGenre):
            await update_track(tracks, track, catalog.TrackUpdate(genre=action.genre), admin=actor)
        else:
            await update_track(
                tracks, track, catalog.TrackUpdate(album_id=action.album_id), admin=actor
            )
    return [track.id for track in rows]


async def _replace_cover(
    storage: Storage, cover_key: str, sized_key: Callable[[int], str], image: tuple[bytes, str]
) -> None:
    """Store a new cover under `cover_key` and drop the resized copies made of the old one."""
    data, content_type = image
    await storage.put_bytes(cover_key, data, content_type)
    for size in COVER_SIZES:
        await storage.delete(sized_key(size))


# Changes recorded in the audit log, for the admin routes and the public catalogue routes alike.
# Each takes `admin`: the admin to record the change for, or None for a change that is not an
# admin action (an owner's own, through the public routes; see `overriding_admin`).

CatalogueBody = AdminArtist | catalog.Album | catalog.Track
CoveredRow = TypeVar("CoveredRow", Album, Track)
RowT = TypeVar("RowT")
BodyT = TypeVar("BodyT", bound=CatalogueBody)


async def _record(
    session: AsyncSession,
    admin: Principal | None,
    action: AuditAction,
    *,
    before: CatalogueBody | None = None,
    after: CatalogueBody | None = None,
) -> None:
    """Record `admin`'s `action` on the artist, album or track `before` and `after` show."""
    shown = after if after is not None else before
    if admin is None or shown is None:
        return
    if isinstance(shown, AdminArtist):
        target_type, label = AuditTargetType.ARTIST, shown.name
    elif isinstance(shown, catalog.Album):
        target_type, label = AuditTargetType.ALBUM, shown.title
    else:
        target_type, label = AuditTargetType.TRACK, shown.title
    await audit.record(
        session,
        admin,
        action,
        target_type,
        shown.id,
        label,
        before=None if before is None else audit.snapshot(before),
        after=None if after is None else audit.snapshot(after),
    )


async def _recorded(
    service: AlbumService | TrackService,
    admin: Principal | None,
    action: AuditAction,
    present: Callable[[RowT], BodyT],
    change: Callable[[], Awaitable[RowT]],
    row: RowT | None = None,
) -> BodyT:
    """Make `change` to `row` (none for a creation) and record it, with the row before and the
    row `change` returns, as `present` shows them; returns the latter."""
    before = None if row is None else present(row)
    after = present(await change())
    await _record(service.session, admin, action, before=before, after=after)
    return after


def _shown(row: Album | Track) -> catalog.Album | catalog.Track:
    """An album or a track as the audit log shows it."""
    return present_album(row) if isinstance(row, Album) else present_track(row)


async def _audited_artist(
    session: AsyncSession, artist: Artist, admin: Principal | None
) -> AdminArtist | None:
    """The artist as the audit log shows it, read only when there is an admin to record."""
    return None if admin is None else await admin_artist(session, artist)


async def create_artist(
    artists: ArtistService,
    data: catalog.ArtistCreate,
    creator: Principal,
    *,
    admin: Principal | None,
) -> Artist:
    artist = await artists.create_artist(data, creator)
    after = await _audited_artist(artists.session, artist, admin)
    await _record(artists.session, admin, AuditAction.ARTIST_CREATE, after=after)
    return artist


async def update_artist(
    artists: ArtistService, artist: Artist, data: catalog.ArtistUpdate, *, admin: Principal | None
) -> Artist:
    before = await _audited_artist(artists.session, artist, admin)
    artist = await artists.update_artist(artist, data)
    after = await _audited_artist(artists.session, artist, admin)
    await _record(artists.session, admin, AuditAction.ARTIST_UPDATE, before=before, after=after)
    return artist


async def delete_artist(
    artists: ArtistService, storage: Storage, artist: Artist, *, admin: Principal | None
) -> None:
    """Delete an artist with all their albums and tracks, commit, then drop their media."""
    before = await _audited_artist(artists.session, artist, admin)
    track_ids, album_ids = await artists.media_ids(artist)
    await artists.delete_artist(artist)
    await _record(artists.session, admin, AuditAction.ARTIST_DELETE, before=before)
    # Objects go only once the rows are gone for good.
    await artists.session.commit()
    await discard_media(storage, track_ids=track_ids, album_ids=album_ids)


async def create_album(
    albums: AlbumService, data: catalog.AlbumCreate, artist: Artist, *, admin: Principal | None
) -> catalog.Album:
    change = partial(albums.create_album, data, artist)
    return await _recorded(albums, admin, AuditAction.ALBUM_CREATE, present_album, change)


async def create_track(
    tracks: TrackService, data: catalog.TrackCreate, artist: Artist, *, admin: Principal | None
) -> catalog.Track:
    change = partial(tracks.create_track, data, artist)
    return await _recorded(tracks, admin, AuditAction.TRACK_CREATE, present_track, change)


async def update_album(
    albums: AlbumService, album: Album, data: catalog.AlbumUpdate, *, admin: Principal | None
) -> catalog.Album:
    change = partial(albums.update_album, album, data)
    return await _recorded(albums, admin, AuditAction.ALBUM_UPDATE, present_album, change, album)


async def update_track(
    tracks: TrackService, track: Track, data: catalog.TrackUpdate, *, admin: Principal | None
) -> catalog.Track:
    change = partial(tracks.update_track, track, data)
    return await _recorded(tracks, admin, AuditAction.TRACK_UPDATE, present_track, change, track)


async def set_cover(
    session: AsyncSession,
    storage: Storage,
    row: CoveredRow,
    image: tuple[bytes, str],
    *,
    admin: Principal,
) -> CoveredRow:
    """Make `image` (its bytes and MIME type) an album's cover or a track's own; returns the
    row read back."""
    before = _shown(row)
    if isinstance(row, Album):
        cover_key, action = keys.album_cover_key(row.id), AuditAction.ALBUM_COVER
        await _replace_cover(storage, cover_key, partial(keys.album_cover_size_key, row.id), image)
    else:
        cover_key, action = keys.track_cover_key(row.id), AuditAction.TRACK_COVER
        await _replace_cover(storage, cover_key, partial(keys.track_cover_size_key, row.id), image)
    row.cover_key = cover_key
    await session.flush()
    row = await _fresh(session, type(row), row.id)
    await _record(session, admin, action, before=before, after=_shown(row))
    return row


async def delete_album(
    albums: AlbumService,
    storage: Storage,
    album: Album,
    *,
    admin: Principal | None,
    with_tracks: bool = False,
) -> None:
    """Delete an album, and with `with_tracks` its tracks (else they stay as singles), commit,
    then drop their media."""
    album_id, before = album.id, present_album(album)
    track_ids = await album_track_ids(albums.session, album) if with_tracks else []
    if track_ids:
        tracks = TrackService(session=albums.session)
        for track in await _tracks_by_id(albums.session, track_ids):
            await _delete_track_row(tracks, track, admin=admin)
    await _record(albums.session, admin, AuditAction.ALBUM_DELETE, before=before)
    await albums.delete_album(album)
    await albums.session.commit()
    await discard_media(storage, track_ids=track_ids, album_ids=[album_id])


async def _delete_track_row(tracks: TrackService, track: Track, *, admin: Principal | None) -> None:
    before = present_track(track)
    await tracks.delete_track(track)
    await _record(tracks.session, admin, AuditAction.TRACK_DELETE, before=before)


async def delete_track(
    tracks: TrackService, storage: Storage, track: Track, *, admin: Principal | None
) -> None:
    """Delete a track, commit, then drop its media."""
    track_id = track.id
    await _delete_track_row(tracks, track, admin=admin)
    await tracks.session.commit()
    await discard_media(storage, track_ids=[track_id])
