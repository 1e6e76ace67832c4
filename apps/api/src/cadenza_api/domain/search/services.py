"""Search: every query word matches the start of a word, ignoring case and accents.

SQLite answers from the FTS5 tables of the migration, PostgreSQL from its GIN expression
indexes; both rank an exact name first, then names starting with the query, then by the
engine's relevance, then by name.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    String,
    case,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from cadenza_api.db.models import Album, Artist, Playlist, Track

MAX_QUERY_LENGTH = 200

# A query's words, each matched as the start of a word: runs of letters and digits only,
# since FTS5 and PostgreSQL's parser both split words at underscores.
_WORD = re.compile(r"[^\W_]+")

ModelT = TypeVar("ModelT", Artist, Album, Track, Playlist)


class SearchGroup(StrEnum):
    TRACKS = "tracks"
    ALBUMS = "albums"
    ARTISTS = "artists"
    PLAYLISTS = "playlists"


def fold(text: str) -> str:
    """`text` without accents and case-folded, for exact and starts-with comparisons."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _fts5_expression(words: Sequence[str]) -> str:
    # Every word quoted, so no user text is ever read as FTS5 syntax (AND, NEAR, ^, -, ...).
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


def _tsquery_text(lexemes: Sequence[str]) -> str:
    quoted = ("'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'" for lexeme in lexemes)
    return " & ".join(f"{lexeme}:*" for lexeme in quoted)


@dataclass(frozen=True)
class _Searchable(Generic[ModelT]):
    """One searchable table: its model, the column ranked as its name, the indexed columns."""

    model: type[ModelT]
    name: InstrumentedAttribute[str]
    indexed: tuple[str, ...]

    @property
    def table_name(self) -> str:
        return self.model.__tablename__

    def tsvector(self) -> ColumnElement[Any]:
        """The expression of the migration's GIN index, verbatim, so PostgreSQL uses the index."""
        document = " || ' ' || ".join(f"coalesce({self.table_name}.{c}, '')" for c in self.indexed)
        return literal_column(f"to_tsvector('simple', cadenza_unaccent({document}))")


_ARTISTS = _Searchable(Artist, Artist.name, ("name",))
_ALBUMS = _Searchable(Album, Album.title, ("title",))
_TRACKS = _Searchable(Track, Track.title, ("title",))
_PLAYLISTS = _Searchable(Playlist, Playlist.name, ("name", "description"))


@dataclass(frozen=True)
class SearchHits:
    """The best matches of each group, best first."""

    tracks: Sequence[Track] = field(default_factory=list)
    albums: Sequence[Album] = field(default_factory=list)
    artists: Sequence[Artist] = field(default_factory=list)
    playlists: Sequence[Playlist] = field(default_factory=list)


class SearchService:
    """Runs one search over the request's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def search(
        self,
        query: str,
        *,
        groups: frozenset[SearchGroup],
        limit: int,
        viewer_id: UUID | None,
    ) -> SearchHits:
        """Up to `limit` matches per requested group; playlists are public or `viewer_id`'s own."""
        # NFKC so that ligatures and full-width letters read as plain ones.
        normalized = " ".join(unicodedata.normalize("NFKC", query).split())
        words: list[str] = _WORD.findall(normalized)
        if not words:
            return SearchHits()
        matcher = await self._matcher(normalized, words)
        visible: ColumnElement[bool] = Playlist.is_public.is_(True)
        if viewer_id is not None:
            visible = or_(visible, Playlist.owner_id == viewer_id)
        return SearchHits(
            tracks=await matcher.find(_TRACKS, limit) if SearchGroup.TRACKS in groups else [],
            albums=await matcher.find(_ALBUMS, limit) if SearchGroup.ALBUMS in groups else [],
            artists=await matcher.find(_ARTISTS, limit) if SearchGroup.ARTISTS in groups else [],
            playlists=(
                await matcher.find(_PLAYLISTS, limit, visible)
                if SearchGroup.PLAYLISTS in groups
                else []
            ),
        )

    async def _matcher(self, query: str, words: Sequence[str]) -> _Matcher:
        connection = await self.session.connection()
        if connection.dialect.name == "sqlite":
            # SQLite's twin of lower(cadenza_unaccent(...)). Functions live per connection;
            # registering again just replaces it.
            raw = await connection.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            await driver.create_function("cadenza_fold", 1, fold, deterministic=True)
            return _SqliteMatcher(self.session, query, words)
        # Accents go before quoting: unaccent turns some letters (U+02BC, U+0149) into apostrophes.
        lexemes = (await self.session.execute(select(*map(func.cadenza_unaccent, words)))).one()
        return _PostgresMatcher(self.session, query, _tsquery_text(lexemes))


class _Matcher(ABC):
    """Orders matches: exact name, then names starting with the query, relevance, name."""

    def __init__(self, session: AsyncSession, query: str) -> None:
        self.session = session
        self.query = query

    @abstractmethod
    def fold(self, value: SQLColumnExpression[str]) -> ColumnElement[str]:
        """`value` without accents, in lower case."""

    @abstractmethod
    def matching(self, searchable: _Searchable[ModelT]) -> tuple[Select[Any], list[Any]]:
        """Rows of `searchable` matching every word, and the engine's relevance ordering."""

    async def find(
        self, searchable: _Searchable[ModelT], limit: int, *where: ColumnElement[bool]
    ) -> Sequence[ModelT]:
        statement, relevance = self.matching(searchable)
        name = self.fold(searchable.name)
        query = self.fold(literal(self.query, String))
        starts_with_query = func.substr(name, 1, func.length(query)) == query
        statement = (
            statement.where(*where)
            .order_by(
                case((name == query, 0), else_=1),
                case((starts_with_query, 0), else_=1),
                *relevance,
                name,
                searchable.model.id,
            )
            .limit(limit)
        )
        return (await self.session.scalars(statement)).all()


class _SqliteMatcher(_Matcher):
    def __init__(self, session: AsyncSession, query: str, words: Sequence[str]) -> None:
        super().__init__(session, query)
        self.expression = _fts5_expression(words)

    def fold(self, value: SQLColumnExpression[str]) -> ColumnElement[str]:
        return func.cadenza_fold(value)

    def matching(self, searchable: _Searchable[ModelT]) -> tuple[Select[Any], list[Any]]:
        fts_name = f"{searchable.table_name}_fts"
        fts = table(fts_name, column("rowid"), column("rank"), column(fts_name))
        statement = (
            select(searchable.model)
            .join(fts, fts.c.rowid == literal_column(f"{searchable.table_name}.rowid"))
            .where(fts.c[fts_name].match(self.expression))
        )
        # FTS5's rank is bm25, where lower is better.
        return statement, [fts.c.rank]


class _PostgresMatcher(_Matcher):
    def __init__(self, session: AsyncSession, query: str, tsquery: str) -> None:
        super().__init__(session, query)
        self.tsquery = func.to_tsquery(literal_column("'simple'"), tsquery)

    def fold(self, value: SQLColumnExpression[str]) -> ColumnElement[str]:
        return func.lower(func.cadenza_unaccent(value))

    def matching(self, searchable: _Searchable[ModelT]) -> tuple[Select[Any], list[Any]]:
        document = searchable.tsvector()
        statement = select(searchable.model).where(document.op("@@")(self.tsquery))
        similarity = func.similarity(
            self.fold(searchable.name), self.fold(literal(self.query, String))
        )
        return statement, [func.ts_rank(document, self.tsquery).desc(), similarity.desc()]
