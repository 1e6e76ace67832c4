"""Empty, error and loading states."""

from __future__ import annotations

from typing import Any

import reflex as rx

from cadenza_ui.controls import Text, button


def empty_state(title: Text, message: Text, *actions: rx.Component) -> rx.Component:
    """Nothing to show yet, and what to do about it."""
    return rx.el.div(
        rx.el.p(title, class_name="cz-state-title"),
        rx.el.p(message, class_name="cz-state-message"),
        *actions,
        class_name="cz-state",
    )


def error_state(message: Text, *, on_retry: Any = None) -> rx.Component:
    """Something failed: say what, and offer to try again."""
    actions = [button("Try again", quiet=True, on_click=on_retry)] if on_retry is not None else []
    return rx.el.div(
        rx.el.p("Something went wrong", class_name="cz-state-title"),
        rx.el.p(message, class_name="cz-state-message"),
        *actions,
        role="alert",
        class_name="cz-state cz-state--error",
    )


def loading_state(label: Text = "Loading…") -> rx.Component:
    """A polite placeholder while data is on its way."""
    return rx.el.p(label, role="status", class_name="cz-status")
