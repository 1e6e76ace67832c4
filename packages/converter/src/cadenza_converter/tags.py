"""Read tags from FFmpeg metadata dictionaries, whatever the container called them."""

import re
from collections.abc import Mapping

from cadenza_converter.results import Tags

# FFmpeg normalises ID3 and MP4 keys; Vorbis comments keep their own names.
_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "artist": ("artist",),
    "album": ("album",),
    "album_artist": ("album_artist", "albumartist", "album artist"),
    "track": ("track", "tracknumber"),
    "track_total": ("tracktotal", "totaltracks"),
    "disc": ("disc", "discnumber"),
    "disc_total": ("disctotal", "totaldiscs"),
    "date": ("date", "year", "originaldate"),
    "genre": ("genre",),
}
_NUMBER = re.compile(r"\s*(\d+)\s*(?:/\s*(\d+))?")
_YEAR = re.compile(r"(\d{4})")


def parse_tags(*metadata: Mapping[str, str]) -> Tags:
    """Build Tags from metadata dicts; earlier dicts win over later ones."""
    merged: dict[str, str] = {}
    for source in reversed(metadata):
        merged.update({key.lower(): value for key, value in source.items()})

    def text(name: str) -> str | None:
        for key in _ALIASES[name]:
            value = merged.get(key, "").strip()
            if value:
                return value
        return None

    track_number, track_total = _split_number(text("track"))
    disc_number, disc_total = _split_number(text("disc"))
    return Tags(
        title=text("title"),
        artist=text("artist"),
        album=text("album"),
        album_artist=text("album_artist"),
        track_number=track_number,
        track_total=track_total or _split_number(text("track_total"))[0],
        disc_number=disc_number,
        disc_total=disc_total or _split_number(text("disc_total"))[0],
        year=_year(text("date")),
        genre=text("genre"),
    )


def metadata_for_output(tags: Tags) -> dict[str, str]:
    """FFmpeg metadata keys for the tags worth carrying into a rendition."""
    fields = {
        "title": tags.title,
        "artist": tags.artist,
        "album": tags.album,
        "album_artist": tags.album_artist,
        "genre": tags.genre,
        "date": str(tags.year) if tags.year else None,
        "track": _join_number(tags.track_number, tags.track_total),
        "disc": _join_number(tags.disc_number, tags.disc_total),
    }
    return {key: value for key, value in fields.items() if value}


def _split_number(value: str | None) -> tuple[int | None, int | None]:
    """Parse "3", "3/12" or " 3 / 12 " into (3, 12)."""
    match = _NUMBER.match(value or "")
    if match is None:
        return None, None
    number, total = match.groups()
    return int(number), int(total) if total else None


def _join_number(number: int | None, total: int | None) -> str | None:
    if number is None:
        return None
    return f"{number}/{total}" if total else str(number)


def _year(value: str | None) -> int | None:
    match = _YEAR.search(value or "")
    return int(match.group(1)) if match else None
