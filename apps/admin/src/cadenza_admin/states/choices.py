"""Lists to choose from in forms: artists and albums (the first hundred, by name)."""

from __future__ import annotations

from uuid import UUID

from cadenza_admin.models import AlbumRow, ArtistRow
from cadenza_contracts import CadenzaClient

CHOICES_LIMIT = 100


async def artist_choices(api: CadenzaClient) -> list[ArtistRow]:
    page = await api.admin.list_artists(sort="name", limit=CHOICES_LIMIT)
    return [ArtistRow.of(artist) for artist in page.items]


async def album_choices(api: CadenzaClient, artist_id: str = "") -> list[AlbumRow]:
    """All albums, or those of one artist."""
    page = await api.admin.list_albums(
        artist_id=UUID(artist_id) if artist_id else None, sort="title", limit=CHOICES_LIMIT
    )
    return [AlbumRow.of(album) for album in page.items]
