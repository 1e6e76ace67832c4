"""Playback routes: the player's REST mirror under `/me/player`, listening history, play
counts, the WebSocket ticket and the `/ws` socket itself."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, WebSocket, get, post, put, websocket
from litestar.di import Provide
from litestar.openapi.spec import SecurityRequirement
from litestar.status_codes import HTTP_200_OK
from litestar.types import ControllerRouterHandler

from cadenza_api.db.models import Track
from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.playback.hub import PlaybackHub
from cadenza_api.domain.playback.presenters import present_play
from cadenza_api.domain.playback.services import PlayHistoryService
from cadenza_api.domain.playback.socket import serve_socket
from cadenza_api.domain.playback.tickets import issue_ticket
from cadenza_api.errors import NotFound
from cadenza_api.pagination import PageParams, page_params
from cadenza_api.services import provide_service
from cadenza_api.settings import Settings
from cadenza_contracts.pagination import Page
from cadenza_contracts.playback import (
    Device,
    HistoryItem,
    NextCommand,
    PauseCommand,
    PlayCommand,
    PlayerState,
    PlayRequest,
    PreviousCommand,
    QueueAddRequest,
    QueueCommand,
    RepeatCommand,
    RepeatRequest,
    SeekCommand,
    SeekRequest,
    ShuffleCommand,
    ShuffleRequest,
    TrackPlays,
    TransferCommand,
    TransferRequest,
    VolumeCommand,
    VolumeRequest,
    WsTicket,
)

_BEARER: list[SecurityRequirement] = [{"BearerToken": []}]


def provide_hub(request: Request[Any, Any, Any]) -> PlaybackHub:
    hub: PlaybackHub = request.app.state.playback_hub
    return hub


_HUB = {"hub": Provide(provide_hub, sync_to_thread=False)}


class PlayerController(Controller):
    """Every change answers with the new state and reaches all the user's devices."""

    path = "/me/player"
    tags = ["playback"]
    security = _BEARER
    dependencies = _HUB

    @get(summary="The player: track, position, queue, active device")
    async def get_state(self, principal: Principal, hub: PlaybackHub) -> PlayerState:
        return await hub.state(principal.user.id)

    @get("/devices", summary="The user's connected devices")
    async def list_devices(self, principal: Principal, hub: PlaybackHub) -> list[Device]:
        return await hub.devices(principal.user.id)

    @put(
        "/play",
        summary="Play tracks, jump in the queue or resume",
        description="With `trackIds`, they become the queue and playback starts at `index` "
        "(default 0); with only `index`, playback jumps there in the current queue; with "
        "neither, the current track resumes. `positionMs` starts there, `deviceId` plays on "
        "that connected device. 404 for an unknown track or device, 409 when there is nothing "
        "to play.",
    )
    async def play(self, data: PlayRequest, principal: Principal, hub: PlaybackHub) -> PlayerState:
        command = PlayCommand(
            track_ids=data.track_ids,
            index=data.index,
            position_ms=data.position_ms,
            device_id=data.device_id,
        )
        return await hub.execute(principal.user.id, command)

    @put("/pause", summary="Pause")
    async def pause(self, principal: Principal, hub: PlaybackHub) -> PlayerState:
        return await hub.execute(principal.user.id, PauseCommand())

    @put(
        "/seek",
        summary="Move the playhead of the current track",
        description="400 beyond the end of the track, 409 when there is no current track.",
    )
    async def seek(self, data: SeekRequest, principal: Principal, hub: PlaybackHub) -> PlayerState:
        return await hub.execute(principal.user.id, SeekCommand(position_ms=data.position_ms))

    @post("/next", status_code=HTTP_200_OK, summary="Skip to the next track")
    async def next_track(self, principal: Principal, hub: PlaybackHub) -> PlayerState:
        return await hub.execute(principal.user.id, NextCommand())

    @post(
        "/previous",
        status_code=HTTP_200_OK,
        summary="Back to the previous track (or the start of this one after 3 s)",
    )
    async def previous_track(self, principal: Principal, hub: PlaybackHub) -> PlayerState:
        return await hub.execute(principal.user.id, PreviousCommand())

    @put("/volume", summary="Set the volume (0–100)")
    async def set_volume(
        self, data: VolumeRequest, principal: Principal, hub: PlaybackHub
    ) -> PlayerState:
        return await hub.execute(principal.user.id, VolumeCommand(volume=data.volume))

    @put("/shuffle", summary="Turn shuffle on or off")
    async def set_shuffle(
        self, data: ShuffleRequest, principal: Principal, hub: PlaybackHub
    ) -> PlayerState:
        return await hub.execute(principal.user.id, ShuffleCommand(shuffle=data.shuffle))

    @put("/repeat", summary="Set repeat: off, all or one")
    async def set_repeat(
        self, data: RepeatRequest, principal: Principal, hub: PlaybackHub
    ) -> PlayerState:
        return await hub.execute(principal.user.id, RepeatCommand(repeat=data.repeat))

    @post(
        "/queue",
        status_code=HTTP_200_OK,
        summary="Add tracks to up next",
        description="They play after the current track, before the rest of the queue. 404 "
        "for an unknown track, 409 beyond 500 queued tracks.",
    )
    async def add_to_queue(
        self, data: QueueAddRequest, principal: Principal, hub: PlaybackHub
    ) -> PlayerState:
        return await hub.execute(principal.user.id, QueueCommand(track_ids=data.track_ids))

    @put(
        "/transfer",
        summary="Move playback to another connected device",
        description="The device that played gets a `pause` command, the new one a `play` at "
        "the current position. 404 when the device is not connected.",
    )
    async def transfer(
        self, data: TransferRequest, principal: Principal, hub: PlaybackHub
    ) -> PlayerState:
        command = TransferCommand(device_id=data.device_id, play=data.play)
        return await hub.execute(principal.user.id, command)


