"""Every action has a command palette entry, and the palette runs them."""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette

from cadenza_tui.app import COMMANDS, CadenzaApp
from cadenza_tui.screens.playlist import PlaylistScreen


def test_every_key_has_a_palette_entry() -> None:
    bound = {binding.action for binding in CadenzaApp.BINDINGS}
    listed = {command.action for command in COMMANDS}
    assert bound <= listed
    for command in COMMANDS:
        name = command.action.partition("(")[0]
        assert callable(getattr(CadenzaApp, f"action_{name}", None)), name


def test_playlist_editing_is_in_the_palette() -> None:
    bound = {binding.action for binding in PlaylistScreen.BINDINGS}
    for action in bound:
        assert callable(getattr(PlaylistScreen, f"action_{action.partition('(')[0]}")), action


async def test_palette_runs_a_command(open_tui: Any, listener: tuple[str, str]) -> None:
    async with open_tui() as tui:
        await tui.sign_in(*listener)
        titles = {command.title for command in tui.app.get_system_commands(tui.app.screen)}
        assert {command.title for command in COMMANDS} <= titles
        await tui.pilot.press("ctrl+p")
        await tui.until(lambda: isinstance(tui.app.screen, CommandPalette), "the palette")
        await tui.pilot.press(*"Shuffle on", "enter")
        await tui.until(lambda: tui.app.player.state.shuffle, "shuffle on")
