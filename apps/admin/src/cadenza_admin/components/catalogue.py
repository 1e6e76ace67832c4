"""What the catalogue's dialogs share: for albums and tracks, the artist of a new one, the
cover and the submit that sends both the fields and the cover; for artists and albums, the
merge."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import Var

from cadenza_admin.components.lists import form_dialog
from cadenza_admin.states.catalogue_form import CatalogueFormMixin
from cadenza_admin.states.tables import TableMixin
from cadenza_ui import file_drop, select_field
from cadenza_ui.controls import Text

COVER_IMAGES = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]}


def artist_select(state: type[CatalogueFormMixin], *, field_id: str) -> rx.Component:
    """Who a new album or track belongs to (required)."""
    return select_field(
        "Artist",
        field_id=field_id,
        options=state.artists,
        option_label="name",
        placeholder="Choose an artist",
        required=True,
    )


def cover_drop(upload_id: str) -> rx.Component:
    """The cover image to send with the form: JPEG, PNG or WebP."""
    return file_drop("Cover image", upload_id=upload_id, accept=COVER_IMAGES)


def save_with_cover(state: type[CatalogueFormMixin], upload_id: str) -> list[Any]:
    """The form's `on_submit`: its fields first, then the cover from `upload_id` (whose
    arrival starts the state's `save`)."""
    return [state.remember_form, state.receive_cover(rx.upload_files(upload_id=upload_id))]


def merge_dialog(
    state: type[TableMixin],
    name: Text,
    *,
    kind: str,
    moving: str,
    choices: Var[Any],
    option_label: str = "label",
    on_merge: Any,
) -> rx.Component:
    """Merge the `kind` ("album", "artist") called `name` into another from `choices`:
    `moving` ("Every track") goes over to it, then `name` is deleted."""
    return form_dialog(
        state,
        f"Merge {name}",
        select_field(
            "Merge into",
            field_id="merge-target",
            options=choices,
            option_label=option_label,
            placeholder=f"Choose an {kind}",
            required=True,
        ),
        intro=rx.el.p(
            f"{moving} of “",
            name,
            f"” moves to the {kind} you choose; then “",
            name,
            "” is deleted.",
        ),
        confirm="Merge",
        on_submit=on_merge,
        dialog_id=f"{kind}-merge",
    )
