"""Feed dates, in all their shapes, become timezone-aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.core.dates import parse_date


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # RFC 822 / 2822
        ("Wed, 01 May 2024 08:30:00 GMT", utc(2024, 5, 1, 8, 30)),
        ("Wed, 01 May 2024 08:30:00 +0800", utc(2024, 5, 1, 0, 30)),
        ("Wed, 01 May 2024 08:30:00 +08:00", utc(2024, 5, 1, 0, 30)),
        ("Wed, 01 May 2024 08:30:00 -0530", utc(2024, 5, 1, 14, 0)),
        ("01 May 2024 08:30 EST", utc(2024, 5, 1, 13, 30)),
        ("Wed, 1 May 2024 08:30:00 EDT", utc(2024, 5, 1, 12, 30)),
        ("Wed, 01 May 2024 08:30:00 CST", utc(2024, 5, 1, 14, 30)),  # RFC 822: US Central
        ("Wed, 01 May 2024 08:30:00 PST", utc(2024, 5, 1, 16, 30)),
        ("Wed, 01 May 2024 08:30:00 JST", utc(2024, 4, 30, 23, 30)),
        ("Wed, 01 May 2024 08:30:00 Z", utc(2024, 5, 1, 8, 30)),
        ("Wed, 01 May 2024 08:30:00 UT", utc(2024, 5, 1, 8, 30)),
        ("1 May 2024 08:30:00 +0000", utc(2024, 5, 1, 8, 30)),
        ("Wed, 01 May 24 08:30:00 GMT", utc(2024, 5, 1, 8, 30)),
        ("Wed, 01 May 2024", utc(2024, 5, 1)),
        # ISO 8601 / RFC 3339
        ("2024-05-01T08:30:00Z", utc(2024, 5, 1, 8, 30)),
        ("2024-05-01T08:30:00+08:00", utc(2024, 5, 1, 0, 30)),
        ("2024-05-01T08:30:00-07:00", utc(2024, 5, 1, 15, 30)),
        ("2024-05-01T08:30:00.123456789+0800", utc(2024, 5, 1, 0, 30, 0, 123456)),
        ("2024-05-01T08:30+05:30", utc(2024, 5, 1, 3, 0)),
        ("2024-04-30T23:30:00+08", utc(2024, 4, 30, 15, 30)),
        ("2024-05-01", utc(2024, 5, 1)),
        ("20240501T083000Z", utc(2024, 5, 1, 8, 30)),
        # sloppy forms seen in Chinese feeds
        ("2024-05-01 08:30:00", utc(2024, 5, 1, 8, 30)),
        ("2024-05-01 08:30:00 +0800", utc(2024, 5, 1, 0, 30)),
        ("2024/05/01 08:30", utc(2024, 5, 1, 8, 30)),
        ("2024/5/1", utc(2024, 5, 1)),
        ("2024年5月1日 08:30", utc(2024, 5, 1, 8, 30)),
        ("2024年05月01日", utc(2024, 5, 1)),
        ("  2024-05-01T08:30:00Z \n", utc(2024, 5, 1, 8, 30)),
    ],
)
def test_dates_become_utc(text: str, expected: datetime) -> None:
    got = parse_date(text)
    assert got == expected
    assert got is not None and got.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "yesterday",
        "Mon, 31 Feb 2024 10:00:00 GMT",
        "2024-13-01",
        "2024-02-30T00:00:00Z",
        "9999-12-31T23:59:59-05:00",
        "0000-01-01",
        "x" * 10_000,
        "2024-05-01T25:61:00Z",
    ],
)
def test_unreadable_dates_give_none(text: str | None) -> None:
    assert parse_date(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_never_raises(text: str) -> None:
    got = parse_date(text)
    assert got is None or got.tzinfo is not None
