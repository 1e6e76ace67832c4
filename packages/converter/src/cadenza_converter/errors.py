"""Typed errors raised by the converter."""

from pathlib import Path


class ConversionError(Exception):
    """A media file could not be probed, decoded or converted."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnreadableMediaError(ConversionError):
    """FFmpeg cannot open or decode the file (missing, corrupt or unknown format)."""


class NotAudioError(ConversionError):
    """The file opens but carries no audio stream."""


class EncodingError(ConversionError):
    """The output could not be encoded or written."""
