"""An `<audio>` element whose media events reach Reflex event handlers."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import no_args_event_spec
from reflex.vars import ObjectVar, Var


def _media_element(event: ObjectVar[dict[str, Any]]) -> ObjectVar[dict[str, Any]]:
    return event["target"].to(dict)


def current_time_spec(event: ObjectVar[dict[str, Any]]) -> tuple[Var[float]]:
    """The element's position in seconds."""
    return (_media_element(event)["currentTime"].to(float),)


def duration_spec(event: ObjectVar[dict[str, Any]]) -> tuple[Var[float]]:
    """The element's duration in seconds (NaN until known)."""
    return (_media_element(event)["duration"].to(float),)


def error_spec(event: ObjectVar[dict[str, Any]]) -> tuple[Var[int]]:
    """The element's `MediaError.code`: 2 network, 3 decode, 4 source not supported."""
    return (_media_element(event)["error"].to(dict)["code"].to(int),)


class AudioPlayer(rx.el.Audio):
    """`<audio>` with the media events a player needs; it is invisible without `controls`.

    `on_time_update` and `on_duration_change` receive seconds, `on_error` the MediaError
    code; `on_play`, `on_pause` and `on_ended` take no arguments.
    """

    @classmethod
    def get_event_triggers(cls) -> dict[str, Any]:
        return {
            **super().get_event_triggers(),
            "on_time_update": current_time_spec,
            "on_loaded_metadata": duration_spec,
            "on_duration_change": duration_spec,
            "on_play": no_args_event_spec,
            "on_pause": no_args_event_spec,
            "on_ended": no_args_event_spec,
            "on_error": error_spec,
        }


audio_player = AudioPlayer.create
