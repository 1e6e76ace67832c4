"""`/admin/artists`, `/admin/albums`, `/admin/tracks`: tables, edits, covers, deletions with
their impact, merges and bulk actions. Every change is recorded in the audit log."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.admin import catalogue
from cadenza_api.domain.admin.schemas import CoverForm
from cadenza_api.domain.catalog.controllers import (
    AlbumIdFilter,
    AlbumSort,
    ArtistIdFilter,
    ArtistSort,
    GenreFilter,
    SearchText,
    TrackSort,
)
from cadenza_api.domain.catalog.presenters import present_album, present_track
from cadenza_api.domain.catalog.services import AlbumService, ArtistService, TrackService
from cadenza_api.domain.media.cleanup import discard_media
from cadenza_api.domain.media.services import read_cover_image
from cadenza_api.pagination import PageParams, page_params
from cadenza_api.services import provide_service
from cadenza_api.storage import Storage
from cadenza_contracts.admin import (
    AdminArtist,
    BulkDelete,
    BulkResult,
    DeleteImpact,
    MergeRequest,
    TrackBulkAction,
)
from cadenza_contracts.catalog import (
    Album,
    AlbumCreate,
    AlbumUpdate,
    ArtistCreate,
    ArtistUpdate,
    Track,
    TrackCreate,
    TrackUpdate,
)
from cadenza_contracts.media import TrackStatus
from cadenza_contracts.pagination import Page

_SERVICES = {
    "artists": provide_service(ArtistService),
    "albums": provide_service(AlbumService),
    "tracks": provide_service(TrackService),
    "page": page_params,
}
_COVER = Body(media_type=RequestEncodingType.MULTI_PART)


class AdminArtistController(Controller):
    path = "/artists"
    tags = ["admin: catalogue"]
    dependencies = _SERVICES

    @get(summary="Artists with their owner and album and track counts")
    async def list_artists(
        self,
        artists: ArtistService,
        page: PageParams,
        q: SearchText = None,
        sort: ArtistSort = None,
    ) -> Page[AdminArtist]:
        rows, total = await artists.list_page(page, q=q, owner_id=None, sort=sort)
        items = await catalogue.admin_artists(artists.session, rows)
        return Page(items=items, total=total, limit=page.limit, offset=page.offset)

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create an artist",
        description="`ownerId` names the artist user who owns the profile (at most one each).",
    )
    async def create_artist(
        self, data: JSONBody[ArtistCreate], principal: Principal, artists: ArtistService
    ) -> AdminArtist:
        artist = await catalogue.create_artist(artists, data, principal, admin=principal)
        return await catalogue.admin_artist(artists.session, artist)

    @patch("/{artist_id:uuid}", summary="Update an artist")
    async def update_artist(
        self,
        artist_id: FromPath[UUID],
        data: JSONBody[ArtistUpdate],
        principal: Principal,
        artists: ArtistService,
    ) -> AdminArtist:
        artist = await artists.get_artist(artist_id)
        artist = await catalogue.update_artist(artists, artist, data, admin=principal)
        return await catalogue.admin_artist(artists.session, artist)

    @get("/{artist_id:uuid}/delete-impact", summary="What goes with an artist")
    async def artist_delete_impact(
        self, artist_id: FromPath[UUID], artists: ArtistService
    ) -> DeleteImpact:
        artist = await artists.get_artist(artist_id)
        return await catalogue.artist_delete_impact(artists.session, artist)

    @delete(
        "/{artist_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete an artist with all their albums and tracks",
    )
    async def delete_artist(
        self,
        artist_id: FromPath[UUID],
        principal: Principal,
        artists: ArtistService,
        storage: Storage,
    ) -> None:
        artist = await artists.get_artist(artist_id)
        await catalogue.delete_artist(artists, storage, artist, admin=principal)

    @post(
        "/merge",
        status_code=200,
        summary="Merge a duplicate artist into another",
        description="The source's albums, tracks, likes, owner and bio move to the target; "
        "then the source is deleted.",
    )
    async def merge_artists(
        self, data: JSONBody[MergeRequest], principal: Principal, artists: ArtistService
    ) -> AdminArtist:
        source = await artists.get_artist(data.source_id)
        target = await artists.get_artist(data.target_id)
        merged = await catalogue.merge_artists(artists.session, principal, source, target)
        return await catalogue.admin_artist(artists.session, merged)


class AdminAlbumController(Controller):
    path = "/albums"
    tags = ["admin: catalogue"]
    dependencies = _SERVICES

    @get(summary="Albums")
    async def list_albums(
        self,
        albums: AlbumService,
        page: PageParams,
        q: SearchText = None,
        artist_id: ArtistIdFilter = None,
        genre: GenreFilter = None,
        sort: AlbumSort = None,
    ) -> Page[Album]:
        items, total = await albums.list_page(
            page, q=q, artist_id=artist_id, genre=genre, sort=sort
        )
        return page.page(items, total, present_album)

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create an album",
        description="`genre` is a genre name: an existing genre (ignoring case) or a new one.",
    )
    async def create_album(
        self,
        data: JSONBody[AlbumCreate],
        principal: Principal,
        artists: ArtistService,
        albums: AlbumService,
    ) -> Album:
        artist = await artists.get_artist(data.artist_id)
        return await catalogue.create_album(albums, data, artist, admin=principal)

    @patch("/{album_id:uuid}", summary="Update an album")
    async def update_album(
        self,
        album_id: FromPath[UUID],
        data: JSONBody[AlbumUpdate],
        principal: Principal,
        albums: AlbumService,
    ) -> Album:
        album = await albums.get_album(album_id)
        return await catalogue.update_album(albums, album, data, admin=principal)

    @put("/{album_id:uuid}/cover", summary="Replace an album's cover image")
    async def set_album_cover(
        self,
        album_id: FromPath[UUID],
        data: Annotated[CoverForm, _COVER],
        principal: Principal,
        albums: AlbumService,
        storage: Storage,
    ) -> Album:
        album = await albums.get_album(album_id)
        image = await read_cover_image(data.file)
        album = await catalogue.set_cover(albums.session, storage, album, image, admin=principal)
        return present_album(album)

    @get("/{album_id:uuid}/delete-impact", summary="What goes with an album")
    async def album_delete_impact(
        self, album_id: FromPath[UUID], albums: AlbumService
    ) -> DeleteImpact:
        album = await albums.get_album(album_id)
        return await catalogue.album_delete_impact(albums.session, album)

    @delete(
        "/{album_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete an album, and with `withTracks=true` its tracks",
    )
    async def delete_album(
        self,
        album_id: FromPath[UUID],
        principal: Principal,
        albums: AlbumService,
        storage: Storage,
        with_tracks: Annotated[
            bool,
            QueryParameter(
                name="withTracks", description="Delete its tracks too (else they stay as singles)."
            ),
        ] = False,
    ) -> None:
        album = await albums.get_album(album_id)
        await catalogue.delete_album(
            albums, storage, album, admin=principal, with_tracks=with_tracks
        )

    @post(
        "/merge",
        status_code=200,
        summary="Merge a duplicate album into another of the same artist",
        description="The source's tracks and likes move to the target (and its release date, "
        "genre and cover where the target has none); then the source is deleted.",
    )
    async def merge_albums(
        self,
        data: JSONBody[MergeRequest],
        principal: Principal,
        albums: AlbumService,
        storage: Storage,
    ) -> Album:
        source = await albums.get_album(data.source_id)
        target = await albums.get_album(data.target_id)
        merge = await catalogue.merge_albums(albums.session, storage, principal, source, target)
        merged = present_album(merge.album)
        await albums.session.commit()
        await discard_media(storage, album_ids=[merge.discard_album_id])
        return merged


class AdminTrackController(Controller):
    path = "/tracks"
    tags = ["admin: catalogue"]
    dependencies = _SERVICES

    @get(summary="Tracks")
    async def list_tracks(
        self,
        tracks: TrackService,
        page: PageParams,
        q: SearchText = None,
        artist_id: ArtistIdFilter = None,
        album_id: AlbumIdFilter = None,
        genre: GenreFilter = None,
        status: Annotated[
            TrackStatus | None, QueryParameter(description="processing, ready or failed.")
        ] = None,
        sort: TrackSort = None,
    ) -> Page[Track]:
        items, total = await tracks.list_page(
            page,
            q=q,
            artist_id=artist_id,
            album_id=album_id,
            genre=genre,
            status=status.value if status else None,
            sort=sort,
        )
        return page.page(items, total, present_track)

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create a track (metadata only; audio comes by upload)",
        description="`albumId`, if given, must be an album of the same artist.",
    )
    async def create_track(
        self,
        data: JSONBody[TrackCreate],
        principal: Principal,
        artists: ArtistService,
        tracks: TrackService,
    ) -> Track:
        artist = await artists.get_artist(data.artist_id)
        return await catalogue.create_track(tracks, data, artist, admin=principal)

    @patch("/{track_id:uuid}", summary="Update a track")
    async def update_track(
        self,
        track_id: FromPath[UUID],
        data: JSONBody[TrackUpdate],
        principal: Principal,
        tracks: TrackService,
    ) -> Track:
        track = await tracks.get_track(track_id)
        return await catalogue.update_track(tracks, track, data, admin=principal)

    @put("/{track_id:uuid}/cover", summary="Replace a track's own cover image")
    async def set_track_cover(
        self,
        track_id: FromPath[UUID],
        data: Annotated[CoverForm, _COVER],
        principal: Principal,
        tracks: TrackService,
        storage: Storage,
    ) -> Track:
        track = await tracks.get_track(track_id)
        image = await read_cover_image(data.file)
        track = await catalogue.set_cover(tracks.session, storage, track, image, admin=principal)
        return present_track(track)

    @get("/{track_id:uuid}/delete-impact", summary="What goes with a track")
    async def track_delete_impact(
        self, track_id: FromPath[UUID], tracks: TrackService
    ) -> DeleteImpact:
        track = await tracks.get_track(track_id)
        return await catalogue.track_delete_impact(tracks.session, track)

    @delete("/{track_id:uuid}", status_code=HTTP_204_NO_CONTENT, summary="Delete a track")
    async def delete_track(
        self,
        track_id: FromPath[UUID],
        principal: Principal,
        tracks: TrackService,
        storage: Storage,
    ) -> None:
        track = await tracks.get_track(track_id)
        await catalogue.delete_track(tracks, storage, track, admin=principal)

    @post(
        "/bulk",
        status_code=200,
        summary="Delete, set the genre of, or move many tracks at once",
        description="`action` is `delete`, `setGenre` or `moveToAlbum`. All or nothing: if "
        "any track fails (an unknown id, an album of another artist), none changes.",
    )
    async def bulk_tracks(
        self,
        data: JSONBody[TrackBulkAction],
        principal: Principal,
        tracks: TrackService,
        storage: Storage,
    ) -> BulkResult:
        touched = await catalogue.bulk_tracks(tracks.session, principal, data)
        await tracks.session.commit()
        if isinstance(data, BulkDelete):
            await discard_media(storage, track_ids=touched)
        action = type(data).__struct_config__.tag
        return BulkResult(action=str(action), affected=len(touched))
