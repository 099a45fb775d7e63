"""The read side of a Store: pages of a view, counts, positions, neighbours, the next
unread article, single articles and search. Store (tidings.core.store) inherits it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from random import randrange
from typing import Any

from tidings.core.database import translated
from tidings.core.download_records import with_downloads
from tidings.core.models import Article, ArticleSummary, View
from tidings.core.rows import SUMMARY_COLS, article_from_row, summary_from_row
from tidings.core.search_query import plan, ranked_search_sql
from tidings.core.views import (
    ORDER,
    below,
    below_parts,
    count_from_stats,
    order,
    replace_view,
    sort_key,
    view_where,
)


class ArticleQueries:
    """Queries that only read, over the Store's connection."""

    conn: sqlite3.Connection

    def _view_where(self, view: View, *, ordered: bool = False) -> tuple[str, list[Any]]:
        """SQL condition on `articles a` for a view, and its parameters; `ordered` for a
        query that reads the view in its order and stops (views.search_where)."""
        return view_where(self.conn, view, ordered=ordered)

    def feed_of(self, article_id: int) -> int | None:
        """The id of the feed an article belongs to (None if it is gone)."""
        row = self.conn.execute(
            "SELECT feed_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else int(row[0])

    def _summaries(
        self,
        where: str,
        params: Sequence[Any],
        tail: str,
        marks: tuple[str, list[Any]] | None = None,
    ) -> list[ArticleSummary]:
        extra, first = (f", {marks[0]} AS marks", list(marks[1])) if marks else ("", [])
        sql = (
            f"SELECT {SUMMARY_COLS}{extra} FROM articles a JOIN feeds f ON f.id = a.feed_id"
            f" WHERE {where} {tail}"
        )
        rows = self.conn.execute(sql, [*first, *params])
        return [summary_from_row(r, marked=bool(marks)) for r in rows]

    @translated
    def list_articles(
        self,
        view: View,
        offset: int = 0,
        limit: int = 100,
        marks: tuple[str, list[Any]] | None = None,
    ) -> list[ArticleSummary]:
        """A page of the view in its order: newest first (published desc, then id desc),
        oldest first (view.oldest_first), or by title, author or feed (view.sort).
        `marks`: an SQL expression over `articles a` and its parameters, each row's value
        of it in ArticleSummary.marks (feeds.yaml's highlight:, tidings.core.highlight_rows)."""
        if limit <= 0:
            return []
        where, params = self._view_where(view, ordered=True)
        # Page over the (covering) index first, then fetch the rows of that page only.
        sort = order(view)
        inner = f"SELECT a.id FROM articles a WHERE {where} ORDER BY {sort} LIMIT ? OFFSET ?"
        return self._summaries(
            f"a.id IN ({inner})", [*params, limit, max(0, offset)], f"ORDER BY {sort}", marks
        )

    @translated
    def count_articles(self, view: View) -> int:
        if not (view.search and view.search.strip()) and not view.starred_only:
            fast = count_from_stats(self.conn, view)
            if fast is not None:
                return fast
        where, params = self._view_where(view)
        return self.conn.execute(
            f"SELECT count(*) FROM articles a WHERE {where}", params
        ).fetchone()[0]

    @translated
    def position_of(self, view: View, article_id: int) -> int | None:
        """Index of the article in the view's order, or None if not in it."""
        where, params = self._view_where(view, ordered=True)
        row = self.conn.execute(
            f"SELECT 1 FROM articles a WHERE a.id = ? AND {where}", [article_id, *params]
        ).fetchone()
        key = sort_key(self.conn, view, article_id) if row is not None else None
        if key is None:
            return None
        return sum(
            self.conn.execute(
                f"SELECT count(*) FROM articles a WHERE {where} AND {above}", [*params, *p]
            ).fetchone()[0]
            for above, p in below_parts(view, key, reverse=True)
        )

    @translated
    def neighbours(
        self, view: View, article_id: int
    ) -> tuple[ArticleSummary | None, ArticleSummary | None]:
        """(previous, next) in the view's order: previous is the one above (newer, or
        older in an oldest-first view). Works from the article's place even when it has left the view (e.g. read in an
        unread-only view)."""
        key = sort_key(self.conn, view, article_id)
        if key is None:
            return None, None
        where, params = self._view_where(view, ordered=True)
        above, p = below(view, key, reverse=True)
        prev = self._summaries(
            f"{where} AND {above}", [*params, *p], f"ORDER BY {order(view, reverse=True)} LIMIT 1"
        )
        under, p = below(view, key)
        nxt = self._summaries(
            f"{where} AND {under}", [*params, *p], f"ORDER BY {order(view)} LIMIT 1"
        )
        return (prev[0] if prev else None), (nxt[0] if nxt else None)

    @translated
    def next_unread(
        self,
        view: View,
        after_id: int | None,
        *,
        backward: bool = False,
        feed_order: Sequence[int] | None = None,
    ) -> ArticleSummary | None:
        """The next unread article after `after_id` in the view, else the first unread
        article of the following feeds, else None. backward: the previous unread one
        before `after_id`, else the last unread article of the feeds before. The feeds
        follow `feed_order` (their ids as the feed pane shows them), else config order."""
        unread_view = replace_view(view, unread_only=True)
        where, params = self._view_where(unread_view, ordered=True)
        key = sort_key(self.conn, view, after_id) if after_id is not None else None
        if key is not None:
            cond, p = below(view, key, reverse=backward)
            where += f" AND {cond}"
            params = [*params, *p]
        ordering = f"ORDER BY {order(view, reverse=backward)} LIMIT 1"
        found = self._summaries(where, params, ordering)
        if found:
            return found[0]
        if view.feed_id is None:
            return None
        for feed_id in self._feeds_beyond(view.feed_id, backward, feed_order):
            where, params = self._view_where(
                replace_view(unread_view, feed_id=feed_id), ordered=True
            )
            found = self._summaries(where, params, ordering)
            if found:
                return found[0]
        return None

    def _feeds_beyond(
        self, feed_id: int, backward: bool, feed_order: Sequence[int] | None
    ) -> list[int]:
        """The feeds with unread articles after (before) `feed_id`, nearest first."""
        unread = {
            row[0]
            for row in self.conn.execute(
                "SELECT f.id FROM feeds f JOIN feed_stats s ON s.feed_id = f.id"
                " WHERE f.active = 1 AND s.unread > 0"
            )
        }
        if feed_order is not None and feed_id in feed_order:
            at = list(feed_order).index(feed_id)
            beyond = list(feed_order[:at])[::-1] if backward else list(feed_order[at + 1 :])
            return [f for f in beyond if f in unread]
        here = self.conn.execute("SELECT position FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        if here is None or here[0] is None:
            return []
        op, direction = ("<", "DESC") if backward else (">", "ASC")
        rows = self.conn.execute(
            f"SELECT f.id FROM feeds f WHERE (f.position, f.id) {op} (?, ?)"
            f" ORDER BY f.position {direction}, f.id {direction}",
            (here[0], feed_id),
        ).fetchall()
        return [r[0] for r in rows if r[0] in unread]

    @translated
    def random_unread(
        self, view: View, pick: Callable[[int], int] = randrange
    ) -> ArticleSummary | None:
        """An unread article of the view chosen at random (newsboat's random-unread), or
        None when it has none; `pick(n)` chooses the index, 0 <= i < n."""
        unread = replace_view(view, unread_only=True)
        count = self.count_articles(unread)
        if not count:
            return None
        found = self.list_articles(unread, pick(count), 1)
        return found[0] if found else None

    @translated
    def get_article(self, article_id: int) -> Article | None:
        row = self.conn.execute(
            "SELECT a.*, COALESCE(f.title_override, f.title, f.url) AS feed_title,"
            " f.url AS feed_url, f.category AS feed_category"
            " FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return None if row is None else with_downloads(self.conn, article_from_row(row))

    @translated
    def find_article(self, ref: str) -> Article | None:
        """By numeric id or by link."""
        ref = ref.strip()
        if ref.isdigit():
            try:
                found = self.get_article(int(ref))
            except OverflowError:
                found = None
            if found is not None:
                return found
        row = self.conn.execute(
            "SELECT id FROM articles WHERE link = ? ORDER BY id DESC LIMIT 1", (ref,)
        ).fetchone()
        return None if row is None else self.get_article(row[0])

    @translated
    def search(
        self, query: str, limit: int = 200, *, feed_id: int | None = None, unread_only: bool = False
    ) -> list[ArticleSummary]:
        """FTS over title and text, CJK-aware (tidings.core.tokenize), best first; newest
        first when no part of the query is for the index alone (only operators, a single
        CJK character). Raises QueryError for an operator's bad value."""
        if limit <= 0 or not query or not query.strip():
            return []
        found = plan(query)
        if found is None:
            return []
        where, params = self._view_where(View(feed_id=feed_id, unread_only=unread_only))
        if found.match is None:  # nothing to rank by: newest first
            cond, p = found.condition
            return self._summaries(
                f"{where} AND {cond}", [*params, *p], f"ORDER BY {ORDER} LIMIT {int(limit)}"
            )
        sql, args = ranked_search_sql(found.match, found.exact, where, params, int(limit))
        return [summary_from_row(r) for r in self.conn.execute(sql, args)]
