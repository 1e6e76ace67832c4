"""Figures for a dashboard."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from cadenza_ui.controls import Text


def stat_tile(label: Text, value: Text | int | rx.Var[int], *, detail: Text = "") -> rx.Component:
    """One figure with its label (a description-list pair, read as "label: value"), as a
    group named by the label."""
    return rx.el.div(
        rx.el.dt(label, class_name="cz-stat-label"),
        rx.el.dd(value, class_name="cz-stat-value"),
        *([rx.el.dd(detail, class_name="cz-muted")] if isinstance(detail, Var) or detail else []),
        role="group",
        aria_label=label,
        class_name="cz-stat",
    )


def stat_grid(*tiles: rx.Component, label: str) -> rx.Component:
    return rx.el.dl(*tiles, aria_label=label, class_name="cz-stats")
