"""Catalogue services: artists, albums, tracks and genres, their list queries and edits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from sqlalchemy import ColumnElement, func, nulls_last, select
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import Album, Artist, Genre, Track, User
from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.errors import Conflict, Forbidden, InvalidInput, NotFound
from cadenza_api.pagination import PageParams, order_by
from cadenza_contracts.catalog import (
    AlbumCreate,
    AlbumUpdate,
    ArtistCreate,
    ArtistUpdate,
    TrackCreate,
    TrackUpdate,
)

ModelT = TypeVar("ModelT", bound=UUIDAuditBase)

ARTIST_SORTS: Mapping[str, ColumnElement[Any]] = {
    "name": func.lower(Artist.name),
    "createdAt": Artist.created_at.expression,
    "updatedAt": Artist.updated_at.expression,
}
ALBUM_SORTS: Mapping[str, ColumnElement[Any]] = {
    "title": func.lower(Album.title),
    "releaseDate": Album.release_date.expression,
    "createdAt": Album.created_at.expression,
}
TRACK_SORTS: Mapping[str, ColumnElement[Any]] = {
    "title": func.lower(Track.title),
    "durationMs": Track.duration_ms.expression,
    "createdAt": Track.created_at.expression,
    "trackNumber": Track.track_number.expression,
}
GENRE_SORTS: Mapping[str, ColumnElement[Any]] = {"name": func.lower(Genre.name)}


def _ordering(
    sort: str | None, columns: Mapping[str, ColumnElement[Any]], default: str
) -> list[ColumnElement[Any]]:
    # NULLS LAST in both directions, so SQLite and PostgreSQL order missing values alike;
    # ties fall back to the default key (then the id, in `_page`), so pages stay stable.
    clauses = [nulls_last(clause) for clause in order_by(sort, columns, default)]
    return [*clauses, columns[default].asc()]


def _genre_named(name: str) -> ColumnElement[bool]:
    # lower() on both sides, so the database folds case the same way as its unique index.
    return func.lower(Genre.name) == func.lower(name.strip())


async def _page(
    session: AsyncSession,
    model: type[ModelT],
    filters: Sequence[ColumnElement[bool]],
    ordering: Sequence[ColumnElement[Any]],
    params: PageParams,
) -> tuple[list[ModelT], int]:
    """One page of `model` rows matching `filters`, and how many match in all."""
    total = await session.scalar(select(func.count()).select_from(model).where(*filters))
    # The id breaks ties, so equal sort keys never shuffle rows between pages.
    statement = select(model).where(*filters).order_by(*ordering, model.id)
    rows = await session.scalars(params.apply(statement))
    return list(rows), total or 0


async def _reload(session: AsyncSession, row: ModelT) -> ModelT:
    """Flush `row`, then read it back with its joined relations and computed columns."""
    await session.flush()
    model = type(row)
    statement = select(model).where(model.id == row.id).execution_options(populate_existing=True)
    return (await session.execute(statement)).unique().scalar_one()


class GenreService(SQLAlchemyAsyncRepositoryService[Genre]):
    class Repo(SQLAlchemyAsyncRepository[Genre]):
        model_type = Genre

    repository_type = Repo

    @property
    def session(self) -> AsyncSession:
        return self.repository.session

    async def get_genre(self, genre_id: UUID) -> Genre:
        genre = await self.session.get(Genre, genre_id)
        if genre is None:
            raise NotFound(f"No genre with id {genre_id}.")
        return genre

    async def find_by_name(self, name: str) -> Genre | None:
        """The genre called `name`, ignoring case."""
        return await self.session.scalar(select(Genre).where(_genre_named(name)))

    async def resolve(self, name: str | None) -> Genre | None:
        """The genre called `name` (ignoring case), created if there is none yet."""
        if name is None:
            return None
        genre = await self.find_by_name(name)
        if genre is None:
            genre = Genre(name=name.strip())
            self.session.add(genre)
            await self.session.flush()
        return genre

    async def list_page(
        self, params: PageParams, *, q: str | None, sort: str | None
    ) -> tuple[list[Genre], int]:
        filters = [Genre.name.icontains(q, autoescape=True)] if q else []
        return await _page(
            self.session, Genre, filters, _ordering(sort, GENRE_SORTS, "name"), params
        )

    async def _ensure_free(self, name: str, *, except_id: UUID | None = None) -> None:
        existing = await self.find_by_name(name)
        if existing is not None and existing.id != except_id:
            raise Conflict(f"The genre {existing.name!r} already exists.")

    async def create_genre(self, name: str) -> Genre:
        await self._ensure_free(name)
        genre = Genre(name=name.strip())
        self.session.add(genre)
        return await _reload(self.session, genre)

    async def rename_genre(self, genre: Genre, name: str | msgspec.UnsetType) -> Genre:
        if not isinstance(name, msgspec.UnsetType):
            await self._ensure_free(name, except_id=genre.id)
            genre.name = name.strip()
        return await _reload(self.session, genre)

    async def delete_genre(self, genre: Genre) -> None:
        """Delete a genre; albums and tracks that had it keep no genre."""
        await self.session.delete(genre)
        await self.session.flush()


class ArtistService(SQLAlchemyAsyncRepositoryService[Artist]):
    class Repo(SQLAlchemyAsyncRepository[Artist]):
        model_type = Artist

    repository_type = Repo

    @property
    def session(self) -> AsyncSession:
        return self.repository.session

    async def get_artist(self, artist_id: UUID) -> Artist:
        artist = await self.session.get(Artist, artist_id)
        if artist is None:
            raise NotFound(f"No artist with id {artist_id}.")
        return artist

    async def list_page(
        self, params: PageParams, *, q: str | None, owner_id: UUID | None, sort: str | None
    ) -> tuple[list[Artist], int]:
        filters: list[ColumnElement[bool]] = []
        if q:
            filters.append(Artist.name.icontains(q, autoescape=True))
        if owner_id is not None:
            filters.append(Artist.owner_id == owner_id)
        return await _page(
            self.session, Artist, filters, _ordering(sort, ARTIST_SORTS, "name"), params
        )

    async def _owner_for_new_profile(self, data: ArtistCreate, actor: Principal) -> UUID | None:
        """Who will own a new profile: the artist user creating it, or whom an admin names."""
        if data.owner_id is not None and not actor.is_admin:
            raise Forbidden("Only admins may set ownerId; artist users own what they create.")
        if actor.is_admin:
            owner_id = data.owner_id
            if owner_id is not None and await self.session.get(User, owner_id) is None:
                raise NotFound(f"ownerId: no user with id {owner_id}.")
        else:
            owner_id = actor.user.id
        if owner_id is None:
            return None
        owned = await self.session.scalar(select(Artist.name).where(Artist.owner_id == owner_id))
        if owned is not None:
            subject = "You already own" if owner_id == actor.user.id else "That user already owns"
            raise Conflict(f"{subject} the artist profile {owned!r}; a user owns at most one.")
        return owner_id

    async def owned_by(self, user_id: UUID) -> Artist | None:
        return await self.session.scalar(select(Artist).where(Artist.owner_id == user_id))

    async def find_or_create(self, name: str) -> Artist:
        """The artist called `name` (ignoring case), created if there is none yet."""
        name = name.strip()
        artist = await self.session.scalar(
            select(Artist)
            .where(func.lower(Artist.name) == name.lower())
            .order_by(Artist.created_at)
            .limit(1)
        )
        if artist is None:
            artist = Artist(name=name)
            self.session.add(artist)
            await self.session.flush()
        return artist

    async def media_ids(self, artist: Artist) -> tuple[list[UUID], list[UUID]]:
        """Ids of the artist's tracks and albums, whose stored media must go with them."""
        track_ids = await self.session.scalars(select(Track.id).where(Track.artist_id == artist.id))
        album_ids = await self.session.scalars(select(Album.id).where(Album.artist_id == artist.id))
        return list(track_ids), list(album_ids)

    async def create_artist(self, data: ArtistCreate, actor: Principal) -> Artist:
        owner_id = await self._owner_for_new_profile(data, actor)
        artist = Artist(name=data.name.strip(), bio=data.bio, owner_id=owner_id)
        self.session.add(artist)
        return await _reload(self.session, artist)

    async def update_artist(self, artist: Artist, data: ArtistUpdate) -> Artist:
        if not isinstance(data.name, msgspec.UnsetType):
            artist.name = data.name.strip()
        if not isinstance(data.bio, msgspec.UnsetType):
            artist.bio = data.bio
        return await _reload(self.session, artist)

    async def delete_artist(self, artist: Artist) -> None:
        """Delete an artist; the database deletes their albums and tracks with them."""
        await self.session.delete(artist)
        await self.session.flush()


