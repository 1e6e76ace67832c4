"""Messages that cross widgets and screens; the app forwards them to the screen on top."""

from __future__ import annotations

from textual.message import Message


class PlayerChanged(Message):
    """The shared player state changed: track, queue, playing, volume, shuffle or repeat."""


class DevicesChanged(Message):
    """A device of the user connected or went away."""


class LikesChanged(Message):
    """A track was liked or unliked."""


class PlaylistsChanged(Message):
    """A playlist was created, renamed, deleted or had tracks added."""
