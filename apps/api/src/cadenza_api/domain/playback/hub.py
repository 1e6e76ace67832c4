"""The playback hub of one API process: runs commands against the stored player, keeps the
device list, and fans events out on the user's channel (`player:<user_id>`), which reaches
that user's sockets on every process sharing the channels backend."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import msgspec
from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from litestar.channels import ChannelsPlugin
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.domain.playback import engine
from cadenza_api.domain.playback.backplane import Backplane, DeviceRecord, utcnow
from cadenza_api.domain.playback.engine import Directive, Outcome, Snapshot
from cadenza_api.domain.playback.presenters import present_device, present_state
from cadenza_api.domain.playback.services import (
    PlayerStateService,
    PlayHistoryService,
    TrackLookup,
)
from cadenza_api.errors import Conflict, NotFound
from cadenza_api.services import open_session
from cadenza_api.settings import PlaybackSettings
from cadenza_contracts.playback import (
    CommandMessage,
    Device,
    DevicesMessage,
    PlayCommand,
    PlayerCommand,
    PlayerState,
    QueueCommand,
    StateMessage,
    TransferCommand,
    message_encoder,
)

if TYPE_CHECKING:
    from cadenza_api.domain.playback.socket import DeviceConnection

logger = logging.getLogger("cadenza.playback")

_ATTEMPTS = 8
DRIFT_TO_REPORT_MS = 1_000
"""A progress report this far from the extrapolated playhead is sent to the other devices."""

_state_decoder = msgspec.json.Decoder(PlayerState)

Transition = Callable[[Snapshot, engine.Durations, datetime], Outcome | None]
"""A change of the player: the stored state, the durations it needs and the time in; the
outcome, or None when there is nothing to change, out."""


def player_channel(user_id: UUID) -> str:
    return f"player:{user_id}"


SIGNED_OUT = "This session has been signed out."
ACCOUNT_DISABLED = "This account is disabled."


class SignOut(msgspec.Struct, omit_defaults=True):
    """An order to close the user's sockets whose session ended, with `reason`: those of
    `sessions`, or, when it is None, all of them but those of session `keep`."""

    reason: str
    sessions: list[UUID] | None = None
    keep: UUID | None = None

    def covers(self, session_id: UUID) -> bool:
        if self.sessions is not None:
            return session_id in self.sessions
        return session_id != self.keep


class Envelope(msgspec.Struct, omit_defaults=True):
    """What travels on a user's channel: a server message, for every socket of the user or
    only for device `to`; or, with `evict`, an order to close that device's connections
    other than `keep`; or, with `sign_out`, an order to close signed-out sockets."""

    message: msgspec.Raw = msgspec.Raw(b"")
    to: str | None = None
    evict: str | None = None
    keep: str | None = None
    sign_out: SignOut | None = None


envelope_decoder = msgspec.json.Decoder(Envelope)


class _StaleState(Exception):
    """Another command changed the player between our read and our write."""


def _check_tracks(command: PlayerCommand | None, durations: engine.Durations) -> None:
    """A command naming a track that does not exist is a 404."""
    if isinstance(command, PlayCommand | QueueCommand) and command.track_ids:
        missing = [track_id for track_id in command.track_ids if track_id not in durations]
        if missing:
            raise NotFound(f"There is no track {missing[0]}.")


def state_message(body: PlayerState) -> StateMessage:
    """The `state` event carrying `body`."""
    return StateMessage(**msgspec.structs.asdict(body))


class PlaybackHub:
    """Playback for the users of this process; shared state lives in the database, the
    channels backend and the backplane."""

    def __init__(
        self,
        settings: PlaybackSettings,
        database: SQLAlchemyAsyncConfig,
        backplane: Backplane,
        channels: ChannelsPlugin,
    ) -> None:
        self.settings = settings
        self.backplane = backplane
        self.channels = channels
        self._database = database
        self._locks: weakref.WeakValueDictionary[UUID, asyncio.Lock] = weakref.WeakValueDictionary()
        self.connections: set[DeviceConnection] = set()
        """The live sockets of this process."""

    async def close(self) -> None:
        await self.backplane.close()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A database session of its own (on the app's engine), committed when the block
        succeeds: events go out only after the change is stored."""
        async with open_session(self._database) as session:
            yield session

    def _lock(self, user_id: UUID) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[user_id] = lock
        return lock

    # --- the player -----------------------------------------------------------------------

    async def state(self, user_id: UUID, now: datetime | None = None) -> PlayerState:
        """The user's player now (from the cache when there is one)."""
        now = now or utcnow()
        cached = await self.backplane.cached_state(user_id)
        if cached is not None:
            return msgspec.structs.replace(_state_decoder.decode(cached), server_time=now)
        async with self.session() as session:
            snapshot = await PlayerStateService(session=session).load(user_id)
            body = present_state(snapshot, await TrackLookup(session).get(snapshot.track_id), now)
        await self._cache(user_id, body)
        return body

    async def execute(
        self,
        user_id: UUID,
        command: PlayerCommand,
        *,
        sender: str | None = None,
        now: datetime | None = None,
    ) -> PlayerState:
        """Apply `command` from device `sender` (None: the REST API), store the result, tell
        every device, and return the new state. The last command to be stored wins."""
        await self._check_devices(user_id, command, sender)

        def change(before: Snapshot, durations: engine.Durations, moment: datetime) -> Outcome:
            return engine.apply_command(
                before, command, now=moment, durations=durations, sender=sender
            )

        body = await self._transition(user_id, change, now=now, command=command)
        # A command always has an outcome, so `body` is the new state.
        return body if body is not None else await self.state(user_id)

    async def _transition(
        self,
        user_id: UUID,
        change: Transition,
        *,
        now: datetime | None = None,
        command: PlayerCommand | None = None,
    ) -> PlayerState | None:
        """Store `change` applied to the user's player, then tell their devices. Should
        another process store a change first, `change` is applied again on top of it. None
        when `change` had nothing to do."""
        async with self._lock(user_id):
            for _ in range(_ATTEMPTS):
                moment = now or utcnow()
                try:
                    async with self.session() as session:
                        players = PlayerStateService(session=session)
                        tracks = TrackLookup(session)
                        before = await players.load(user_id)
                        durations = await tracks.durations(engine.tracks_of(before, command))
                        _check_tracks(command, durations)
                        current = engine.without_missing_tracks(before, durations)
                        outcome = change(current, durations, moment)
                        if outcome is None:
                            return None
                        history = PlayHistoryService(session=session)
                        for play in outcome.plays:
                            history.record(user_id, play)
                        if not await players.save(user_id, before, outcome.state, moment):
                            raise _StaleState
                        track = await tracks.get(outcome.state.track_id)
                        body = present_state(outcome.state, track, moment)
                except _StaleState:
                    continue
                await self._cache(user_id, body)
                await self._announce(user_id, body, outcome.directives)
                return body
        raise Conflict("The player is changing too fast; try again.")

    async def _check_devices(
        self, user_id: UUID, command: PlayerCommand, sender: str | None
    ) -> None:
        target = command.device_id if isinstance(command, PlayCommand | TransferCommand) else None
        if target is None or target == sender:
            return
        if target not in {device.id for device in await self.devices(user_id)}:
            raise NotFound(f"No device {target!r} is connected.")

    async def progress(
        self,
        user_id: UUID,
        device_id: str,
        track_id: UUID,
        position_ms: int,
        now: datetime | None = None,
    ) -> None:
        """Take the active device's playhead; other devices hear of it only when it drifted
        from where they would extrapolate it."""
        now = now or utcnow()
        async with self._lock(user_id), self.session() as session:
            players = PlayerStateService(session=session)
            tracks = TrackLookup(session)
            before = await players.load(user_id)
            durations = await tracks.durations([track_id])
            applied = engine.apply_progress(
                before,
                device_id=device_id,
                track_id=track_id,
                position_ms=position_ms,
                now=now,
                durations=durations,
            )
            if applied is None:
                return
            after, drift_ms = applied
            if not await players.save(user_id, before, after, now):
                return
            body = present_state(after, await tracks.get(after.track_id), now)
        await self._cache(user_id, body)
        if drift_ms >= DRIFT_TO_REPORT_MS:
            await self._announce(user_id, body, ())

    async def _device_left(self, user_id: UUID, device_id: str) -> None:
        """The device is gone: if it was the active one, pause the player."""

        def change(
            before: Snapshot, durations: engine.Durations, moment: datetime
        ) -> Outcome | None:
            return engine.device_left(before, device_id, now=moment, durations=durations)

        await self._transition(user_id, change)

    async def _cache(self, user_id: UUID, body: PlayerState) -> None:
        await self.backplane.cache_state(user_id, body.version, msgspec.json.encode(body))

    async def _announce(
        self, user_id: UUID, body: PlayerState, directives: tuple[Directive, ...]
    ) -> None:
        await self.publish(user_id, Envelope(message=_raw(state_message(body))))
        for directive in directives:
            message = _raw(CommandMessage(command=directive.command))
            await self.publish(user_id, Envelope(message=message, to=directive.device_id))

    # --- devices --------------------------------------------------------------------------

    def _seen_since(self, now: datetime) -> datetime:
        # A connection refreshes its device at most every third of the timeout, so allow that
        # much lag; a connection that really falls silent is dropped by its own process.
        return now - timedelta(seconds=self.settings.device_timeout_seconds * 4 / 3)

    async def devices(self, user_id: UUID) -> list[Device]:
        now = utcnow()
        records = await self.backplane.devices(user_id, self._seen_since(now))
        if not records:
            return []
        active = (await self.state(user_id, now)).active_device_id
        return [present_device(record, active) for record in records]

    async def device_connected(self, user_id: UUID, record: DeviceRecord) -> None:
        """Register a device, close its older connections, and tell the user's devices."""
        await self.backplane.put_device(user_id, record)
        evict = Envelope(evict=record.device_id, keep=record.connection_id)
        await self.publish(user_id, evict)
        await self.publish_devices(user_id)

    async def device_seen(self, user_id: UUID, record: DeviceRecord) -> None:
        await self.backplane.put_device(user_id, record)

    async def device_disconnected(self, user_id: UUID, record: DeviceRecord) -> None:
        """Forget a connection's device (unless a newer connection holds it)."""
        if not await self.backplane.drop_device(user_id, record.device_id, record.connection_id):
            return
        await self._device_left(user_id, record.device_id)
        await self.publish_devices(user_id)

    async def publish_devices(self, user_id: UUID) -> None:
        message = DevicesMessage(devices=await self.devices(user_id))
        await self.publish(user_id, Envelope(message=_raw(message)))

    async def sign_out(
        self,
        user_id: UUID,
        *,
        sessions: Collection[UUID] | None = None,
        keep: UUID | None = None,
        reason: str = SIGNED_OUT,
    ) -> None:
        """Close the user's sockets of `sessions` (None: all but session `keep`'s) on every
        process. Call it once the sign-out is committed, so that a device reconnecting at
        once is refused. Should the channel fail, those sockets are still refused at their
        next command."""
        listed = None if sessions is None else list(sessions)
        order = SignOut(reason=reason, sessions=listed, keep=keep)
        try:
            await self.publish(user_id, Envelope(sign_out=order))
        except Exception:
            logger.exception("could not close the signed-out sockets of user %s", user_id)

    async def publish(self, user_id: UUID, envelope: Envelope) -> None:
        await self.channels.wait_published(msgspec.json.encode(envelope), player_channel(user_id))


def _raw(message: StateMessage | DevicesMessage | CommandMessage) -> msgspec.Raw:
    return msgspec.Raw(message_encoder.encode(message))