class AlbumService(SQLAlchemyAsyncRepositoryService[Album]):
    class Repo(SQLAlchemyAsyncRepository[Album]):
        model_type = Album

    repository_type = Repo

    @property
    def session(self) -> AsyncSession:
        return self.repository.session

    async def get_album(self, album_id: UUID) -> Album:
        album = await self.session.get(Album, album_id)
        if album is None:
            raise NotFound(f"No album with id {album_id}.")
        return album

    async def list_page(
        self,
        params: PageParams,
        *,
        q: str | None = None,
        artist_id: UUID | None = None,
        genre: str | None = None,
        sort: str | None = None,
    ) -> tuple[list[Album], int]:
        filters: list[ColumnElement[bool]] = []
        if q:
            filters.append(Album.title.icontains(q, autoescape=True))
        if artist_id is not None:
            filters.append(Album.artist_id == artist_id)
        if genre:
            filters.append(Album.genre.has(_genre_named(genre)))
        return await _page(
            self.session, Album, filters, _ordering(sort, ALBUM_SORTS, "title"), params
        )

    async def find_or_create(self, artist: Artist, title: str, genre: Genre | None = None) -> Album:
        """The artist's album called `title` (ignoring case), created if there is none yet."""
        title = title.strip()
        album = await self.session.scalar(
            select(Album)
            .where(Album.artist_id == artist.id, func.lower(Album.title) == title.lower())
            .order_by(Album.created_at)
            .limit(1)
        )
        if album is None:
            album = Album(title=title, artist_id=artist.id, genre_id=genre.id if genre else None)
            self.session.add(album)
            await self.session.flush()
        return album

    async def create_album(self, data: AlbumCreate, artist: Artist) -> Album:
        genre = await GenreService(session=self.session).resolve(data.genre)
        album = Album(
            title=data.title.strip(),
            artist_id=artist.id,
            release_date=data.release_date,
            genre_id=genre.id if genre else None,
        )
        self.session.add(album)
        return await _reload(self.session, album)

    async def update_album(self, album: Album, data: AlbumUpdate) -> Album:
        if not isinstance(data.title, msgspec.UnsetType):
            album.title = data.title.strip()
        if not isinstance(data.release_date, msgspec.UnsetType):
            album.release_date = data.release_date
        if not isinstance(data.genre, msgspec.UnsetType):
            genre = await GenreService(session=self.session).resolve(data.genre)
            album.genre_id = genre.id if genre else None
        return await _reload(self.session, album)

    async def delete_album(self, album: Album) -> None:
        """Delete an album; its tracks stay, as singles of the same artist."""
        await self.session.delete(album)
        await self.session.flush()


