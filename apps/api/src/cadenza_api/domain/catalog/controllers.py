"""`/artists`, `/albums`, `/tracks` and `/genres`: public reads, owner or admin writes."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.di import Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT
from litestar.types import ControllerRouterHandler

from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.admin import catalogue
from cadenza_api.domain.catalog.guards import (
    ensure_owns,
    overriding_admin,
    require_admin,
    require_editor,
)
from cadenza_api.domain.catalog.presenters import (
    present_album,
    present_artist,
    present_genre,
    present_track,
)
from cadenza_api.domain.catalog.services import (
    AlbumService,
    ArtistService,
    GenreService,
    TrackService,
)
from cadenza_api.pagination import PageParams, page_params
from cadenza_api.services import provide_service
from cadenza_api.storage import Storage
from cadenza_contracts.catalog import (
    Album,
    AlbumCreate,
    AlbumUpdate,
    Artist,
    ArtistCreate,
    ArtistUpdate,
    Genre,
    GenreCreate,
    GenreUpdate,
    Track,
    TrackCreate,
    TrackUpdate,
)
from cadenza_contracts.pagination import Page

_BEARER: list[dict[str, list[str]]] = [{"BearerToken": []}]

SearchText = Annotated[
    str | None,
    QueryParameter(max_length=200, description="Case-insensitive part of the name or title."),
]
ArtistIdFilter = Annotated[
    UUID | None, QueryParameter(name="artistId", description="Only this artist's items.")
]
AlbumIdFilter = Annotated[
    UUID | None, QueryParameter(name="albumId", description="Only this album's tracks.")
]
GenreFilter = Annotated[
    str | None, QueryParameter(max_length=50, description="Genre name, ignoring case.")
]


def _sort_param(keys: str, default: str) -> QueryParameter:
    return QueryParameter(
        description=f"One of {keys}; prefix '-' for descending. Default: {default}.",
        max_length=50,
    )


ArtistSort = Annotated[str | None, _sort_param("name, createdAt, updatedAt", "name")]
AlbumSort = Annotated[str | None, _sort_param("title, releaseDate, createdAt", "title")]
TrackSort = Annotated[str | None, _sort_param("title, durationMs, createdAt, trackNumber", "title")]
GenreSort = Annotated[str | None, _sort_param("name", "name")]

_SERVICES: dict[str, Provide] = {
    "artists": provide_service(ArtistService),
    "albums": provide_service(AlbumService),
    "tracks": provide_service(TrackService),
    "genres": provide_service(GenreService),
    "page": page_params,
}


class ArtistController(Controller):
    path = "/artists"
    tags = ["catalogue"]
    dependencies = _SERVICES

    @get("/", summary="List artists")
    async def list_artists(
        self,
        artists: ArtistService,
        page: PageParams,
        q: SearchText = None,
        owner_id: Annotated[
            UUID | None, QueryParameter(name="ownerId", description="Only profiles this user owns.")
        ] = None,
        sort: ArtistSort = None,
    ) -> Page[Artist]:
        items, total = await artists.list_page(page, q=q, owner_id=owner_id, sort=sort)
        return page.page(items, total, present_artist)

    @get("/{artist_id:uuid}", summary="Get an artist")
    async def get_artist(self, artists: ArtistService, artist_id: FromPath[UUID]) -> Artist:
        return present_artist(await artists.get_artist(artist_id))

    @get("/{artist_id:uuid}/albums", summary="List an artist's albums")
    async def list_artist_albums(
        self,
        artists: ArtistService,
        albums: AlbumService,
        page: PageParams,
        artist_id: FromPath[UUID],
        sort: AlbumSort = None,
    ) -> Page[Album]:
        artist = await artists.get_artist(artist_id)
        items, total = await albums.list_page(page, artist_id=artist.id, sort=sort)
        return page.page(items, total, present_album)

    @get("/{artist_id:uuid}/tracks", summary="List an artist's tracks")
    async def list_artist_tracks(
        self,
        artists: ArtistService,
        tracks: TrackService,
        page: PageParams,
        artist_id: FromPath[UUID],
        sort: TrackSort = None,
    ) -> Page[Track]:
        artist = await artists.get_artist(artist_id)
        items, total = await tracks.list_page(page, artist_id=artist.id, sort=sort)
        return page.page(items, total, present_track)

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        security=_BEARER,
        summary="Create an artist profile",
        description="An artist user becomes the owner of the profile they create (one each). "
        "Admins may name the owner with `ownerId`.",
    )
    async def create_artist(
        self, data: JSONBody[ArtistCreate], principal: Principal, artists: ArtistService
    ) -> Artist:
        require_editor(principal)
        admin = overriding_admin(principal, data.owner_id)
        return present_artist(await catalogue.create_artist(artists, data, principal, admin=admin))

    @patch("/{artist_id:uuid}", security=_BEARER, summary="Update an artist profile")
    async def update_artist(
        self,
        artist_id: FromPath[UUID],
        data: JSONBody[ArtistUpdate],
        principal: Principal,
        artists: ArtistService,
    ) -> Artist:
        require_editor(principal)
        artist = await artists.get_artist(artist_id)
        ensure_owns(principal, artist)
        admin = overriding_admin(principal, artist.owner_id)
        return present_artist(await catalogue.update_artist(artists, artist, data, admin=admin))

    @delete(
        "/{artist_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        security=_BEARER,
        summary="Delete an artist with all their albums and tracks",
    )
    async def delete_artist(
        self,
        artist_id: FromPath[UUID],
        principal: Principal,
        artists: ArtistService,
        storage: Storage,
    ) -> None:
        require_editor(principal)
        artist = await artists.get_artist(artist_id)
        ensure_owns(principal, artist)
        admin = overriding_admin(principal, artist.owner_id)
        await catalogue.delete_artist(artists, storage, artist, admin=admin)


class AlbumController(Controller):
    path = "/albums"
    tags = ["catalogue"]
    dependencies = _SERVICES

    @get("/", summary="List albums")
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

    @get("/{album_id:uuid}", summary="Get an album")
    async def get_album(self, albums: AlbumService, album_id: FromPath[UUID]) -> Album:
        return present_album(await albums.get_album(album_id))

    @get(
        "/{album_id:uuid}/tracks",
        summary="List an album's tracks in playing order (disc, track number, title)",
    )
    async def list_album_tracks(
        self, albums: AlbumService, tracks: TrackService, page: PageParams, album_id: FromPath[UUID]
    ) -> Page[Track]:
        album = await albums.get_album(album_id)
        items, total = await tracks.album_page(album.id, page)
        return page.page(items, total, present_track)

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        security=_BEARER,
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
        require_editor(principal)
        artist = await artists.get_artist(data.artist_id)
        ensure_owns(principal, artist)
        admin = overriding_admin(principal, artist.owner_id)
        return await catalogue.create_album(albums, data, artist, admin=admin)

    @patch("/{album_id:uuid}", security=_BEARER, summary="Update an album")
    async def update_album(
        self,
        album_id: FromPath[UUID],
        data: JSONBody[AlbumUpdate],
        principal: Principal,
        albums: AlbumService,
    ) -> Album:
        require_editor(principal)
        album = await albums.get_album(album_id)
        ensure_owns(principal, album.artist)
        admin = overriding_admin(principal, album.artist.owner_id)
        return await catalogue.update_album(albums, album, data, admin=admin)

    @delete(
        "/{album_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        security=_BEARER,
        summary="Delete an album (its tracks stay as singles)",
    )
    async def delete_album(
        self,
        album_id: FromPath[UUID],
        principal: Principal,
        albums: AlbumService,
        storage: Storage,
    ) -> None:
        require_editor(principal)
        album = await albums.get_album(album_id)
        ensure_owns(principal, album.artist)
        admin = overriding_admin(principal, album.artist.owner_id)
        await catalogue.delete_album(albums, storage, album, admin=admin)


class TrackController(Controller):
    path = "/tracks"
    tags = ["catalogue"]
    dependencies = _SERVICES

    @get("/", summary="List tracks")
    async def list_tracks(
        self,
        tracks: TrackService,
        page: PageParams,
        q: SearchText = None,
        artist_id: ArtistIdFilter = None,
        album_id: AlbumIdFilter = None,
        genre: GenreFilter = None,
        explicit: Annotated[
            bool | None, QueryParameter(description="Only explicit (true) or clean (false) tracks.")
        ] = None,
        sort: TrackSort = None,
    ) -> Page[Track]:
        items, total = await tracks.list_page(
            page,
            q=q,
            artist_id=artist_id,
            album_id=album_id,
            genre=genre,
            explicit=explicit,
            sort=sort,
        )
        return page.page(items, total, present_track)

    @get("/{track_id:uuid}", summary="Get a track")
    async def get_track(self, tracks: TrackService, track_id: FromPath[UUID]) -> Track:
        return present_track(await tracks.get_track(track_id))

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        security=_BEARER,
        summary="Create a track",
        description="`albumId`, if given, must be an album of the same artist. `genre` is a "
        "genre name: an existing genre (ignoring case) or a new one.",
    )
    async def create_track(
        self,
        data: JSONBody[TrackCreate],
        principal: Principal,
        artists: ArtistService,
        tracks: TrackService,
    ) -> Track:
        require_editor(principal)
        artist = await artists.get_artist(data.artist_id)
        ensure_owns(principal, artist)
        admin = overriding_admin(principal, artist.owner_id)
        return await catalogue.create_track(tracks, data, artist, admin=admin)

    @patch("/{track_id:uuid}", security=_BEARER, summary="Update a track")
    async def update_track(
        self,
        track_id: FromPath[UUID],
        data: JSONBody[TrackUpdate],
        principal: Principal,
        tracks: TrackService,
    ) -> Track:
        require_editor(principal)
        track = await tracks.get_track(track_id)
        ensure_owns(principal, track.artist)
        admin = overriding_admin(principal, track.artist.owner_id)
        return await catalogue.update_track(tracks, track, data, admin=admin)

    @delete(
        "/{track_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        security=_BEARER,
        summary="Delete a track",
    )
    async def delete_track(
        self,
        track_id: FromPath[UUID],
        principal: Principal,
        tracks: TrackService,
        storage: Storage,
    ) -> None:
        require_editor(principal)
        track = await tracks.get_track(track_id)
        ensure_owns(principal, track.artist)
        admin = overriding_admin(principal, track.artist.owner_id)
        await catalogue.delete_track(tracks, storage, track, admin=admin)


class GenreController(Controller):
    path = "/genres"
    tags = ["catalogue"]
    dependencies = _SERVICES

    @get("/", summary="List genres")
    async def list_genres(
        self, genres: GenreService, page: PageParams, q: SearchText = None, sort: GenreSort = None
    ) -> Page[Genre]:
        items, total = await genres.list_page(page, q=q, sort=sort)
        return page.page(items, total, present_genre)

    @get("/{genre_id:uuid}", summary="Get a genre")
    async def get_genre(self, genres: GenreService, genre_id: FromPath[UUID]) -> Genre:
        return present_genre(await genres.get_genre(genre_id))

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        security=_BEARER,
        summary="Create a genre (admins)",
        description="409 if a genre of that name exists, ignoring case.",
    )
    async def create_genre(
        self, data: JSONBody[GenreCreate], principal: Principal, genres: GenreService
    ) -> Genre:
        require_admin(principal)
        return present_genre(await genres.create_genre(data.name))

    @patch("/{genre_id:uuid}", security=_BEARER, summary="Rename a genre (admins)")
    async def update_genre(
        self,
        genre_id: FromPath[UUID],
        data: JSONBody[GenreUpdate],
        principal: Principal,
        genres: GenreService,
    ) -> Genre:
        require_admin(principal)
        genre = await genres.get_genre(genre_id)
        return present_genre(await genres.rename_genre(genre, data.name))

    @delete(
        "/{genre_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        security=_BEARER,
        summary="Delete a genre (admins); albums and tracks keep no genre",
    )
    async def delete_genre(
        self, genre_id: FromPath[UUID], principal: Principal, genres: GenreService
    ) -> None:
        require_admin(principal)
        await genres.delete_genre(await genres.get_genre(genre_id))


route_handlers: list[ControllerRouterHandler] = [
    ArtistController,
    AlbumController,
    TrackController,
    GenreController,
]
