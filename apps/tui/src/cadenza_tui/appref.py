"""The running app, typed, and whether a node is leaving it, for screens and widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from cadenza_tui.app import CadenzaApp


def cadenza(node: DOMNode) -> CadenzaApp:
    """`node.app` as the `CadenzaApp` it is."""
    return cast("CadenzaApp", node.app)


def being_removed(node: DOMNode) -> bool:
    """Whether `node` is on its way out: its screen is being removed, or the app quits.
    Textual may then still run its handlers, `on_mount` included, with what it composed
    never mounted or already gone: there is nothing to show, and queries would fail."""
    return node._closing or node._pruning or not node.app.is_running
