"""The resolved design token and the DTCG types Cadenza supports."""

from dataclasses import dataclass
from typing import Literal, get_args

TokenType = Literal[
    "color",
    "dimension",
    "fontFamily",
    "fontWeight",
    "duration",
    "cubicBezier",
    "number",
    "shadow",
]
# Keyed by the `$type` spelling, so a checked string comes back typed.
TOKEN_TYPES: dict[str, TokenType] = {name: name for name in get_args(TokenType)}


@dataclass(frozen=True, slots=True)
class Token:
    """One token with its aliases resolved: `value` is plain DTCG JSON with no `{...}` left."""

    path: str
    type: TokenType
    value: object
    description: str = ""
