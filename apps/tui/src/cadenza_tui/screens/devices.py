"""Your devices: pick one to play on, or to take over playback here."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cadenza_tui.appref import being_removed, cadenza
from cadenza_tui.messages import DevicesChanged, PlayerChanged
from cadenza_tui.screens.dialogs import Choose
from cadenza_tui.widgets.lists import replace_options


class DevicesScreen(Choose):
    """The connected devices; the one playing is marked. Dismisses with the chosen id."""

    def __init__(self) -> None:
        super().__init__("Play on…", [])

    def on_mount(self) -> None:
        self.show_devices()

    @on(DevicesChanged)
    @on(PlayerChanged)
    def _changed(self) -> None:
        self.show_devices()

    def show_devices(self) -> None:
        if being_removed(self):
            return
        player = cadenza(self).player
        option_list = self.query_one("#choices", OptionList)
        if player is None or not player.sync.devices:
            replace_options(option_list, [Option("No devices are connected.", disabled=True)])
            return
        active = player.state.active_device_id if player.state else None
        options = []
        here = player.sync.device_id
        # This terminal first, then the others by name.
        for device in sorted(player.sync.devices, key=lambda d: (d.id != here, d.name)):
            marker = "▶" if device.id == active else " "
            label = f"{marker} {player.device_label(device.id)}"
            options.append(Option(Text(label), id=device.id))
        replace_options(option_list, options)
