"""Reading tokens.json: groups, inherited types, aliases, value checks and clear errors."""

import json
from pathlib import Path

import pytest

from cadenza_tokens import (
    AliasCycleError,
    InvalidTokenError,
    TokenError,
    UnknownAliasError,
    load_tokens,
)
from cadenza_tokens.loader import resolve_tokens
from cadenza_tokens.values import css_value, srgb_components


def color(hex_color: str) -> dict[str, object]:
    return {"colorSpace": "srgb", "components": srgb_components(hex_color), "hex": hex_color}


def px(value: float) -> dict[str, object]:
    return {"value": value, "unit": "px"}


def test_the_package_tokens_resolve_aliases_to_palette_values() -> None:
    tokens = load_tokens()

    primary = tokens["color.semantic.dark.primary"]
    assert primary.type == "color"
    assert primary.value == tokens["color.green.500"].value
    assert css_value(primary) == "#1db954"
    assert primary.description
    assert css_value(tokens["color.semantic.dark.background"]) == "#121212"
    assert css_value(tokens["color.semantic.dark.surface"]) == "#181818"
    assert css_value(tokens["color.semantic.dark.surface-raised"]) == "#282828"
    assert css_value(tokens["color.semantic.dark.text-muted"]) == "#b3b3b3"


def test_every_token_is_flat_and_fully_resolved() -> None:
    tokens = load_tokens()

    assert all(path == token.path for path, token in tokens.items())
    assert not any('"{' in json.dumps(token.value) for token in tokens.values())
    groups = {path.split(".")[0] for path in tokens}
    assert groups == {"color", "font", "spacing", "radius", "shadow", "breakpoint", "motion"}


def test_type_is_inherited_from_the_nearest_group() -> None:
    tokens = resolve_tokens(
        {
            "size": {
                "$type": "dimension",
                "small": {"$value": px(4)},
                "ratio": {"$type": "number", "golden": {"$value": 1.618}},
            }
        }
    )

    assert tokens["size.small"].type == "dimension"
    assert tokens["size.ratio.golden"].type == "number"


def test_an_alias_takes_its_type_from_the_token_it_names() -> None:
    tokens = resolve_tokens(
        {
            "base": {"$type": "color", "ink": {"$value": color("#101010")}},
            "text": {"$value": "{base.ink}"},
        }
    )

    assert tokens["text"].type == "color"
    assert css_value(tokens["text"]) == "#101010"


def test_aliases_chain_and_resolve_inside_composite_values() -> None:
    tokens = resolve_tokens(
        {
            "ink": {"$type": "color", "$value": color("#000000")},
            "shade": {"$type": "color", "$value": "{ink}"},
            "gap": {"$type": "dimension", "$value": px(2)},
            "lift": {
                "$type": "shadow",
                "$value": {
                    "color": "{shade}",
                    "offsetX": px(0),
                    "offsetY": "{gap}",
                    "blur": px(6),
                    "spread": px(0),
                },
            },
        }
    )

    assert css_value(tokens["lift"]) == "0px 2px 6px 0px #000000"


def test_tokens_keep_document_order() -> None:
    tokens = resolve_tokens(
        {"n": {"$type": "number", "b": {"$value": 2}, "a": {"$value": 1}, "c": {"$value": 3}}}
    )

    assert list(tokens) == ["n.b", "n.a", "n.c"]


def test_an_unknown_alias_names_the_token_and_suggests_a_near_one() -> None:
    document = {
        "color": {
            "$type": "color",
            "gray": {"900": {"$value": color("#181818")}},
            "text": {"$value": "{color.gray.90}"},
        }
    }

    with pytest.raises(UnknownAliasError) as caught:
        resolve_tokens(document)

    message = str(caught.value)
    assert "color.text refers to {color.gray.90}, which is not a token" in message
    assert "Did you mean {color.gray.900}?" in message


def test_an_alias_to_a_group_is_refused() -> None:
    document = {"color": {"$type": "color", "gray": {"900": {"$value": color("#181818")}}}}
    document["text"] = {"$type": "color", "$value": "{color.gray}"}

    with pytest.raises(UnknownAliasError, match=r"\{color.gray\}, a group, not a token"):
        resolve_tokens(document)


