"""RFC 9110 byte ranges and validators, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cadenza_api.http_ranges import (
    WHOLE,
    ByteRange,
    RangeResult,
    Unsatisfiable,
    format_etag,
    format_http_date,
    if_none_match_hits,
    if_range_allows_range,
    not_modified_since,
    parse_http_date,
    parse_range_header,
    select_range,
)

SIZE = 1000
MODIFIED = datetime(2026, 3, 1, 12, 30, 15, 250_000, tzinfo=UTC)
MODIFIED_HTTP = "Sun, 01 Mar 2026 12:30:15 GMT"
LATER = MODIFIED + timedelta(hours=1)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        # bytes=a-b, with b clamped to the last byte
        ("bytes=0-0", ByteRange(0, 0, SIZE)),
        ("bytes=0-499", ByteRange(0, 499, SIZE)),
        ("bytes=10-99", ByteRange(10, 99, SIZE)),
        ("bytes=999-999", ByteRange(999, 999, SIZE)),
        ("bytes=0-999", ByteRange(0, 999, SIZE)),
        ("bytes=500-1000", ByteRange(500, 999, SIZE)),
        ("bytes=500-99999999", ByteRange(500, 999, SIZE)),
        ("bytes=0-" + "9" * 5000, ByteRange(0, 999, SIZE)),
        ("bytes=007-010", ByteRange(7, 10, SIZE)),
        # bytes=a-
        ("bytes=0-", ByteRange(0, 999, SIZE)),
        ("bytes=100-", ByteRange(100, 999, SIZE)),
        ("bytes=999-", ByteRange(999, 999, SIZE)),
        # bytes=-n: the last n bytes, the whole representation when n >= size
        ("bytes=-1", ByteRange(999, 999, SIZE)),
        ("bytes=-500", ByteRange(500, 999, SIZE)),
        ("bytes=-999", ByteRange(1, 999, SIZE)),
        ("bytes=-1000", ByteRange(0, 999, SIZE)),
        ("bytes=-1001", ByteRange(0, 999, SIZE)),
        ("bytes=-" + "9" * 5000, ByteRange(0, 999, SIZE)),
        # unsatisfiable: first byte beyond the end, or an empty suffix
        ("bytes=1000-", Unsatisfiable(SIZE)),
        ("bytes=1000-1000", Unsatisfiable(SIZE)),
        ("bytes=5000-6000", Unsatisfiable(SIZE)),
        ("bytes=" + "9" * 5000 + "-", Unsatisfiable(SIZE)),
        ("bytes=-0", Unsatisfiable(SIZE)),
        ("bytes=-000", Unsatisfiable(SIZE)),
        # unit names are case-insensitive; list syntax tolerates whitespace and empty elements
        ("Bytes=1-2", ByteRange(1, 2, SIZE)),
        ("BYTES=1-2", ByteRange(1, 2, SIZE)),
        ("bytes=1-2, ,", ByteRange(1, 2, SIZE)),
        ("bytes=,1-2", ByteRange(1, 2, SIZE)),
        ("bytes= 1-2 ", ByteRange(1, 2, SIZE)),
        # no Range, or one that is ignored: the whole representation with 200
        (None, WHOLE),
        ("", WHOLE),
        ("bytes", WHOLE),
        ("bytes=", WHOLE),
        ("bytes=,", WHOLE),
        ("bytes=abc", WHOLE),
        ("bytes=-", WHOLE),
        ("bytes=--5", WHOLE),
        ("bytes=5-1", WHOLE),
        ("bytes=" + "9" * 30 + "-" + "9" * 29, WHOLE),
        ("bytes=1-2-3", WHOLE),
        ("bytes=1 - 2", WHOLE),
        ("bytes=+1-2", WHOLE),
        ("bytes=1.5-2", WHOLE),
        ("bytes=0x10-20", WHOLE),
        ("bytes=٣-٤", WHOLE),  # non-ASCII digits are not DIGIT
        ("bytes 0-1", WHOLE),
        ("items=0-1", WHOLE),
        ("none", WHOLE),
        ("=0-1", WHOLE),
        # several ranges: served whole (allowed by RFC 9110 §14.2), even when some are bad
        ("bytes=0-1,5-9", WHOLE),
        ("bytes=0-1, 5-9", WHOLE),
        ("bytes=0-0,-1", WHOLE),
        ("bytes=0-1,1-2,2-3", WHOLE),
        ("bytes=2000-3000,4000-", WHOLE),
        ("bytes=0-1,abc", WHOLE),
    ],
)
def test_parse_range_header(header: str | None, expected: RangeResult) -> None:
    assert parse_range_header(header, SIZE) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-", Unsatisfiable(0)),
        ("bytes=0-0", Unsatisfiable(0)),
        ("bytes=-0", Unsatisfiable(0)),
        ("bytes=-5", WHOLE),
        ("bytes=abc", WHOLE),
    ],
)
def test_parse_range_header_on_an_empty_representation(header: str, expected: RangeResult) -> None:
    assert parse_range_header(header, 0) == expected


def test_one_byte_representation() -> None:
    assert parse_range_header("bytes=0-", 1) == ByteRange(0, 0, 1)
    assert parse_range_header("bytes=-5", 1) == ByteRange(0, 0, 1)
    assert parse_range_header("bytes=1-", 1) == Unsatisfiable(1)


def test_content_range_values() -> None:
    assert ByteRange(10, 99, SIZE).content_range == "bytes 10-99/1000"
    assert ByteRange(10, 99, SIZE).length == 90
    assert ByteRange(0, 0, 1).length == 1
    assert Unsatisfiable(SIZE).content_range == "bytes */1000"


def test_format_etag_and_http_date() -> None:
    assert format_etag("abc123") == '"abc123"'
    assert format_http_date(MODIFIED) == MODIFIED_HTTP
    eastern = MODIFIED.astimezone(datetime.now().astimezone().tzinfo)
    assert format_http_date(eastern) == MODIFIED_HTTP


@pytest.mark.parametrize(
    "value",
    [
        "Sun, 01 Mar 2026 12:30:15 GMT",  # IMF-fixdate
        "Sunday, 01-Mar-26 12:30:15 GMT",  # obsolete RFC 850
        "Sun Mar  1 12:30:15 2026",  # obsolete asctime
    ],
)
def test_parse_http_date_accepts_all_three_formats(value: str) -> None:
    assert parse_http_date(value) == datetime(2026, 3, 1, 12, 30, 15, tzinfo=UTC)


@pytest.mark.parametrize("value", ["", "yesterday", "Sun, 99 Foo 2026 12:30:15 GMT", '"etag"'])
def test_parse_http_date_rejects_garbage(value: str) -> None:
    assert parse_http_date(value) is None


@pytest.mark.parametrize(
    ("header", "hits"),
    [
        ('"abc"', True),
        ('W/"abc"', True),  # If-None-Match uses the weak comparison
        ('"x", "abc"', True),
        ('"x","abc"', True),
        ('"x" , W/"abc"', True),
        ("*", True),
        (" * ", True),
        ('"abcd"', False),
        ('"ab"', False),
        ('"ABC"', False),
        ("abc", False),  # not an entity-tag
        ('"abc', False),
        ('w/"abc"', False),  # "W/" is case-sensitive
        ('"x", abc', False),
        ("", False),
    ],
)
def test_if_none_match(header: str, hits: bool) -> None:
    assert if_none_match_hits(header, "abc") is hits


@pytest.mark.parametrize(
    ("header", "not_modified"),
    [
        (MODIFIED_HTTP, True),  # same second: not modified since
        ("Sun, 01 Mar 2026 12:30:16 GMT", True),
        ("Sun, 01 Mar 2026 12:30:14 GMT", False),
        ("Sat, 01 Jan 2000 00:00:00 GMT", False),
        ("not a date", False),
        ("", False),
    ],
)
def test_if_modified_since(header: str, not_modified: bool) -> None:
    assert not_modified_since(header, MODIFIED) is not_modified


@pytest.mark.parametrize(
    ("header", "allows"),
    [
        ('"abc"', True),
        (' "abc" ', True),
        ('"abd"', False),
        ('W/"abc"', False),  # weak entity-tags never match If-Range
        ('"abc", "x"', False),  # one validator only
        ('"abc', False),
        ("abc", False),
        (MODIFIED_HTTP, True),  # exact Last-Modified, and it is strong (an hour old)
        ("Sun, 01 Mar 2026 12:30:14 GMT", False),
        ("Sun, 01 Mar 2026 12:30:16 GMT", False),  # later, but not an exact match
        ("garbage", False),
        ("", False),
    ],
)
def test_if_range(header: str, allows: bool) -> None:
    assert if_range_allows_range(header, etag="abc", last_modified=MODIFIED, now=LATER) is allows


def test_if_range_date_needs_a_strong_last_modified() -> None:
    """A Last-Modified less than a second before now might hide a second change: weak."""
    assert not if_range_allows_range(
        MODIFIED_HTTP, etag="abc", last_modified=MODIFIED, now=MODIFIED + timedelta(seconds=0.5)
    )
    assert if_range_allows_range(
        MODIFIED_HTTP, etag="abc", last_modified=MODIFIED, now=MODIFIED + timedelta(seconds=1)
    )


@pytest.mark.parametrize(
    ("range_header", "if_range", "expected"),
    [
        ("bytes=0-9", None, ByteRange(0, 9, SIZE)),
        ("bytes=0-9", '"abc"', ByteRange(0, 9, SIZE)),
        ("bytes=0-9", '"old"', WHOLE),
        ("bytes=0-9", 'W/"abc"', WHOLE),
        ("bytes=0-9", MODIFIED_HTTP, ByteRange(0, 9, SIZE)),
        ("bytes=0-9", "Sun, 01 Mar 2026 12:30:14 GMT", WHOLE),
        ("bytes=5000-", '"abc"', Unsatisfiable(SIZE)),
        ("bytes=5000-", '"old"', WHOLE),  # a stale validator: the whole new representation
        (None, '"abc"', WHOLE),  # If-Range without Range is ignored
        (None, '"old"', WHOLE),
        ("bytes=abc", '"abc"', WHOLE),
    ],
)
def test_select_range(
    range_header: str | None, if_range: str | None, expected: RangeResult
) -> None:
    result = select_range(
        range_header, if_range, size=SIZE, etag="abc", last_modified=MODIFIED, now=LATER
    )
    assert result == expected
