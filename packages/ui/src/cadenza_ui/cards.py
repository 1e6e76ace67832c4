"""Cover art and the cards that link to albums and playlists."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from cadenza_ui.controls import Text, as_var, icon, link


def cover(image_url: Var[str] | str, *, large: bool = False) -> rx.Component:
    """Cover art, or a placeholder when there is none (`image_url` empty). Decorative: the
    title next to it names the item."""
    url = as_var(image_url)
    class_name = "cz-cover cz-cover--large" if large else "cz-cover"
    return rx.cond(
        url != "",
        rx.el.img(src=url, alt="", class_name=class_name, loading="lazy"),
        rx.el.div(icon("disc-3", 48 if large else 32), class_name=class_name),
    )


def cover_card(
    title: Text, subtitle: Text, *, href: Text, image_url: Var[str] | str = ""
) -> rx.Component:
    """A grid item linking to an album or playlist; its accessible name is its title."""
    return rx.el.li(
        link(
            cover(image_url),
            rx.el.span(title, class_name="cz-card-title"),
            rx.el.span(subtitle, class_name="cz-card-subtitle"),
            href=href,
            class_name="cz-card",
        )
    )


def card_grid(*cards: rx.Component, label: Text) -> rx.Component:
    """A responsive grid of cards, as a labelled list."""
    return rx.el.ul(*cards, aria_label=label, class_name="cz-grid")