class TrackService(SQLAlchemyAsyncRepositoryService[Track]):
    class Repo(SQLAlchemyAsyncRepository[Track]):
        model_type = Track

    repository_type = Repo

    @property
    def session(self) -> AsyncSession:
        return self.repository.session

    async def get_track(self, track_id: UUID) -> Track:
        track = await self.session.get(Track, track_id)
        if track is None:
            raise NotFound(f"No track with id {track_id}.")
        return track

    async def list_page(
        self,
        params: PageParams,
        *,
        q: str | None = None,
        artist_id: UUID | None = None,
        album_id: UUID | None = None,
        genre: str | None = None,
        explicit: bool | None = None,
        status: str | None = None,
        sort: str | None = None,
    ) -> tuple[list[Track], int]:
        filters: list[ColumnElement[bool]] = []
        if q:
            filters.append(Track.title.icontains(q, autoescape=True))
        if status is not None:
            filters.append(Track.status == status)
        if artist_id is not None:
            filters.append(Track.artist_id == artist_id)
        if album_id is not None:
            filters.append(Track.album_id == album_id)
        if genre:
            filters.append(Track.genre.has(_genre_named(genre)))
        if explicit is not None:
            filters.append(Track.explicit.is_(explicit))
        return await _page(
            self.session, Track, filters, _ordering(sort, TRACK_SORTS, "title"), params
        )

    async def album_page(self, album_id: UUID, params: PageParams) -> tuple[list[Track], int]:
        """An album's tracks in playing order: disc, track number, then title."""
        ordering: list[ColumnElement[Any]] = [
            func.coalesce(Track.disc_number, 1).asc(),
            nulls_last(Track.track_number.asc()),
            func.lower(Track.title).asc(),
        ]
        return await _page(self.session, Track, [Track.album_id == album_id], ordering, params)

    async def _check_album(self, album_id: UUID | None, artist_id: UUID) -> None:
        if album_id is None:
            return
        album_artist = await self.session.scalar(
            select(Album.artist_id).where(Album.id == album_id)
        )
        if album_artist is None:
            raise NotFound(f"albumId: no album with id {album_id}.")
        if album_artist != artist_id:
            raise InvalidInput(
                f"albumId: the album {album_id} is by another artist; "
                "a track can only be on an album of its own artist."
            )

    async def create_track(self, data: TrackCreate, artist: Artist) -> Track:
        await self._check_album(data.album_id, artist.id)
        genre = await GenreService(session=self.session).resolve(data.genre)
        track = Track(
            title=data.title.strip(),
            artist_id=artist.id,
            album_id=data.album_id,
            track_number=data.track_number,
            disc_number=data.disc_number,
            duration_ms=data.duration_ms,
            genre_id=genre.id if genre else None,
            explicit=data.explicit,
        )
        self.session.add(track)
        return await _reload(self.session, track)

    async def update_track(self, track: Track, data: TrackUpdate) -> Track:
        if not isinstance(data.title, msgspec.UnsetType):
            track.title = data.title.strip()
        if not isinstance(data.album_id, msgspec.UnsetType):
            await self._check_album(data.album_id, track.artist_id)
            track.album_id = data.album_id
        if not isinstance(data.track_number, msgspec.UnsetType):
            track.track_number = data.track_number
        if not isinstance(data.disc_number, msgspec.UnsetType):
            track.disc_number = data.disc_number
        if not isinstance(data.duration_ms, msgspec.UnsetType):
            track.duration_ms = data.duration_ms
        if not isinstance(data.genre, msgspec.UnsetType):
            genre = await GenreService(session=self.session).resolve(data.genre)
            track.genre_id = genre.id if genre else None
        if not isinstance(data.explicit, msgspec.UnsetType):
            track.explicit = data.explicit
        return await _reload(self.session, track)

    async def delete_track(self, track: Track) -> None:
        await self.session.delete(track)
        await self.session.flush()
