"""The upload form. It lives here, not in contracts: it carries `UploadFile`s."""

from __future__ import annotations

import msgspec
from litestar.datastructures import UploadFile

from cadenza_contracts.constraints import (
    AlbumTitle,
    ArtistName,
    DiscNumber,
    GenreName,
    TrackNumber,
    TrackTitle,
)


class UploadForm(msgspec.Struct, kw_only=True, rename="camel", forbid_unknown_fields=True):
    """Multipart fields: `file` is the audio; the others override the file's tags."""

    file: UploadFile
    cover: UploadFile | None = None
    title: TrackTitle | None = None
    artist_name: ArtistName | None = None
    album_title: AlbumTitle | None = None
    track_number: TrackNumber | None = None
    disc_number: DiscNumber | None = None
    genre: GenreName | None = None
    explicit: bool = False
