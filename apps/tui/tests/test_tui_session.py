"""Signing in, staying signed in across restarts (the stored refresh token), refreshing an
expired access token, losing the session (or the account), and `cadenza-tui logout`."""

from __future__ import annotations

import asyncio
import secrets
import stat
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.admin import AdminUserUpdate
from cadenza_tui.app import main
from cadenza_tui.config import StoredCookie, TuiConfig, config_path, load_config, save_config
from cadenza_tui.screens.album import AlbumScreen
from cadenza_tui.screens.artist import ArtistScreen
from cadenza_tui.screens.devices import DevicesScreen
from cadenza_tui.screens.help import HelpScreen
from cadenza_tui.screens.home import HomeScreen
from cadenza_tui.screens.login import LoginScreen
from cadenza_tui.screens.queue import QueueScreen
from cadenza_tui.screens.search import SearchScreen


def refresh_token(config_file: Path) -> str:
    config = load_config(config_file)
    return next(cookie.value for cookie in config.cookies if cookie.name == "cadenza_refresh")


def test_config_is_private_and_survives_damage(tmp_path: Path) -> None:
    path = tmp_path / "cadenza" / "tui.json"
    config = TuiConfig(server_url="http://127.0.0.1:8080")
    save_config(config, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_config(path) == config
    path.write_text("{not json")
    fresh = load_config(path)
    assert fresh.server_url is None and not fresh.cookies
    assert fresh.device_id.startswith("tui-")


async def test_sign_in_is_remembered(
    open_tui: Any, listener: tuple[str, str], tmp_path: Path
) -> None:
    config_file = tmp_path / "tui.json"
    async with open_tui() as tui:
        assert isinstance(tui.app.screen, LoginScreen)
        await tui.sign_in(*listener)
        assert tui.app.user.username == listener[0]
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    first_token = refresh_token(config_file)

    # The next start goes straight in, trading the stored token for a new one.
    async with open_tui(server_url=None) as tui:
        await tui.until(lambda: isinstance(tui.app.screen, HomeScreen), "the home screen")
        assert tui.app.user.username == listener[0]
    assert refresh_token(config_file) != first_token


async def test_wrong_password_is_explained(open_tui: Any, listener: tuple[str, str]) -> None:
    async with open_tui() as tui:
        screen = tui.app.screen
        screen.query_one("#username").value = listener[0]
        screen.query_one("#password").value = "not the password"
        screen.query_one("#password").focus()
        await tui.pilot.press("enter")
        await tui.until(lambda: "Wrong" in tui.text("#login-message"), "the error")
        assert tui.text("#login-message") == "Wrong username or password."
        assert isinstance(tui.app.screen, LoginScreen)


async def test_unreachable_server_is_explained(open_tui: Any, listener: tuple[str, str]) -> None:
    async with open_tui(server_url="http://127.0.0.1:9") as tui:
        screen = tui.app.screen
        screen.query_one("#username").value = listener[0]
        screen.query_one("#password").value = listener[1]
        screen.query_one("#password").focus()
        await tui.pilot.press("enter")
        await tui.until(lambda: "reach" in tui.text("#login-message"), "the error")
        assert tui.text("#login-message") == "Cannot reach the server."


async def test_expired_access_token_is_refreshed(
    open_tui: Any, listener: tuple[str, str], tmp_path: Path
) -> None:
    config_file = tmp_path / "tui.json"
    async with open_tui() as tui:
        await tui.sign_in(*listener)
        before = refresh_token(config_file)
        api = tui.app.api
        api.access_token = "expired"
        # Two requests meet the 401 together: one refresh serves both (a second refresh with
        # the same token would count as reuse and sign the session out).
        me, page = await asyncio.gather(
            tui.app.call_api("me", lambda api: api.me()),
            tui.app.call_api("search", lambda api: api.search("alpha")),
        )
        assert me.username == listener[0]
        assert [track.title for track in page.tracks] == ["Alpha"]
        assert api.access_token != "expired"
        after = refresh_token(config_file)
        assert after != before
        # The app is still signed in and working.
        await tui.pilot.press("slash")
        await tui.pilot.press(*"gamma")
        await tui.until(
            lambda: tui.app.screen.query_one("#track-results").row_count == 1, "search results"
        )
    # The rotated token was stored: the next start resumes with it.
    async with open_tui(server_url=None) as tui:
        await tui.until(lambda: isinstance(tui.app.screen, HomeScreen), "the home screen")


async def sign_in_message(tui: Any) -> str:
    """The message of the sign-in screen the app went back to, once that screen is built."""
    await tui.until(
        lambda: isinstance(tui.app.screen, LoginScreen) and tui.app.screen.query("#login-message"),
        "the login screen",
    )
    return str(tui.text("#login-message"))


async def test_revoked_session_returns_to_sign_in(
    open_tui: Any, listener: tuple[str, str], cadenza_api: Any, tmp_path: Path
) -> None:
    async with open_tui() as tui:
        await tui.sign_in(*listener)
        async with CadenzaClient(cadenza_api.base_url) as other:
            await other.login(*listener)
            for session in await other.sessions():
                if not session.current:
                    await other.revoke_session(session.id)
        tui.app.api.access_token = "expired"
        await tui.pilot.press("slash")
        await tui.pilot.press(*"beta")
        assert "sign in again" in await sign_in_message(tui)
        assert tui.app.player is None
    assert not load_config(tmp_path / "tui.json").cookies


async def test_a_disabled_account_returns_to_sign_in_at_once(
    open_tui: Any, listener: tuple[str, str], cadenza_api: Any
) -> None:
    admin = f"admin{secrets.token_hex(3)}"
    made = cadenza_api.cadenza(
        *("users", "create", "--username", admin, "--email", f"{admin}@example.com"),
        *("--password", listener[1], "--role", "admin"),
    )
    assert made.returncode == 0, made.stderr
    async with open_tui() as tui:
        await tui.sign_in(*listener)
        await tui.until(lambda: tui.app.link is not None and tui.app.link.connected, "the link")
        async with CadenzaClient(cadenza_api.base_url) as api:
            await api.login(admin, listener[1])
            (user,) = (await api.admin.list_users(q=listener[0])).items
            await api.admin.update_user(user.id, AdminUserUpdate(is_active=False))
        # The server closes the player socket: no key needs pressing.
        assert "This account is disabled." in await sign_in_message(tui)
        assert tui.app.player is None


async def test_logout_command(
    listener: tuple[str, str],
    cadenza_api: Any,
    config_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await asyncio.to_thread(main, ["logout"]) == 0
    assert capsys.readouterr().out.strip() == "Not signed in."

    async with CadenzaClient(cadenza_api.base_url) as api:
        await api.login(*listener)
        stored = [
            StoredCookie(name=c.name, value=c.value or "", domain=c.domain, path=c.path)
            for c in api.http.cookies.jar
        ]
    save_config(TuiConfig(server_url=cadenza_api.base_url, cookies=stored))
    assert config_path() == config_dir / "tui.json"
    assert load_config().has_session

    assert await asyncio.to_thread(main, ["logout"]) == 0
    assert capsys.readouterr().out.strip() == f"Signed out of {cadenza_api.base_url}."
    assert not load_config().cookies
    # The server forgot the session too: its refresh token no longer works.
    async with CadenzaClient(cadenza_api.base_url) as api:
        for cookie in stored:
            api.http.cookies.set(cookie.name, cookie.value, cookie.domain, cookie.path)
        with pytest.raises(ApiError) as refused:
            await api.refresh()
        assert refused.value.status == 401


async def test_quitting_while_screens_are_being_built(
    open_tui: Any, listener: tuple[str, str], cadenza_api: Any
) -> None:
    # Quitting right after screens open removes them before what they compose is mounted
    # (Textual still runs their `on_mount`): the app must end quietly, and `run_test` raises
    # whatever the app raised.
    alpha = cadenza_api.tracks["Alpha"]
    async with open_tui() as tui:
        await tui.sign_in(*listener)
        screens: list[Screen[Any]] = [
            HomeScreen(),
            SearchScreen("alpha"),
            AlbumScreen(alpha.album_id),
            ArtistScreen(alpha.artist_id),
            QueueScreen(),
            HelpScreen(),
            DevicesScreen(),
        ]
        for screen in screens:
            tui.app.push_screen(screen)
