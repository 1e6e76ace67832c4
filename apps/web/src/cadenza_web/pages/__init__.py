"""The web player's pages; importing this package registers them all."""

from cadenza_web.pages import (
    album,
    artist,
    auth,
    home,
    library,
    liked,
    playlist,
    search,
    settings,
    upload,
)

__all__ = [
    "album",
    "artist",
    "auth",
    "home",
    "library",
    "liked",
    "playlist",
    "search",
    "settings",
    "upload",
]
