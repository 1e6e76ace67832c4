"""The running app, typed, for screens and widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from cadenza_tui.app import CadenzaApp


def cadenza(node: DOMNode) -> CadenzaApp:
    """`node.app` as the `CadenzaApp` it is."""
    return cast("CadenzaApp", node.app)
