"""An entry with neither id nor link is known by its title within its feed, as newsboat
knows it: an edit of its text updates the article instead of adding a second one. One
with no title either is known by its content hash, as before. A store written before
(schema 8, content-hash identity, tombstones by hash) sees no duplicates after."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import feedserver
from tests.feedserver import FeedServer
from tidings.core import entry_rows, feed_writes, schema, tombstones
from tidings.core.article_imports import Incoming
from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, Retention, Settings, View
from tidings.core.refresh import refresh
from tidings.core.store import Store

feed_server = feedserver.feed_server
FAST = Settings(connect_timeout=2, read_timeout=2, total_timeout=5)
A = "https://a.test/feed"


def rss(*items: str) -> bytes:
    return (
        '<rss version="2.0"><channel><title>Deals</title>' + "".join(items) + "</channel></rss>"
    ).encode()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "t.db"
    with Store.open(path) as s:
        s.sync_feeds([FeedSpec(A)])
    return path


def bodies(db: Path) -> list[tuple[str, str]]:
    with Store.open(db) as s:
        rows = s.conn.execute("SELECT title, COALESCE(content, summary) FROM articles ORDER BY id")
        return [tuple(r) for r in rows]


def test_an_item_without_guid_or_link_keeps_its_identity_when_its_text_is_edited(
    feed_server: FeedServer, tmp_path: Path
):
    db = tmp_path / "t.db"
    url = feed_server.add(
        "/f", body=rss("<item><title>Daily deal</title><description>a</description></item>")
    )
    specs = [FeedSpec(url), FeedSpec(feed_server.add("/g", body=rss()))]  # a refresh of all
    assert refresh(db, specs, FAST).new == 1
    with Store.open(db) as s:
        s.set_read([a.id for a in s.list_articles(View())])
    feed_server.add(
        "/f", body=rss("<item><title>Daily deal</title><description>b</description></item>")
    )
    s2 = refresh(db, specs, FAST)
    assert (s2.new, s2.updated) == (0, 1)
    assert bodies(db) == [("Daily deal", "b")]
    with Store.open(db) as s:
        (article,) = s.list_articles(View())
        assert article.read  # one article, its read state kept


def test_an_item_without_guid_link_or_title_is_known_by_its_text(store_path: Path):
    untitled = ParsedEntry(summary="<p>a</p>")
    with Store.open(store_path) as s:
        assert s.record_fetch(A, parsed=ParsedFeed(entries=[untitled])).new == 1
        assert s.record_fetch(A, parsed=ParsedFeed(entries=[untitled])).new == 0
        edited = ParsedEntry(summary="<p>b</p>")
        assert s.record_fetch(A, parsed=ParsedFeed(entries=[edited])).new == 1


def test_an_item_with_a_link_or_guid_is_not_merged_by_title(store_path: Path):
    with Store.open(store_path) as s:
        first = [ParsedEntry(link="https://a.test/1", title="Deal", summary="a")]
        second = [ParsedEntry(link="https://a.test/2", title="Deal", summary="a")]
        s.record_fetch(A, parsed=ParsedFeed(entries=first))
        assert s.record_fetch(A, parsed=ParsedFeed(entries=second)).new == 1
        titled = [ParsedEntry(title="Deal", summary="b")]  # without a link: another article
        assert s.record_fetch(A, parsed=ParsedFeed(entries=titled)).new == 1
        assert (
            s.record_fetch(A, parsed=ParsedFeed(entries=[ParsedEntry(title="Deal")])).updated == 1
        )
        assert s.feeds()[0].total == 3


def test_two_items_of_one_title_are_one_article_as_in_newsboat(store_path: Path):
    twins = [ParsedEntry(title="Deal", summary="a"), ParsedEntry(title="Deal", summary="b")]
    with Store.open(store_path) as s:
        assert s.record_fetch(A, parsed=ParsedFeed(entries=twins)).new == 1
        assert s.feeds()[0].total == 1


def test_a_pruned_item_does_not_come_back_when_its_text_is_edited(store_path: Path):
    with Store.open(store_path) as s:
        s.record_fetch(A, parsed=ParsedFeed(entries=[ParsedEntry(title="Deal", summary="a")]))
        s.prune({A: Retention(max_items=1)})  # nothing to delete: one article
        s.conn.execute("UPDATE articles SET published = 0")
        s.prune({A: Retention(keep_days=1)})
        assert s.feeds()[0].total == 0
        edited = ParsedEntry(title="Deal", summary="b")
        assert s.record_fetch(A, parsed=ParsedFeed(entries=[edited])).new == 0


def test_newsboat_cache_import_finds_the_article_by_its_title(store_path: Path):
    with Store.open(store_path) as s:
        s.record_fetch(A, parsed=ParsedFeed(entries=[ParsedEntry(title="Deal", summary="b")]))
        feed_id = s.feeds()[0].id
        counts = s.merge_articles(
            feed_id, [Incoming(ParsedEntry(title="Deal", summary="a"), read=True)]
        )
        assert (counts.added, counts.marked_read) == (0, 1)


# -- a store written before: content-hash identity ----------------------------------------
def test_a_store_of_schema_8_sees_no_duplicates_after_the_change(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 8)
    # the tidings of schema 8 knew such entries by their content hash only
    monkeypatch.setattr(feed_writes, "title_key", lambda entry: None)
    keys_of = tombstones.keys_of  # and left tombstones by content hash only
    monkeypatch.setattr(tombstones, "keys_of", lambda g, link, h, title: keys_of(g, link, h, None))
    old = [
        ParsedEntry(title="Daily deal", summary="a"),
        ParsedEntry(title="Weekly deal", summary="w"),
        ParsedEntry(title="Gone deal", summary="g"),
        ParsedEntry(summary="untitled"),
    ]
    with Store.open(path) as s:
        s.sync_feeds([FeedSpec(A)])
        s.record_fetch(A, parsed=ParsedFeed(entries=old))
        s.set_read(
            [s.conn.execute("SELECT id FROM articles WHERE title = 'Daily deal'").fetchone()[0]]
        )
        s.conn.execute("UPDATE articles SET published = 0 WHERE title = 'Gone deal'")
        s.prune({A: Retention(keep_days=1)})  # a tombstone by content hash
        assert s.feeds()[0].total == 3
        assert [r[0][:2] for r in s.conn.execute("SELECT key FROM tombstones")] == ["h:"]
    monkeypatch.undo()
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 9
        again = s.record_fetch(A, parsed=ParsedFeed(entries=old))  # unchanged
        assert (again.new, again.updated) == (0, 0)
        edited = [
            ParsedEntry(title="Daily deal", summary="b"),
            ParsedEntry(title="Weekly deal", summary="w"),
            ParsedEntry(title="Gone deal", summary="g"),
            ParsedEntry(summary="untitled"),
        ]
        counts = s.record_fetch(A, parsed=ParsedFeed(entries=edited))
        assert (counts.new, counts.updated) == (0, 1)
        rows = s.conn.execute("SELECT title, summary, read FROM articles ORDER BY id").fetchall()
        assert [tuple(r) for r in rows] == [
            ("Daily deal", "b", 1),
            ("Weekly deal", "w", 0),
            ("untitled", "untitled", 0),
        ]


def test_the_title_look_up_uses_the_partial_index(store_path: Path):
    with Store.open(store_path) as s:
        plan = s.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM articles INDEXED BY idx_articles_title"
            " WHERE feed_id = 1 AND title = 'x' AND guid IS NULL AND link IS NULL"
        ).fetchall()
        assert "idx_articles_title" in " ".join(str(r[-1]) for r in plan)
        assert entry_rows.title_key(ParsedEntry(title="  Deal ")) == "Deal"
        assert entry_rows.title_key(ParsedEntry(title="Deal", link="https://a.test/1")) is None
