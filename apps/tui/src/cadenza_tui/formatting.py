"""Small text helpers shared by the screens."""

from __future__ import annotations

from rich.text import Text

from cadenza_contracts.catalog import Track


def clock(ms: int | None) -> str:
    """`ms` as m:ss (h:mm:ss from an hour), or `-:--` when unknown."""
    if ms is None or ms < 0:
        return "-:--"
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def track_line(track: Track) -> str:
    """`Title — Artist`."""
    return f"{track.title} — {track.artist_name}"


def heading(title: str, *details: str) -> Text:
    """A bold title over lines of details, for the top of a screen."""
    text = Text(title, style="bold")
    for line in details:
        text.append("\n")
        text.append(line)
    return text