@pytest.mark.parametrize(
    ("document", "loop"),
    [
        (
            {"n": {"$type": "number", "a": {"$value": "{n.b}"}, "b": {"$value": "{n.a}"}}},
            "n.a → n.b → n.a",
        ),
        ({"n": {"$type": "number", "a": {"$value": "{n.a}"}}}, "n.a → n.a"),
        (
            {
                "n": {
                    "$type": "number",
                    "entry": {"$value": "{n.a}"},
                    "a": {"$value": "{n.b}"},
                    "b": {"$value": "{n.c}"},
                    "c": {"$value": "{n.a}"},
                }
            },
            "n.a → n.b → n.c → n.a",
        ),
    ],
)
def test_alias_cycles_are_reported_with_the_loop(document: dict[str, object], loop: str) -> None:
    with pytest.raises(AliasCycleError) as caught:
        resolve_tokens(document)

    assert str(caught.value) == f"aliases loop: {loop}."


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"n": {"a": {"$value": 1}}}, "n.a has no $type"),
        ({"n": {"$type": "typography", "a": {"$value": 1}}}, "n: $type 'typography' is not one"),
        (
            {"n": {"$type": "number", "a": {"$value": 1, "$valeu": 2}}},
            "n.a: a token cannot hold '$valeu'",
        ),
        (
            {"n": {"$type": "number", "$tpye": "x", "a": {"$value": 1}}},
            "n: a group cannot hold '$tpye'",
        ),
        ({"n": {"$type": "number", "Big": {"$value": 1}}}, "n.Big: names use lowercase letters"),
        ({"n": {"$type": "number", "a.b": {"$value": 1}}}, "n.a.b: names use lowercase letters"),
        ({"n": {"$type": "number", "a": 1}}, "n.a: write a token as an object with $value"),
        ({"n": {"$type": "number", "a": {"$value": "one"}}}, "n.a: expected a number, not 'one'"),
        (
            {
                "c": {
                    "$type": "color",
                    "$value": {"colorSpace": "srgb", "components": [0, 0, 0], "hex": "#ffffff"},
                }
            },
            "c: hex #ffffff does not match components [0, 0, 0] (#000000); "
            "the components of #ffffff are [1.0, 1.0, 1.0].",
        ),
        (
            {
                "c": {
                    "$type": "color",
                    "$value": {"colorSpace": "display-p3", "components": [0, 0, 0]},
                }
            },
            "c: only srgb colours are supported",
        ),
        (
            {"c": {"$type": "color", "$value": {"colorSpace": "srgb", "components": [0, 0, 2]}}},
            "c: components must be between 0 and 1, not 2",
        ),
        (
            {"d": {"$type": "dimension", "$value": "16px"}},
            'd: write the value as {"value": 16, "unit": "px"}',
        ),
        (
            {"d": {"$type": "dimension", "$value": {"value": 1, "unit": "em"}}},
            "d: unit must be one of px, rem",
        ),
        (
            {"t": {"$type": "duration", "$value": {"value": 1, "unit": "px"}}},
            "t: unit must be one of ms, s",
        ),
        ({"w": {"$type": "fontWeight", "$value": "bold"}}, "w: write the font weight as a number"),
        ({"e": {"$type": "cubicBezier", "$value": [2, 0, 0, 1]}}, "e: a cubic Bézier's x values"),
        ({"f": {"$type": "fontFamily", "$value": []}}, "f: a font family is a name or a list"),
        ({"s": {"$type": "shadow", "$value": {"color": "x"}}}, "s: a shadow has color, offsetX"),
        (
            {"n": {"$type": "number", "$value": 1}, "m": {"$type": "color", "$value": "{n}"}},
            "m is a color but refers to {n}, a number",
        ),
        ([], "the tokens document must be a JSON object of groups"),
    ],
)
def test_invalid_tokens_are_refused_with_the_path_at_fault(document: object, message: str) -> None:
    with pytest.raises(InvalidTokenError) as caught:
        resolve_tokens(document)

    assert message in str(caught.value)


def test_a_file_that_is_not_json_says_where(tmp_path: Path) -> None:
    source = tmp_path / "tokens.json"
    source.write_text('{\n  "n": {\n    "$type": "number",,\n  }\n}\n')

    with pytest.raises(InvalidTokenError, match=r"is not valid JSON: .* at line 3, column"):
        load_tokens(source)


def test_a_name_twice_in_one_group_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "tokens.json"
    source.write_text('{"n": {"$type": "number", "a": {"$value": 1}, "a": {"$value": 2}}}')

    with pytest.raises(InvalidTokenError, match="'a' appears twice in the same group"):
        load_tokens(source)


def test_a_missing_file_is_a_token_error(tmp_path: Path) -> None:
    with pytest.raises(TokenError, match=r"cannot read .*absent\.json: No such file"):
        load_tokens(tmp_path / "absent.json")
