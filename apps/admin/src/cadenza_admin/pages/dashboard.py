"""The dashboard: counts, storage, plays per day, queue health, this week's top tracks."""

from __future__ import annotations

import reflex as rx

from cadenza_admin.models import TopTrackRow
from cadenza_admin.pages.layout import admin_page
from cadenza_admin.states.dashboard import DashboardState
from cadenza_admin.states.session import SessionState
from cadenza_ui import (
    cell,
    column_header,
    data_table,
    empty_state,
    error_state,
    link,
    page_header,
    section,
    stat_grid,
    stat_tile,
)

figures = DashboardState.figures


def _plays_chart() -> rx.Component:
    return rx.el.figure(
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", stroke="var(--cz-color-border)"),
            rx.recharts.x_axis(data_key="day", stroke="var(--cz-color-text-muted)"),
            rx.recharts.y_axis(allow_decimals=False, stroke="var(--cz-color-text-muted)"),
            rx.recharts.graphing_tooltip(),
            rx.recharts.bar(data_key="plays", name="Plays", fill="var(--cz-color-primary)"),
            data=DashboardState.plays,
            width="100%",
            height=260,
        ),
        rx.el.figcaption(
            rx.cond(figures.plays_in_30_days == 1, "1 play", f"{figures.plays_in_30_days} plays"),
            " in the last 30 days (UTC days).",
            class_name="cz-muted",
        ),
        role="img",
        aria_label="Plays per day over the last 30 days",
    )


def _top_row(row: rx.vars.ObjectVar[TopTrackRow]) -> rx.Component:
    return rx.el.tr(cell(row.title), cell(row.artist), cell(row.plays))


def _top_tracks() -> rx.Component:
    return rx.cond(
        DashboardState.top.length() > 0,
        data_table(
            "Most played this week",
            [column_header("Track"), column_header("Artist"), column_header("Plays")],
            rx.foreach(DashboardState.top, _top_row),
        ),
        empty_state("No plays this week", "Plays show here once people listen."),
    )


def _signed_in_line() -> rx.Var[str]:
    signed_in = f"Signed in as {SessionState.username}"
    return rx.cond(
        DashboardState.updated_at != "",
        f"{signed_in} · updated {DashboardState.updated_at}",
        signed_in,
    )


@admin_page("/", "Dashboard", on_load=[DashboardState.load])
def dashboard() -> rx.Component:
    return rx.fragment(
        page_header("Dashboard", details=_signed_in_line()),
        rx.cond(
            DashboardState.error != "",
            error_state(DashboardState.error, on_retry=DashboardState.load),
        ),
        section(
            "Catalogue and people",
            stat_grid(
                stat_tile("Users", figures.users),
                stat_tile("Artists", figures.artists),
                stat_tile("Albums", figures.albums),
                stat_tile("Tracks", figures.tracks),
                stat_tile("Playlists", figures.playlists),
                label="Counts",
            ),
        ),
        section("Plays per day", _plays_chart()),
        section(
            "Queue and storage",
            stat_grid(
                stat_tile("Pending jobs", figures.pending_jobs),
                stat_tile("Running jobs", figures.running_jobs),
                stat_tile("Failed jobs", figures.failed_jobs),
                stat_tile("Originals", figures.originals, detail=figures.originals_files),
                stat_tile("Renditions", figures.renditions, detail=figures.renditions_files),
                label="Queue health and storage used",
            ),
            link("Open uploads and jobs", href="/jobs"),
        ),
        section("Most played this week", _top_tracks()),
    )
