"""Query strings (and upload form fields) as the API reads them, for every client method."""

from datetime import datetime
from typing import Any


def query(**params: Any) -> dict[str, str]:
    """Drop unset parameters; render bools as `true`/`false`, lists as `a,b`, datetimes in ISO
    8601, and anything else (numbers, UUIDs, string enums) with `str`."""
    rendered: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            rendered[key] = "true" if value else "false"
        elif isinstance(value, list | tuple):
            rendered[key] = ",".join(str(item) for item in value)
        elif isinstance(value, datetime):
            rendered[key] = value.isoformat()
        else:
            rendered[key] = str(value)
    return rendered
