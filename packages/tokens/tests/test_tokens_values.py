"""DTCG values as CSS text and as the numbers a Python theme keeps."""

import pytest

from cadenza_tokens import Token, TokenType
from cadenza_tokens.values import css_value, python_value


def token(type_: TokenType, value: object) -> Token:
    return Token("x", type_, value)


@pytest.mark.parametrize(
    ("type_", "value", "css"),
    [
        ("color", {"colorSpace": "srgb", "components": [0.1137, 0.7255, 0.3294]}, "#1db954"),
        ("color", {"colorSpace": "srgb", "components": [0, 0, 0], "alpha": 0.5}, "#00000080"),
        ("dimension", {"value": 0, "unit": "px"}, "0px"),
        ("dimension", {"value": 0.875, "unit": "rem"}, "0.875rem"),
        ("dimension", {"value": 2.0, "unit": "rem"}, "2rem"),
        ("duration", {"value": 150, "unit": "ms"}, "150ms"),
        ("duration", {"value": 0.5, "unit": "s"}, "0.5s"),
        ("number", 1.5, "1.5"),
        ("fontWeight", 700, "700"),
        ("cubicBezier", [0.2, 0, 0, 1], "cubic-bezier(0.2, 0, 0, 1)"),
        ("fontFamily", "Inter", "Inter"),
        (
            "fontFamily",
            ["system-ui", "Segoe UI", "SFMono-Regular", "sans-serif"],
            'system-ui, "Segoe UI", SFMono-Regular, sans-serif',
        ),
    ],
)
def test_css_text(type_: TokenType, value: object, css: str) -> None:
    assert css_value(token(type_, value)) == css


def test_shadows_with_several_layers_and_inset() -> None:
    black = {"colorSpace": "srgb", "components": [0, 0, 0], "alpha": 0.25}
    layer = {
        "color": black,
        "offsetX": {"value": 0, "unit": "px"},
        "offsetY": {"value": 1, "unit": "px"},
        "blur": {"value": 2, "unit": "px"},
        "spread": {"value": 0, "unit": "px"},
    }

    css = css_value(token("shadow", [layer, {**layer, "inset": True}]))

    assert css == "0px 1px 2px 0px #00000040, inset 0px 1px 2px 0px #00000040"


def test_python_values_keep_numbers_as_numbers() -> None:
    assert python_value(token("fontWeight", 600)) == 600
    assert python_value(token("number", 1.25)) == 1.25
    assert python_value(token("dimension", {"value": 8, "unit": "px"})) == "8px"
