"""The configuration reference: one table per group of `cadenza_api.settings.VARIABLES`.

`configuration.md` places each group's table with a `<!-- cadenza:settings GROUP -->` line,
so the prose around a table stays hand-written while the rows come from the code.
"""

from __future__ import annotations

import re

from cadenza_api.settings import VARIABLES, Variable

MARKER = re.compile(r"^<!-- cadenza:settings (?P<group>[^>]+?) -->$", re.MULTILINE)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _default(variable: Variable) -> str:
    if variable.shown_default is not None:
        return variable.shown_default
    return "unset" if variable.default is None else f"`{variable.default}`"


def settings_table(group: str) -> str:
    """The markdown table of one group's variables, in declaration order."""
    rows = [variable for variable in VARIABLES if variable.group == group]
    if not rows:
        raise ValueError(f"No CADENZA_* variable is in the group {group!r}.")
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    lines += [
        f"| `{variable.env_name}` | {_cell(_default(variable))} | {_cell(variable.description)} |"
        for variable in rows
    ]
    return "\n".join(lines)


def fill_settings(markdown: str) -> str:
    """`markdown` with every settings marker replaced by its table; every group must be placed
    exactly once, so a new group cannot go missing from the page."""
    placed = [match["group"] for match in MARKER.finditer(markdown)]
    groups = list(dict.fromkeys(variable.group for variable in VARIABLES))
    missing = [group for group in groups if group not in placed]
    if missing or len(placed) != len(set(placed)):
        raise ValueError(
            f"configuration.md must place each settings group once; missing: {missing}, "
            f"placed: {placed}. Add a `<!-- cadenza:settings GROUP -->` line."
        )
    return MARKER.sub(lambda match: settings_table(match["group"]), markdown)
