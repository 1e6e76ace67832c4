"""One source decoded by PyAV, from a URL (HTTP with range seeking) or a path, into the buffer."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import av
import av.error
import numpy as np

from cadenza_tui.audio.buffer import Chunk, EndOfItem, Item, Pcm, PcmBuffer

OPEN_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 15.0
# FFmpeg's HTTP client reconnects by itself after a short drop; longer outages are the
# player's to retry, with a message the user sees.
HTTP_OPTIONS = {
    "reconnect": "1",
    "reconnect_on_network_error": "1",
    "reconnect_delay_max": "2",
}


@dataclass(frozen=True)
class DecodeResult:
    """How a decode ended: at the source's end (`error` None) or failing with `error`."""

    item: Item
    error: str | None


class DecodeTask(threading.Thread):
    """Decodes `item` from `start_frame` at the output format, pushing chunks into `buffer`
    until its end, a failure or `cancel()`; then calls `on_done` (unless cancelled)."""

    def __init__(
        self,
        item: Item,
        start_frame: int,
        buffer: PcmBuffer,
        generation: int,
        *,
        rate: int,
        channels: int,
        on_done: Callable[[DecodeTask, DecodeResult], None],
    ) -> None:
        super().__init__(name=f"cadenza-decode-{id(item):x}", daemon=True)
        self.item = item
        self.start_frame = start_frame
        self.generation = generation
        self._buffer = buffer
        self._rate = rate
        self._channels = channels
        self._on_done = on_done
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()
        self._buffer.wake()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def run(self) -> None:
        try:
            error = self._decode()
        except (av.error.FFmpegError, OSError, ValueError) as exc:
            error = _describe(exc)
        if not self.cancelled:
            self._on_done(self, DecodeResult(self.item, error))

    def _put(self, chunk: Chunk | EndOfItem) -> bool:
        return self._buffer.put(chunk, self.generation, self._cancelled.is_set)

    def _decode(self) -> str | None:
        options = HTTP_OPTIONS if self.item.url.startswith(("http://", "https://")) else {}
        with av.open(
            self.item.url, options=options, timeout=(OPEN_TIMEOUT_S, READ_TIMEOUT_S)
        ) as container:
            if not container.streams.audio:
                return "the stream has no audio"
            stream = container.streams.audio[0]
            if self.start_frame > 0:
                # Land a little early and trim, so the first frame played is the target's.
                target_s = max(0.0, self.start_frame / self._rate - 0.1)
                if stream.time_base is not None:
                    container.seek(int(target_s / stream.time_base), stream=stream)
            layout = "stereo" if self._channels == 2 else "mono"
            resampler = av.AudioResampler(format="s16", layout=layout, rate=self._rate)
            position: int | None = None
            for frame in self._frames(container, stream):
                if self.cancelled:
                    return None
                if position is None:
                    start_s = (
                        float(frame.pts * frame.time_base)
                        if frame.pts is not None and frame.time_base is not None
                        else 0.0
                    )
                    position = round(start_s * self._rate)
                for pcm in self._resample(resampler, frame):
                    position = self._push(pcm, position)
                    if position < 0:
                        return None
            if position is None:
                position = self.start_frame
            for pcm in self._resample(resampler, None):
                position = self._push(pcm, position)
                if position < 0:
                    return None
            self.item.decoded_frames = max(self.item.decoded_frames, position)
            self._put(EndOfItem(self.item))
        return None

    def _frames(
        self, container: av.container.InputContainer, stream: av.AudioStream
    ) -> Iterator[av.AudioFrame]:
        for packet in container.demux(stream):
            if self.cancelled:
                return
            try:
                decoded = packet.decode()
            except av.error.InvalidDataError:
                # One damaged packet is a click, not the end of the song.
                continue
            for frame in decoded:
                if isinstance(frame, av.AudioFrame):
                    yield frame

    def _resample(self, resampler: av.AudioResampler, frame: av.AudioFrame | None) -> list[Pcm]:
        return [
            out.to_ndarray().reshape(-1, self._channels).astype(np.int16, copy=False)
            for out in resampler.resample(frame)
        ]

    def _push(self, pcm: Pcm, position: int) -> int:
        """Buffer `pcm`, which starts `position` frames into the source, minus what lies before
        the start frame; the position after it, or -1 when the decode should stop."""
        end = position + len(pcm)
        if end <= self.start_frame:
            return end
        skip = max(0, self.start_frame - position)
        chunk = Chunk(self.item, position + skip, pcm[skip:])
        if not self._put(chunk):
            return -1
        self.item.decoded_frames = end
        return end


def _describe(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc).strip()
    return str(text) or type(exc).__name__
