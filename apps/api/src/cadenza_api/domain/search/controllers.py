"""`/search`: tracks, albums, artists and playlists matching a query, best first."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import Provide
from litestar.params import Parameter
from litestar.types import ControllerRouterHandler
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.domain.catalog.presenters import present_album, present_artist, present_track
from cadenza_api.domain.playlists.presenters import present_playlist
from cadenza_api.domain.search.services import MAX_QUERY_LENGTH, SearchGroup, SearchService
from cadenza_api.errors import InvalidInput
from cadenza_contracts.search import SearchResults

_GROUP_NAMES = ", ".join(group.value for group in SearchGroup)


def provide_search_service(db_session: AsyncSession) -> SearchService:
    return SearchService(db_session)


def parse_groups(types: str | None) -> frozenset[SearchGroup]:
    """`tracks,albums` → those groups; every group when `types` is absent; a 400 otherwise."""
    if types is None:
        return frozenset(SearchGroup)
    names = [name.strip() for name in types.split(",") if name.strip()]
    known = {group.value for group in SearchGroup}
    unknown = [name for name in names if name not in known]
    if not names or unknown:
        shown = ", ".join(repr(name) for name in unknown) or "nothing"
        raise InvalidInput(
            f"Cannot search {shown}; `types` takes a comma-separated list of: {_GROUP_NAMES}."
        )
    return frozenset(SearchGroup(name) for name in names)


class SearchController(Controller):
    path = "/search"
    tags = ["search"]
    dependencies = {"search_service": Provide(provide_search_service, sync_to_thread=False)}

    @get(
        "/",
        summary="Search tracks, albums, artists and playlists",
        description="Every word of `q` must start a word of the name or title (a playlist's "
        "description counts too), ignoring case and accents. Exact names come first, then "
        "names starting with `q`, then the most relevant. Playlists: public ones and, when "
        "signed in, your own private ones.",
    )
    async def search(
        self,
        search_service: SearchService,
        maybe_principal: Principal | None,
        q: Annotated[
            str, Parameter(description=f"1–{MAX_QUERY_LENGTH} characters after trimming.")
        ],
        limit: Annotated[int, Parameter(ge=1, le=50, description="Results per group (1–50).")] = 10,
        types: Annotated[
            str | None,
            Parameter(
                description=f"Comma-separated groups to search: {_GROUP_NAMES}. Default: all."
            ),
        ] = None,
    ) -> SearchResults:
        query = q.strip()
        if not query:
            raise InvalidInput("The search query `q` must not be blank.")
        if len(query) > MAX_QUERY_LENGTH:
            raise InvalidInput(
                f"The search query `q` must be at most {MAX_QUERY_LENGTH} characters long."
            )
        hits = await search_service.search(
            query,
            groups=parse_groups(types),
            limit=limit,
            viewer_id=maybe_principal.user.id if maybe_principal else None,
        )
        return SearchResults(
            query=query,
            tracks=[present_track(track) for track in hits.tracks],
            albums=[present_album(album) for album in hits.albums],
            artists=[present_artist(artist) for artist in hits.artists],
            playlists=[present_playlist(playlist) for playlist in hits.playlists],
        )


route_handlers: list[ControllerRouterHandler] = [SearchController]
