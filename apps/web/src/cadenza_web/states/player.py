"""The player: a queue of tracks played by the page's `<audio>` element.

The browser plays; this state decides what. It sets the element's `src` to a signed stream
URL from the API (the browser fetches it straight from there) and drives play, pause, seek
and volume with small scripts; the element reports back time, duration and play/pause.

The tab is also a device of the user's shared player (see `DeviceState`): what it plays is
reported to the API, and while another device plays, the bar shows that device's state and
its buttons send commands there instead of playing here.
"""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any
from uuid import UUID

import httpx
import reflex as rx
from reflex.event import EventSpec

from cadenza_contracts import ApiError
from cadenza_contracts.catalog import Track
from cadenza_contracts.media import StreamFormat
from cadenza_contracts.playback import (
    NextCommand,
    PauseCommand,
    PlayCommand,
    PlayerCommand,
    PreviousCommand,
    SeekCommand,
    VolumeCommand,
)
from cadenza_contracts.playback import PlayerState as SharedPlayer
from cadenza_web.api import SignedOut, failure_message
from cadenza_web.devices import DeviceLink, link_for
from cadenza_web.models import TrackRow, format_seconds
from cadenza_web.settings import absolute_api_url
from cadenza_web.states.handlers import background, event
from cadenza_web.states.library import LibraryState
from cadenza_web.states.session import LOGIN_ROUTE, signed_in_client

AUDIO_ELEMENT_ID = "cz-audio"
_AUDIO = f"document.getElementById({json.dumps(AUDIO_ELEMENT_ID)})"
# Within this many seconds of a track's start, "Previous" goes to the previous track;
# later, it starts the current one again.
RESTART_THRESHOLD_SECONDS = 3.0
# The most tracks a queue reported to the API may hold (the API's own limit).
MAX_REPORTED_QUEUE = 1000
# The most tracks of another device's queue fetched when playback moves here.
MAX_ADOPTED_QUEUE = 100
NOT_CONNECTED = "Not connected to the server, so that did not reach the other device."


# Keyboard shortcuts, installed once per page load. They act only when focus is on no
# control (a focused button or field keeps its own keys) and press the player bar's buttons,
# so they do exactly what a click would.
SHORTCUTS_SCRIPT = """
(() => {
  if (window.__cadenzaShortcuts) return;
  window.__cadenzaShortcuts = true;
  window.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof Element && target.closest(
      "input, textarea, select, button, a, [contenteditable], [role=dialog]")) return;
    const player = document.querySelector("section[aria-label=Player]");
    const press = (name) => {
      const button = player && player.querySelector(`button[aria-label="${name}"]`);
      if (button && !button.disabled) { button.click(); event.preventDefault(); }
    };
    const audio = document.getElementById(AUDIO_ELEMENT_ID);
    if (event.key === " " || event.key === "k") {
      press(audio && !audio.paused ? "Pause" : "Play");
    } else if (event.key === "N") {
      press("Next");
    } else if (event.key === "P") {
      press("Previous");
    } else if ((event.key === "ArrowRight" || event.key === "ArrowLeft") && audio) {
      const step = event.key === "ArrowRight" ? 5 : -5;
      audio.currentTime = Math.max(0, Math.min(audio.currentTime + step, audio.duration || 0));
      event.preventDefault();
    }
  });
})();
""".replace("AUDIO_ELEMENT_ID", json.dumps(AUDIO_ELEMENT_ID))

# Whether this browser's <audio> plays Ogg Opus (Safari before 17 does not: it gets AAC).
PLAYS_OPUS_SCRIPT = (
    "document.createElement('audio').canPlayType('audio/ogg; codecs=\"opus\"') !== ''"
)

REPEAT_MODES = ("off", "all", "one")


def audio_script(body: str) -> EventSpec:
    """Run `body` with `a` bound to the audio element (when the page has one)."""
    return rx.call_script(f"(() => {{ const a = {_AUDIO}; if (a) {{ {body} }} }})()")


