"""The tracks table: edit all metadata (and a cover), create, delete, and bulk actions on
the selected tracks (delete, set the genre, move to an album)."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

import reflex as rx
from reflex.event import EventHandler, EventSpec

from cadenza_admin.models import (
    AlbumRow,
    TrackRow,
    form_text,
    impact_sentence,
    optional_text,
    parse_int,
    plural,
    toggled,
)
from cadenza_admin.states.catalogue_form import CatalogueFormMixin
from cadenza_admin.states.choices import album_choices
from cadenza_admin.states.session import CallFailed, admin_call
from cadenza_admin.states.tables import PAGE_SIZE
from cadenza_contracts.admin import BulkDelete, BulkMoveToAlbum, BulkSetGenre, TrackBulkAction
from cadenza_contracts.catalog import TrackCreate, TrackUpdate
from cadenza_ui.events import background, event

TRACK_COVER_UPLOAD = "track-cover"


class TracksState(CatalogueFormMixin, rx.State):
    rows: rx.Field[list[TrackRow]] = rx.field(default_factory=list)
    genre: rx.Field[str] = rx.field("")
    status: rx.Field[str] = rx.field("")
    selected: rx.Field[list[str]] = rx.field(default_factory=list)
    target: TrackRow = TrackRow()
    # The delete dialog's sentence: what else goes with the track.
    sentence: rx.Field[str] = rx.field("")
    albums: rx.Field[list[AlbumRow]] = rx.field(default_factory=list)

    @rx.var
    def selected_tracks(self) -> str:
        return plural(len(self.selected), "track")

    @background
    async def load(self) -> EventSpec | None:
        async with self:
            self._start_loading()
            query, genre, status = self.query, self.genre, self.status
            sort, offset = self.sort or "title", self.offset
        try:
            page = await admin_call(
                self,
                lambda api: api.admin.list_tracks(
                    q=query or None,
                    genre=genre or None,
                    status=status or None,
                    sort=sort,
                    limit=PAGE_SIZE,
                    offset=offset,
                ),
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.rows = [TrackRow.of(track) for track in page.items]
            self._show_page(page.total, len(page.items))
            shown = {row.id for row in self.rows}
            self.selected = [track_id for track_id in self.selected if track_id in shown]
        return None

    @event
    def filter_genre(self, genre: str) -> EventHandler:
        self.genre = genre.strip()
        self.offset = 0
        return TracksState.load

    @event
    def filter_status(self, status: str) -> EventHandler:
        self.status = status
        self.offset = 0
        return TracksState.load

    @event
    def toggle(self, track_id: str, checked: bool) -> None:
        self.selected = toggled(self.selected, track_id, checked)

    @event
    def clear_selection(self) -> None:
        self.selected = []

    @event
    def set_target_album(self, album_id: str) -> None:
        self.target = replace(self.target, album_id=album_id)

    def _pick(self, track_id: str) -> None:
        self.target = next((row for row in self.rows if row.id == track_id), TrackRow())

    # --- one track ---------------------------------------------------------------------

    @background
    async def open_create(self) -> EventSpec | None:
        async with self:
            self.target = TrackRow()
            self._open("create")
        return await self._load_artists()

    @background
    async def open_edit(self, track_id: str) -> EventSpec | None:
        async with self:
            self._pick(track_id)
            self._open("edit")
            self.albums = []
            artist_id = self.target.artist_id
        return await self._load_albums(artist_id)

    async def _load_albums(self, artist_id: str = "") -> EventSpec | None:
        """The albums a track may move to: all of them, or those of `artist_id`."""
        try:
            albums = await admin_call(self, lambda api: album_choices(api, artist_id))
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.albums = albums
        return None

    @background
    async def save(self) -> EventSpec | EventHandler | None:
        async with self:
            creating, track_id = self.dialog == "create", self.target.id
            form, cover = self._take_form()
        title = form_text(form, "track-title")
        genre = optional_text(form_text(form, "track-genre"))
        album = form_text(form, "track-album")
        album_id = UUID(album) if album else None
        try:
            number = parse_int(form_text(form, "track-number"))
            disc = parse_int(form_text(form, "track-disc"))
        except ValueError:
            return await self._failed(CallFailed("Track and disc numbers are whole numbers."))
        explicit = form.get("track-explicit", "") not in ("", "false", "off")
        try:
            if creating:
                artist = form_text(form, "track-artist")
                if not artist:
                    raise CallFailed("Choose the track's artist.")
                body = TrackCreate(
                    title=title,
                    artist_id=UUID(artist),
                    track_number=number,
                    disc_number=disc,
                    genre=genre,
                    explicit=explicit,
                )
                track = await admin_call(self, lambda api: api.create_track(body))
            else:
                update = TrackUpdate(
                    title=title,
                    album_id=album_id,
                    track_number=number,
                    disc_number=disc,
                    genre=genre,
                    explicit=explicit,
                )
                track = await admin_call(
                    self, lambda api: api.admin.update_track(UUID(track_id), update)
                )
            await self._send_cover(cover, track.id, lambda api: api.admin.set_track_cover)
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            return self._done(f"Created “{title}”." if creating else f"Saved “{title}”.")

    @background
    async def open_delete(self, track_id: str) -> EventSpec | None:
        async with self:
            self._pick(track_id)
            self._open("delete")
            self.sentence = ""
            title = self.target.title
        try:
            impact = await admin_call(
                self, lambda api: api.admin.track_delete_impact(UUID(track_id))
            )
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.sentence = impact_sentence(title, impact)
        return None

    @background
    async def confirm_delete(self) -> EventSpec | EventHandler | None:
        async with self:
            self.busy = True
            track_id, title = self.target.id, self.target.title
        try:
            await admin_call(self, lambda api: api.admin.delete_track(UUID(track_id)))
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            return self._done(f"Deleted “{title}”.")

    # --- bulk actions ------------------------------------------------------------------

    @event
    def open_bulk(self, dialog: str) -> None:
        self._open(dialog)

    @background
    async def open_bulk_move(self) -> EventSpec | None:
        async with self:
            self._open("bulk-move")
            self.albums = []
        return await self._load_albums()

    async def _bulk(self, action: TrackBulkAction, done: str) -> EventSpec | EventHandler | None:
        try:
            result = await admin_call(self, lambda api: api.admin.bulk_tracks(action))
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.selected = []
            return self._done(f"{done}: {plural(result.affected, 'track')}.")

    def _selected_ids(self) -> list[UUID]:
        return [UUID(track_id) for track_id in self.selected]

    @background
    async def bulk_delete(self) -> EventSpec | EventHandler | None:
        async with self:
            self.busy = True
            ids = self._selected_ids()
        return await self._bulk(BulkDelete(track_ids=ids), "Deleted")

    @background
    async def bulk_genre(self, form: dict[str, str]) -> EventSpec | EventHandler | None:
        async with self:
            self.busy = True
            ids = self._selected_ids()
        genre = optional_text(form_text(form, "bulk-genre"))
        return await self._bulk(BulkSetGenre(track_ids=ids, genre=genre), "Genre set")

    @background
    async def bulk_move(self, form: dict[str, str]) -> EventSpec | EventHandler | None:
        async with self:
            self.busy = True
            ids = self._selected_ids()
        album = form_text(form, "bulk-album")
        action = BulkMoveToAlbum(track_ids=ids, album_id=UUID(album) if album else None)
        return await self._bulk(action, "Moved")
