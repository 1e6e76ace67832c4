"""Helpers for option lists."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import OptionList
from textual.widgets.option_list import Option


def replace_options(option_list: OptionList, options: Iterable[Option]) -> None:
    """Show `options` instead, keeping the highlight where it was (or on the first one)."""
    highlighted = option_list.highlighted or 0
    option_list.clear_options()
    option_list.add_options(options)
    if option_list.option_count:
        option_list.highlighted = min(highlighted, option_list.option_count - 1)
