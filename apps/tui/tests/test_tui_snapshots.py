"""Snapshots of the main screens at 120×40 and 80×24, for one user whose library is set up
through the API beforehand (a liked song, a playlist, a paused queue).

The expected SVGs live in `snapshots/`; after an intended change of the UI, regenerate them
with `CADENZA_UPDATE_SNAPSHOTS=1 uv run pytest apps/tui/tests/test_tui_snapshots.py`, look at
them, and commit them.
"""

from __future__ import annotations

import asyncio
import difflib
import html
import os
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from cadenza_contracts import CadenzaClient
from cadenza_contracts.likes import LikeKind
from cadenza_contracts.playlists import PlaylistCreate
from cadenza_tui.screens.album import AlbumScreen
from cadenza_tui.screens.artist import ArtistScreen
from cadenza_tui.screens.help import HelpScreen
from cadenza_tui.screens.home import HomeScreen
from cadenza_tui.screens.playlist import PlaylistScreen
from cadenza_tui.screens.queue import QueueScreen
from cadenza_tui.screens.search import SearchScreen

SNAPSHOTS = Path(__file__).parent / "snapshots"
SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
USERNAME = "snapshots"
PASSWORD = "correct horse battery"
SETTLE_SECONDS = 10.0


@pytest.fixture(scope="session")
def snapshot_user(cadenza_api: Any) -> tuple[str, str]:
    """A user with Beta liked, a playlist "Road trip" (Alpha, Gamma) and the album queued,
    paused at the start of Alpha with no device playing."""

    async def set_up() -> None:
        alpha, beta, gamma = cadenza_api.track_ids("Alpha", "Beta", "Gamma")
        async with CadenzaClient(cadenza_api.base_url) as api:
            await api.register(USERNAME, f"{USERNAME}@example.com", PASSWORD)
            await api.login(USERNAME, PASSWORD)
            await api.like(LikeKind.TRACKS, beta)
            playlist = await api.create_playlist(
                PlaylistCreate(name="Road trip", description="For the long drive home")
            )
            await api.add_playlist_tracks(playlist.id, [alpha, gamma])
            await api.play([alpha, beta, gamma])
            await api.pause()
            await api.seek(0)

    asyncio.run(set_up())
    return USERNAME, PASSWORD


def screen_text(svg: str) -> list[str]:
    """The visible characters of an exported screen, one string per text run, for a diff."""
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return [html.unescape(run).replace("\xa0", " ") for run in runs]


async def check_snapshot(tui: Any, name: str, tmp_path: Path) -> None:
    """Compare the screen with `snapshots/<name>.svg` (or write it, when updating).

    The screen may still be settling (a worker finishing, a toast fading), so it is compared
    until it matches or `SETTLE_SECONDS` pass; a screen that never matches fails with a diff.
    """
    for field in tui.app.screen.query(Input):
        field.cursor_blink = False
    await tui.pilot.pause(0.3)
    expected = SNAPSHOTS / f"{name}.svg"
    if os.environ.get("CADENZA_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        expected.write_text(tui.app.export_screenshot(title=name))
        return
    assert expected.exists(), f"no snapshot {expected}: see this module's docstring"
    wanted = expected.read_text()
    deadline = time.monotonic() + SETTLE_SECONDS
    svg = tui.app.export_screenshot(title=name)
    while svg != wanted and time.monotonic() < deadline:
        await tui.pilot.pause(0.25)
        svg = tui.app.export_screenshot(title=name)
    if svg != wanted:
        actual = tmp_path / f"{name}.svg"
        actual.write_text(svg)
        diff = "\n".join(
            difflib.unified_diff(
                screen_text(wanted), screen_text(svg), "expected", "actual", lineterm=""
            )
        )
        pytest.fail(f"{name} differs from {expected}; this run's screen is {actual}\n{diff}")


Navigate = Callable[[Any], Awaitable[None]]


async def home(tui: Any) -> None:
    await tui.until(lambda: tui.app.screen.query_one("#liked").row_count == 1, "liked songs")
    await tui.until(
        lambda: tui.app.screen.query_one("#playlists").option_count == 2, "the playlists"
    )
    await tui.until(lambda: "Alpha" in tui.text("#np-track"), "the paused track")


async def search(tui: Any) -> None:
    await tui.pilot.press("slash", *"delta")
    assert isinstance(tui.app.screen, SearchScreen)
    await tui.until(lambda: "results" in tui.text("#search-summary"), "the results")


async def album(tui: Any) -> None:
    await tui.app.open_album(tui.app.player.state.track.album_id)
    assert isinstance(tui.app.screen, AlbumScreen)
    await tui.until(lambda: tui.app.screen.query_one("#album-tracks").row_count == 3, "tracks")


async def artist(tui: Any) -> None:
    await album(tui)
    await tui.pilot.press("g")
    assert isinstance(tui.app.screen, ArtistScreen)
    await tui.until(lambda: tui.app.screen.query_one("#artist-tracks").row_count == 3, "tracks")
    await tui.until(lambda: tui.app.screen.query_one("#artist-albums").option_count == 1, "album")


async def playlist(tui: Any) -> None:
    await home(tui)
    await tui.pilot.press("tab")
    await tui.pilot.press("enter")
    await tui.until(lambda: isinstance(tui.app.screen, PlaylistScreen), "the playlist")
    await tui.until(lambda: tui.app.screen.query_one("#playlist-tracks").row_count == 2, "rows")


async def queue(tui: Any) -> None:
    await tui.pilot.press("q")
    assert isinstance(tui.app.screen, QueueScreen)
    await tui.until(lambda: tui.app.screen.query_one("#queue-tracks").row_count == 3, "rows")


async def keys(tui: Any) -> None:
    await tui.pilot.press("question_mark")
    assert isinstance(tui.app.screen, HelpScreen)


SCREENS: dict[str, Navigate] = {
    "home": home,
    "search": search,
    "album": album,
    "artist": artist,
    "playlist": playlist,
    "queue": queue,
    "keys": keys,
}


@pytest.mark.parametrize("size", SIZES)
async def test_sign_in_screen(open_tui: Any, size: tuple[int, int], tmp_path: Path) -> None:
    async with open_tui(server_url="http://cadenza.example:8080", size=size) as tui:
        await tui.until(lambda: tui.app.screen.query("#login-box"), "the form")
        await check_snapshot(tui, f"sign-in-{size[0]}x{size[1]}", tmp_path)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
async def test_screen(
    open_tui: Any,
    snapshot_user: tuple[str, str],
    screen: str,
    size: tuple[int, int],
    tmp_path: Path,
) -> None:
    async with open_tui(size=size) as tui:
        await tui.sign_in(*snapshot_user)
        assert isinstance(tui.app.screen, HomeScreen)
        await home(tui)
        await SCREENS[screen](tui)
        await check_snapshot(tui, f"{screen}-{size[0]}x{size[1]}", tmp_path)
