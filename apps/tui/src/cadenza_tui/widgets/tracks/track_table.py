"""A list of tracks: enter plays from the highlighted one, the rest of the list following."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from cadenza_contracts.catalog import Track
from cadenza_tui.formatting import clock


class TrackTable(DataTable[Text]):
    """Tracks in rows (#, title, artist, album, time); `labels` replace the numbers."""

    DEFAULT_CSS = """
    TrackTable {
        height: 1fr;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("enter", "select_cursor", "Play", show=True),
        # Arrows seek in the player everywhere but text fields; rows are picked up and down.
        Binding("left", "app.seek(-5000)", "Back 5 s", show=False),
        Binding("right", "app.seek(5000)", "Forward 5 s", show=False),
    ]

    class PlayRequested(Message):
        """Play `tracks[index]`, with the others around it as the queue."""

        def __init__(self, table: TrackTable, tracks: list[Track], index: int) -> None:
            super().__init__()
            self.table = table
            self.tracks = tracks
            self.index = index

        @property
        def control(self) -> TrackTable:
            return self.table

    def __init__(self, *, show_album: bool = True, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.show_album = show_album
        self.tracks: list[Track] = []

    def on_mount(self) -> None:
        self.add_column("#", key="number")
        self.add_column("Title", key="title")
        self.add_column("Artist", key="artist")
        if self.show_album:
            self.add_column("Album", key="album")
        self.add_column("Time", key="time")

    def show_tracks(self, tracks: list[Track], labels: list[str] | None = None) -> None:
        """Replace the rows, keeping the cursor where it was when it still fits."""
        row = self.cursor_row
        self.tracks = list(tracks)
        self.clear()
        for index, track in enumerate(self.tracks):
            label = labels[index] if labels is not None else str(index + 1)
            # Text, not str: a title with brackets is not markup.
            cells = [Text(label), Text(track.title), Text(track.artist_name)]
            if self.show_album:
                cells.append(Text(track.album_title or ""))
            cells.append(Text(clock(track.duration_ms), justify="right"))
            self.add_row(*cells, key=str(index))
        if self.tracks:
            self.move_cursor(row=min(row, len(self.tracks) - 1))

    @property
    def highlighted_track(self) -> Track | None:
        if not self.tracks or not 0 <= self.cursor_row < len(self.tracks):
            return None
        return self.tracks[self.cursor_row]

    @on(DataTable.RowSelected)
    def _play_row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.tracks:
            self.post_message(self.PlayRequested(self, self.tracks, event.cursor_row))
