"""Buttons, links and form fields with visible labels and accessible names."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.components.react_router import ReactRouterLink
from reflex.vars import Var

Text = str | Var[str]


def as_var(text: Text) -> Var[str]:
    """`text` as a Var, so it can be compared and combined in the page."""
    return text if isinstance(text, Var) else Var.create(text)


def link(*children: rx.Component | Text, href: Text, **props: Any) -> rx.Component:
    """A link that navigates inside the app without reloading the page (playback goes on)."""
    return ReactRouterLink.create(*children, to=href, **props)


def icon(name: str, size: int = 20) -> rx.Component:
    """A decorative icon: assistive technology reads the control's name instead."""
    return rx.icon(name, size=size, aria_hidden="true", focusable="false")


def icon_button(
    icon_name: str,
    label: Text,
    *,
    on_click: Any = None,
    pressed: Var[bool] | None = None,
    primary: bool = False,
    size: int = 20,
    shortcut: str = "",
    **props: Any,
) -> rx.Component:
    """A round icon-only button named by `label` (its tooltip too); `pressed` makes it a
    toggle; `shortcut` (e.g. "Shift+N") is announced and shown in the tooltip."""
    class_name = "cz-icon-button cz-icon-button--primary" if primary else "cz-icon-button"
    if pressed is not None:
        props["aria_pressed"] = pressed
    if shortcut:
        props["aria_keyshortcuts"] = shortcut
        props.setdefault("title", f"{label} ({shortcut})")
    if on_click is not None:
        props["on_click"] = on_click
    return rx.el.button(
        icon(icon_name, size),
        type="button",
        aria_label=label,
        class_name=class_name,
        **{"title": label, **props},
    )


def button(*children: rx.Component | Text, quiet: bool = False, **props: Any) -> rx.Component:
    """A text button: filled for the main action, `quiet` for the others."""
    props.setdefault("type", "button")
    class_name = "cz-button cz-button--quiet" if quiet else "cz-button"
    return rx.el.button(*children, class_name=class_name, **props)


def text_field(
    label: str,
    *,
    field_id: str,
    error: Var[str] | str = "",
    hint: str = "",
    **input_props: Any,
) -> rx.Component:
    """A labelled input with an optional `hint`; a non-empty `error` is shown under it, and
    both are announced with the input (`aria-describedby`)."""
    error_id = f"{field_id}-error"
    hint_id = f"{field_id}-hint"
    error_var = as_var(error)
    has_error = error_var != ""
    described_by = rx.cond(
        has_error, f"{hint_id} {error_id}" if hint else error_id, hint_id if hint else ""
    )
    return rx.el.div(
        rx.el.label(label, html_for=field_id, class_name="cz-label"),
        rx.el.input(
            id=field_id,
            name=field_id,
            class_name="cz-input",
            aria_invalid=rx.cond(has_error, "true", "false"),
            aria_describedby=described_by,
            **input_props,
        ),
        *([rx.el.p(hint, id=hint_id, class_name="cz-field-hint")] if hint else []),
        rx.cond(
            has_error,
            rx.el.p(error_var, id=error_id, class_name="cz-field-error"),
        ),
        class_name="cz-field",
    )


def alert(message: Text, *, tone: str = "error") -> rx.Component:
    """A message about the whole form or page; errors are announced at once."""
    if tone == "error":
        return rx.el.p(message, role="alert", class_name="cz-alert")
    return rx.el.p(message, role="status", class_name="cz-alert cz-alert--info")
