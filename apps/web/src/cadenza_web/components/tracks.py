"""Track lists bound to the player, the likes and the playlist picker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.vars import ArrayVar, NumberVar, ObjectVar

from cadenza_ui import icon_button, track_list, track_row
from cadenza_web.models import TrackRow
from cadenza_web.states.library import LibraryState
from cadenza_web.states.picker import PickerState
from cadenza_web.states.player import PlayerState

# More buttons for a row, e.g. a playlist owner's "Move up" and "Remove from playlist".
RowActions = Callable[[ObjectVar[TrackRow], NumberVar], list[rx.Component]]


def _play_control(rows: ArrayVar[Any], row: ObjectVar[TrackRow], index: NumberVar) -> rx.Component:
    return rx.cond(
        row.playable,
        icon_button(
            "play",
            f"Play {row.title}",
            on_click=PlayerState.play_rows(rows, index),
        ),
        icon_button("loader", f"{row.title} is not ready to play", disabled=True),
    )


def _row(
    rows: ArrayVar[Any],
    row: ObjectVar[TrackRow],
    index: NumberVar,
    *,
    show_album: bool,
    more_actions: RowActions | None,
) -> rx.Component:
    return track_row(
        play_control=_play_control(rows, row, index),
        title=row.title,
        artist=row.artist,
        artist_href=row.artist_href,
        album=row.album if show_album else "",
        album_href=f"/album/{row.album_id}",
        duration=row.duration,
        current=PlayerState.current_id == row.id,
        actions=[
            icon_button(
                "heart",
                f"Like {row.title}",
                pressed=LibraryState.liked_ids.contains(row.id),
                on_click=LibraryState.toggle_like(row.id),
            ),
            icon_button(
                "list-plus",
                f"Add {row.title} to a playlist",
                on_click=PickerState.open_for(row.id, row.title),
            ),
            *(more_actions(row, index) if more_actions is not None else []),
        ],
    )


def track_rows(
    rows: ArrayVar[Any],
    *,
    label: str,
    show_album: bool = True,
    more_actions: RowActions | None = None,
) -> rx.Component:
    """A page's tracks: play any of them (the list becomes the queue), like, add to a
    playlist, and whatever `more_actions` adds."""
    return track_list(
        rx.foreach(
            rows,
            lambda row, index: _row(
                rows, row, index, show_album=show_album, more_actions=more_actions
            ),
        ),
        label=label,
    )
