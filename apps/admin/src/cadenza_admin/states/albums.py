"""The albums table: edit (with a cover), create, delete (with or without the tracks),
merge."""

from __future__ import annotations

from uuid import UUID

import reflex as rx
from reflex.event import EventHandler, EventSpec

from cadenza_admin.models import (
    AlbumRow,
    album_impact,
    form_text,
    impact_sentence,
    optional_text,
    parse_date,
)
from cadenza_admin.states.catalogue_form import CatalogueFormMixin
from cadenza_admin.states.session import CallFailed, admin_call
from cadenza_admin.states.tables import PAGE_SIZE
from cadenza_contracts.admin import DeleteImpact
from cadenza_contracts.catalog import AlbumCreate, AlbumUpdate
from cadenza_ui.events import background, event

ALBUM_COVER_UPLOAD = "album-cover"


class AlbumsState(CatalogueFormMixin, rx.State):
    rows: rx.Field[list[AlbumRow]] = rx.field(default_factory=list)
    genre: rx.Field[str] = rx.field("")
    target: AlbumRow = AlbumRow()
    sentence: rx.Field[str] = rx.field("")
    with_tracks: rx.Field[bool] = rx.field(False)
    choices: rx.Field[list[AlbumRow]] = rx.field(default_factory=list)
    _impact: DeleteImpact | None = None

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            self._start_loading()
            query, genre, sort, offset = self.query, self.genre, self.sort or "title", self.offset
        try:
            page = await admin_call(
                self,
                lambda api: api.admin.list_albums(
                    q=query or None, genre=genre or None, sort=sort, limit=PAGE_SIZE, offset=offset
                ),
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.rows = [AlbumRow.of(album) for album in page.items]
            self._show_page(page.total, len(page.items))
        return None

    @event
    def filter_genre(self, genre: str) -> EventHandler:
        self.genre = genre.strip()
        self.offset = 0
        return AlbumsState.load

    def _pick(self, album_id: str) -> None:
        self.target = next((row for row in self.rows if row.id == album_id), AlbumRow())

    @background
    async def open_create(self) -> EventSpec | None:
        async with self:
            self.target = AlbumRow()
            self._open("create")
        return await self._load_artists()

    @event
    def open_edit(self, album_id: str) -> None:
        self._pick(album_id)
        self._open("edit")

    @background
    async def save(self) -> EventSpec | EventHandler | None:
        async with self:
            creating, album_id = self.dialog == "create", self.target.id
            form, cover = self._take_form()
        title = form_text(form, "album-title")
        genre = optional_text(form_text(form, "album-genre"))
        try:
            released = parse_date(form_text(form, "album-release-date"))
        except ValueError:
            return await self._failed(CallFailed("Enter the release date as YYYY-MM-DD."))
        try:
            if creating:
                artist_id = form_text(form, "album-artist")
                if not artist_id:
                    raise CallFailed("Choose the album's artist.")
                body = AlbumCreate(
                    title=title, artist_id=UUID(artist_id), release_date=released, genre=genre
                )
                album = await admin_call(self, lambda api: api.create_album(body))
            else:
                update = AlbumUpdate(title=title, release_date=released, genre=genre)
                album = await admin_call(
                    self, lambda api: api.admin.update_album(UUID(album_id), update)
                )
            await self._send_cover(cover, album.id, lambda api: api.admin.set_album_cover)
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            return self._done(f"Created “{title}”." if creating else f"Saved “{title}”.")

    @background
    async def open_delete(self, album_id: str) -> EventSpec | None:
        async with self:
            self._pick(album_id)
            self._open("delete")
            self.sentence = ""
            self.with_tracks = False
        try:
            impact = await admin_call(
                self, lambda api: api.admin.album_delete_impact(UUID(album_id))
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self._impact = album_impact(impact)
            self.sentence = impact_sentence(self.target.title, self._impact, tracks_stay=True)
        return None

    @event
    def set_with_tracks(self, checked: bool) -> None:
        self.with_tracks = checked
        if self._impact is not None:
            self.sentence = impact_sentence(
                self.target.title, self._impact, tracks_stay=not checked
            )

    @background
    async def confirm_delete(self) -> EventSpec | EventHandler | None:
        async with self:
            self.busy = True
            album_id, title, with_tracks = self.target.id, self.target.title, self.with_tracks
        try:
            await admin_call(
                self, lambda api: api.admin.delete_album(UUID(album_id), with_tracks=with_tracks)
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            return self._done(f"Deleted “{title}”.")

    @background
    async def open_merge(self, album_id: str) -> EventSpec | None:
        async with self:
            self._pick(album_id)
            self._open("merge")
            self.choices = []
        try:
            page = await admin_call(
                self, lambda api: api.admin.list_albums(sort="title", limit=100)
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.choices = [AlbumRow.of(album) for album in page.items if str(album.id) != album_id]
        return None

    @background
    async def merge(self, form: dict[str, str]) -> EventSpec | EventHandler | None:
        target_id = form_text(form, "merge-target")
        async with self:
            if not target_id:
                self.form_error = "Choose the album to merge into."
                return None
            self.busy = True
            source_id, source_title = self.target.id, self.target.title
        try:
            merged = await admin_call(
                self, lambda api: api.admin.merge_albums(UUID(source_id), UUID(target_id))
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            return self._done(f"Merged “{source_title}” into “{merged.title}”.")
