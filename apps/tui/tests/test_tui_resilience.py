"""The API goes away mid-playback: the terminal says so, keeps playing what it buffered, and
keeps trying to reconnect; nothing crashes."""

from __future__ import annotations

from typing import Any

from cadenza_tui.screens.album import AlbumScreen


async def test_killing_the_api_keeps_the_music_playing(open_tui: Any, disposable_api: Any) -> None:
    user = await disposable_api.new_user()
    alpha = disposable_api.track_ids("Alpha")[0]
    async with open_tui(server=disposable_api) as tui:
        await tui.sign_in(*user)
        await tui.pilot.press("slash", *"drive")
        albums = tui.app.screen.query_one("#album-results")
        await tui.until(lambda: albums.option_count == 1, "the album")
        albums.focus()
        await tui.pilot.press("enter")
        await tui.until(lambda: isinstance(tui.app.screen, AlbumScreen), "the album screen")
        table = tui.app.screen.query_one("#album-tracks")
        await tui.until(lambda: table.row_count == 2, "the tracks")
        await tui.pilot.press("enter")
        await tui.until(lambda: tui.engine.current_key == alpha, "Alpha in the engine")
        await tui.until(lambda: tui.engine.position_ms > 1_000, "playback")

        disposable_api.kill()
        await tui.until(lambda: "Retrying in" in tui.text("#np-problem"), "a message")
        assert tui.text("#np-problem").startswith(
            ("The connection to the server was lost.", "Cannot reach the server.")
        )
        # What was buffered plays on.
        killed_at = tui.engine.position_ms
        await tui.until(lambda: tui.engine.position_ms > killed_at + 2_000, "playback")
        assert tui.engine.is_playing and tui.engine.current_key == alpha

        # Seeking ahead within the buffered audio needs no server either.
        before = tui.engine.position_ms
        await tui.pilot.press("right")
        sought = tui.engine.position_ms
        assert sought >= before + 4_900
        await tui.until(lambda: tui.engine.position_ms > sought + 1_000, "playback after it")
        # Actions that need the server say so instead of failing.
        await tui.pilot.press("l")
        await tui.pilot.pause(0.5)
        assert tui.app.is_running
        assert isinstance(tui.app.screen, AlbumScreen)
        await tui.until(lambda: "Retrying in" in tui.text("#np-problem"), "the retry message")
