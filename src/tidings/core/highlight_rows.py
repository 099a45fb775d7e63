"""Which rows feeds.yaml's `highlight:` colours whole: article rows a search finds
(`articles: title:Breaking is:unread`, newsboat's highlight-article) and feed rows a
feed condition holds for (`feeds: unread>10 tag:news`, newsboat's highlight-feed).

An article condition is a search in tidings' syntax (tidings.core.search_query reads
it, as for / and searches:). Deciding it must cost a row nothing: its parts that look
at the store (words in the text, feed:, tag:, author:, dates…) are each an SQL
condition computed with the page of rows, one bit of ArticleSummary.marks each
(Store.list_articles' `marks`); its is:unread / is:read / is:starred parts are tested
on the row's own flags, which change in place (m, s) without the page being loaded
again. The tree of ANDs and ORs over them is walked per row: a few attribute reads.

A feed condition is read by the same parser (tidings.core.search_syntax) and tested
on the FeedInfo the feed pane has:

    unread>10  unread=0  total<5       the feed's unread / total count (>, >=, <, <=, =, !=)
    is:unread  is:read  is:failed      it has unread articles / none / its last fetch failed
    tag:news  category:World           one of its tags / its category, whole (any case)
    title:BBC  feed:bbc.co.uk          its title contains it / its title or address does
    BBC                                a word alone: its title contains it

with `-`, OR and parentheses as in a search.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tidings.core.models import ArticleSummary, FeedInfo
from tidings.core.search_operators import Filter, QueryError, state_test
from tidings.core.search_query import Node, condition_of, parse
from tidings.core.search_syntax import AllOf, AnyOf, Chunk, read, unclosed
from tidings.core.tokenize import fold_text

MAX_MARKS = 62  # the store conditions of all article rules (bits of one SQLite integer)


@dataclass(frozen=True)
class _Flag:
    """An is: condition, tested on the row: its flag has `value`."""

    name: str
    value: bool


RowTest = int | _Flag | AllOf | AnyOf  # int: the bit of a store condition


def _flagged(node: Node) -> bool:
    """Whether an is: condition stands in the part."""
    if isinstance(node, Filter):
        return state_test(node) is not None
    return isinstance(node, AllOf | AnyOf) and any(_flagged(p) for p in node.parts)


def _tree(node: Node, leaves: list[tuple[str, list[Any]]]) -> RowTest:
    """The test of a part: one store condition (a bit) for a part without is:, whose
    words the index looks up at once; the row's flag for an is:; the parts of the rest."""
    if isinstance(node, Filter) and (flag := state_test(node)) is not None:
        return _Flag(*flag)
    if not _flagged(node):
        leaves.append(condition_of(node))
        return len(leaves) - 1
    assert isinstance(node, AllOf | AnyOf)
    return type(node)(tuple(_tree(part, leaves) for part in node.parts))  # type: ignore[arg-type]


def _parsed(query: str, now: float, leaves: list[tuple[str, list[Any]]]) -> RowTest | None:
    parts = parse(query, now)
    if not parts:
        return None
    return _tree(parts[0] if len(parts) == 1 else AllOf(tuple(parts)), leaves)  # type: ignore[arg-type]


def store_conditions(query: str) -> int:
    """How many bits of ArticleSummary.marks the search `query` takes (raises QueryError
    as search_query.parse)."""
    leaves: list[tuple[str, list[Any]]] = []
    _parsed(query, 0.0, leaves)
    return len(leaves)


def _holds(test: RowTest, row: ArticleSummary) -> bool:
    if isinstance(test, int):
        return bool(row.marks >> test & 1)
    if isinstance(test, _Flag):
        return getattr(row, test.name) == test.value
    if isinstance(test, AllOf):
        return all(_holds(part, row) for part in test.parts)
    return any(_holds(part, row) for part in test.parts)


