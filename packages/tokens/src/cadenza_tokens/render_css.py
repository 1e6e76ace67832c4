"""Render `generated/tokens.css`: every token as a `--cz-*` custom property, dark by default."""

from cadenza_tokens.formatting import HEADER
from cadenza_tokens.model import Token
from cadenza_tokens.themes import DEFAULT_THEME, THEMES, ThemeName, css_variable, theme_of
from cadenza_tokens.values import css_value


def render_css(tokens: dict[str, Token]) -> str:
    """`:root` holds every token with the dark theme's colours; `data-theme` on an element picks
    a theme for it and its children, and without one the page follows the system's choice."""
    blocks = [
        f"/* {HEADER} */\n",
        _block(":root", _declarations(tokens, DEFAULT_THEME, shared=True)),
        *(_block(f'[data-theme="{theme}"]', _declarations(tokens, theme)) for theme in THEMES),
        "@media (prefers-color-scheme: light) {\n"
        + _block(":root:not([data-theme])", _declarations(tokens, "light"), indent="  ")
        + "}\n",
    ]
    return "\n".join(blocks)


def _declarations(tokens: dict[str, Token], theme: ThemeName, *, shared: bool = False) -> list[str]:
    """`color-scheme` and the theme's colours, plus (when `shared`) the tokens both themes use."""
    lines = [f"color-scheme: {theme};"]
    for token in tokens.values():
        owner = theme_of(token)
        if owner == theme or (shared and owner is None):
            lines.append(f"{css_variable(token)}: {css_value(token)};")
    return lines


def _block(selector: str, declarations: list[str], indent: str = "") -> str:
    body = "".join(f"{indent}  {line}\n" for line in declarations)
    return f"{indent}{selector} {{\n{body}{indent}}}\n"
