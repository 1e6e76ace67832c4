"""A web player tab's link to the playback socket, against a real API: when the server signs
the session out, the link ends with the server's reason and does not try again."""

from __future__ import annotations

from typing import Any

import pytest

from cadenza_contracts import CadenzaClient
from cadenza_contracts.playback import DeviceKind, StateMessage
from cadenza_contracts.sync import PlayerSync
from cadenza_web.devices import DeviceLink, SessionSignedOut

PASSWORD = "correct horse battery"


async def test_a_session_signed_out_ends_the_link_with_the_reason(running_api: Any) -> None:
    async with CadenzaClient(running_api.base_url) as api:
        await api.register("ada", "ada@example.com", PASSWORD)
        await api.login("ada", PASSWORD)
        link = DeviceLink(PlayerSync("web-test", "Web player", DeviceKind.WEB))
        tickets = 0

        async def socket_url() -> str:
            nonlocal tickets
            tickets += 1
            # A second ticket would mean reconnecting after the sign-out.
            assert tickets == 1, "the link tried to connect again"
            return await api.ws_url()

        async def still_wanted() -> bool:
            return True

        signed_out = False

        async def follow_the_player() -> None:
            nonlocal signed_out
            async for message in link.run(socket_url, still_wanted):
                if isinstance(message, StateMessage) and not signed_out:
                    # Connected: the user signs this very session out (as from another tab).
                    signed_out = True
                    await api.logout()

        with pytest.raises(SessionSignedOut) as ended:
            await follow_the_player()

    assert signed_out
    assert ended.value.reason == "This session has been signed out."
    assert tickets == 1
    assert link.connected is False
