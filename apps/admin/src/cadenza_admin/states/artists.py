"""The artists table: edit, create, delete (saying what goes with them) and merge."""

from __future__ import annotations

from uuid import UUID

import reflex as rx
from reflex.event import EventHandler, EventSpec

from cadenza_admin.models import ArtistRow, form_text, impact_sentence, optional_text
from cadenza_admin.states.session import CallFailed, admin_call
from cadenza_admin.states.tables import PAGE_SIZE, TableMixin
from cadenza_contracts.catalog import ArtistCreate, ArtistUpdate
from cadenza_ui.events import background, event


class ArtistsState(TableMixin, rx.State):
    rows: rx.Field[list[ArtistRow]] = rx.field(default_factory=list)
    target: ArtistRow = ArtistRow()
    sentence: rx.Field[str] = rx.field("")
    choices: rx.Field[list[ArtistRow]] = rx.field(default_factory=list)

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            self._start_loading()
            query, sort, offset = self.query, self.sort or "name", self.offset
        try:
            page = await admin_call(
                self,
                lambda api: api.admin.list_artists(
                    q=query or None, sort=sort, limit=PAGE_SIZE, offset=offset
                ),
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.rows = [ArtistRow.of(artist) for artist in page.items]
            self._show_page(page.total, len(page.items))
        return None

    def _pick(self, artist_id: str) -> None:
        self.target = next((row for row in self.rows if row.id == artist_id), ArtistRow())

    @event
    def open_create(self) -> None:
        self.target = ArtistRow()
        self._open("create")

    @event
    def open_edit(self, artist_id: str) -> None:
        self._pick(artist_id)
        self._open("edit")

    @background
    async def save(self, form: dict[str, str]) -> EventSpec | EventHandler | None:
        async with self:
            self.busy = True
            self.form_error = ""
            creating, artist_id = self.dialog == "create", self.target.id
        name, bio = form_text(form, "artist-name"), optional_text(form_text(form, "artist-bio"))
        try:
            if creating:
                await admin_call(
                    self, lambda api: api.create_artist(ArtistCreate(name=name, bio=bio))
                )
            else:
                body = ArtistUpdate(name=name, bio=bio)
                await admin_call(self, lambda api: api.admin.update_artist(UUID(artist_id), body))
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            return self._done(f"Created “{name}”." if creating else f"Saved “{name}”.")

    @background
    async def open_delete(self, artist_id: str) -> EventSpec | None:
        async with self:
            self._pick(artist_id)
            self._open("delete")
            self.sentence = ""
            name = self.target.name
        try:
            impact = await admin_call(
                self, lambda api: api.admin.artist_delete_impact(UUID(artist_id))
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.sentence = impact_sentence(name, impact)
        return None

    @background
    async def confirm_delete(self) -> EventSpec | EventHandler | None:
        async with self:
            self.busy = True
            artist_id, name = self.target.id, self.target.name
        try:
            await admin_call(self, lambda api: api.admin.delete_artist(UUID(artist_id)))
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            return self._done(f"Deleted “{name}”.")

    @background
    async def open_merge(self, artist_id: str) -> EventSpec | None:
        async with self:
            self._pick(artist_id)
            self._open("merge")
            self.choices = []
        try:
            page = await admin_call(
                self, lambda api: api.admin.list_artists(sort="name", limit=100)
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.choices = [
                ArtistRow.of(artist) for artist in page.items if str(artist.id) != artist_id
            ]
        return None

    @background
    async def merge(self, form: dict[str, str]) -> EventSpec | EventHandler | None:
        target_id = form_text(form, "merge-target")
        async with self:
            if not target_id:
                self.form_error = "Choose the artist to merge into."
                return None
            self.busy = True
            source_id, source_name = self.target.id, self.target.name
        try:
            merged = await admin_call(
                self, lambda api: api.admin.merge_artists(UUID(source_id), UUID(target_id))
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            return self._done(f"Merged “{source_name}” into “{merged.name}”.")
