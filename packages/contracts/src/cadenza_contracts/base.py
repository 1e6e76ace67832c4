"""Base structs: every body on the wire is camelCase JSON."""

import msgspec


class Model(msgspec.Struct, kw_only=True, rename="camel"):
    """A response body or a nested value."""


class Request(msgspec.Struct, kw_only=True, rename="camel", forbid_unknown_fields=True):
    """A request body: unknown fields are an error, not silently dropped."""