class HistoryController(Controller):
    tags = ["playback"]
    security = _BEARER
    dependencies = {"plays": provide_service(PlayHistoryService), "page": page_params}

    @get(
        "/me/history",
        summary="Listening history, newest first",
        description="A play counts once at least half the track, or 4 minutes, was heard.",
    )
    async def history(
        self, principal: Principal, plays: PlayHistoryService, page: PageParams
    ) -> Page[HistoryItem]:
        rows, total = await plays.page_for(principal.user.id, page)
        return page.page(rows, total, lambda row: present_play(row[0], row[1]))


class TrackPlaysController(Controller):
    path = "/tracks"
    tags = ["playback"]
    dependencies = {"plays": provide_service(PlayHistoryService)}

    @get(
        "/{track_id:uuid}/plays",
        summary="How many times a track was played",
        description="Counted plays by every listener (see the history rule).",
    )
    async def track_plays(self, track_id: UUID, plays: PlayHistoryService) -> TrackPlays:
        if await plays.repository.session.get(Track, track_id) is None:
            raise NotFound("There is no such track.")
        return TrackPlays(track_id=track_id, play_count=await plays.play_count(track_id))


class WsTicketController(Controller):
    path = "/auth"
    tags = ["auth"]
    security = _BEARER

    @post(
        "/ws-ticket",
        status_code=HTTP_200_OK,
        summary="A single-use ticket to open the playback WebSocket",
        description="Browsers cannot send headers on a WebSocket: open "
        "`/api/v1/ws?ticket=<ticket>` within `expiresIn` seconds instead.",
    )
    async def ws_ticket(self, principal: Principal, settings: Settings) -> WsTicket:
        ttl = settings.playback.ws_ticket_ttl_seconds
        ticket = issue_ticket(
            settings.auth.secret_key,
            user_id=principal.user.id,
            session_id=principal.session_id,
            ttl_seconds=ttl,
        )
        return WsTicket(ticket=ticket, expires_in=ttl)


@websocket("/ws")
async def player_socket(socket: WebSocket[Any, Any, Any]) -> None:
    """Playback sync for one device (see the playback docs for the message protocol)."""
    await serve_socket(socket, socket.app.state.playback_hub)


route_handlers: list[ControllerRouterHandler] = [
    PlayerController,
    HistoryController,
    TrackPlaysController,
    WsTicketController,
    player_socket,
]
