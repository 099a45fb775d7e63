"""Which articles a View shows: its SQL condition on `articles a`, its order, and its
count from the per-feed statistics when no article needs reading."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tidings.core.models import View
from tidings.core.search_query import plan

ORDER = "a.published DESC, a.id DESC"  # a view's order: newest first
_NOCASE = "COALESCE(a.{0}, '') COLLATE NOCASE"
_NEWEST = ("-COALESCE(a.published, 0)", "-a.id")  # newest first, under an ascending key
# Each sort: its key's SQL (an article's place in the list, ascending unless the sort
# is newest first), and whether the list runs down the key (date: newest first). Title
# and author are indexed (schema 12); feed sorts by the feed's title, which no index on
# articles can hold (measured on 100,000 articles: 50 ms for the first page, 100 ms
# deep down: bench note in docs/feeds-yaml.md).
SORTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "date": (("a.published", "a.id"), True),
    "title": ((_NOCASE.format("title"), "a.id"), False),
    "author": ((_NOCASE.format("author"), *_NEWEST), False),
    "feed": (
        (
            "(SELECT COALESCE(f3.title_override, f3.title, f3.url) FROM feeds f3"
            " WHERE f3.id = a.feed_id) COLLATE NOCASE",
            *_NEWEST,
        ),
        False,
    ),
}
# settings.article_order's words: (sort, turned round).
ARTICLE_ORDERS: dict[str, tuple[str, bool]] = {
    "newest": ("date", False),
    "oldest": ("date", True),
    **{f"{s}{d}": (s, bool(d)) for s in ("title", "author", "feed") for d in ("", "-desc")},
}


def order_setting(sort: str, turned: bool) -> str:
    """settings.article_order's word for a sort (the inverse of ARTICLE_ORDERS)."""
    return next(w for w, o in ARTICLE_ORDERS.items() if o == (sort, turned))


def _sort(view: View) -> tuple[tuple[str, ...], bool]:
    return SORTS.get(view.sort, SORTS["date"])


def _descending(view: View, reverse: bool) -> bool:
    return _sort(view)[1] ^ view.oldest_first ^ reverse


def order(view: View, *, reverse: bool = False) -> str:
    """The SQL order of a view's list (or its reverse)."""
    way = "DESC" if _descending(view, reverse) else "ASC"
    return ", ".join(f"{expr} {way}" for expr in _sort(view)[0])


def sort_key(conn: sqlite3.Connection, view: View, article_id: int) -> tuple[Any, ...] | None:
    """The article's key in the view's sort (for below), or None when it is gone."""
    exprs = _sort(view)[0]
    row = conn.execute(
        f"SELECT {', '.join(exprs)} FROM articles a WHERE a.id = ?", (article_id,)
    ).fetchone()
    if row is None:
        return None
    return (row[0] or 0, row[1]) if exprs == SORTS["date"][0] else tuple(row)


def below_parts(
    view: View, key: Sequence[Any], *, reverse: bool = False
) -> list[tuple[str, list[Any]]]:
    """below's condition as parts that never overlap, to count each apart: counting
    `title < ?` alone reads the title index only (1 ms to the middle of 100,000
    articles), the whole condition read the rows (375 ms)."""
    if view.sort not in SORTS or view.sort == "date":
        return [below(view, key, reverse=reverse)]
    op = "<" if _descending(view, reverse) else ">"
    first, *rest = _sort(view)[0]
    more = f"({', '.join(rest)}) {op} ({', '.join('?' * len(rest))})"
    return [(f"{first} {op} ?", [key[0]]), (f"{first} = ? AND {more}", list(key))]


