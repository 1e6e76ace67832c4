"""Every key of the player, and where the rest lives (the command palette)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from cadenza_tui.appref import being_removed

KEYS = [
    ("space", "Play / pause"),
    ("n / p", "Next / previous track"),
    ("← / →", "Seek back / forward 5 s"),
    ("+ / -", "Volume up / down"),
    ("s", "Shuffle on / off"),
    ("r", "Repeat: off → all → one"),
    ("/", "Search"),
    ("l", "Like or unlike the highlighted (or playing) track"),
    ("a", "Add the highlighted (or playing) track to a playlist"),
    ("Q", "Add the highlighted track to the queue"),
    ("q", "Show the queue"),
    ("d", "Devices: play on another device"),
    ("h", "Home"),
    ("enter", "Play the highlighted track, or open the highlighted item"),
    ("escape", "Back"),
    ("ctrl+p", "Command palette: every action"),
    ("ctrl+q", "Quit"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Static("Keys", classes="dialog-title", markup=False)
            yield DataTable(id="keys", cursor_type="none", zebra_stripes=True)

    def on_mount(self) -> None:
        if being_removed(self):
            return
        table: DataTable[Text] = self.query_one("#keys", DataTable)
        table.add_columns("Key", "Action")
        for key, action in KEYS:
            table.add_row(Text(key), Text(action))
