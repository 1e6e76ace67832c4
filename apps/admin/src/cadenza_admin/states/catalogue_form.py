"""The create and edit dialog that albums and tracks share: a form the browser sends in two
parts (its fields, then its cover image) and, when creating, the artists to choose from."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol
from uuid import UUID

import reflex as rx
from reflex.event import EventHandler, EventSpec

from cadenza_admin.models import ArtistRow
from cadenza_admin.states.choices import artist_choices
from cadenza_admin.states.files import UploadedFile, read_upload
from cadenza_admin.states.session import CallFailed, admin_call
from cadenza_admin.states.tables import TableMixin
from cadenza_contracts import CadenzaClient
from cadenza_ui.events import event


class CoverSetter(Protocol):
    """The admin client's `set_album_cover` or `set_track_cover`."""

    def __call__(
        self, item_id: UUID, image: bytes, /, *, filename: str = ..., content_type: str = ...
    ) -> Awaitable[object]: ...


class CatalogueFormMixin(TableMixin, mixin=True):
    """Mixed into a list's state that defines `save`, a background handler that takes the
    submitted form with `_take_form` and sends it (and the cover, if any) to the API."""

    artists: rx.Field[list[ArtistRow]] = rx.field(default_factory=list)
    _form: dict[str, str] = {}
    _cover: UploadedFile | None = None

    @event
    def remember_form(self, form: dict[str, str]) -> None:
        """The dialog's fields, kept for `receive_cover` (the form's files come separately)."""
        self._form = {name: str(value) for name, value in form.items()}
        self.busy = True
        self.form_error = ""

    @event
    async def receive_cover(self, files: list[rx.UploadFile]) -> EventHandler:
        self._cover = await read_upload(files[0]) if files else None
        return self.event_handlers["save"]

    def _take_form(self) -> tuple[dict[str, str], UploadedFile | None]:
        """The remembered fields and the cover, which is handed over only once."""
        form, cover = dict(self._form), self._cover
        self._cover = None
        return form, cover

    async def _load_artists(self) -> EventSpec | None:
        """The artists a new album or track may belong to, for the create dialog."""
        try:
            artists = await admin_call(self, artist_choices)
        except CallFailed as failure:
            return await self._failed(failure)
        async with self:
            self.artists = artists
        return None

    async def _send_cover(
        self,
        cover: UploadedFile | None,
        item_id: UUID,
        setter: Callable[[CadenzaClient], CoverSetter],
    ) -> None:
        """Give the saved item the form's cover, if it had one; raises `CallFailed`."""
        if cover is None:
            return
        await admin_call(
            self,
            lambda api: setter(api)(
                item_id, cover.data, filename=cover.name, content_type=cover.content_type
            ),
        )
