"""Which articles a View shows: its SQL condition on `articles a`, its order, and its
count from the per-feed statistics when no article needs reading."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

from tidings.core.models import View
from tidings.core.search_query import search_condition

ORDER = "a.published DESC, a.id DESC"  # a view's order: newest first
OLDEST_FIRST = "a.published ASC, a.id ASC"


def order(view: View, *, reverse: bool = False) -> str:
    """The SQL order of a view's list (or its reverse): newest first, or oldest first."""
    return ORDER if view.oldest_first == reverse else OLDEST_FIRST


def below(view: View, *, reverse: bool = False) -> str:
    """SQL condition: the article comes after the key (?, ?) in the view's list (before it,
    with reverse), i.e. below it on the screen. The key is (published, id)."""
    op = "<" if view.oldest_first == reverse else ">"
    return f"(a.published, a.id) {op} (?, ?)"


def replace_view(view: View, **changes: Any) -> View:
    return replace(view, **changes)


def view_where(conn: sqlite3.Connection, view: View) -> tuple[str, list[Any]]:
    """SQL condition on `articles a` for a view, and its parameters."""
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
        cond, p = search_condition(view.search)
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