class ArticleRules:
    """The article conditions of feeds.yaml's highlight rules, in order (checked by the
    config: each a search that finds something, MAX_MARKS store conditions in all)."""

    def __init__(self, queries: Sequence[str]) -> None:
        self.queries = tuple(queries)
        leaves: list[tuple[str, list[Any]]] = []
        self._tests = [_parsed(q, 0.0, leaves) for q in self.queries]
        self.count = len(leaves)  # the bits the page query computes

    def __bool__(self) -> bool:
        return bool(self.queries)

    def marks_sql(self, now: float | None = None) -> tuple[str, list[Any]] | None:
        """An SQL expression over `articles a` whose bits say which store conditions the
        article meets, and its parameters; None when there are none. `now` is what
        newer: and older: count back from (the clock's by default)."""
        if not self.count:
            return None
        leaves: list[tuple[str, list[Any]]] = []
        now = time.time() if now is None else now
        for query in self.queries:
            _parsed(query, now, leaves)
        terms = [f"(CASE WHEN {sql} THEN {1 << n} ELSE 0 END)" for n, (sql, _) in enumerate(leaves)]
        return " | ".join(terms), [p for _, params in leaves for p in params]

    def first(self, row: ArticleSummary) -> int | None:
        """The first rule whose condition the row meets (its index), or None."""
        for n, test in enumerate(self._tests):
            if test is not None and _holds(test, row):
                return n
        return None


# -- feeds ------------------------------------------------------------------------------
FeedTest = Callable[[FeedInfo], bool]
_COUNT = re.compile(r"(unread|total)(?:_count)?(<=|>=|!=|=|<|>)(\d{1,9})", re.IGNORECASE)
_COUNT_SPACED = re.compile(r"\b(unread|total)(?:_count)?\s*(<=|>=|!=|==|=|<|>)\s*(?=\d)", re.I)
_COUNT_START = re.compile(r"(?:unread|total)(?:_count)?(?:<=|>=|!=|=|<|>)", re.IGNORECASE)
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "<": int.__lt__,
    "<=": int.__le__,
    ">": int.__gt__,
    ">=": int.__ge__,
    "=": int.__eq__,
    "!=": int.__ne__,
}
FEED_EXPECTED = (
    "unread>N, total<N, is:unread, is:read, is:failed, tag:, category:, title:, feed:"
    " or words of the title, with -, OR and ( )"
)


def _folded(text: str | None) -> str:
    return fold_text(text or "")


def _feed_leaf(chunk: Chunk) -> FeedTest:
    name, value = chunk.name, chunk.text.strip()
    want = fold_text(value).strip()
    test: FeedTest
    if name is None:
        m = _COUNT.fullmatch(value)
        if m is None and (c := _COUNT_START.match(value)) is not None:
            raise QueryError(f"{value!r}: {c.group(0)} takes a whole number, e.g. {c.group(0)}10")
        if m is not None:
            column, compare, number = m.group(1).lower(), _COMPARE[m.group(2)], int(m.group(3))
            test = lambda f: compare(getattr(f, column), number)  # noqa: E731
        else:
            test = lambda f: want in _folded(f.title)  # noqa: E731
    elif name == "is" and want in ("unread", "read", "failed"):
        tests: dict[str, FeedTest] = {
            "unread": lambda f: f.unread > 0,
            "read": lambda f: f.unread == 0,
            "failed": lambda f: bool(f.last_error),
        }
        test = tests[want]
    elif name == "tag" and want:
        test = lambda f: any(_folded(t) == want for t in f.tags)  # noqa: E731
    elif name == "category" and want:
        test = lambda f: _folded(f.category) == want  # noqa: E731
    elif name == "title" and want:
        test = lambda f: want in _folded(f.title)  # noqa: E731
    elif name == "feed" and want:
        test = lambda f: want in _folded(f.title) or want in _folded(f.url)  # noqa: E731
    else:
        shown = f"{name}:{value}" if name else value
        raise QueryError(f"{shown!r} is not a feed condition; expected {FEED_EXPECTED}")
    return (lambda f: not test(f)) if chunk.negated else test


def _feed_tree(node: Chunk | AllOf | AnyOf) -> FeedTest:
    if isinstance(node, Chunk):
        return _feed_leaf(node)
    parts = [_feed_tree(part) for part in node.parts]
    if isinstance(node, AllOf):
        return lambda f: all(p(f) for p in parts)
    return lambda f: any(p(f) for p in parts)


def feed_condition(text: str) -> FeedTest:
    """The test of a feed condition; QueryError saying what is expected when it has a
    part that is none (`unread>abc`), a `"` or `(` left open, or nothing at all."""
    problem = unclosed(text)
    if problem:
        raise QueryError(problem)
    node = read(_COUNT_SPACED.sub(lambda m: m.group(1) + m.group(2).replace("==", "="), text))
    if node is None:
        raise QueryError(f"an empty condition; expected {FEED_EXPECTED}")
    return _feed_tree(node)
