"""WCAG 2.2 AA contrast, computed from the tokens for both themes."""

import pytest

from cadenza_tokens import THEMES, ThemeName, load_tokens
from cadenza_tokens.themes import semantic_colors
from cadenza_tokens.values import css_value

AA_TEXT = 4.5  # normal-size text (WCAG 1.4.3)
AA_NON_TEXT = 3.0  # focus indicators and other UI parts (WCAG 1.4.11)

SURFACES = ("background", "surface", "surface-raised", "surface-hover")
TEXT_PAIRS = [
    *((text, surface) for text in ("text", "text-muted") for surface in SURFACES),
    ("primary", "background"),
    ("accent", "background"),
    ("danger", "background"),
    ("warning", "background"),
    ("success", "background"),
    ("on-primary", "primary"),
    ("on-primary", "primary-hover"),
]


def relative_luminance(hex_color: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(hex_color[index : index + 2], 16)) for index in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colours(theme: ThemeName) -> dict[str, str]:
    return {name: css_value(token) for name, token in semantic_colors(load_tokens(), theme).items()}


def test_the_formula_matches_known_ratios() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#1db954", "#121212") == contrast_ratio("#121212", "#1db954")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS)
def test_text_pairs_meet_aa(theme: ThemeName, foreground: str, background: str) -> None:
    palette = colours(theme)

    ratio = contrast_ratio(palette[foreground], palette[background])

    assert ratio >= AA_TEXT, f"{theme}: {foreground} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("surface", SURFACES)
def test_the_focus_ring_stands_out(theme: ThemeName, surface: str) -> None:
    palette = colours(theme)

    ratio = contrast_ratio(palette["focus-ring"], palette[surface])

    assert ratio >= AA_NON_TEXT, f"{theme}: focus-ring on {surface} is {ratio:.2f}:1"
