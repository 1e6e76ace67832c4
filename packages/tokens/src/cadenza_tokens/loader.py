"""Read tokens.json: walk its groups, inherit `$type`, resolve aliases and check every value."""

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from cadenza_tokens.errors import AliasCycleError, InvalidTokenError, TokenError, UnknownAliasError
from cadenza_tokens.model import TOKEN_TYPES, Token, TokenType
from cadenza_tokens.values import css_value

SOURCE = Path(__file__).with_name("tokens.json")

_ALIAS = re.compile(r"\{([^{}]+)\}")
# Stricter than DTCG: names become CSS custom properties, TCSS variables and Python keys.
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_GROUP_PROPERTIES = frozenset({"$type", "$description", "$extensions", "$deprecated"})
_TOKEN_PROPERTIES = _GROUP_PROPERTIES | {"$value"}


@dataclass(frozen=True, slots=True)
class _Declared:
    """A token as written, with the `$type` it declares or inherits from its groups."""

    type: TokenType | None
    value: object
    description: str


def load_tokens(source: Path | None = None) -> dict[str, Token]:
    """Read tokens.json (the package's own unless `source` is given) into tokens keyed by path."""
    path = SOURCE if source is None else source
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise TokenError(f"cannot read {path}: {error.strerror}.") from error
    try:
        document = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except json.JSONDecodeError as error:
        raise InvalidTokenError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error
    return resolve_tokens(document)


def resolve_tokens(document: object) -> dict[str, Token]:
    """Resolve a parsed DTCG document into tokens keyed by dotted path, in document order.

    Raises `InvalidTokenError`, `UnknownAliasError` or `AliasCycleError` with the path at fault.
    """
    if not isinstance(document, dict):
        raise InvalidTokenError("the tokens document must be a JSON object of groups.")
    declared: dict[str, _Declared] = {}
    _collect(document, (), None, declared)
    resolver = _Resolver(declared)
    tokens = {path: resolver.token(path) for path in declared}
    # Check every value now, so a bad one is reported on loading rather than by a renderer.
    for token in tokens.values():
        css_value(token)
    return tokens


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    names = [name for name, _ in pairs]
    for name in names:
        if names.count(name) > 1:
            raise InvalidTokenError(f"{name!r} appears twice in the same group.")
    return dict(pairs)


def _collect(
    group: dict[str, object],
    trail: tuple[str, ...],
    inherited: TokenType | None,
    declared: dict[str, _Declared],
) -> None:
    where = ".".join(trail) or "the top level"
    for name, node in group.items():
        if name.startswith("$"):
            if name not in _GROUP_PROPERTIES:
                raise InvalidTokenError(f"{where}: a group cannot hold {name!r}.")
            continue
        path = ".".join((*trail, name))
        if not _NAME.fullmatch(name):
            raise InvalidTokenError(
                f"{path}: names use lowercase letters, digits and hyphens only ({name!r})."
            )
        if not isinstance(node, dict):
            raise InvalidTokenError(f"{path}: write a token as an object with $value.")
        own_type = _declared_type(node, path)
        if "$value" not in node:
            _collect(node, (*trail, name), own_type or inherited, declared)
            continue
        unknown = sorted(key for key in node if key not in _TOKEN_PROPERTIES)
        if unknown:
            raise InvalidTokenError(f"{path}: a token cannot hold {unknown[0]!r}.")
        description = node.get("$description", "")
        if not isinstance(description, str):
            raise InvalidTokenError(f"{path}: $description must be text.")
        declared[path] = _Declared(own_type or inherited, node["$value"], description)


def _declared_type(node: dict[str, object], path: str) -> TokenType | None:
    if "$type" not in node:
        return None
    name = node["$type"]
    if not isinstance(name, str) or name not in TOKEN_TYPES:
        raise InvalidTokenError(
            f"{path}: $type {name!r} is not one Cadenza renders ({', '.join(TOKEN_TYPES)})."
        )
    return TOKEN_TYPES[name]


def _alias(value: object) -> str | None:
    """The path an alias such as "{color.green.500}" names, or None for any other value."""
    if not isinstance(value, str):
        return None
    match = _ALIAS.fullmatch(value)
    return None if match is None else match.group(1)


class _Resolver:
    """Resolves tokens on demand, remembering finished ones and the chain being followed."""

    def __init__(self, declared: dict[str, _Declared]) -> None:
        self._declared = declared
        self._resolved: dict[str, Token] = {}
        self._following: list[str] = []

    def token(self, path: str) -> Token:
        if path in self._resolved:
            return self._resolved[path]
        if path in self._following:
            loop = [*self._following[self._following.index(path) :], path]
            raise AliasCycleError(f"aliases loop: {' → '.join(loop)}.")
        self._following.append(path)
        try:
            token = self._resolve(path, self._declared[path])
        finally:
            self._following.pop()
        self._resolved[path] = token
        return token

    def _resolve(self, path: str, declared: _Declared) -> Token:
        reference = _alias(declared.value)
        if reference is not None:
            target = self._target(reference, path)
            if declared.type is not None and declared.type != target.type:
                raise InvalidTokenError(
                    f"{path} is a {declared.type} but refers to {{{reference}}}, a {target.type}."
                )
            return Token(path, target.type, target.value, declared.description)
        if declared.type is None:
            raise InvalidTokenError(f"{path} has no $type; give it one or set $type on its group.")
        return Token(
            path, declared.type, self._substitute(declared.value, path), declared.description
        )

    def _substitute(self, value: object, path: str) -> object:
        """Resolve aliases inside a composite value, such as a shadow's colour."""
        reference = _alias(value)
        if reference is not None:
            return self._target(reference, path).value
        if isinstance(value, list):
            return [self._substitute(item, path) for item in value]
        if isinstance(value, dict):
            return {key: self._substitute(item, path) for key, item in value.items()}
        return value

    def _target(self, reference: str, path: str) -> Token:
        if reference in self._declared:
            return self.token(reference)
        if any(other.startswith(f"{reference}.") for other in self._declared):
            raise UnknownAliasError(f"{path} refers to {{{reference}}}, a group, not a token.")
        close = difflib.get_close_matches(reference, self._declared, n=1)
        hint = f" Did you mean {{{close[0]}}}?" if close else ""
        raise UnknownAliasError(f"{path} refers to {{{reference}}}, which is not a token.{hint}")
