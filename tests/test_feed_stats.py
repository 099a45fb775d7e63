"""feed_stats, the per-feed total and unread counts behind the feed list: counted by the
store as it inserts articles (schema 7), by triggers as it deletes them and marks them
read; always what counting the articles gives. And schema 7's migration of a store."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from tests import feedserver
from tidings.core import schema
from tidings.core.article_imports import Incoming
from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, Retention, Settings
from tidings.core.refresh import refresh
from tidings.core.store import Store

feed_server = feedserver.feed_server
A, B = "https://a.test/feed", "https://b.test/feed"
NOW = datetime.now(UTC)


def entry(n: int, **kw) -> ParsedEntry:
    kw.setdefault("id", f"id-{n}")
    kw.setdefault("link", f"https://a.test/{n}")
    kw.setdefault("title", f"Title {n}")
    kw.setdefault("content", f"<p>Body of article {n}</p>")
    kw.setdefault("published", NOW - timedelta(hours=n))
    return ParsedEntry(**kw)


def feed(*entries: ParsedEntry) -> ParsedFeed:
    return ParsedFeed(title="Feed", link="https://site.test/", entries=list(entries))


def counts(store: Store) -> dict[str, tuple[int, int]]:
    """(total, unread) per feed as the store keeps them."""
    return {f.url: (f.total, f.unread) for f in store.feeds()}


def recount(store: Store) -> dict[str, tuple[int, int]]:
    """(total, unread) per feed counted from its articles."""
    rows = store.conn.execute(
        "SELECT f.url, COUNT(a.id), COALESCE(SUM(a.read = 0), 0)"
        " FROM feeds f LEFT JOIN articles a ON a.feed_id = f.id GROUP BY f.id"
    )
    return {url: (total, unread) for url, total, unread in rows}


def test_counts_follow_every_write(tmp_path):
    with Store.open(tmp_path / "t.db") as s:
        s.sync_feeds([FeedSpec(A), FeedSpec(B)])
        s.record_fetch(A, parsed=feed(*(entry(n) for n in range(1, 6))))  # the bulk path
        assert counts(s) == recount(s) == {A: (5, 5), B: (0, 0)}
        # entry by entry: two new, one updated, one the same
        s.record_fetch(
            A, parsed=feed(entry(1, content="<p>changed</p>"), entry(2), entry(6), entry(7))
        )
        assert counts(s) == recount(s) == {A: (7, 7), B: (0, 0)}
        first = s.conn.execute("SELECT MIN(id) FROM articles").fetchone()[0]
        s.set_read([first, first + 1])
        assert counts(s) == recount(s) == {A: (7, 5), B: (0, 0)}
        # an entry without id or link, matched by its content hash the second time
        bare = ParsedEntry(id=None, link=None, title="Bare", content="<p>no id</p>")
        s.record_fetch(B, parsed=feed(bare, entry(8, link="https://b.test/8")))
        s.record_fetch(B, parsed=feed(bare, entry(9, link="https://b.test/9")))
        assert counts(s) == recount(s) == {A: (7, 5), B: (3, 3)}
        # articles brought over from another reader, some read
        b_id = next(f.id for f in s.feeds() if f.url == B)
        s.merge_articles(
            b_id,
            [
                Incoming(entry(10, link="https://b.test/10"), read=True),
                Incoming(entry(11, link="https://b.test/11"), starred=True),
            ],
        )
        assert counts(s) == recount(s) == {A: (7, 5), B: (5, 4)}
        # deleted by retention
        s.prune({A: Retention(max_items=3)}, now=int(time.time()))
        assert counts(s) == recount(s)
        assert counts(s)[A][0] == 3


def test_counts_of_a_refresh_batch(tmp_path):
    """Several feeds in one transaction (as a refresh commits them)."""
    with Store.open(tmp_path / "t.db") as s:
        with s.batch():
            s.record_fetch(A, parsed=feed(entry(1), entry(2)))
            s.record_fetch(B, parsed=feed(entry(3, link="https://b.test/3")))
            s.record_fetch(A, parsed=feed(entry(1), entry(2), entry(4)))
        assert counts(s) == recount(s) == {A: (3, 3), B: (1, 1)}


def test_schema_6_store_migrates_in_place(tmp_path, monkeypatch):
    """A store of schema 6 (a trigger counted new articles) keeps its articles, read
    state, counts and search; then counts what comes in without the trigger."""
    path = tmp_path / "old.db"
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 6)
    # the tidings of schema 6 kept no site's wait (schema 8)
    monkeypatch.setattr(Store, "_set_wait", lambda self, feed_id, row, wait: None)
    with Store.open(path) as s:
        s.sync_feeds([FeedSpec(A), FeedSpec(B)])
        s.record_fetch(A, parsed=feed(entry(1), entry(2, title="台风登陆"), entry(3)))
        s.record_fetch(B, parsed=feed(entry(4, link="https://b.test/4")))
        s.set_read([s.conn.execute("SELECT MIN(id) FROM articles").fetchone()[0]])
        triggers = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master")}
        assert "articles_stats_insert" in triggers
    monkeypatch.undo()
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 7
        names = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master")}
        assert "articles_stats_insert" not in names
        assert {"articles_stats_delete", "articles_stats_update"} <= names
        config = dict(s.conn.execute("SELECT k, v FROM articles_fts_config").fetchall())
        assert config["hashsize"] == 8 << 20 and config["automerge"] == 8
        assert counts(s) == recount(s) == {A: (3, 2), B: (1, 1)}
        assert [a.title for a in s.search("台风")] == ["台风登陆"]
        s.record_fetch(A, parsed=feed(entry(1), entry(2), entry(3), entry(5)))
        assert counts(s) == recount(s) == {A: (4, 3), B: (1, 1)}
        assert [a.title for a in s.search("article 5")] == ["Title 5"]


def rss(*items: str) -> bytes:
    entries = "".join(
        f"<item><guid>{i}</guid><title>{i}</title><link>http://example.org/{i}</link>"
        f"<description>about {i}</description></item>"
        for i in items
    )
    return f'<rss version="2.0"><channel><title>F</title>{entries}</channel></rss>'.encode()


def test_counts_after_refreshes_through_a_helper(
    feed_server: feedserver.FeedServer, tmp_path, monkeypatch
):
    """A refresh in a helper process, some feeds parsed by the writer (it was hungry):
    the counts are what the articles give, after a first and a second refresh."""
    import tidings.core.refresh as refresh_mod
    from tidings.core import refresh_fetch

    monkeypatch.setattr(refresh_mod, "use_helper", lambda jobs: True)
    unparsed: list[str] = []
    real_source = refresh_fetch.HelperFetch.source

    def source(self, timeout):
        item = real_source(self, timeout)
        if isinstance(item, tuple) and item[1].status == "ok" and item[2] is None:
            unparsed.append(item[0].url)
        return item

    monkeypatch.setattr(refresh_fetch.HelperFetch, "source", source)
    urls = [
        feed_server.add(f"/s{i}", body=rss(*(f"s{i}-{n}" for n in range(i + 1)))) for i in range(8)
    ]
    db = tmp_path / "t.db"
    fast = Settings(connect_timeout=2, read_timeout=2, total_timeout=5)
    assert refresh(db, [FeedSpec(u) for u in urls], fast).new == 36
    assert unparsed  # the writer waited for the helper's first feed: it parsed that one
    for i in (2, 5):
        feed_server.add(f"/s{i}", body=rss(*(f"s{i}-{n}" for n in range(i + 3))))
    assert refresh(db, [FeedSpec(u) for u in urls], fast).new == 4
    with Store.open(db) as s:
        assert counts(s) == recount(s)
        assert sorted(total for total, _ in counts(s).values()) == [1, 2, 4, 5, 5, 7, 8, 8]
