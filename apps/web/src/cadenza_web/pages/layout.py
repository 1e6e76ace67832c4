"""The layout decorator: every signed-in page gets the sidebar, the player bar and the
playlist picker around its content."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx

from cadenza_ui import app_shell, button, link, nav_link, sidebar_section
from cadenza_web.components.devices import device_picker
from cadenza_web.components.picker import playlist_picker
from cadenza_web.components.player import player, queue_panel
from cadenza_web.models import PlaylistCard
from cadenza_web.states.library import LibraryState
from cadenza_web.states.player import PlayerState
from cadenza_web.states.session import SessionState

PageContent = Callable[[], rx.Component]

NAV_ITEMS = (
    ("Home", "/", "house"),
    ("Search", "/search", "search"),
    ("Your library", "/library", "library"),
    ("Liked songs", "/liked", "heart"),
)


def _current_path() -> rx.vars.StringVar:
    return rx.State.router.url.path


def _playlist_link(playlist: rx.vars.ObjectVar[PlaylistCard]) -> rx.Component:
    return rx.el.li(
        link(
            playlist.name,
            href=playlist.href,
            aria_current=rx.cond(_current_path() == playlist.href, "page", "false"),
            class_name="cz-nav-link",
        )
    )


def _sidebar_extras() -> list[rx.Component]:
    return [
        sidebar_section(
            "Your playlists",
            rx.cond(
                LibraryState.playlists.length() > 0,
                rx.el.ul(
                    rx.foreach(LibraryState.playlists, _playlist_link),
                    class_name="cz-nav",
                ),
                rx.el.p(
                    "Add a song to a playlist to start one.",
                    class_name="cz-muted",
                ),
            ),
        ),
        rx.el.div(
            rx.el.span(SessionState.username),
            link(
                "Account settings",
                href="/settings",
                aria_current=rx.cond(_current_path() == "/settings", "page", "false"),
                class_name="cz-nav-link",
            ),
            button("Sign out", quiet=True, on_click=SessionState.sign_out),
            class_name="cz-user",
        ),
    ]


def _status_line() -> rx.Component:
    """Confirmations and player problems, announced politely."""
    return rx.el.p(
        rx.cond(PlayerState.error != "", PlayerState.error, LibraryState.notice),
        role="status",
        class_name="cz-toast",
    )


def layout(content: rx.Component) -> rx.Component:
    path = _current_path()
    return app_shell(
        nav_links=[
            *(
                nav_link(label, href=href, icon_name=icon_name, current=path == href)
                for label, href, icon_name in NAV_ITEMS
            ),
            rx.cond(
                SessionState.can_upload,
                nav_link("Upload", href="/upload", icon_name="upload", current=path == "/upload"),
            ),
        ],
        sidebar_extras=_sidebar_extras(),
        content=rx.fragment(
            _status_line(), content, playlist_picker(), queue_panel(), device_picker()
        ),
        player=player(),
    )


def app_page(
    route: str, title: str, *, on_load: Sequence[Any] = ()
) -> Callable[[PageContent], PageContent]:
    """Register a signed-in page at `route`: it sends visitors who are not signed in to the
    login page, loads the sidebar and then runs the page's own `on_load` handlers."""

    def register(content: PageContent) -> PageContent:
        def page() -> rx.Component:
            return layout(content())

        page.__name__ = content.__name__
        rx.page(
            route=route,
            title=f"{title} · Cadenza",
            on_load=[SessionState.require_sign_in, LibraryState.load, *on_load],
        )(page)
        return page

    return register
