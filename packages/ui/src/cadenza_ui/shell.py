"""The app shell: a navigation sidebar, the page, and (in the web player) the player bar under
both."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from cadenza_ui.controls import Text, as_var, icon, link


def nav_link(label: Text, *, href: str, icon_name: str, current: Var[bool] | bool) -> rx.Component:
    """A sidebar entry; the current page's entry carries `aria-current="page"`."""
    return rx.el.li(
        link(
            icon(icon_name),
            rx.el.span(label),
            href=href,
            aria_current=rx.cond(current, "page", "false"),
            class_name="cz-nav-link",
        )
    )


def sidebar_section(title: Text, *children: rx.Component) -> rx.Component:
    """A titled block of the sidebar, e.g. the user's playlists."""
    return rx.el.section(
        rx.el.h2(title, class_name="cz-sidebar-heading"),
        *children,
        class_name="cz-sidebar-section",
    )


def app_shell(
    *,
    nav_links: list[rx.Component],
    content: rx.Component,
    player: rx.Component | None = None,
    sidebar_extras: list[rx.Component] | None = None,
    brand: Text = "Cadenza",
    brand_href: str = "/",
) -> rx.Component:
    """Sidebar with the brand, `nav_links` and `sidebar_extras`; the page in `<main>`; the
    player bar, if any, fixed at the bottom. A skip link leads keyboard users past the sidebar.
    Without a player bar the sidebar runs the full height of the window."""
    return rx.fragment(
        rx.el.a("Skip to content", href="#main", class_name="cz-skip-link"),
        rx.el.div(
            rx.el.nav(
                link(brand, href=brand_href, class_name="cz-brand"),
                rx.el.ul(*nav_links, class_name="cz-nav"),
                *(sidebar_extras or []),
                aria_label="Main",
                class_name="cz-sidebar",
            ),
            rx.el.main(content, id="main", tab_index=-1, class_name="cz-main"),
            class_name="cz-shell" if player is not None else "cz-shell cz-shell--no-player",
        ),
        *([player] if player is not None else []),
    )


def page_header(
    title: Text, *, eyebrow: Text = "", details: Text = "", art: rx.Component | None = None
) -> rx.Component:
    """A page's heading (the page's only `h1`) with an optional kind, details line and art."""
    eyebrow_var = as_var(eyebrow)
    details_var = as_var(details)
    return rx.el.header(
        *([art] if art is not None else []),
        rx.el.div(
            rx.cond(eyebrow_var != "", rx.el.p(eyebrow_var, class_name="cz-eyebrow")),
            rx.el.h1(title, class_name="cz-title"),
            rx.cond(details_var != "", rx.el.p(details_var, class_name="cz-muted")),
            class_name="cz-page-header-text",
        ),
        class_name="cz-page-header",
    )


def section(title: Text, *children: rx.Component) -> rx.Component:
    """A titled part of a page (`h2`)."""
    return rx.el.section(
        rx.el.h2(title, class_name="cz-section-title"),
        *children,
        class_name="cz-section",
    )
