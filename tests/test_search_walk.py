"""A search that finds many articles is read in the list's order by walking the list's
index (core.views.search_where, search_query.Plan.walking): its pages, the cursor's
place, n / p and the next unread one are the same articles, in the same order, as when
each article found is looked up and sorted."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tidings.core import views
from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, View
from tidings.core.store import Store

FEEDS = ("https://a.test/rss", "https://b.test/rss")
QUERIES = (
    "storm",
    "storm is:unread",
    "storm -coast",
    "storm OR 台风",
    "(storm OR 台风) (is:unread OR is:starred)",
    "台风 newer:3650d",
    "storm feed:a.test",  # feed: reads the row: looked up, not walked
    "storm 台",  # so does a single character
)
VIEWS = (
    View(),
    View(unread_only=True),
    View(oldest_first=True),
    View(sort="title"),
    View(sort="author", oldest_first=True),
    View(sort="feed"),
    View(starred_only=True),
)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "walk.db")
    s.sync_feeds([FeedSpec(u) for u in FEEDS])
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for f, url in enumerate(FEEDS):
        entries = [
            ParsedEntry(
                id=f"{f}-{n}",
                link=f"{url}/{n}",
                title=("storm " if n % 3 else "calm ") + ("台风登陆" if n % 4 == 0 else "coast"),
                author=f"Author {n % 5}",
                content=f"<p>{'storm' if n % 2 else 'sun'} over the sea {n}</p>",
                published=start + timedelta(hours=n * 7 % 30),  # some at the same time
            )
            for n in range(30)
        ]
        s.record_fetch(url, parsed=ParsedFeed(title=f"Feed {f}", entries=entries))
    ids = [a.id for a in s.list_articles(View(), 0, 100)]
    s.set_read(ids[::3])
    s.set_starred(ids[::4])
    yield s
    s.close()


def reading(store: Store, view: View) -> tuple:
    """Everything the reader asks of a view in its order."""
    rows = [a.id for a in store.list_articles(view, 0, 100)]
    pages = [a.id for p in range(0, len(rows), 7) for a in store.list_articles(view, p, 7)]
    places = [store.position_of(view, i) for i in rows]
    sides = [tuple(a and a.id for a in store.neighbours(view, i)) for i in rows]
    unread = [(u.id if (u := store.next_unread(view, i)) else None) for i in rows]
    return rows, pages, places, sides, unread


@pytest.mark.parametrize("query", QUERIES)
def test_a_walked_search_reads_as_a_looked_up_one(store, monkeypatch, query):
    for base in VIEWS:
        view = replace(base, search=query)
        monkeypatch.setattr(views, "WALK_FROM", 10**9)
        looked_up = reading(store, view)
        monkeypatch.setattr(views, "WALK_FROM", 1)
        walked = reading(store, view)
        assert walked == looked_up, (query, base)
        assert looked_up[0] or query in ("storm feed:a.test",) or base.starred_only


def test_only_a_search_of_words_states_and_dates_in_an_indexed_order_is_walked(store, monkeypatch):
    monkeypatch.setattr(views, "WALK_FROM", 1)

    def walked(query: str, **kw) -> bool:
        cond, _ = views.search_where(store.conn, View(search=query, **kw), ordered=True)
        return cond.startswith(("+", "(+"))

    assert walked("storm") and walked("storm is:unread newer:3d") and walked("storm -coast")
    assert walked("storm", sort="title") and walked("storm", sort="author")
    assert not walked("storm", sort="feed")  # no index holds that order
    assert not walked("storm feed:a.test") and not walked("storm author:x")
    assert not walked("storm 台") and not walked("is:unread")  # nothing for the index
    monkeypatch.setattr(views, "WALK_FROM", 10_000)
    assert not walked("storm")  # few found: each looked up
