"""The Reflex apps' sign-in survives a refresh whose caller is cancelled half-way (Reflex
cancels a page's handlers when the user reloads or leaves it), against a real API."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import Any

import pytest

from cadenza_contracts import CadenzaClient
from cadenza_ui.api_session import Credentials, credentials_from, new_client, refresh_once

PASSWORD = "correct horse battery"


async def test_a_cancelled_refresh_still_keeps_the_rotated_token(
    running_api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CADENZA_API_URL", running_api.base_url)
    async with CadenzaClient(running_api.base_url) as client:
        await client.register("ada", "ada@example.com", PASSWORD)
        tokens = await client.login("ada", PASSWORD)
        # As if the access token were about to expire: the next call refreshes it.
        signed_in = dataclasses.replace(credentials_from(client, tokens), expires_at=time.time())

    kept: list[Credentials | None] = [signed_in]
    storing = asyncio.Event()
    release = asyncio.Event()

    async def reload() -> Credentials | None:
        return kept[-1]

    async def store(credentials: Credentials | None) -> None:
        storing.set()
        await release.wait()  # the tab's state is busy, as Reflex's often is
        kept.append(credentials)

    page_load = asyncio.create_task(refresh_once("tab", signed_in, reload, store))
    await storing.wait()
    page_load.cancel()  # the user reloads the page while the new token is being kept
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await page_load

    rotated = kept[-1]
    assert rotated is not None and rotated.access_token != signed_in.access_token

    # The next handler started from the old credentials: it gets the rotated ones, without
    # presenting the spent refresh token again.
    assert await refresh_once("tab", signed_in, reload, store) is rotated

    # The sign-in is intact: the access token works, and the rotated refresh token refreshes.
    async with new_client(rotated) as client:
        assert (await client.me()).username == "ada"
    kept.append(dataclasses.replace(rotated, expires_at=time.time()))
    again = await refresh_once("tab", kept[-1], reload, store)
    assert again.access_token != rotated.access_token
