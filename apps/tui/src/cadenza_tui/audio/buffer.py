"""Decoded audio waiting for the device: PCM chunks of one or more sources in play order."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Pcm = npt.NDArray[np.int16]
"""Interleaved 16-bit samples, shaped (frames, channels)."""


class Item:
    """One source as the engine plays it: identity matters, the same track queued twice is
    two items."""

    def __init__(self, key: object, url: str, duration_ms: int | None) -> None:
        self.key = key
        self.url = url
        self.duration_ms = duration_ms
        self.decoded_frames = 0
        """Where decoding has got to, in frames from the source's start."""
        self.complete = False
        """Decoded to its end (all of it is in the buffer, or was)."""


@dataclass(eq=False)
class Chunk:
    item: Item
    start_frame: int
    """Where `pcm[0]` lies in the source, in output frames."""
    pcm: Pcm
    offset: int = 0
    """Frames of `pcm` already played."""

    @property
    def remaining(self) -> int:
        return len(self.pcm) - self.offset


@dataclass(eq=False)
class EndOfItem:
    """The source's last chunk is before this marker."""

    item: Item


Entry = Chunk | EndOfItem


class PcmBuffer:
    """A bounded queue of chunks: decoders block in `put` while it is full; the device takes
    from it in `read` without ever blocking on a decoder."""

    def __init__(self, capacity_frames: int) -> None:
        self.capacity_frames = capacity_frames
        self._entries: deque[Entry] = deque()
        self._frames = 0
        self._generation = 0
        self._condition = threading.Condition()

    @property
    def frames(self) -> int:
        """Frames waiting to be played."""
        return self._frames

    @property
    def generation(self) -> int:
        """Grows with every `clear`: a decoder started before it may no longer add."""
        return self._generation

    def put(self, entry: Entry, generation: int, cancelled: Callable[[], bool]) -> bool:
        """Append `entry` once there is room; False (and nothing added) when the buffer was
        cleared since `generation` or `cancelled()` became true meanwhile."""
        frames = len(entry.pcm) if isinstance(entry, Chunk) else 0
        with self._condition:
            while True:
                if generation != self._generation or cancelled():
                    return False
                if self._frames + frames <= self.capacity_frames or not self._entries:
                    break
                self._condition.wait(0.1)
            self._entries.append(entry)
            self._frames += frames
            return True

    def read(self, frames: int) -> list[tuple[Chunk, int, int] | EndOfItem]:
        """Take up to `frames` frames: (chunk, start, stop) slices of chunks' PCM and the end
        markers between them, in order."""
        taken: list[tuple[Chunk, int, int] | EndOfItem] = []
        with self._condition:
            while frames > 0 and self._entries:
                entry = self._entries[0]
                if isinstance(entry, EndOfItem):
                    self._entries.popleft()
                    taken.append(entry)
                    continue
                count = min(frames, entry.remaining)
                taken.append((entry, entry.offset, entry.offset + count))
                entry.offset += count
                frames -= count
                self._frames -= count
                if entry.remaining == 0:
                    self._entries.popleft()
            # A trailing end marker belongs to this read too, so a source ends on time.
            while self._entries:
                marker = self._entries[0]
                if not isinstance(marker, EndOfItem):
                    break
                self._entries.popleft()
                taken.append(marker)
            self._condition.notify_all()
        return taken

    def clear(self) -> int:
        """Drop everything and invalidate decoders started before; the new generation."""
        with self._condition:
            self._entries.clear()
            self._frames = 0
            self._generation += 1
            self._condition.notify_all()
            return self._generation

    def skip(self, item: Item, frame: int) -> None:
        """Drop `item`'s buffered frames before `frame` (a seek forward within what is
        buffered); its end marker, if reached, stays."""
        with self._condition:
            while self._entries:
                chunk = self._entries[0]
                if not isinstance(chunk, Chunk) or chunk.item is not item:
                    break
                chunk_end = chunk.start_frame + len(chunk.pcm)
                if chunk_end <= frame:
                    self._frames -= chunk.remaining
                    self._entries.popleft()
                    continue
                skipped = max(0, frame - (chunk.start_frame + chunk.offset))
                chunk.offset += skipped
                self._frames -= skipped
                break
            self._condition.notify_all()

    def drop_item(self, item: Item) -> None:
        """Remove what was buffered of `item`."""
        with self._condition:
            kept = [entry for entry in self._entries if entry.item is not item]
            self._entries = deque(kept)
            self._frames = sum(entry.remaining for entry in kept if isinstance(entry, Chunk))
            self._condition.notify_all()

    def wake(self) -> None:
        """Let blocked decoders look at their cancellation again."""
        with self._condition:
            self._condition.notify_all()
