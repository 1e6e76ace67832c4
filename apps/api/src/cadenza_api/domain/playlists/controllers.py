"""`/playlists` and `/me/playlists`: playlists, their entries and who may see or change them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.openapi.spec import SecurityRequirement
from litestar.params import Parameter, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT
from litestar.types import ControllerRouterHandler

from cadenza_api.db.models import Playlist
from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.playlists.presenters import present_playlist, present_playlist_detail
from cadenza_api.domain.playlists.services import PlaylistService
from cadenza_api.pagination import PageParams, page_params
from cadenza_api.services import provide_service
from cadenza_contracts.pagination import Page
from cadenza_contracts.playlists import Playlist as PlaylistBody
from cadenza_contracts.playlists import (
    PlaylistCreate,
    PlaylistDetail,
    PlaylistEntriesRemove,
    PlaylistReorder,
    PlaylistTracksAdd,
    PlaylistUpdate,
)

_BEARER: list[SecurityRequirement] = [{"BearerToken": []}]
_OPTIONAL_BEARER: list[SecurityRequirement] = [{}, {"BearerToken": []}]
_SORT_HELP = "`name`, `createdAt` or `updatedAt`; prefix `-` for descending."


async def _detail(playlists: PlaylistService, playlist: Playlist) -> PlaylistDetail:
    return present_playlist_detail(playlist, await playlists.entries(playlist))


class PlaylistController(Controller):
    path = "/playlists"
    tags = ["playlists"]
    dependencies = {"playlists": provide_service(PlaylistService), "page": page_params}

    @post("/", status_code=HTTP_201_CREATED, security=_BEARER, summary="Create a playlist")
    async def create_playlist(
        self, data: PlaylistCreate, principal: Principal, playlists: PlaylistService
    ) -> PlaylistDetail:
        playlist = await playlists.create_playlist(principal.user, data)
        return present_playlist_detail(playlist, [])

    @get("/", summary="Browse everyone's public playlists")
    async def list_public_playlists(
        self,
        playlists: PlaylistService,
        page: PageParams,
        q: Annotated[
            str | None,
            Parameter(max_length=200, description="Part of the name, ignoring case."),
        ] = None,
        owner_id: Annotated[
            UUID | None, QueryParameter(name="ownerId", description="Only this user's playlists.")
        ] = None,
        sort: Annotated[str | None, Parameter(description=_SORT_HELP + " Default `name`.")] = None,
    ) -> Page[PlaylistBody]:
        items, total = await playlists.page_public(page, q=q, owner_id=owner_id, sort=sort)
        return page.page(items, total, present_playlist)

    @get(
        "/{playlist_id:uuid}",
        security=_OPTIONAL_BEARER,
        summary="A playlist with its entries in order",
        description="Public playlists are visible to anyone; a private one only to its owner "
        "(404 for everyone else).",
    )
    async def get_playlist(
        self, playlist_id: UUID, maybe_principal: Principal | None, playlists: PlaylistService
    ) -> PlaylistDetail:
        viewer = maybe_principal.user if maybe_principal else None
        return await _detail(playlists, await playlists.get_visible(playlist_id, viewer))

    @patch(
        "/{playlist_id:uuid}",
        security=_BEARER,
        summary="Rename, describe or publish a playlist (owner only)",
    )
    async def update_playlist(
        self,
        playlist_id: UUID,
        data: PlaylistUpdate,
        principal: Principal,
        playlists: PlaylistService,
    ) -> PlaylistDetail:
        playlist = await playlists.get_for_change(playlist_id, principal.user)
        await playlists.update_playlist(playlist, data)
        return await _detail(playlists, playlist)

    @delete(
        "/{playlist_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        security=_BEARER,
        summary="Delete a playlist (owner only)",
    )
    async def delete_playlist(
        self, playlist_id: UUID, principal: Principal, playlists: PlaylistService
    ) -> None:
        await playlists.delete_playlist(await playlists.get_for_change(playlist_id, principal.user))

    @post(
        "/{playlist_id:uuid}/tracks",
        status_code=HTTP_200_OK,
        security=_BEARER,
        summary="Insert tracks at a position, or append them (owner only)",
        description="`position` is 0-based and may equal the entry count (append). A track may "
        "appear several times. An unknown track id is a 404 and nothing is added.",
    )
    async def add_tracks(
        self,
        playlist_id: UUID,
        data: PlaylistTracksAdd,
        principal: Principal,
        playlists: PlaylistService,
    ) -> PlaylistDetail:
        playlist = await playlists.get_for_change(playlist_id, principal.user)
        await playlists.add_tracks(playlist, data.track_ids, data.position)
        return await _detail(playlists, playlist)

    @delete(
        "/{playlist_id:uuid}/tracks",
        status_code=HTTP_200_OK,
        security=_BEARER,
        summary="Remove entries (owner only)",
        description="Takes entry ids, not track ids, so one copy of a repeated track can go. "
        "An id that is not an entry of this playlist is a 404 and nothing is removed.",
    )
    async def remove_entries(
        self,
        playlist_id: UUID,
        data: PlaylistEntriesRemove,
        principal: Principal,
        playlists: PlaylistService,
    ) -> PlaylistDetail:
        playlist = await playlists.get_for_change(playlist_id, principal.user)
        await playlists.remove_entries(playlist, data.entry_ids)
        return await _detail(playlists, playlist)

    @put(
        "/{playlist_id:uuid}/tracks/order",
        security=_BEARER,
        summary="Reorder all entries (owner only)",
        description="`entryIds` is the complete new order. If it is not exactly the current "
        "entries (someone changed the playlist meanwhile), the answer is 409.",
    )
    async def reorder_entries(
        self,
        playlist_id: UUID,
        data: PlaylistReorder,
        principal: Principal,
        playlists: PlaylistService,
    ) -> PlaylistDetail:
        playlist = await playlists.get_for_change(playlist_id, principal.user)
        await playlists.reorder(playlist, data.entry_ids)
        return await _detail(playlists, playlist)


class MyPlaylistsController(Controller):
    path = "/me/playlists"
    tags = ["playlists"]
    dependencies = {"playlists": provide_service(PlaylistService), "page": page_params}

    @get("/", security=_BEARER, summary="The caller's playlists, recently changed first")
    async def list_my_playlists(
        self,
        principal: Principal,
        playlists: PlaylistService,
        page: PageParams,
        sort: Annotated[
            str | None, Parameter(description=_SORT_HELP + " Default `-updatedAt`.")
        ] = None,
    ) -> Page[PlaylistBody]:
        items, total = await playlists.page_owned(principal.user.id, page, sort=sort)
        return page.page(items, total, present_playlist)


route_handlers: list[ControllerRouterHandler] = [PlaylistController, MyPlaylistsController]
