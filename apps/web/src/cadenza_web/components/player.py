"""The player bar and the `<audio>` element, bound to `PlayerState`."""

from __future__ import annotations

import reflex as rx
from reflex.vars import NumberVar, ObjectVar

from cadenza_ui import PlayerBarModel, audio_player, icon, icon_button, player_bar
from cadenza_web.components.devices import devices_button
from cadenza_web.models import TrackRow
from cadenza_web.states.library import LibraryState
from cadenza_web.states.player import AUDIO_ELEMENT_ID, PlayerState

# The element reports its position at most this often.
TIME_UPDATE_INTERVAL_MS = 500


def audio_element() -> rx.Component:
    """The one `<audio>` element. It lives in the app's root, around every page, so
    playback goes on while the user moves between pages."""
    return rx.el.div(
        rx.cond(
            PlayerState.src != "",
            audio_player(
                id=AUDIO_ELEMENT_ID,
                src=PlayerState.src,
                preload="metadata",
                on_time_update=PlayerState.time_update.throttle(TIME_UPDATE_INTERVAL_MS),
                on_loaded_metadata=PlayerState.loaded,
                on_duration_change=PlayerState.duration_known,
                on_play=PlayerState.started,
                on_pause=PlayerState.paused,
                on_ended=PlayerState.track_ended,
                on_error=PlayerState.media_failed,
            ),
        ),
        on_mount=PlayerState.audio_mounted,
        hidden=True,
    )


def player() -> rx.Component:
    """The player bar at the bottom of every signed-in page."""
    return player_bar(
        PlayerBarModel(
            title=PlayerState.current_title,
            artist=rx.cond(
                PlayerState.is_remote,
                PlayerState.current_artist + " · on " + PlayerState.remote_device,
                PlayerState.current_artist,
            ),
            has_track=PlayerState.has_track,
            playing=PlayerState.playing,
            position=PlayerState.position,
            duration=PlayerState.duration,
            elapsed_text=PlayerState.elapsed_text,
            total_text=PlayerState.total_text,
            volume=PlayerState.volume,
            liked=LibraryState.liked_ids.contains(PlayerState.current_id),
            on_toggle=PlayerState.toggle,
            on_previous=PlayerState.previous_track,
            on_next=PlayerState.next_track,
            on_seek=PlayerState.seek,
            on_volume=PlayerState.set_volume,
            on_like=PlayerState.like_current,
            before_transport=[
                icon_button(
                    "shuffle",
                    "Shuffle",
                    pressed=PlayerState.shuffle,
                    on_click=PlayerState.toggle_shuffle,
                ),
            ],
            after_transport=[
                rx.el.button(
                    rx.cond(PlayerState.repeating_one, icon("repeat-1"), icon("repeat")),
                    type="button",
                    aria_label="Repeat",
                    aria_pressed=PlayerState.repeating,
                    aria_describedby="cz-repeat-mode",
                    title=PlayerState.repeat_label,
                    on_click=PlayerState.cycle_repeat,
                    class_name="cz-icon-button",
                ),
                rx.el.span(
                    PlayerState.repeat_label, id="cz-repeat-mode", class_name="cz-visually-hidden"
                ),
            ],
            extras=[
                icon_button(
                    "list-music",
                    "Queue",
                    pressed=PlayerState.queue_open,
                    on_click=PlayerState.toggle_queue,
                    aria_controls="cz-queue",
                ),
                devices_button(),
            ],
        )
    )


def _queue_item(track: ObjectVar[TrackRow], index: NumberVar) -> rx.Component:
    is_current = index == PlayerState.index
    return rx.el.li(
        rx.el.button(
            rx.el.span(track.title, class_name="cz-track-title"),
            rx.el.span(track.artist, class_name="cz-track-subtitle"),
            type="button",
            aria_current=rx.cond(is_current, "true", "false"),
            on_click=PlayerState.jump_to(index),
            class_name="cz-choice cz-queue-item",
        )
    )


def queue_panel() -> rx.Component:
    """What plays next; choosing a track plays it."""
    return rx.cond(
        PlayerState.queue_open,
        rx.el.aside(
            rx.el.div(
                rx.el.h2("Queue", class_name="cz-dialog-title"),
                icon_button("x", "Close queue", on_click=PlayerState.close_queue),
                class_name="cz-dialog-header",
            ),
            rx.cond(
                PlayerState.queue.length() > 0,
                rx.el.ol(
                    rx.foreach(PlayerState.queue, _queue_item),
                    aria_label="Queue",
                    class_name="cz-choice-list",
                ),
                rx.el.p(
                    "Play a song and the rest of its list lines up here.", class_name="cz-muted"
                ),
            ),
            id="cz-queue",
            aria_label="Queue",
            class_name="cz-queue",
        ),
    )
