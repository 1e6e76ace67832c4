"""This tab as a device of the user's shared player, and the device picker.

A background task, started when the app mounts signed in, holds the tab's socket to the API (`DeviceLink`):
it keeps the list of devices, makes the player bar follow another device that plays, and
carries out the commands other devices send to this one. It ends when the tab goes away or
the user signs out; when the server ends the sign-in, the page goes to sign-in at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import reflex as rx
from reflex.event import EventSpec
from reflex.utils import prerequisites

from cadenza_contracts.playback import (
    CommandMessage,
    DevicesMessage,
    ErrorMessage,
    ServerMessage,
    StateMessage,
    TransferCommand,
)
from cadenza_contracts.sync import PlayerSync
from cadenza_web.api import SignedOut
from cadenza_web.devices import (
    DeviceLink,
    LinkEnded,
    SessionSignedOut,
    close_link,
    link_for,
    open_link,
)
from cadenza_web.states.handlers import background, event
from cadenza_web.states.player import NOT_CONNECTED, PlayerState
from cadenza_web.states.session import LOGIN_ROUTE, SessionState, signed_in_client

logger = logging.getLogger("cadenza.web.devices")

# A tab whose page is gone this long (not just reloading) is no longer a device.
TAB_GONE_AFTER_S = 20.0
# While this tab plays, it reports its playhead this often.
PROGRESS_EVERY_S = 3.0


@dataclass
class DeviceRow:
    id: str = ""
    name: str = ""
    this: bool = False
    active: bool = False


def _tab_connected(client_token: str) -> bool:
    namespace = prerequisites.get_and_validate_app().app.event_namespace
    return namespace is not None and client_token in namespace.token_to_sid


class DeviceState(rx.State):
    devices: rx.Field[list[DeviceRow]] = rx.field(default_factory=list)
    picker_open: rx.Field[bool] = rx.field(False)
    connected: rx.Field[bool] = rx.field(False)
    error: rx.Field[str] = rx.field("")

    @rx.var
    def other_devices(self) -> bool:
        return any(not device.this for device in self.devices)

    @event
    def toggle_picker(self) -> None:
        self.picker_open = not self.picker_open
        self.error = ""

    @event
    def close_picker(self) -> None:
        self.picker_open = False

    @event
    def transfer(self, device_id: str) -> None:
        """Move playback to `device_id` (it keeps playing if it was)."""
        link = link_for(self.router.session.client_token)
        if link is None or not link.send(TransferCommand(device_id=device_id)):
            self.error = NOT_CONNECTED
        else:
            self.error = ""

    @background
    async def connect(self) -> AsyncIterator[EventSpec]:
        """Make this tab a device, unless it already is (see `device_link`)."""
        async with self:
            token = self.router.session.client_token
            user_agent = self.router.headers.user_agent
            signed_in = (await self.get_state(SessionState)).credentials() is not None
        link = open_link(token, user_agent) if signed_in else None
        if link is None:
            return
        last_seen = time.monotonic()
        last_progress = 0.0

        async def socket_url() -> str:
            async with signed_in_client(self) as api:
                return await api.ws_url()

        async def still_wanted() -> bool:
            nonlocal last_seen
            if _tab_connected(token):
                last_seen = time.monotonic()
            elif time.monotonic() - last_seen > TAB_GONE_AFTER_S:
                return False
            async with self:
                return (await self.get_state(SessionState)).credentials() is not None

        logger.info("device %s (%s) starts", link.sync.device_id, link.sync.name)
        ended = "the tab went away or signed out"
        end_reason: str | None = None
        try:
            async for message in link.run(socket_url, still_wanted):
                async with self:
                    self.connected = link.connected
                    player = await self.get_state(PlayerState)
                    if message is None:
                        if time.monotonic() - last_progress >= PROGRESS_EVERY_S:
                            last_progress = time.monotonic()
                            self._report_progress(link, player)
                        self._follow_position(link.sync, player)
                        continue
                    follow_up = self._apply(message, link.sync, player)
                if follow_up is not None:
                    yield follow_up
        except SignedOut:
            ended, end_reason = "the sign-in ended", ""
        except SessionSignedOut as signed_out:
            ended, end_reason = str(signed_out), signed_out.reason
        except LinkEnded as reason:
            ended = str(reason)
        finally:
            logger.info("device %s ends: %s", link.sync.device_id, ended)
            close_link(token, link)
            async with self:
                self.connected = False
                self.devices = []
        if end_reason is not None:
            # Without this the tab would play on and notice only at its next API call.
            async with self:
                (await self.get_state(SessionState)).end(end_reason)
                stop = (await self.get_state(PlayerState)).stop_here()
            yield stop
            yield rx.redirect(LOGIN_ROUTE)

    def _apply(
        self, message: ServerMessage, sync: PlayerSync, player: PlayerState
    ) -> EventSpec | None:
        """Bring the tab up to date with one message; what the page must then do."""
        if isinstance(message, DevicesMessage | StateMessage):
            self._list_devices(sync)
            return self._follow(sync, player)
        if isinstance(message, CommandMessage):
            return player.obey(message.command)
        if isinstance(message, ErrorMessage):
            logger.warning("device %s: %s (%s)", sync.device_id, message.detail, message.code)
            self.error = message.detail
        return None

    def _list_devices(self, sync: PlayerSync) -> None:
        active = sync.state.active_device_id if sync.state else None
        self.devices = [
            DeviceRow(
                id=device.id,
                name=device.name,
                this=device.id == sync.device_id,
                active=device.id == active,
            )
            for device in sorted(sync.devices, key=lambda d: (d.id != sync.device_id, d.name))
        ]

    def _follow(self, sync: PlayerSync, player: PlayerState) -> EventSpec | None:
        state = sync.state
        if state is None:
            return None
        active = state.active_device_id
        others = {device.id: device.name for device in sync.devices if device.id != sync.device_id}
        if active is not None and active in others:
            player.show_remote(state, active, others[active], sync.position_ms())
            return None
        if active == sync.device_id and player.is_remote and not state.is_playing:
            # Playback moved here, paused (moved while playing, a "play" command follows).
            return PlayerState.follow_shared
        if player.is_remote:
            player.leave_remote()
        return None

    @staticmethod
    def _follow_position(sync: PlayerSync, player: PlayerState) -> None:
        state = sync.state
        if player.is_remote and state is not None and state.is_playing:
            player.follow_position(sync.position_ms())

    @staticmethod
    def _report_progress(link: DeviceLink, player: PlayerState) -> None:
        state = link.sync.state
        if state is None or not link.sync.is_active or not player.playing or not player.src:
            return
        if state.track_id is None or str(state.track_id) != player.current_id:
            return
        link.post(link.sync.progress(state.track_id, int(player.position * 1000)))
