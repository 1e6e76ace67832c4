"""Read a media file's technical facts, tags and embedded cover art."""

from pathlib import Path

import av.error
from av.container import InputContainer
from av.stream import AttachmentStream, Disposition, Stream

from cadenza_converter.errors import UnreadableMediaError
from cadenza_converter.media import describe, duration_seconds, open_audio
from cadenza_converter.results import CoverArt, ProbeResult
from cadenza_converter.tags import parse_tags

_MAGIC_TO_MIME = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF8", "image/gif"),
    (b"BM", "image/bmp"),
)
_CODEC_TO_MIME = {"mjpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "bmp": "image/bmp"}


def probe(path: str | Path) -> ProbeResult:
    """Describe the audio in `path`: duration, codec, format, tags and whether it has a cover."""
    path = Path(path)
    with open_audio(path) as (container, stream):
        bit_rate = stream.bit_rate or container.bit_rate or None
        return ProbeResult(
            duration_ms=round(duration_seconds(container, stream) * 1000),
            codec=stream.codec.canonical_name,
            sample_rate=stream.sample_rate,
            channels=stream.channels,
            bitrate_kbps=round(bit_rate / 1000) if bit_rate else None,
            container=container.format.name,
            tags=parse_tags(container.metadata, stream.metadata),
            has_cover_art=_cover_stream(container) is not None,
        )


def extract_cover(path: str | Path) -> CoverArt | None:
    """The embedded cover picture of `path` and its MIME type, or None if it has none."""
    path = Path(path)
    with open_audio(path) as (container, _):
        cover = _cover_stream(container)
        if cover is None:
            return None
        if isinstance(cover, AttachmentStream):
            data = cover.data
        else:
            data = _first_packet(path, container, cover)
        if not data:
            return None
        return CoverArt(data=data, mime_type=_mime_type(data, cover))


def _cover_stream(container: InputContainer) -> Stream | None:
    """An attached picture (ID3 APIC, FLAC PICTURE, MP4 covr) or an image attachment (MKV)."""
    for video in container.streams.video:
        if video.disposition & Disposition.attached_pic:
            return video
    for attachment in container.streams.attachments:
        if (attachment.mimetype or "").startswith("image/"):
            return attachment
    return None


def _first_packet(path: Path, container: InputContainer, stream: Stream) -> bytes:
    try:
        for packet in container.demux(stream):
            if packet.size:
                return bytes(packet)
    except av.error.FFmpegError as error:
        raise UnreadableMediaError(path, f"cover art unreadable ({describe(error)})") from error
    return b""


def _mime_type(data: bytes, stream: Stream) -> str:
    for magic, mime_type in _MAGIC_TO_MIME:
        if data.startswith(magic):
            return mime_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if isinstance(stream, AttachmentStream) and stream.mimetype:
        return stream.mimetype
    return _CODEC_TO_MIME.get(stream.codec.canonical_name, "application/octet-stream")
