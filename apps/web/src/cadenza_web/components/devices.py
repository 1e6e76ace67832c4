"""The device picker: the user's devices, which one plays, transfer and remote control."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from cadenza_ui import alert, button, icon_button
from cadenza_web.states.devices import DeviceRow, DeviceState
from cadenza_web.states.player import PlayerState
from cadenza_web.states.session import SessionState

PICKER_ID = "cz-devices"
THIS_DEVICE = "This browser"
_ROW_STYLE = {
    "display": "flex",
    "align_items": "center",
    "justify_content": "space-between",
    "gap": "var(--cz-spacing-2)",
}


def _device(device: ObjectVar[DeviceRow]) -> rx.Component:
    name = rx.cond(device.this, THIS_DEVICE, device.name)
    return rx.el.li(
        rx.el.div(
            rx.el.span(device.name, class_name="cz-track-title"),
            rx.el.span(
                rx.cond(device.this, THIS_DEVICE, ""),
                rx.cond(device.this & device.active, " · ", ""),
                rx.cond(
                    device.active,
                    rx.cond(PlayerState.playing, "Playing", "Paused"),
                    "",
                ),
                class_name="cz-track-subtitle",
            ),
            class_name="cz-queue-item",
        ),
        rx.cond(
            device.active,
            rx.cond(
                PlayerState.playing,
                icon_button("pause", "Pause", on_click=PlayerState.toggle),
                icon_button("play", "Play", on_click=PlayerState.toggle),
            ),
            button(
                "Play here",
                quiet=True,
                aria_label=rx.Var.create("Transfer playback to ") + name,
                on_click=DeviceState.transfer(device.id),
            ),
        ),
        aria_current=rx.cond(device.active, "true", "false"),
        aria_label=name,
        style=_ROW_STYLE,
    )


def device_picker() -> rx.Component:
    """The panel the player bar's "Devices" button opens."""
    return rx.cond(
        DeviceState.picker_open,
        rx.el.aside(
            rx.el.div(
                rx.el.h2("Devices", class_name="cz-dialog-title"),
                icon_button("x", "Close devices", on_click=DeviceState.close_picker),
                class_name="cz-dialog-header",
            ),
            rx.cond(
                PlayerState.is_remote,
                rx.el.p(
                    "Playing on ",
                    PlayerState.remote_device,
                    ": this bar controls it.",
                    class_name="cz-muted",
                ),
            ),
            rx.el.ul(
                rx.foreach(DeviceState.devices, _device),
                aria_label="Your devices",
                class_name="cz-choice-list",
            ),
            rx.cond(
                ~DeviceState.other_devices,
                rx.el.p(
                    "Open Cadenza in another browser or the terminal player to see it here.",
                    class_name="cz-muted",
                ),
            ),
            rx.cond(~DeviceState.connected, alert("Connecting to your devices…", tone="info")),
            rx.cond(DeviceState.error != "", alert(DeviceState.error)),
            id=PICKER_ID,
            aria_label="Devices",
            class_name="cz-queue",
        ),
    )


def devices_button() -> rx.Component:
    return icon_button(
        "monitor-speaker",
        "Devices",
        pressed=DeviceState.picker_open,
        on_click=DeviceState.toggle_picker,
        aria_controls=PICKER_ID,
    )


def device_link() -> rx.Component:
    """Makes the tab a device while someone is signed in. It sits in the app's root: page
    loads cancel what their `on_load` started when the user moves on, and the tab's link must
    outlive them."""
    return rx.cond(
        SessionState.signed_in,
        rx.el.div(on_mount=DeviceState.connect, hidden=True),
    )
