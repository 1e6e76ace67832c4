"""What every signed-in screen shares: a header, its body, the now-playing panel, a footer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, Static

from cadenza_tui.appref import being_removed
from cadenza_tui.widgets.player.now_playing import NowPlaying


class PaletteCommand(NamedTuple):
    """An entry of the command palette: `action` runs as if bound to a key."""

    title: str
    help: str
    action: str


class TitleBar(Static):
    """The top line: the app, the screen and what it shows."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    """


class MainScreen(Screen[None]):
    """A screen of the signed-in app; subclasses compose `compose_body`."""

    BINDINGS = [Binding("escape", "back", "Back", show=False)]

    def compose(self) -> ComposeResult:
        yield TitleBar(markup=False)
        with Container(id="body"):
            yield from self.compose_body()
        yield NowPlaying()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield Static()

    def on_mount(self) -> None:
        if being_removed(self):
            return
        self.watch(self, "sub_title", self._retitle, init=True)

    def _retitle(self) -> None:
        parts = ["♪ Cadenza", self.title or ""]
        if self.sub_title:
            parts.append(self.sub_title)
        self.query_one(TitleBar).update(" · ".join(part for part in parts if part))

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """This screen's own actions, for the command palette."""
        return ()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.dismiss()


def section(title: str, *, id: str | None = None) -> Static:
    """A section heading."""
    return Static(title, id=id, classes="section-title", markup=False)
