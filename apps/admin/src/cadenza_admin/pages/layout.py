"""The layout decorator: every admin page gets the sidebar around its content, and is open
to signed-in admins only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx

from cadenza_admin.states.session import SessionState
from cadenza_ui import app_shell, button, nav_link, sidebar_section

PageContent = Callable[[], rx.Component]

OVERVIEW = (("Dashboard", "/", "layout-dashboard"),)
CATALOGUE = (
    ("Artists", "/artists", "mic-vocal"),
    ("Albums", "/albums", "disc-3"),
    ("Tracks", "/tracks", "music"),
)
OPERATIONS = (
    ("Uploads & jobs", "/jobs", "upload"),
    ("Users", "/users", "users"),
    ("Audit log", "/audit", "scroll-text"),
)


def _links(items: tuple[tuple[str, str, str], ...]) -> rx.Component:
    # The path as the browser shows it (without a frontend prefix such as /admin): the route
    # id of the root page is "/index", which no link's href matches.
    path = rx.State.router.url.path
    return rx.el.ul(
        *(
            nav_link(label, href=href, icon_name=icon_name, current=path == href)
            for label, href, icon_name in items
        ),
        class_name="cz-nav",
    )


def layout(content: rx.Component) -> rx.Component:
    return app_shell(
        nav_links=[_links(OVERVIEW)],
        sidebar_extras=[
            sidebar_section("Catalogue", _links(CATALOGUE)),
            sidebar_section("Operations", _links(OPERATIONS)),
            rx.el.div(
                rx.el.span(SessionState.username),
                button("Sign out", quiet=True, on_click=SessionState.sign_out),
                class_name="cz-user",
            ),
        ],
        brand="Cadenza admin",
        content=content,
    )


def admin_page(
    route: str, title: str, *, on_load: Sequence[Any] = ()
) -> Callable[[PageContent], PageContent]:
    """Register an admin page at `route`: visitors who are not signed in go to the login
    page, signed-in non-admins to the "not allowed" page; then the page's `on_load` runs."""

    def register(content: PageContent) -> PageContent:
        def page() -> rx.Component:
            return layout(content())

        page.__name__ = content.__name__
        rx.page(
            route=route,
            title=f"{title} · Cadenza admin",
            on_load=[SessionState.require_admin, *on_load],
        )(page)
        return page

    return register
