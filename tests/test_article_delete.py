"""Deleting an article by hand (d, newsboat's delete-article): it leaves the store with
its index rows and counts, and a tombstone keeps the next fetch from bringing it back."""

from __future__ import annotations

from tests.feedserver import feed_server  # noqa: F401 - the fixture
from tests.test_retention import (
    A,
    article_id,
    counts,
    entry,
    feed,
    index_is_whole,
    rss,
    store,  # noqa: F401 - the fixture
    titles,
    true_counts,
)
from tidings.core.models import FeedSpec, Settings, View
from tidings.core.refresh import refresh
from tidings.core.store import Store


def test_a_deleted_article_goes_with_its_counts_and_index_rows(store):  # noqa: F811
    store.record_fetch(A, parsed=feed(entry(1), entry(2), entry(3)))
    store.set_read([article_id(store, "Title 3")])
    assert counts(store) == (3, 2)
    assert store.delete_articles([article_id(store, "Title 1")]) == [1]
    assert titles(store) == ["Title 2", "Title 3"]
    assert counts(store) == true_counts(store) == (2, 1)
    assert index_is_whole(store)
    assert sorted(a.title for a in store.search("gardens")) == ["Title 2", "Title 3"]


def test_a_deleted_article_does_not_come_back_on_the_next_fetch(store):  # noqa: F811
    # with an id, with a link only, with a title only: each is known again
    entries = [
        entry(1),
        entry(2, id=None),
        entry(3, id=None, link=None),
    ]
    store.record_fetch(A, parsed=feed(*entries))
    ids = [article_id(store, f"Title {n}") for n in (1, 2, 3)]
    assert sorted(store.delete_articles(ids)) == sorted(ids)
    fetched = store.record_fetch(A, parsed=feed(*entries, entry(4)))
    assert fetched.new == 1
    assert titles(store) == ["Title 4"]
    assert counts(store) == (1, 1)


def test_a_starred_article_is_deleted_only_when_asked(store):  # noqa: F811
    store.record_fetch(A, parsed=feed(entry(1), entry(2)))
    starred = article_id(store, "Title 1")
    store.set_starred([starred])
    assert store.delete_articles([starred]) == []
    assert titles(store) == ["Title 1", "Title 2"]
    assert store.delete_articles([starred], starred=True) == [starred]
    assert titles(store) == ["Title 2"]
    assert store.count_articles(View(starred_only=True)) == 0
    assert store.record_fetch(A, parsed=feed(entry(1), entry(2))).new == 0


def test_deleting_one_gone_already_deletes_nothing(store):  # noqa: F811
    store.record_fetch(A, parsed=feed(entry(1)))
    one = article_id(store, "Title 1")
    assert store.delete_articles([one]) == [one]
    assert store.delete_articles([one]) == []
    assert store.delete_articles([]) == []


def test_deleted_stays_gone_after_a_refresh_from_a_local_server(feed_server, tmp_path):  # noqa: F811
    url = feed_server.add("/one.xml", body=rss(("a1", "Kept", 1), ("a2", "Deleted", 2)))
    db = tmp_path / "r.db"
    specs = [FeedSpec(url)]
    assert refresh(db, specs, Settings()).new == 2
    with Store.open(db) as s:
        assert s.delete_articles([article_id(s, "Deleted")]) == [2]
    feed_server.add("/one.xml", body=rss(("a1", "Kept", 1), ("a2", "Deleted", 2), ("a3", "New", 0)))
    assert refresh(db, specs, Settings()).new == 1
    with Store.open(db) as s:
        assert titles(s, url) == ["New", "Kept"]
