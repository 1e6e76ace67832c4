"""The web player's pages; importing this package registers them all."""

from cadenza_web.pages import album, auth, home, liked, playlist, search, settings, upload

__all__ = ["album", "auth", "home", "liked", "playlist", "search", "settings", "upload"]
