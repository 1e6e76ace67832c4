"""The search box."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import Var


def search_box(
    *,
    initial: Var[str] | str,
    on_change: Any,
    label: str = "Search",
    hint: str = "Songs, albums, artists and playlists",
    field_id: str = "search",
) -> rx.Component:
    """A labelled `type=search` input starting from `initial`; it reports what is typed to
    `on_change` (debounce the handler: the input keeps its own text, so nothing is lost)."""
    return rx.el.div(
        rx.el.label(label, html_for=field_id, class_name="cz-label"),
        rx.el.input(
            id=field_id,
            type="search",
            default_value=initial,
            on_change=on_change,
            placeholder=hint,
            auto_complete="off",
            auto_focus=True,
            class_name="cz-input",
        ),
        role="search",
        class_name="cz-search",
    )
