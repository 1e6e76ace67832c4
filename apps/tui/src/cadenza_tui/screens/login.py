"""Sign in: server URL, username and password; or, with a stored session, straight back in."""

from __future__ import annotations

import asyncio

import httpx
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from cadenza_contracts import ApiError
from cadenza_tui.appref import being_removed, cadenza
from cadenza_tui.network import (
    backoff_delay,
    describe,
    is_session_over,
    is_transient,
    normalize_server_url,
)
from cadenza_tui.session import SessionClient


class LoginScreen(Screen[None]):
    """The first screen. With `resume`, the stored refresh token is tried first (and retried
    with backoff while the server cannot be reached); the form stays usable meanwhile."""

    TITLE = "Sign in"

    def __init__(self, server_url: str, *, resume: bool = False, message: str = "") -> None:
        super().__init__()
        self.server_url = server_url
        self.resume = resume
        self.message = message

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="login-box"):
            yield Static("♪ Cadenza", id="login-title", markup=False)
            yield Static("Server", classes="field-label", markup=False)
            yield Input(self.server_url, placeholder="http://127.0.0.1:8080", id="server")
            yield Static("Username or email", classes="field-label", markup=False)
            yield Input(id="username")
            yield Static("Password", classes="field-label", markup=False)
            yield Input(password=True, id="password")
            yield Button("Sign in", variant="primary", id="sign-in")
            yield Static(self.message, id="login-message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if being_removed(self):
            return
        if self.resume:
            self.resume_session()
        else:
            self.query_one("#username" if self.server_url else "#server", Input).focus()

    def say(self, message: str, *, error: bool = False) -> None:
        label = self.query_one("#login-message", Static)
        label.update(message)
        label.set_class(error, "error")

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        following = {"server": "#username", "username": "#password"}.get(event.input.id or "")
        if following:
            self.query_one(following, Input).focus()
        else:
            self.sign_in()

    @on(Button.Pressed, "#sign-in")
    def _pressed(self) -> None:
        self.sign_in()

    @work(exclusive=True, group="login")
    async def sign_in(self) -> None:
        server_url = normalize_server_url(self.query_one("#server", Input).value)
        username = self.query_one("#username", Input).value.strip()
        password = self.query_one("#password", Input).value
        if not server_url or not username or not password:
            self.say("Fill in the server, your username and your password.", error=True)
            return
        self.workers.cancel_group(self, "resume")
        app = cadenza(self)
        api = SessionClient(server_url, app.config, app.config_file)
        self.say(f"Signing in to {server_url}…")
        try:
            tokens = await api.login(username, password)
        except (ApiError, httpx.HTTPError) as exc:
            await api.aclose()
            self.say(describe(exc), error=True)
            return
        app.start_session(api, tokens.user)

    @work(exclusive=True, group="resume")
    async def resume_session(self) -> None:
        """Trade the stored refresh token for an access token."""
        app = cadenza(self)
        api = SessionClient(self.server_url, app.config, app.config_file)
        attempt = 0
        while True:
            self.say(f"Signing in to {self.server_url}…")
            try:
                tokens = await api.refresh()
            except (ApiError, httpx.HTTPError) as exc:
                if is_session_over(exc) or not is_transient(exc):
                    api.forget_session()
                    await api.aclose()
                    self.say("Your session has ended; please sign in again.", error=True)
                    self.query_one("#username", Input).focus()
                    return
                delay = backoff_delay(attempt)
                attempt += 1
                self.say(f"{describe(exc)} Retrying in {delay:.0f} s.", error=True)
                await asyncio.sleep(delay)
                continue
            except asyncio.CancelledError:
                await api.aclose()
                raise
            app.start_session(api, tokens.user)
            return
