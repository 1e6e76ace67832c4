"""Theme rules: both themes name the same colours and no two tokens share a variable."""

import re

import pytest

from cadenza_tokens import InvalidTokenError
from cadenza_tokens.build import render_all
from cadenza_tokens.loader import resolve_tokens
from cadenza_tokens.themes import css_variable, shared_path
from cadenza_tokens.values import srgb_components


def color(hex_color: str) -> dict[str, object]:
    return {"$value": {"colorSpace": "srgb", "components": srgb_components(hex_color)}}


def test_semantic_names_drop_their_theme() -> None:
    tokens = resolve_tokens(
        {
            "color": {
                "$type": "color",
                "ink": color("#000000"),
                "semantic": {"dark": {"text-muted": color("#b3b3b3")}},
            }
        }
    )

    muted = tokens["color.semantic.dark.text-muted"]
    assert shared_path(muted) == "color.text-muted"
    assert css_variable(muted) == "--cz-color-text-muted"
    assert css_variable(tokens["color.ink"]) == "--cz-color-ink"


def test_a_theme_missing_a_colour_the_other_has_is_refused() -> None:
    tokens = resolve_tokens(
        {
            "color": {
                "$type": "color",
                "semantic": {
                    "dark": {"text": color("#ffffff"), "accent": color("#509bf5")},
                    "light": {"text": color("#121212")},
                },
            }
        }
    )

    with pytest.raises(InvalidTokenError, match=r"color.semantic.light lacks accent"):
        render_all(tokens)


def test_a_third_theme_is_refused() -> None:
    tokens = resolve_tokens(
        {"color": {"$type": "color", "semantic": {"dim": {"text": color("#dddddd")}}}}
    )

    with pytest.raises(InvalidTokenError, match=r"color.semantic holds only dark and light"):
        render_all(tokens)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            {
                "color": {
                    "$type": "color",
                    "text": color("#000000"),
                    "semantic": {
                        "dark": {"text": color("#ffffff")},
                        "light": {"text": color("#000000")},
                    },
                }
            },
            "color.semantic.dark.text and color.text would both be --cz-color-text",
        ),
        (
            {"space": {"$type": "number", "a-b": {"$value": 1}, "a": {"b": {"$value": 2}}}},
            "space.a.b and space.a-b would both be --cz-space-a-b",
        ),
    ],
)
def test_two_tokens_with_one_css_variable_are_refused(document: object, message: str) -> None:
    with pytest.raises(InvalidTokenError, match=re.escape(message)):
        render_all(resolve_tokens(document))
