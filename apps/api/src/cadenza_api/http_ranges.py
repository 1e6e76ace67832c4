"""HTTP byte ranges and validators (RFC 9110 §13-14), as pure functions.

Choices where the RFC leaves room, all allowed by it:

- A `Range` with more than one range-spec is ignored and the whole representation served with
  200 (§14.2: "a server MAY ignore the Range header field"), so no `multipart/byteranges`.
- A `Range` that is syntactically invalid, or in a unit other than `bytes`, is ignored (§14.2).
- On an empty representation a non-zero suffix range (`bytes=-5`) is ignored too: there is no
  byte to send and no `Content-Range` that could describe it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

__all__ = [
    "WHOLE",
    "ByteRange",
    "RangeResult",
    "Unsatisfiable",
    "WholeRepresentation",
    "format_etag",
    "format_http_date",
    "if_none_match_hits",
    "if_range_allows_range",
    "not_modified_since",
    "parse_http_date",
    "parse_range_header",
    "select_range",
]


@dataclass(frozen=True, slots=True)
class WholeRepresentation:
    """Serve the whole representation with 200: no `Range`, or one that is ignored."""


@dataclass(frozen=True, slots=True)
class ByteRange:
    """One satisfiable range, `start..end` inclusive, served with 206."""

    start: int
    end: int
    size: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    @property
    def content_range(self) -> str:
        return f"bytes {self.start}-{self.end}/{self.size}"


@dataclass(frozen=True, slots=True)
class Unsatisfiable:
    """A valid range that selects no byte of the representation: 416."""

    size: int

    @property
    def content_range(self) -> str:
        return f"bytes */{self.size}"


RangeResult = WholeRepresentation | ByteRange | Unsatisfiable
WHOLE = WholeRepresentation()

_INT_RANGE = re.compile(r"([0-9]+)-([0-9]*)")
_SUFFIX_RANGE = re.compile(r"-([0-9]+)")
# entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text (§8.8.3)
_ENTITY_TAG = re.compile(r'(W/)?"([\x21\x23-\x7e\x80-\xff]*)"')
_LIST_SEPARATOR = re.compile(r"[ \t]*,[ \t]*")
_HUGE_POSITION = 10**18


def _position(digits: str) -> int:
    """A decimal byte position; absurdly long ones saturate, as no representation is that big
    (and `int()` refuses strings of more than 4300 digits)."""
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= 18 else _HUGE_POSITION


def _numerically_less(left: str, right: str) -> bool:
    """`int(left) < int(right)` for digit strings of any length."""
    left, right = left.lstrip("0"), right.lstrip("0")
    return (len(left), left) < (len(right), right)


def parse_range_header(value: str | None, size: int) -> RangeResult:
    """What a `Range` header asks of a representation of `size` bytes (RFC 9110 §14.1.2).

    `bytes=a-b` (b clamped to size-1), `bytes=a-` and `bytes=-n` (n > size selects the whole
    representation) give a `ByteRange`; a first byte beyond the end or `bytes=-0` give
    `Unsatisfiable`; anything else gives `WHOLE`.
    """
    if value is None:
        return WHOLE
    unit, equals, range_set = value.partition("=")
    if not equals or unit.strip().lower() != "bytes":
        return WHOLE
    # range-set = 1#range-spec; list syntax allows empty elements and whitespace around commas.
    specs = [spec for spec in _LIST_SEPARATOR.split(range_set.strip(" \t")) if spec]
    if len(specs) != 1:
        return WHOLE
    spec = specs[0]
    if match := _INT_RANGE.fullmatch(spec):
        first_digits, last_digits = match.groups()
        if last_digits and _numerically_less(last_digits, first_digits):
            return WHOLE
        first = _position(first_digits)
        if first >= size:
            return Unsatisfiable(size)
        end = min(_position(last_digits), size - 1) if last_digits else size - 1
        return ByteRange(first, end, size)
    if match := _SUFFIX_RANGE.fullmatch(spec):
        suffix_length = _position(match.group(1))
        if suffix_length == 0:
            return Unsatisfiable(size)
        if size == 0:
            return WHOLE
        return ByteRange(max(0, size - suffix_length), size - 1, size)
    return WHOLE


def format_etag(opaque: str) -> str:
    """A strong entity-tag for the header: the opaque value in double quotes."""
    return f'"{opaque}"'


def format_http_date(moment: datetime) -> str:
    """An IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def parse_http_date(value: str) -> datetime | None:
    """The moment an HTTP-date names, or None when it is not one."""
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # "-0000" or an obsolete zone: RFC 9110 reads all as GMT
        moment = moment.replace(tzinfo=UTC)
    return moment


def _whole_seconds(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def _entity_tags(value: str) -> list[tuple[bool, str]] | None:
    """`(weak, opaque)` for each entity-tag of a list, or None if the list is malformed."""
    tags: list[tuple[bool, str]] = []
    for element in _LIST_SEPARATOR.split(value.strip(" \t")):
        if not element:
            continue
        match = _ENTITY_TAG.fullmatch(element)
        if match is None:
            return None
        tags.append((match.group(1) is not None, match.group(2)))
    return tags


def if_none_match_hits(value: str, etag: str) -> bool:
    """Whether `If-None-Match` names the current representation (§13.1.2, weak comparison).

    A hit means 304 for GET and HEAD. A malformed field never hits.
    """
    if value.strip(" \t") == "*":
        return True
    tags = _entity_tags(value)
    return tags is not None and any(opaque == etag for _, opaque in tags)


def not_modified_since(value: str, last_modified: datetime) -> bool:
    """Whether `If-Modified-Since` makes a GET a 304 (§13.1.3); an invalid date never does."""
    since = parse_http_date(value)
    return since is not None and _whole_seconds(last_modified) <= since


def if_range_allows_range(
    value: str, *, etag: str, last_modified: datetime, now: datetime | None = None
) -> bool:
    """Whether an `If-Range` validator still matches, so the `Range` may be honoured (§13.1.5).

    An entity-tag must match by strong comparison (a weak tag never does); an HTTP-date must
    equal `Last-Modified` exactly, and `Last-Modified` must be strong, at least one second
    before `now` (§8.8.2.2).
    """
    value = value.strip(" \t")
    if value.startswith(("W/", '"')):
        match = _ENTITY_TAG.fullmatch(value)
        return match is not None and match.group(1) is None and match.group(2) == etag
    moment = parse_http_date(value)
    if moment is None:
        return False
    modified = _whole_seconds(last_modified)
    current = now or datetime.now(UTC)
    return moment == modified and last_modified <= current - timedelta(seconds=1)


def select_range(
    range_value: str | None,
    if_range_value: str | None,
    *,
    size: int,
    etag: str,
    last_modified: datetime,
    now: datetime | None = None,
) -> RangeResult:
    """`parse_range_header`, unless an `If-Range` that no longer matches turns it into WHOLE."""
    if range_value is None:
        return WHOLE
    if if_range_value is not None and not if_range_allows_range(
        if_range_value, etag=etag, last_modified=last_modified, now=now
    ):
        return WHOLE
    return parse_range_header(range_value, size)
