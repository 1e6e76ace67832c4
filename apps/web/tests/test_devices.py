"""A tab as a device: its name and id, and its link's reconnecting and ending."""

from __future__ import annotations

import socket

import pytest

from cadenza_contracts.playback import DeviceKind, PauseCommand
from cadenza_contracts.sync import PlayerSync
from cadenza_web.devices import (
    BACKOFF_MAX_S,
    DeviceLink,
    backoff_delay,
    close_link,
    device_id_for,
    device_name,
    link_for,
    open_link,
)

CHROME_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/131.0.0.0 Safari/537.36"
)
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
EDGE_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (CHROME_LINUX, "Web player · Chrome on Linux"),
        (FIREFOX_WINDOWS, "Web player · Firefox on Windows"),
        (SAFARI_IPHONE, "Web player · Safari on iPhone"),
        (EDGE_MAC, "Web player · Edge on macOS"),
        ("curl/8.0", "Web player"),
        ("", "Web player"),
    ],
)
def test_device_names_come_from_the_user_agent(user_agent: str, name: str) -> None:
    assert device_name(user_agent) == name


def test_device_ids_are_stable_per_tab_and_hide_the_token() -> None:
    token = "3f1c0e4e-5b8a-4f43-9d7e-0a1b2c3d4e5f"
    assert device_id_for(token) == device_id_for(token)
    assert device_id_for(token) != device_id_for(token + "x")
    assert token not in device_id_for(token)
    assert device_id_for(token).startswith("web-")


def test_backoff_grows_to_a_ceiling() -> None:
    delays = [backoff_delay(attempt) for attempt in range(10)]
    assert delays[:3] == [1.0, 2.0, 4.0]
    assert delays == sorted(delays)
    assert delays[-1] == BACKOFF_MAX_S


def test_one_link_per_tab() -> None:
    first = open_link("tab-a", CHROME_LINUX)
    assert first is not None
    try:
        assert open_link("tab-a", CHROME_LINUX) is None
        assert link_for("tab-a") is first
        assert first.sync.kind is DeviceKind.WEB
        assert first.sync.name == "Web player · Chrome on Linux"
    finally:
        close_link("tab-a", first)
    assert link_for("tab-a") is None


def test_commands_are_refused_while_not_connected() -> None:
    link = DeviceLink(PlayerSync("web-1", "Web player", DeviceKind.WEB))
    assert link.send(PauseCommand()) is False
    assert link.outbox.empty()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_link_retries_with_a_fresh_url_until_no_longer_wanted() -> None:
    """Against a port nobody listens on: every attempt asks for a new URL (a new ticket),
    the waits in between tick, and the link ends once the tab is no longer wanted."""
    url = f"ws://127.0.0.1:{_closed_port()}/api/v1/ws"
    link = DeviceLink(PlayerSync("web-1", "Web player", DeviceKind.WEB))
    asked = 0
    checks = 0

    async def socket_url() -> str:
        nonlocal asked
        asked += 1
        return url

    async def still_wanted() -> bool:
        nonlocal checks
        checks += 1
        return checks < 6

    ticks = [item async for item in link.run(socket_url, still_wanted)]

    assert ticks and all(item is None for item in ticks)
    assert asked >= 2
    assert link.connected is False
