"""Search across the catalogue and public playlists."""

from cadenza_contracts.base import Model
from cadenza_contracts.catalog import Album, Artist, Track
from cadenza_contracts.playlists import Playlist


class SearchResults(Model):
    """Best matches first in every group."""

    query: str
    tracks: list[Track]
    albums: list[Album]
    artists: list[Artist]
    playlists: list[Playlist]
