"""Modal dialogs."""

from __future__ import annotations

from typing import Any

import reflex as rx

from cadenza_ui.controls import Text, icon_button


def dialog(
    title: Text,
    *children: rx.Component,
    dialog_id: str,
    on_close: Any,
    wide: bool = False,
) -> rx.Component:
    """A modal dialog named by its `title`, with a Close button; render it only while it is
    open (`rx.cond`), so its fields start afresh each time."""
    title_id = f"{dialog_id}-title"
    return rx.el.div(
        rx.el.div(
            rx.el.div(
                rx.el.h2(title, id=title_id, class_name="cz-dialog-title"),
                icon_button("x", "Close", on_click=on_close),
                class_name="cz-dialog-header",
            ),
            *children,
            id=dialog_id,
            role="dialog",
            aria_modal="true",
            aria_labelledby=title_id,
            class_name="cz-dialog cz-dialog--wide" if wide else "cz-dialog",
        ),
        class_name="cz-backdrop",
    )
