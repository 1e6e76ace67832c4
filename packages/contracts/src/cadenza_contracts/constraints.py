"""Named constraints shared by request bodies and query parameters."""

from typing import Annotated

from msgspec import Meta

_NOT_BLANK = r"\S"

Username = Annotated[
    str,
    Meta(
        min_length=3,
        max_length=32,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="3–32 letters, digits, '_', '.' or '-', starting with a letter or digit.",
    ),
]
Email = Annotated[str, Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Password = Annotated[str, Meta(min_length=10, max_length=256)]
LoginName = Annotated[str, Meta(min_length=1, max_length=254)]
LoginPassword = Annotated[str, Meta(min_length=1, max_length=256)]
ArtistName = Annotated[str, Meta(min_length=1, max_length=200, pattern=_NOT_BLANK)]
AlbumTitle = Annotated[str, Meta(min_length=1, max_length=200, pattern=_NOT_BLANK)]
TrackTitle = Annotated[str, Meta(min_length=1, max_length=200, pattern=_NOT_BLANK)]
PlaylistName = Annotated[str, Meta(min_length=1, max_length=100, pattern=_NOT_BLANK)]
GenreName = Annotated[str, Meta(min_length=1, max_length=50, pattern=_NOT_BLANK)]
Bio = Annotated[str, Meta(max_length=5000)]
Description = Annotated[str, Meta(max_length=2000)]
TrackNumber = Annotated[int, Meta(ge=1, le=999)]
DiscNumber = Annotated[int, Meta(ge=1, le=99)]
DurationMs = Annotated[int, Meta(ge=0, le=86_400_000)]
Position = Annotated[int, Meta(ge=0, le=100_000)]
SearchQuery = Annotated[str, Meta(min_length=1, max_length=200)]
PageLimit = Annotated[int, Meta(ge=1, le=100)]
PageOffset = Annotated[int, Meta(ge=0)]
DeviceId = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="1–64 letters, digits, '.', '_', ':' or '-'; stable for one device.",
    ),
]
DeviceName = Annotated[str, Meta(min_length=1, max_length=100, pattern=_NOT_BLANK)]
PositionMs = Annotated[int, Meta(ge=0, le=86_400_000)]
QueueIndex = Annotated[int, Meta(ge=0, le=9_999)]
Volume = Annotated[int, Meta(ge=0, le=100, description="0 (silent) to 100 (full).")]
