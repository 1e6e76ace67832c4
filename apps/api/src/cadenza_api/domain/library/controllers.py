"""`/me/liked`: like and unlike tracks, albums, artists and playlists, and list the likes."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, put
from litestar.di import Provide
from litestar.openapi.spec import SecurityRequirement
from litestar.params import Parameter
from litestar.status_codes import HTTP_204_NO_CONTENT
from litestar.types import ControllerRouterHandler
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.catalog.presenters import present_album, present_artist, present_track
from cadenza_api.domain.library.services import LikeService, parse_kind
from cadenza_api.domain.playlists.presenters import present_playlist
from cadenza_api.errors import InvalidInput
from cadenza_api.pagination import PageParams, page_params
from cadenza_contracts.likes import LikedAlbum, LikedArtist, LikedPlaylist, LikedTrack
from cadenza_contracts.pagination import Page

_BEARER: list[SecurityRequirement] = [{"BearerToken": []}]
_KIND_HELP = "`tracks`, `albums`, `artists` or `playlists`."
_MAX_CONTAINS_IDS = 100


def provide_like_service(db_session: AsyncSession) -> LikeService:
    return LikeService(db_session)


def _parse_ids(ids: str) -> list[UUID]:
    parts = [part.strip() for part in ids.split(",") if part.strip()]
    if not parts:
        raise InvalidInput("Give at least one track id in `ids`.")
    if len(parts) > _MAX_CONTAINS_IDS:
        raise InvalidInput(f"Give at most {_MAX_CONTAINS_IDS} track ids in `ids`.")
    try:
        return [UUID(part) for part in parts]
    except ValueError:
        raise InvalidInput("`ids` must be comma-separated track UUIDs.") from None


class LikesController(Controller):
    path = "/me/liked"
    tags = ["library"]
    security = _BEARER
    dependencies = {
        "likes": Provide(provide_like_service, sync_to_thread=False),
        "page": page_params,
    }

    @put(
        "/{kind:str}/{target_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Like a track, album, artist or playlist",
        description="Idempotent: liking again keeps the first like's time. Someone else's "
        "private playlist is a 404.",
    )
    async def like(
        self,
        kind: Annotated[str, Parameter(description=_KIND_HELP)],
        target_id: UUID,
        principal: Principal,
        likes: LikeService,
    ) -> None:
        await likes.like(principal.user.id, parse_kind(kind), target_id)

    @delete(
        "/{kind:str}/{target_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Unlike a track, album, artist or playlist",
        description="Idempotent: unliking something not liked is a 204 too.",
    )
    async def unlike(
        self,
        kind: Annotated[str, Parameter(description=_KIND_HELP)],
        target_id: UUID,
        principal: Principal,
        likes: LikeService,
    ) -> None:
        await likes.unlike(principal.user.id, parse_kind(kind), target_id)

    @get("/tracks", summary="Liked tracks, newest like first")
    async def liked_tracks(
        self, principal: Principal, likes: LikeService, page: PageParams
    ) -> Page[LikedTrack]:
        rows, total = await likes.liked_tracks(principal.user.id, page)
        return page.page(
            rows, total, lambda row: LikedTrack(liked_at=row[0], track=present_track(row[1]))
        )

    @get("/tracks/contains", summary="Whether each of the given tracks is liked")
    async def contains_tracks(
        self,
        principal: Principal,
        likes: LikeService,
        ids: Annotated[str, Parameter(description="Comma-separated track ids, at most 100.")],
    ) -> list[bool]:
        return await likes.contains_tracks(principal.user.id, _parse_ids(ids))

    @get("/albums", summary="Liked albums, newest like first")
    async def liked_albums(
        self, principal: Principal, likes: LikeService, page: PageParams
    ) -> Page[LikedAlbum]:
        rows, total = await likes.liked_albums(principal.user.id, page)
        return page.page(
            rows, total, lambda row: LikedAlbum(liked_at=row[0], album=present_album(row[1]))
        )

    @get("/artists", summary="Liked artists, newest like first")
    async def liked_artists(
        self, principal: Principal, likes: LikeService, page: PageParams
    ) -> Page[LikedArtist]:
        rows, total = await likes.liked_artists(principal.user.id, page)
        return page.page(
            rows, total, lambda row: LikedArtist(liked_at=row[0], artist=present_artist(row[1]))
        )

    @get(
        "/playlists",
        summary="Liked playlists, newest like first",
        description="Only playlists the caller can still see: one its owner made private "
        "drops out (and comes back if it is made public again).",
    )
    async def liked_playlists(
        self, principal: Principal, likes: LikeService, page: PageParams
    ) -> Page[LikedPlaylist]:
        rows, total = await likes.liked_playlists(principal.user.id, page)
        return page.page(
            rows,
            total,
            lambda row: LikedPlaylist(liked_at=row[0], playlist=present_playlist(row[1])),
        )


route_handlers: list[ControllerRouterHandler] = [LikesController]
