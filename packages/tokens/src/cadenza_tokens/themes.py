"""Cadenza's themes and naming: which tokens follow the theme and what each output calls them.

Semantic colours live under `color.semantic.<theme>`; every other token is shared by both
themes. Outside the token file a semantic colour drops its theme: `color.semantic.dark.text`
and `color.semantic.light.text` are both `color.text`, the CSS variable `--cz-color-text`.
"""

from typing import Literal, TypedDict

from cadenza_tokens.errors import InvalidTokenError
from cadenza_tokens.model import Token

ThemeName = Literal["dark", "light"]
THEMES: tuple[ThemeName, ...] = ("dark", "light")
DEFAULT_THEME: ThemeName = "dark"
SEMANTIC_GROUP = "color.semantic"
CSS_PREFIX = "--cz-"


class TextualThemeArgs(TypedDict):
    """Keyword arguments for `textual.theme.Theme`, so `Theme(**args)` type-checks."""

    name: str
    primary: str
    secondary: str
    warning: str
    error: str
    success: str
    accent: str
    foreground: str
    background: str
    surface: str
    panel: str
    dark: bool
    variables: dict[str, str]


def theme_of(token: Token) -> ThemeName | None:
    """The theme a semantic colour belongs to, or None for a token both themes share."""
    if not token.path.startswith(f"{SEMANTIC_GROUP}."):
        return None
    name = token.path.split(".")[2]
    for theme in THEMES:
        if name == theme:
            return theme
    raise InvalidTokenError(f"{token.path}: {SEMANTIC_GROUP} holds only {' and '.join(THEMES)}.")


def shared_path(token: Token) -> str:
    """The path without its theme: `color.semantic.dark.text` → `color.text`."""
    if theme_of(token) is None:
        return token.path
    return ".".join(("color", *token.path.split(".")[3:]))


def css_variable(token: Token) -> str:
    """The CSS custom property for a token: `color.green.500` → `--cz-color-green-500`."""
    return CSS_PREFIX + shared_path(token).replace(".", "-")


def semantic_colors(tokens: dict[str, Token], theme: ThemeName) -> dict[str, Token]:
    """One theme's semantic colours by name (`text-muted`, `surface-raised`, ...)."""
    prefix = f"{SEMANTIC_GROUP}.{theme}."
    return {
        token.path.removeprefix(prefix).replace(".", "-"): token
        for token in tokens.values()
        if token.path.startswith(prefix)
    }


def check_themes(tokens: dict[str, Token]) -> None:
    """Both themes name the same semantic colours, and no two tokens share a CSS variable."""
    names = {theme: set(semantic_colors(tokens, theme)) for theme in THEMES}
    for theme in THEMES:
        for other in THEMES:
            missing = sorted(names[other] - names[theme])
            if missing:
                raise InvalidTokenError(
                    f"{SEMANTIC_GROUP}.{theme} lacks {', '.join(missing)}, "
                    f"which {SEMANTIC_GROUP}.{other} defines."
                )
    # A semantic colour appears once per theme under one variable; anything else must not clash.
    owners: dict[str, tuple[bool, str, str]] = {}
    for token in tokens.values():
        variable = css_variable(token)
        identity = (theme_of(token) is not None, shared_path(token))
        semantic, shared, first = owners.setdefault(variable, (*identity, token.path))
        if (semantic, shared) != identity:
            raise InvalidTokenError(f"{token.path} and {first} would both be {variable}.")
