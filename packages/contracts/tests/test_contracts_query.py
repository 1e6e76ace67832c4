"""The one query renderer behind every client method, public and admin alike."""

from datetime import UTC, datetime
from uuid import UUID

import pytest

from cadenza_contracts._query import query
from cadenza_contracts.accounts import Role
from cadenza_contracts.media import JobState, StreamFormat

ALBUM_ID = UUID("0b8f3f5e-6a34-4c1e-9d6a-2f1d7c9b4e21")


def test_unset_parameters_are_left_out() -> None:
    assert query(q=None, sort=None, limit=20, offset=0) == {"limit": "20", "offset": "0"}


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        (True, "true"),
        (False, "false"),
        (ALBUM_ID, "0b8f3f5e-6a34-4c1e-9d6a-2f1d7c9b4e21"),
        (["artists", "tracks"], "artists,tracks"),
        (("artists",), "artists"),
        (datetime(2026, 11, 25, 8, 30, tzinfo=UTC), "2026-11-25T08:30:00+00:00"),
        (JobState.FAILED, "failed"),
        (Role.LISTENER, "listener"),
        (StreamFormat.OPUS, "opus"),
        ("", ""),
    ],
)
def test_values_render_the_way_the_api_reads_them(value: object, rendered: str) -> None:
    assert query(value=value) == {"value": rendered}
