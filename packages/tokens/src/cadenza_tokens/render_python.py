"""Render `generated/theme.py`: the tokens as typed constants for the Reflex apps."""

from cadenza_tokens.errors import InvalidTokenError
from cadenza_tokens.formatting import HEADER, python_constant
from cadenza_tokens.model import Token
from cadenza_tokens.themes import (
    SEMANTIC_GROUP,
    THEMES,
    ThemeName,
    css_variable,
    semantic_colors,
    shared_path,
)
from cadenza_tokens.values import python_value

# Each shared token lands in the constant of the longest group that holds it, keyed by the rest
# of its path: `font.size.md` → FONT_SIZES["md"], `color.green.500` → PALETTE["green-500"].
CONSTANTS: dict[str, str] = {
    "color": "PALETTE",
    "font.family": "FONT_FAMILY",
    "font.size": "FONT_SIZES",
    "font.weight": "FONT_WEIGHTS",
    "font.line-height": "LINE_HEIGHTS",
    "spacing": "SPACING",
    "radius": "RADII",
    "shadow": "SHADOWS",
    "breakpoint": "BREAKPOINTS",
    "motion.duration": "DURATIONS",
    "motion.easing": "EASINGS",
}


def render_python(tokens: dict[str, Token]) -> str:
    """The source of a module with DARK/LIGHT semantic colours, one dict per token group and
    CSS_VARIABLES (`"color.text"` → `"--cz-color-text"`); it imports nothing but typing."""
    sections = [
        python_constant(theme.upper(), "dict[str, str]", _semantic(tokens, theme))
        for theme in THEMES
    ]
    for name, values in _shared_groups(tokens).items():
        sections.append(python_constant(name, f"dict[str, {_annotation(values)}]", values))
    variables = {shared_path(token): css_variable(token) for token in tokens.values()}
    sections.append(python_constant("CSS_VARIABLES", "dict[str, str]", variables))
    return f'"""{HEADER}"""\n\nfrom typing import Final\n\n' + "\n".join(sections)


def _semantic(tokens: dict[str, Token], theme: ThemeName) -> dict[str, str | int | float]:
    return {name: python_value(token) for name, token in semantic_colors(tokens, theme).items()}


def _shared_groups(tokens: dict[str, Token]) -> dict[str, dict[str, str | int | float]]:
    groups: dict[str, dict[str, str | int | float]] = {name: {} for name in CONSTANTS.values()}
    for token in tokens.values():
        if token.path.startswith(f"{SEMANTIC_GROUP}."):
            continue
        group = max(
            (group for group in CONSTANTS if token.path.startswith(f"{group}.")),
            key=len,
            default=None,
        )
        if group is None:
            raise InvalidTokenError(
                f"{token.path} has no constant in theme.py; add its group to "
                "cadenza_tokens.render_python.CONSTANTS."
            )
        key = token.path.removeprefix(f"{group}.").replace(".", "-")
        groups[CONSTANTS[group]][key] = python_value(token)
    return {name: values for name, values in groups.items() if values}


def _annotation(values: dict[str, str | int | float]) -> str:
    kinds = {type(value) for value in values.values()}
    if kinds == {int}:
        return "int"
    if kinds <= {int, float}:
        return "float"
    if kinds == {str}:
        return "str"
    return "str | int | float"
