"""Render the terminal player's styles: `generated/textual_theme.py` (Textual `Theme` arguments
per theme) and `generated/cadenza.tcss` (the fixed palette as TCSS variables)."""

from cadenza_tokens.errors import InvalidTokenError
from cadenza_tokens.formatting import HEADER, python_constant
from cadenza_tokens.model import Token
from cadenza_tokens.themes import (
    THEMES,
    TextualThemeArgs,
    ThemeName,
    css_variable,
    semantic_colors,
    theme_of,
)
from cadenza_tokens.values import css_value

# Textual widget variables set from semantic colours instead of derived from the theme's slots.
WIDGET_VARIABLES: dict[str, str] = {
    "block-cursor-background": "primary",
    "block-cursor-foreground": "on-primary",
    "footer-key-foreground": "primary",
}


def render_textual(tokens: dict[str, Token]) -> str:
    """The source of a module with DARK_THEME and LIGHT_THEME, each ready for `Theme(**...)`.

    A theme's `variables` carry every semantic colour as `cz-color-<name>`, so stylesheets can
    use `$cz-color-text-muted` and follow the active theme.
    """
    sections = [
        python_constant(f"{theme.upper()}_THEME", "TextualThemeArgs", _theme_args(tokens, theme))
        for theme in THEMES
    ]
    imports = "from typing import Final\n\nfrom cadenza_tokens.themes import TextualThemeArgs\n"
    return f'"""{HEADER}"""\n\n{imports}\n' + "\n".join(sections)


def render_tcss(tokens: dict[str, Token]) -> str:
    """TCSS variables for the colours both themes share (`$cz-color-green-500`).

    Textual keeps a stylesheet's variables to that stylesheet, and the theme already defines
    the semantic `$cz-color-*` names, so this file holds the palette only.
    """
    lines = [
        f"/* {HEADER} */",
        "/* Theme colours ($cz-color-text, ...) come with the Textual theme from",
        "   cadenza_tokens.textual_theme_args(); these palette colours are the same in both. */",
    ]
    for token in tokens.values():
        if token.type == "color" and theme_of(token) is None:
            lines.append(f"${_textual_name(token)}: {css_value(token)};")
    return "\n".join(lines) + "\n"


def _theme_args(tokens: dict[str, Token], theme: ThemeName) -> TextualThemeArgs:
    colors = semantic_colors(tokens, theme)

    def color(name: str) -> str:
        if name not in colors:
            raise InvalidTokenError(f"the Textual theme needs color.semantic.{theme}.{name}.")
        return css_value(colors[name])

    variables = {name: color(semantic) for name, semantic in WIDGET_VARIABLES.items()}
    variables |= {_textual_name(token): css_value(token) for token in colors.values()}
    return TextualThemeArgs(
        name=f"cadenza-{theme}",
        primary=color("primary"),
        # Textual draws rules and muted labels in `secondary`; Cadenza's second colour is grey.
        secondary=color("text-muted"),
        warning=color("warning"),
        error=color("danger"),
        success=color("success"),
        accent=color("accent"),
        foreground=color("text"),
        background=color("background"),
        surface=color("surface"),
        panel=color("surface-raised"),
        dark=theme == "dark",
        variables=variables,
    )


def _textual_name(token: Token) -> str:
    """The CSS variable's name without its dashes: `--cz-color-text` → `cz-color-text`."""
    return css_variable(token).removeprefix("--")
