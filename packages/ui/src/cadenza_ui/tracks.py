"""Track lists: one row per track with its play control, details and actions."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from cadenza_ui.controls import Text, as_var, link


def track_row(
    *,
    play_control: rx.Component,
    title: Text,
    artist: Text,
    duration: Text,
    actions: list[rx.Component],
    album: Text = "",
    album_href: Text = "",
    artist_href: Text = "",
    current: Var[bool] | bool = False,
) -> rx.Component:
    """One track: play control, title and artist (a link when `artist_href` is given), album
    (hidden on narrow screens), length."""
    album_var = as_var(album)
    artist_href_var = as_var(artist_href)
    return rx.el.li(
        play_control,
        rx.el.div(
            rx.el.span(title, class_name="cz-track-title"),
            rx.cond(
                artist_href_var != "",
                link(artist, href=artist_href_var, class_name="cz-track-subtitle"),
                rx.el.span(artist, class_name="cz-track-subtitle"),
            ),
            class_name="cz-track-text",
        ),
        rx.cond(
            album_var != "",
            link(album_var, href=album_href, class_name="cz-track-album"),
            rx.el.span("", class_name="cz-track-album"),
        ),
        rx.el.span(duration, class_name="cz-track-duration"),
        rx.el.div(*actions, class_name="cz-track-actions"),
        data_current=rx.cond(current, "true", "false"),
        class_name="cz-track",
    )


def track_list(rows: rx.Component, *, label: Text) -> rx.Component:
    """The rows (usually an `rx.foreach`) as an ordered, labelled list."""
    return rx.el.ol(rows, aria_label=label, class_name="cz-tracks")
