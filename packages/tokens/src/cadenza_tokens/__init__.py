"""Cadenza's design tokens, rendered to CSS, Reflex and Textual.

`tokens.json` (W3C Design Tokens format) is the one source; `cadenza-tokens build` writes the
files under `generated/`, whose constants this module re-exports. Importing it needs neither
Reflex nor Textual.
"""

import copy
from pathlib import Path

from cadenza_tokens.build import GENERATED_DIR
from cadenza_tokens.errors import AliasCycleError, InvalidTokenError, TokenError, UnknownAliasError
from cadenza_tokens.generated.textual_theme import DARK_THEME, LIGHT_THEME
from cadenza_tokens.generated.theme import (
    BREAKPOINTS,
    CSS_VARIABLES,
    DARK,
    DURATIONS,
    EASINGS,
    FONT_FAMILY,
    FONT_SIZES,
    FONT_WEIGHTS,
    LIGHT,
    LINE_HEIGHTS,
    PALETTE,
    RADII,
    SHADOWS,
    SPACING,
)
from cadenza_tokens.loader import load_tokens
from cadenza_tokens.model import Token, TokenType
from cadenza_tokens.themes import THEMES, TextualThemeArgs, ThemeName

__all__ = [
    "BREAKPOINTS",
    "CSS_VARIABLES",
    "DARK",
    "DURATIONS",
    "EASINGS",
    "FONT_FAMILY",
    "FONT_SIZES",
    "FONT_WEIGHTS",
    "LIGHT",
    "LINE_HEIGHTS",
    "PALETTE",
    "RADII",
    "SHADOWS",
    "SPACING",
    "THEMES",
    "AliasCycleError",
    "InvalidTokenError",
    "TextualThemeArgs",
    "ThemeName",
    "Token",
    "TokenError",
    "TokenType",
    "UnknownAliasError",
    "css_path",
    "css_var",
    "load_tokens",
    "palette",
    "tcss_path",
    "textual_theme_args",
]


def palette(theme: ThemeName) -> dict[str, str]:
    """A theme's semantic colours by name (`background`, `text-muted`, ...) as `#rrggbb`."""
    return dict(DARK if _checked(theme) == "dark" else LIGHT)


def textual_theme_args(theme: ThemeName) -> TextualThemeArgs:
    """Arguments for Textual's `Theme(**textual_theme_args("dark"))`, named `cadenza-<theme>`.

    Its `variables` add every semantic colour as `$cz-color-<name>` to the app's stylesheets.
    """
    return copy.deepcopy(DARK_THEME if _checked(theme) == "dark" else LIGHT_THEME)


def css_path() -> Path:
    """The generated stylesheet of `--cz-*` custom properties, dark unless `data-theme="light"`."""
    return GENERATED_DIR / "tokens.css"


def tcss_path() -> Path:
    """The generated Textual stylesheet of palette `$cz-color-*` variables."""
    return GENERATED_DIR / "cadenza.tcss"


def css_var(name: str) -> str:
    """`var(--cz-...)` for a token path without its theme: `css_var("color.text-muted")`."""
    if name not in CSS_VARIABLES:
        raise KeyError(f"{name!r} is not a token; see cadenza_tokens.CSS_VARIABLES.")
    return f"var({CSS_VARIABLES[name]})"


def _checked(theme: str) -> str:
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; choose one of {', '.join(THEMES)}.")
    return theme
