"""Search operators, Gmail-style: conditions on an article's state, feed, author and
date rather than its text (newsboat's query-feed conditions `unread = "yes"`,
`tags # "tech"`, `feedtitle =~ "BBC"`, `age < 3`), in the syntax of
tidings.core.search_query, where they mix with words, `-`, `OR` and groups
(`(is:unread OR is:starred)`, and `feed:(bbc OR cnn)` for feed:bbc OR feed:cnn):

    is:unread  is:read  is:starred      the article's state
    feed:bbc  feed:"BBC News"           the feed's title (as renamed, or its own) or URL
                                        contains it
    category:News  tag:tech             the feed's category / one of its tags, exactly
    author:smith  author:"Ann Lee"      the author contains it
    title:台风  title:"sea wall"         the words in the title only (search_query does it)
    after:2026-11-01  before:2026-11-20 published on that day or later / before that day
                                        (local midnight; 2026/11/01 too)
    newer:3d  older:2w                  published less / more than that long ago: h hours,
                                        d days, w weeks (a number alone is days, as
                                        newsboat's age)

An operator is a word `name:value`, or `name:"a value"`, whose name is one of these in
any case. Any other word with a colon (`http://x`, `10:30`, `re:`) is text to search.
Text values (feed, category, tag, author) match ignoring case and width, Chinese
characters in any of their spellings (颱 = 台; tokenize.fold_text), through the SQL
function tidings_fold that tidings.core.database gives every connection; feed and
author as substrings, category and tag whole. A value an operator cannot take raises
QueryError saying what it expects: `after: expected a date such as 2026-11-01, not
"yesterday"`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from tidings.core.sanitize import clean_line
from tidings.core.tokenize import fold_text

OPERATORS = (
    "is", "feed", "category", "tag", "author", "title", "after", "before", "newer", "older",
)  # fmt: skip
FOLD_SQL = "tidings_fold"  # the SQL function of fold_value (database.connect registers it)

_DATE_RE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_AGE_RE = re.compile(r"(\d{1,6})([hdw]?)", re.IGNORECASE)
_AGE_UNITS = {"h": 3600, "d": 86_400, "w": 7 * 86_400, "": 86_400}

# is:VALUE -> (its condition, the condition of -is:VALUE): literal, so that the partial
# indexes on unread and starred articles apply.
_STATES = {
    "unread": ("a.read = 0", "a.read <> 0"),
    "read": ("a.read <> 0", "a.read = 0"),
    "starred": ("a.starred = 1", "a.starred = 0"),
}
# Each is: condition as the row flag it tests and the value that meets it, so that a
# row can be tested without the store (feeds.yaml's highlight:, tidings.core.highlight_rows)
_STATE_TESTS = {
    "a.read = 0": ("read", False),
    "a.read <> 0": ("read", True),
    "a.starred = 1": ("starred", True),
    "a.starred = 0": ("starred", False),
}
_FEED_NAMES = (  # title as renamed, own title and URL, one per line: never matched across
    f"{FOLD_SQL}(COALESCE(title_override, '') || char(10) || COALESCE(title, '')"
    " || char(10) || url)"
)
_FEED_TAGS = (
    "SELECT f2.id FROM feeds f2, json_each(CASE WHEN json_valid(f2.tags) THEN f2.tags"
    f" ELSE '[]' END) t WHERE {FOLD_SQL}(t.value) = ?"
)
_TEXT_SQL = {
    "feed": f"a.feed_id IN (SELECT id FROM feeds WHERE instr({_FEED_NAMES}, ?) > 0)",
    "category": f"a.feed_id IN (SELECT id FROM feeds WHERE {FOLD_SQL}(category) = ?)",
    "tag": f"a.feed_id IN ({_FEED_TAGS})",
    "author": (  # each distinct author folded once (the author index holds them in
        # order), not every article's; then their articles from that index
        "a.id IN (SELECT id FROM articles WHERE COALESCE(author, '') COLLATE NOCASE IN"
        " (SELECT name FROM (SELECT DISTINCT COALESCE(author, '') COLLATE NOCASE AS name"
        f" FROM articles LIMIT -1) WHERE instr({FOLD_SQL}(name), ?) > 0))"
    ),
}
EXPECTED = {
    "is": "unread, read or starred",
    "feed": "part of a feed's title or address, such as feed:bbc",
    "category": "a category's name, such as category:news",
    "tag": "a tag, such as tag:tech",
    "author": "part of an author's name, such as author:smith",
    "title": 'a word or "a phrase" to find in titles, such as title:typhoon',
    "after": "a date such as 2026-11-01",
    "before": "a date such as 2026-11-20",
    "newer": "an age such as 3d (h hours, d days, w weeks)",
    "older": "an age such as 2w (h hours, d days, w weeks)",
}


@lru_cache(maxsize=16_384)
def fold_value(text: object) -> str:
    """fold_text, remembered: the SQL function the operators call on every feed's
    names (feed:) and every distinct author (author:) at each query. A feed renamed or
    added is a new string, folded when first met."""
    return fold_text(text)


class QueryError(ValueError):
    """A search operator with a value it cannot take; the message says what it expects."""


def problem(name: str, value: str) -> QueryError:
    shown = clean_line(value)
    if len(shown) > 40:
        shown = shown[:39] + "…"
    given = f', not "{shown}"' if shown else ""
    return QueryError(f"{name}: expected {EXPECTED[name]}{given}")


@dataclass(frozen=True)
class Filter:
    """An operator as an SQL condition on `articles a` (negation already applied)."""

    sql: str
    params: tuple[Any, ...] = ()


def operator_filter(name: str, value: str, negated: bool, now: float) -> Filter:
    """The condition of operator `name` (lower case, not title) with `value`, or its
    opposite when negated (-is:unread). Raises QueryError for a value it cannot take."""
    if name == "is":
        state = _STATES.get(value.strip().lower())
        if state is None:
            raise problem(name, value)
        return Filter(state[1] if negated else state[0])
    if name in _TEXT_SQL:
        folded = fold_text(value).strip()
        if not folded:
            raise problem(name, value)
        sql = _TEXT_SQL[name]
        return Filter(f"NOT ({sql})" if negated else sql, (folded,))
    if name in ("after", "before"):
        since = name == "after"
        at = _local_midnight(name, value)
    else:  # newer, older
        since = name == "newer"
        at = int(now) - _age_seconds(name, value)
    return Filter("a.published >= ?" if since != negated else "a.published < ?", (at,))


def state_test(found: Filter) -> tuple[str, bool] | None:
    """The article's flag an is: filter tests and the value that meets it (("read",
    False) for is:unread); None for any other filter."""
    return _STATE_TESTS.get(found.sql)


def _local_midnight(name: str, value: str) -> int:
    m = _DATE_RE.fullmatch(value.strip())
    try:
        if m is None:
            raise ValueError(value)
        return int(datetime(*(int(g) for g in m.groups())).timestamp())  # naive: local
    except (ValueError, OverflowError, OSError):
        raise problem(name, value) from None


def _age_seconds(name: str, value: str) -> int:
    m = _AGE_RE.fullmatch(value.strip())
    if m is None:
        raise problem(name, value)
    return int(m.group(1)) * _AGE_UNITS[m.group(2).lower()]