class PlayerState(rx.State):
    queue: rx.Field[list[TrackRow]] = rx.field(default_factory=list)
    index: rx.Field[int] = rx.field(-1)
    src: rx.Field[str] = rx.field("")
    playing: rx.Field[bool] = rx.field(False)
    position: rx.Field[float] = rx.field(0.0)
    duration: rx.Field[float] = rx.field(0.0)
    volume: rx.Field[int] = rx.field(80)
    shuffle: rx.Field[bool] = rx.field(False)
    repeat: rx.Field[str] = rx.field("off")
    queue_open: rx.Field[bool] = rx.field(False)
    error: rx.Field[str] = rx.field("")
    # The other device that plays, while one does: the bar shows its state and controls it.
    remote_device: rx.Field[str] = rx.field("")
    _remote_device_id: str = ""
    _retried_track: str = ""
    # Where the next loaded track starts (seconds), e.g. after playback moved here.
    _start_at: float = 0.0
    # Set when the user chose a track: it starts as soon as the element has loaded it. A page
    # (re)load clears it, so a reload shows the last track paused instead of blaring.
    _start_when_loaded: bool = False
    # The queue in its own order, while shuffle plays it in another.
    _unshuffled: list[TrackRow] = []
    # What the browser plays: Opus, or AAC where it cannot (the page tells on load).
    _stream_format: StreamFormat = StreamFormat.OPUS

    @rx.var
    def current(self) -> TrackRow:
        if 0 <= self.index < len(self.queue):
            return self.queue[self.index]
        return TrackRow()

    @rx.var
    def has_track(self) -> bool:
        return 0 <= self.index < len(self.queue)

    @rx.var
    def current_id(self) -> str:
        return self.current.id

    @rx.var
    def current_title(self) -> str:
        return self.current.title

    @rx.var
    def current_artist(self) -> str:
        return self.current.artist

    @rx.var
    def elapsed_text(self) -> str:
        return format_seconds(self.position)

    @rx.var
    def total_text(self) -> str:
        return format_seconds(self.duration)

    @rx.var
    def repeat_label(self) -> str:
        return {"off": "Repeat: off", "all": "Repeat: all", "one": "Repeat: this song"}[self.repeat]

    @rx.var
    def repeating(self) -> bool:
        return self.repeat != "off"

    @rx.var
    def repeating_one(self) -> bool:
        return self.repeat == "one"

    @rx.var
    def is_remote(self) -> bool:
        return self.remote_device != ""

    # --- the shared player -------------------------------------------------------------------

    def _link(self) -> DeviceLink | None:
        return link_for(self.router.session.client_token)

    def _shared(self) -> tuple[DeviceLink, SharedPlayer] | None:
        """The tab's link and the shared state, when both are known."""
        link = self._link()
        if link is None or link.sync.state is None:
            return None
        return link, link.sync.state

    def _report(self, command: PlayerCommand) -> None:
        """Tell the shared player what happened here (best effort: local playback goes on
        without a connection)."""
        link = self._link()
        if link is not None:
            link.send(command)

    def _command_remote(self, command: PlayerCommand) -> None:
        """Send a command meant for the other device that plays."""
        link = self._link()
        if link is None or not link.send(command):
            self.error = NOT_CONNECTED

    def _report_queue(self) -> None:
        """The queue and its current track, as the shared player's new queue (this tab
        becomes the active device)."""
        if not self.has_track:
            return
        start = max(0, self.index - MAX_REPORTED_QUEUE // 2)
        tracks = self.queue[start : start + MAX_REPORTED_QUEUE]
        self._report(
            PlayCommand(
                track_ids=[UUID(track.id) for track in tracks],
                index=self.index - start,
                position_ms=int(self.position * 1000) or None,
            )
        )

    def show_remote(self, state: SharedPlayer, device_id: str, name: str, position_ms: int) -> None:
        """Another device plays: show its state in the bar; nothing plays here."""
        track = state.track
        if self._remote_device_id != device_id or self.current_id != (
            str(track.id) if track else ""
        ):
            self.queue = [TrackRow.of(track)] if track is not None else []
            self._unshuffled = list(self.queue)
            self.index = 0 if track is not None else -1
        self._remote_device_id = device_id
        self.remote_device = name
        self.src = ""
        self._start_when_loaded = False
        self.playing = state.is_playing
        self.position = position_ms / 1000
        self.duration = (track.duration_ms or 0) / 1000 if track is not None else 0.0

    def leave_remote(self) -> None:
        """The other device stopped being the one that plays (it went away, or playback
        moved here): the bar keeps its last track, paused."""
        self.remote_device = ""
        self._remote_device_id = ""
        self.playing = False

    def follow_position(self, position_ms: int) -> None:
        self.position = position_ms / 1000

    # --- choosing what plays ---------------------------------------------------------------

    def _arrange(self, tracks: list[TrackRow], first: TrackRow) -> None:
        """Make `tracks` the queue at `first`, shuffled after it when shuffle is on."""
        self._unshuffled = tracks
        if self.shuffle:
            rest = [track for track in tracks if track.id != first.id]
            random.shuffle(rest)
            self.queue = [first, *rest]
        else:
            self.queue = list(tracks)
        self.index = next(i for i, track in enumerate(self.queue) if track.id == first.id)

    @background
    async def play_rows(self, rows: list[dict[str, Any]], index: int) -> EventSpec | None:
        """Play `rows` (a page's track list) as the queue, starting at `index`.

        Tracks that cannot stream yet are left out of the queue.
        """
        tracks = [TrackRow.from_event(row) for row in rows]
        if not 0 <= index < len(tracks) or not tracks[index].playable:
            return None
        chosen = tracks[index]
        playable = [track for track in tracks if track.playable]
        async with self:
            if self.is_remote:
                # It plays where playback already is.
                self._command_remote(
                    PlayCommand(
                        track_ids=[UUID(track.id) for track in playable[:MAX_REPORTED_QUEUE]],
                        index=playable.index(chosen),
                        device_id=self._remote_device_id,
                    )
                )
                return None
            restart = self.current.id == chosen.id and self.src != ""
            self._arrange(playable, chosen)
            if restart:
                self.position = 0.0
                self._report_queue()
        if restart:
            return audio_script("a.currentTime = 0; a.play().catch(() => {});")
        return await self._load_current()

    @background
    async def jump_to(self, index: int) -> EventSpec | None:
        """Play the queue's track at `index` (from the queue panel)."""
        async with self:
            if not 0 <= index < len(self.queue) or index == self.index:
                return None
            self.index = index
        return await self._load_current()

    def _step(self, forward: bool) -> bool:
        """Move to the next or previous track, wrapping round when repeating; False at
        either end of a queue that does not repeat."""
        target = self.index + (1 if forward else -1)
        if 0 <= target < len(self.queue):
            self.index = target
            return True
        if self.repeat == "off" or not self.queue:
            return False
        self.index = target % len(self.queue)
        return True

    @background
    async def next_track(self) -> EventSpec | None:
        async with self:
            if self.is_remote:
                self._command_remote(NextCommand())
                return None
            if not self._step(forward=True):
                return None
        return await self._load_current()

    @background
    async def previous_track(self) -> EventSpec | None:
        async with self:
            if self.is_remote:
                self._command_remote(PreviousCommand())
                return None
            if self.position > RESTART_THRESHOLD_SECONDS or not self._step(forward=False):
                self.position = 0.0
                self._report_seek()
                return audio_script("a.currentTime = 0;")
        return await self._load_current()

    @background
    async def track_ended(self) -> EventSpec | None:
        """Auto-advance: the same track again (repeat one), the next one, or stop."""
        async with self:
            if self.repeat == "one":
                self.position = 0.0
                self._report_queue()
                return audio_script("a.currentTime = 0; a.play().catch(() => {});")
            self.playing = False
            if not self._step(forward=True):
                self.position = 0.0
                return None
        return await self._load_current()

    async def _load_current(
        self, *, report: bool = True, start_at: float = 0.0, play: bool = True
    ) -> EventSpec | None:
        """Point the audio element at the current track's signed stream URL, to start at
        `start_at` (playing, unless `play` is false). `report` tells the shared player."""
        async with self:
            track = self.current
            stream_format = self._stream_format
            self.error = ""
        try:
            async with signed_in_client(self) as api:
                signed = await api.signed_stream_url(UUID(track.id), format=stream_format)
        except SignedOut:
            return rx.redirect(LOGIN_ROUTE)
        except (ApiError, httpx.HTTPError) as error:
            async with self:
                self.error = f"“{track.title}” cannot play: {failure_message(error)}"
            return None
        async with self:
            if self.current.id != track.id:
                return None  # another choice overtook this one
            self.src = absolute_api_url(signed.url)
            self._start_when_loaded = play
            self._start_at = start_at
            self.position = start_at
            self.duration = track.duration_ms / 1000
            if report:
                self._report_queue()
        return None

    # --- transport controls ------------------------------------------------------------------

    @event
    def toggle(self) -> EventSpec | None:
        if self.is_remote:
            if self.playing:
                self._command_remote(PauseCommand())
            else:
                self._command_remote(PlayCommand(device_id=self._remote_device_id))
            return None
        if not self.src:
            # The last track of a device that went away: it plays here now.
            return PlayerState.resume_here if self.has_track else None
        return audio_script("if (a.paused) { a.play().catch(() => {}); } else { a.pause(); }")

    def stop_here(self) -> EventSpec:
        """The sign-in ended: nothing goes on playing in this tab (the bar keeps its track,
        paused, for after the next sign-in)."""
        self._start_when_loaded = False
        if self.is_remote:
            self.leave_remote()
        self.playing = False
        return audio_script("a.pause();")

    @background
    async def resume_here(self) -> EventSpec | None:
        async with self:
            start_at = self.position
        return await self._load_current(start_at=start_at)

    @event
    def seek(self, seconds: float) -> EventSpec | None:
        self.position = max(0.0, min(float(seconds), self.duration or float(seconds)))
        if self.is_remote:
            self._command_remote(SeekCommand(position_ms=int(self.position * 1000)))
            return None
        self._report_seek()
        return audio_script(f"a.currentTime = {self.position};")

    def _report_seek(self) -> None:
        shared = self._shared()
        if shared is not None and shared[0].sync.is_active and self._shares_track(shared[1]):
            self._report(SeekCommand(position_ms=int(self.position * 1000)))

    def _shares_track(self, state: SharedPlayer) -> bool:
        return state.track_id is not None and str(state.track_id) == self.current_id

    @event
    def set_volume(self, value: float) -> EventSpec:
        self.volume = max(0, min(int(value), 100))
        return audio_script(f"a.volume = {self.volume / 100};")

    @event
    def toggle_shuffle(self) -> None:
        self.shuffle = not self.shuffle
        if self.has_track:
            self._arrange(self._unshuffled or list(self.queue), self.current)

    @event
    def cycle_repeat(self) -> None:
        self.repeat = REPEAT_MODES[(REPEAT_MODES.index(self.repeat) + 1) % len(REPEAT_MODES)]

    @event
    def toggle_queue(self) -> None:
        self.queue_open = not self.queue_open

    @event
    def close_queue(self) -> None:
        self.queue_open = False

    @event
    def like_current(self) -> EventSpec | None:
        if not self.has_track:
            return None
        return LibraryState.toggle_like(self.current.id)

    # --- what the audio element reports ---------------------------------------------------

    @event
    def audio_mounted(self) -> list[EventSpec]:
        """A fresh page load: the element starts paused on the last track, at our volume,
        and the keyboard shortcuts are installed."""
        self._start_when_loaded = False
        if not self.is_remote:
            self.playing = False
            self.position = 0.0
            shared = self._shared()
            if shared is not None and shared[0].sync.is_active and shared[1].is_playing:
                # The page was reloaded while playing here: the player is paused now.
                self._report(PauseCommand())
        return [
            audio_script(f"a.volume = {self.volume / 100};"),
            rx.call_script(SHORTCUTS_SCRIPT),
            rx.call_script(PLAYS_OPUS_SCRIPT, callback=PlayerState.note_opus_support),
        ]

    @event
    def note_opus_support(self, plays_opus: bool) -> None:
        self._stream_format = StreamFormat.OPUS if plays_opus else StreamFormat.AAC

    @event
    def time_update(self, seconds: float) -> None:
        self.position = float(seconds)

    @event
    def loaded(self, seconds: float) -> EventSpec | None:
        """The element knows the track's length: start it if the user asked for it."""
        self.duration_known(seconds)
        start_at, self._start_at = self._start_at, 0.0
        seek = f"a.currentTime = {start_at};" if start_at > 0 else ""
        if not self._start_when_loaded:
            return audio_script(seek) if seek else None
        self._start_when_loaded = False
        return audio_script(f"{seek} a.play().catch(() => {{}});")

    @event
    def duration_known(self, seconds: float) -> None:
        if seconds > 0:
            self.duration = float(seconds)

    @event
    def started(self) -> None:
        self.playing = True
        self._retried_track = ""
        shared = self._shared()
        if shared is None:
            return
        link, state = shared
        if not link.sync.is_active or not self._shares_track(state):
            self._report_queue()
        elif not state.is_playing:
            self._report(PlayCommand(position_ms=int(self.position * 1000)))

    @event
    def paused(self) -> None:
        self.playing = False
        shared = self._shared()
        if shared is not None and shared[0].sync.is_active and shared[1].is_playing:
            self._report(PauseCommand())

    @event
    def media_failed(self, code: int) -> EventSpec | None:
        """A stream that fails (e.g. its signed URL expired) gets one fresh URL."""
        self.playing = False
        if not self.has_track or self._retried_track == self.current.id:
            self.error = f"“{self.current.title}” could not be played (media error {code})."
            return None
        self._retried_track = self.current.id
        return PlayerState.reload_current

    @background
    async def reload_current(self) -> EventSpec | None:
        return await self._load_current(report=False)

    # --- what the shared player asks of this tab --------------------------------------------

    def obey(self, command: PlayerCommand) -> EventSpec | None:
        """A command another device sent to this tab, the one that plays."""
        if isinstance(command, PauseCommand):
            return audio_script("a.pause();")
        if isinstance(command, SeekCommand):
            self.position = command.position_ms / 1000
            return audio_script(f"a.currentTime = {self.position};")
        if isinstance(command, VolumeCommand):
            self.volume = command.volume
            return audio_script(f"a.volume = {self.volume / 100};")
        if isinstance(command, PlayCommand | NextCommand | PreviousCommand):
            return PlayerState.follow_shared
        return None

    @background
    async def follow_shared(self) -> EventSpec | None:
        """Play here what the shared player says: playback moved to this tab, or another
        device chose what it plays."""
        async with self:
            shared = self._shared()
            if shared is None or not shared[0].sync.is_active:
                return None
            link, state = shared
            track = state.track
            if track is None:
                return None
            position = link.sync.position_ms() / 1000
            playing = state.is_playing
            if self.is_remote:
                self.leave_remote()
            if self._shares_track(state) and self.src:
                self.position = position
                action = "a.play().catch(() => {});" if playing else "a.pause();"
                return audio_script(f"a.currentTime = {position}; {action}")
            known = [row.id for row in self.queue]
            if str(track.id) in known:
                self.index = known.index(str(track.id))
                wanted: list[UUID] = []
            else:
                wanted = state.queue.track_ids
        if wanted:
            rows = await self._rows_of(wanted, track)
            async with self:
                self.queue = rows
                self._unshuffled = list(rows)
                self.index = next(i for i, row in enumerate(rows) if row.id == str(track.id))
        return await self._load_current(report=False, start_at=position, play=playing)

    async def _rows_of(self, track_ids: list[UUID], current: Track) -> list[TrackRow]:
        """The shared queue's tracks as rows (just the current one if they cannot be had)."""
        try:
            async with signed_in_client(self) as api:
                tracks = await asyncio.gather(
                    *(api.get_track(track_id) for track_id in track_ids[:MAX_ADOPTED_QUEUE])
                )
        except (SignedOut, ApiError, httpx.HTTPError):
            tracks = []
        rows = [TrackRow.of(track) for track in tracks]
        if all(row.id != str(current.id) for row in rows):
            rows = [TrackRow.of(current)]
        return rows
