"""The queue: what plays now, what the user queued next, and the rest of the list."""

from __future__ import annotations

from functools import partial
from uuid import UUID

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Static

from cadenza_contracts.catalog import Track
from cadenza_tui.appref import being_removed, cadenza
from cadenza_tui.messages import PlayerChanged
from cadenza_tui.screens.base import MainScreen
from cadenza_tui.session import SessionClient
from cadenza_tui.widgets.tracks.track_table import TrackTable

SHOWN_MAX = 200


async def _get_track(track_id: UUID, api: SessionClient) -> Track:
    return await api.get_track(track_id)


class QueueScreen(MainScreen):
    TITLE = "Queue"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[int | None] = []
        """The queue index each row plays (None: an "up next" entry)."""

    def compose_body(self) -> ComposeResult:
        yield Static("", id="queue-info", classes="info", markup=False)
        yield TrackTable(id="queue-tracks")

    def on_mount(self) -> None:
        if being_removed(self):
            return
        self.query_one("#queue-tracks", TrackTable).focus()
        self.show_queue()

    @on(PlayerChanged)
    def _player_changed(self) -> None:
        self.show_queue()

    def _ids(self) -> tuple[list[UUID], list[str], list[int | None]]:
        player = cadenza(self).player
        state = player.state if player is not None else None
        if state is None:
            return [], [], []
        ids: list[UUID] = []
        labels: list[str] = []
        rows: list[int | None] = []
        queue = state.queue
        if state.track_id is not None:
            ids.append(state.track_id)
            labels.append("▶")
            rows.append(None)
        for track_id in queue.up_next:
            ids.append(track_id)
            labels.append("next")
            rows.append(None)
        for index in range(queue.index + 1, len(queue.track_ids)):
            ids.append(queue.track_ids[index])
            labels.append(str(len(labels)))
            rows.append(index)
        return ids[:SHOWN_MAX], labels[:SHOWN_MAX], rows[:SHOWN_MAX]

    def show_queue(self) -> None:
        player = cadenza(self).player
        if player is None or being_removed(self):
            return
        ids, labels, self.rows = self._ids()
        missing = [track_id for track_id in ids if track_id not in player.tracks]
        tracks: list[Track] = [
            player.tracks[track_id] for track_id in ids if track_id in player.tracks
        ]
        if missing:
            self.fetch(missing)
            return
        upcoming = len(ids) - (1 if labels and labels[0] == "▶" else 0)
        self.query_one("#queue-info", Static).update(
            "Nothing in the queue." if not ids else f"Now playing, then {upcoming} tracks."
        )
        self.query_one("#queue-tracks", TrackTable).show_tracks(tracks, labels)

    @work(exclusive=True, group="queue")
    async def fetch(self, track_ids: list[UUID]) -> None:
        app = cadenza(self)
        for track_id in dict.fromkeys(track_ids):
            track = await app.call_api("Loading the queue", partial(_get_track, track_id))
            if track is None:
                return
            app.remember([track])
        self.show_queue()

    @on(TrackTable.PlayRequested, "#queue-tracks")
    async def _play_row(self, event: TrackTable.PlayRequested) -> None:
        event.stop()
        player = cadenza(self).player
        if player is None or not 0 <= event.index < len(self.rows):
            return
        index = self.rows[event.index]
        if index is None:
            self.app.notify("That track is already up: it plays next.", title="Queue")
            return
        await player.play_index(index)
