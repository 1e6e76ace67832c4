"""The now-playing panel at the bottom of every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import ProgressBar, Static

from cadenza_contracts.playback import RepeatMode
from cadenza_tui.appref import being_removed, cadenza
from cadenza_tui.formatting import clock
from cadenza_tui.player import PlayerView

REFRESH_S = 0.25


class NowPlaying(Widget):
    """Title, artist and album; elapsed and total time around a progress bar; volume, shuffle,
    repeat and the device that plays; any connection trouble."""

    DEFAULT_CSS = """
    NowPlaying {
        height: 4;
        padding: 0 1;
        border-top: solid $primary;
        background: $panel;
    }
    NowPlaying Horizontal {
        height: 1;
    }
    NowPlaying #np-track {
        width: 1fr;
        text-style: bold;
    }
    NowPlaying #np-liked {
        width: 2;
        color: $primary;
    }
    NowPlaying .np-time {
        width: 8;
        color: $text-muted;
    }
    NowPlaying #np-total {
        text-align: right;
    }
    NowPlaying #np-bar {
        width: 1fr;
    }
    NowPlaying #np-bar Bar {
        width: 1fr;
    }
    NowPlaying #np-flags {
        width: 1fr;
        color: $text-muted;
    }
    NowPlaying #np-problem {
        width: auto;
        color: $warning;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="now-playing")
        self._shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(id="np-track", markup=False)
            yield Static(id="np-liked", markup=False)
        with Horizontal():
            yield Static(id="np-elapsed", classes="np-time", markup=False)
            yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="np-bar")
            yield Static(id="np-total", classes="np-time", markup=False)
        with Horizontal():
            yield Static(id="np-flags", markup=False)
            yield Static(id="np-problem", markup=False)

    def on_mount(self) -> None:
        self.update_view()
        self.set_interval(REFRESH_S, self.update_view)

    def update_view(self) -> None:
        app = cadenza(self)
        player = app.player
        if player is None or being_removed(self):
            return
        view = player.view()
        liked = view.track is not None and view.track.id in app.liked
        shown = (view, liked)
        if shown == self._shown:
            return
        self._shown = shown
        self.query_one("#np-track", Static).update(_track_text(view))
        self.query_one("#np-liked", Static).update("♥" if liked else "")
        self.query_one("#np-elapsed", Static).update(clock(view.position_ms if view.track else 0))
        self.query_one("#np-total", Static).update(clock(view.duration_ms))
        bar = self.query_one("#np-bar", ProgressBar)
        bar.update(total=max(1, view.duration_ms or 1), progress=view.position_ms)
        self.query_one("#np-flags", Static).update(_flags_text(view))
        self.query_one("#np-problem", Static).update(view.problem or "")


def _track_text(view: PlayerView) -> str:
    track = view.track
    if track is None:
        return "Nothing playing"
    # "‖" rather than "⏸", which many terminals draw as a wide emoji.
    icon = "‖" if not view.is_playing else ("…" if view.buffering else "▶")
    album = f" · {track.album_title}" if track.album_title else ""
    return f"{icon} {track.title} — {track.artist_name}{album}"


def _flags_text(view: PlayerView) -> str:
    repeat = {RepeatMode.OFF: "off", RepeatMode.ALL: "all", RepeatMode.ONE: "one"}[view.repeat]
    shuffle = "on" if view.shuffle else "off"
    flags = f"Vol {view.volume}%  Shuffle {shuffle}  Repeat {repeat}  On: {view.device}"
    return flags if view.audio_here else f"{flags}  (no audio here)"
