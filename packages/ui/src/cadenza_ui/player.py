"""The player bar: what is playing, transport controls, seek bar and volume."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import reflex as rx
from reflex.vars import BooleanVar, NumberVar, StringVar

from cadenza_ui.controls import icon, icon_button


@dataclass(frozen=True)
class PlayerBarModel:
    """What the bar shows (Vars of the app's state) and the handlers its controls call.

    `on_seek` and `on_volume` receive the slider's new value as a number (seconds, 0–100).
    `before_transport` and `after_transport` flank previous/play/next (e.g. shuffle and
    repeat); `extras` go before the volume (e.g. queue, devices).
    """

    title: StringVar
    artist: StringVar
    has_track: BooleanVar
    playing: BooleanVar
    position: NumberVar
    duration: NumberVar
    elapsed_text: StringVar
    total_text: StringVar
    volume: NumberVar
    liked: BooleanVar
    on_toggle: Any
    on_previous: Any
    on_next: Any
    on_seek: Any
    on_volume: Any
    on_like: Any
    before_transport: list[rx.Component] = field(default_factory=list)
    after_transport: list[rx.Component] = field(default_factory=list)
    extras: list[rx.Component] = field(default_factory=list)


def player_bar(model: PlayerBarModel) -> rx.Component:
    """The persistent bar at the bottom of every page, labelled "Player" for landmarks."""
    no_track = ~model.has_track
    return rx.el.section(
        rx.el.div(
            rx.el.div(
                rx.el.span(
                    rx.cond(model.has_track, model.title, "Nothing playing"),
                    class_name="cz-now-playing-title",
                ),
                rx.el.span(model.artist, class_name="cz-now-playing-artist"),
                class_name="cz-now-playing-text",
                aria_live="polite",
            ),
            icon_button(
                "heart", "Like", pressed=model.liked, on_click=model.on_like, disabled=no_track
            ),
            class_name="cz-now-playing",
        ),
        rx.el.div(
            rx.el.div(
                *model.before_transport,
                icon_button(
                    "skip-back",
                    "Previous",
                    on_click=model.on_previous,
                    disabled=no_track,
                    shortcut="Shift+P",
                ),
                rx.el.button(
                    rx.cond(model.playing, icon("pause"), icon("play")),
                    type="button",
                    aria_label=rx.cond(model.playing, "Pause", "Play"),
                    aria_keyshortcuts="Space",
                    title=rx.cond(model.playing, "Pause (Space)", "Play (Space)"),
                    on_click=model.on_toggle,
                    disabled=no_track,
                    class_name="cz-icon-button cz-icon-button--primary",
                ),
                icon_button(
                    "skip-forward",
                    "Next",
                    on_click=model.on_next,
                    disabled=no_track,
                    shortcut="Shift+N",
                ),
                *model.after_transport,
                class_name="cz-transport-buttons",
            ),
            rx.el.div(
                rx.el.span(model.elapsed_text, aria_hidden="true"),
                rx.el.input(
                    type="range",
                    min=0,
                    max=model.duration,
                    step=1,
                    value=model.position,
                    on_change=model.on_seek,
                    disabled=no_track,
                    aria_label="Seek",
                    aria_keyshortcuts="ArrowLeft ArrowRight",
                    aria_valuetext=model.elapsed_text + " of " + model.total_text,
                    class_name="cz-range",
                ),
                rx.el.span(model.total_text, aria_hidden="true"),
                class_name="cz-seek",
            ),
            class_name="cz-transport",
        ),
        rx.el.div(
            *model.extras,
            rx.el.label(icon("volume-2"), html_for="cz-volume", class_name="cz-volume-label"),
            rx.el.input(
                id="cz-volume",
                type="range",
                min=0,
                max=100,
                step=1,
                value=model.volume,
                on_change=model.on_volume,
                aria_label="Volume",
                class_name="cz-range cz-volume",
            ),
            class_name="cz-player-extras",
        ),
        aria_label="Player",
        class_name="cz-player",
    )
