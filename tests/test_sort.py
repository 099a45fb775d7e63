"""The article lists sorted by date, title, author or feed, either way round: a page,
an article's position, its neighbours, the next unread one and "mark above" all follow
the same order (core.views.SORTS)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, View
from tidings.core.store import Store
from tidings.core.views import ARTICLE_ORDERS

T0 = datetime(2026, 1, 1, tzinfo=UTC)
# (feed, title, author): ties in title and author, a missing author, case mixed
ROWS = [
    ("Zeta", "banana", "ann"),
    ("alpha", "Apple", "Bob"),
    ("Zeta", "cherry", None),
    ("alpha", "apple", "ann"),
    ("Zeta", "Banana", "bob"),
    ("alpha", "date", "Ann"),
    ("Zeta", "台风", "ann"),
]


@pytest.fixture
def store(tmp_path):
    feeds = {
        name: FeedSpec(f"https://{name.lower()}.example/feed", name) for name in ("Zeta", "alpha")
    }
    with Store.open(tmp_path / "sort.db") as store:
        store.sync_feeds(list(feeds.values()))
        for name, spec in feeds.items():
            entries = [
                ParsedEntry(id=title, title=title, author=author, published=T0 - timedelta(hours=n))
                for n, (feed, title, author) in enumerate(ROWS)
                if feed == name
            ]
            store.record_fetch(spec.url, parsed=ParsedFeed(title=name, entries=entries))
        read = [a.id for a in store.list_articles(View(), 0, 100) if a.title in ("apple", "date")]
        store.set_read(read)
        yield store


def expected(sort: str, turned: bool) -> list[str]:
    """The titles in the order the list must show."""
    newest = list(range(len(ROWS)))  # published: row 0 the newest
    keys = {
        "date": lambda n: n,
        "title": lambda n: (ROWS[n][1].lower(), n),  # the id grows with n here
        "author": lambda n: ((ROWS[n][2] or "").lower(), n),
        "feed": lambda n: (ROWS[n][0].lower(), n),
    }
    order = sorted(newest, key=keys[sort])
    if sort == "title":  # ids: each feed's entries stored in turn, Zeta first
        ids = {n: i for i, n in enumerate(sorted(newest, key=lambda n: (ROWS[n][0] != "Zeta", n)))}
        order = sorted(newest, key=lambda n: (ROWS[n][1].lower(), ids[n]))
    titles = [ROWS[n][1] for n in order]
    return titles[::-1] if turned else titles


@pytest.mark.parametrize("word", list(ARTICLE_ORDERS))
def test_every_query_follows_the_sort(store, word):
    sort, turned = ARTICLE_ORDERS[word]
    view = View(sort=sort, oldest_first=turned)
    rows = store.list_articles(view, 0, 100)
    assert [a.title for a in rows] == expected(sort, turned)
    assert [a.id for a in store.list_articles(view, 2, 3)] == [a.id for a in rows[2:5]]
    for i, row in enumerate(rows):
        assert store.position_of(view, row.id) == i
        prev, nxt = store.neighbours(view, row.id)
        assert (prev.id if prev else None) == (rows[i - 1].id if i else None)
        assert (nxt.id if nxt else None) == (rows[i + 1].id if i + 1 < len(rows) else None)
    unread = [a for a in rows if not a.read]
    found = store.next_unread(view, rows[0].id)
    assert found is not None and found.id == next(a.id for a in unread if a.id != rows[0].id)
    assert store.next_unread(view, rows[-1].id) is None or rows[-1].read


def test_mark_above_follows_the_sort(store):
    view = View(sort="title")
    rows = store.list_articles(view, 0, 100)
    assert [a.title for a in rows[:3]] == ["Apple", "apple", "banana"]
    assert store.mark_above_read(view, rows[3].id) == 2  # Apple, banana; apple was read
    assert [a.title for a in store.list_articles(View(sort="title", unread_only=True))] == [
        "Banana",
        "cherry",
        "台风",
    ]
