"""What every list page has: a search, a sort, paging, a notice and an error, and one dialog
open at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import reflex as rx
from reflex.event import EventHandler, EventSpec

from cadenza_admin.models import next_offset, page_label, previous_offset, sort_key
from cadenza_admin.states.session import CallFailed
from cadenza_ui.events import event

PAGE_SIZE = 20


class TableMixin(rx.State, mixin=True):
    """Mixed into each list's state, which defines `load` (a background handler fetching
    the page at `offset` for `query` and `sort`, then calling `_show_page`)."""

    query: rx.Field[str] = rx.field("")
    sort: rx.Field[str] = rx.field("")
    offset: rx.Field[int] = rx.field(0)
    total: rx.Field[int] = rx.field(0)
    shown: rx.Field[int] = rx.field(0)
    loading: rx.Field[bool] = rx.field(False)
    error: rx.Field[str] = rx.field("")
    notice: rx.Field[str] = rx.field("")
    dialog: rx.Field[str] = rx.field("")
    """The open dialog's name (e.g. "edit", "delete"); empty when none is open."""
    busy: rx.Field[bool] = rx.field(False)
    form_error: rx.Field[str] = rx.field("")

    if TYPE_CHECKING:

        def load(self) -> Any:
            """Each list's own background handler (see above); the pages' retry buttons."""

    @rx.var
    def page_label(self) -> str:
        return page_label(self.offset, self.shown, self.total)

    @rx.var
    def has_previous(self) -> bool:
        return self.offset > 0

    @rx.var
    def has_next(self) -> bool:
        return next_offset(self.offset, PAGE_SIZE, self.total) != self.offset

    def _start_loading(self) -> None:
        """A load the admin asked for: earlier failures no longer stand."""
        self.loading = True
        self.error = ""

    def _show_page(self, total: int, shown: int) -> None:
        self.total = total
        self.shown = shown
        self.loading = False

    async def _failed(self, failure: CallFailed) -> EventSpec | None:
        """Show a failed call's message (in the open dialog, if any) from a background task."""
        async with self:
            self.busy = False
            self.loading = False
            if self.dialog:
                self.form_error = failure.message
            else:
                self.error = failure.message
        return failure.redirect()

    def _open(self, dialog: str) -> None:
        self.dialog = dialog
        self.form_error = ""
        self.busy = False

    def _done(self, notice: str) -> EventHandler:
        """After a change: close the dialog, say what happened, reload the list."""
        self.dialog = ""
        self.busy = False
        self.notice = notice
        return self._reload()

    @event
    def close_dialog(self) -> None:
        self.dialog = ""
        self.form_error = ""

    def _reload(self) -> EventHandler:
        return self.event_handlers["load"]

    @event
    def search(self, query: str) -> EventHandler:
        self.query = query.strip()
        self.offset = 0
        return self._reload()

    @event
    def sort_by(self, column: str) -> EventHandler:
        self.sort = sort_key(column, self.sort)
        self.offset = 0
        return self._reload()

    @event
    def previous_page(self) -> EventHandler:
        self.offset = previous_offset(self.offset, PAGE_SIZE)
        return self._reload()

    @event
    def next_page(self) -> EventHandler:
        self.offset = next_offset(self.offset, PAGE_SIZE, self.total)
        return self._reload()

    @event
    def dismiss_notice(self) -> None:
        self.notice = ""