def below(view: View, key: Sequence[Any], *, reverse: bool = False) -> tuple[str, list[Any]]:
    """SQL condition and its parameters: the article comes after the one of `key`
    (sort_key) in the view's list (before it, with reverse), i.e. below it on the
    screen. Written so that the sort's index finds the place (a row value over an
    indexed expression is not looked up in the index)."""
    op = "<" if _descending(view, reverse) else ">"
    first, *rest = _sort(view)[0]
    if view.sort not in SORTS or view.sort == "date":
        return f"({first}, {rest[0]}) {op} (?, ?)", list(key)
    more = f"({', '.join(rest)}) {op} ({', '.join('?' * len(rest))})"
    return f"{first} {op}= ? AND ({first} {op} ? OR {more})", [key[0], key[0], *key[1:]]


def replace_view(view: View, **changes: Any) -> View:
    return replace(view, **changes)


# A search that finds at least this many articles is walked in the list's order
# (search_query.Plan.walking) by a query that reads its rows in that order (a page,
# neighbours, the next unread one); fewer are looked up one by one and sorted.
WALK_FROM = 2_000
_WALKED_SORTS = ("date", "title", "author")  # the sorts an index on articles holds


def _many(conn: sqlite3.Connection, match: str) -> bool:
    """Whether the index finds at least WALK_FROM articles for `match` (it stops there)."""
    row = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
        (match, WALK_FROM),
    ).fetchone()
    return row[0] >= WALK_FROM


def search_where(
    conn: sqlite3.Connection, view: View, *, ordered: bool = False
) -> tuple[str, list[Any]]:
    """The SQL condition on `articles a` of the view's search; `ordered`: for a query
    that reads the view in its order and stops (LIMIT), which walks the order's index
    when the search finds many."""
    found = plan(view.search or "")
    if found is None:
        return "0", []
    if (
        ordered
        and found.walking is not None
        and found.match is not None
        and (view.sort if view.sort in SORTS else "date") in _WALKED_SORTS
        and _many(conn, found.match)
    ):
        return found.walking
    return found.condition


def view_where(
    conn: sqlite3.Connection, view: View, *, ordered: bool = False
) -> tuple[str, list[Any]]:
    """SQL condition on `articles a` for a view, and its parameters; `ordered` for a
    query that reads the view in its order and stops (see search_where)."""
    conds: list[str] = []
    params: list[Any] = []
    if view.feed_id is not None:
        conds.append("a.feed_id = ?")
        params.append(view.feed_id)
    else:
        hidden = conn.execute("SELECT EXISTS(SELECT 1 FROM feeds WHERE active = 0)")
        if hidden.fetchone()[0]:
            conds.append("a.feed_id NOT IN (SELECT id FROM feeds WHERE active = 0)")
    if view.category is not None:
        conds.append("a.feed_id IN (SELECT id FROM feeds WHERE category = ?)")
        params.append(view.category)
    if view.tag is not None:
        conds.append(
            "a.feed_id IN (SELECT f2.id FROM feeds f2, json_each(f2.tags) t"
            " WHERE json_valid(f2.tags) AND t.value = ?)"
        )
        params.append(view.tag)
    if view.unread_only:
        conds.append("a.read = 0")  # literal, so the partial indexes apply
    if view.starred_only:
        conds.append("a.starred = 1")
    if view.search is not None and view.search.strip():
        cond, p = search_where(conn, view, ordered=ordered)
        conds.append(cond)
        params.extend(p)
    return (" AND ".join(conds) or "1"), params


def count_from_stats(conn: sqlite3.Connection, view: View) -> int | None:
    column = "unread" if view.unread_only else "total"
    conds, params = [], []
    if view.feed_id is not None:
        conds.append("f.id = ?")
        params.append(view.feed_id)
    else:
        conds.append("f.active = 1")
    if view.category is not None:
        conds.append("f.category = ?")
        params.append(view.category)
    if view.tag is not None:
        conds.append(
            "json_valid(f.tags) AND EXISTS(SELECT 1 FROM json_each(f.tags) t WHERE t.value = ?)"
        )
        params.append(view.tag)
    row = conn.execute(
        f"SELECT COALESCE(SUM(s.{column}), 0) FROM feeds f JOIN feed_stats s"
        f" ON s.feed_id = f.id WHERE {' AND '.join(conds)}",
        params,
    ).fetchone()
    return int(row[0])
