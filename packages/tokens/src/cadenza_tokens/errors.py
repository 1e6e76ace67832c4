"""Typed errors raised while reading tokens.json and rendering it."""


class TokenError(Exception):
    """The design tokens cannot be read, resolved or rendered."""


class InvalidTokenError(TokenError):
    """A token or group breaks the DTCG format or a rule Cadenza adds to it."""


class UnknownAliasError(TokenError):
    """An alias such as `{color.green.500}` names no token."""


class AliasCycleError(TokenError):
    """Aliases refer to each other in a loop."""
