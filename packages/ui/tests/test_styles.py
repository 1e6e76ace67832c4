"""Every colour the components use comes from the design tokens."""

from __future__ import annotations

import re
from pathlib import Path

from cadenza_tokens import BREAKPOINTS, CSS_VARIABLES, DARK
from cadenza_ui import CadenzaStylesPlugin, component_css, tokens_css
from cadenza_ui.styles import favicon_svg

_COLOUR_LITERAL = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgb|rgba|hsl|hsla)\(")
_VARIABLE = re.compile(r"var\((--cz-[a-z0-9-]+)\)")


def test_component_css_has_no_colour_of_its_own() -> None:
    css = component_css()
    assert not _COLOUR_LITERAL.search(css)
    assert "$" not in css
    assert f"max-width: {BREAKPOINTS['md']}" in css


def test_component_css_uses_only_defined_tokens() -> None:
    defined = set(CSS_VARIABLES.values())
    used = set(_VARIABLE.findall(component_css()))
    assert used
    assert used <= defined, sorted(used - defined)


def test_plugin_ships_tokens_components_and_icon() -> None:
    plugin = CadenzaStylesPlugin()
    assets = dict(plugin.get_static_assets())
    assert assets[Path("styles/cadenza/tokens.css")] == tokens_css()
    assert assets[Path("styles/cadenza/cadenza-ui.css")] == component_css()
    assert DARK["primary"] in str(assets[Path("public/favicon.svg")])
    assert favicon_svg().startswith("<svg")
    assert list(plugin.get_stylesheet_paths()) == [
        "./cadenza/tokens.css",
        "./cadenza/cadenza-ui.css",
    ]
