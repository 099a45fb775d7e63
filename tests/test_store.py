"""The SQLite store: what the reader and the CLI get back, and what the data must be."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.core import entry_rows, feed_writes, schema
from tidings.core import store as store_mod
from tidings.core.htmltext import first_line, html_to_text
from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, SiteLink, View
from tidings.core.store import QueryError, Store, StoreError, fts_match

A, B, C = "https://a.test/feed", "https://b.test/feed", "https://c.test/feed"
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def entry(n: int, **kw) -> ParsedEntry:
    kw.setdefault("id", f"id-{n}")
    kw.setdefault("link", f"https://a.test/{n}")
    kw.setdefault("title", f"Title {n}")
    kw.setdefault("content", f"<p>Body of article {n}</p>")
    kw.setdefault("published", T0 + timedelta(hours=n))
    return ParsedEntry(**kw)


def feed(*entries: ParsedEntry, title: str = "Feed") -> ParsedFeed:
    return ParsedFeed(title=title, link="https://site.test/", entries=list(entries))


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data" / "tidings.db")
    s.sync_feeds(
        [
            FeedSpec(A, category="news", tags=("daily", "en")),
            FeedSpec(B, title="Bee News", category="news"),
            FeedSpec(C, category="tech", tags=("en",)),
        ]
    )
    yield s
    s.close()


def ids(items) -> list[int]:
    return [a.id for a in items]


def feed_id(store: Store, url: str) -> int:
    return next(f.id for f in store.feeds() if f.url == url)


# -- opening ---------------------------------------------------------------------


def test_open_creates_directory_and_sets_pragmas(tmp_path):
    path = tmp_path / "deep" / "er" / "t.db"
    with Store.open(path) as s:
        assert path.exists()
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert isinstance(s.conn.execute("SELECT 1 AS x").fetchone(), sqlite3.Row)


def test_new_database_gets_big_pages(tmp_path):
    with Store.open(tmp_path / "t.db") as s:
        assert s.conn.execute("PRAGMA page_size").fetchone()[0] == 16_384


def test_schema_1_database_migrates_to_a_contentless_index(tmp_path, monkeypatch):
    """A database of schema 1 (full-text index with its own copy of the text) keeps
    its articles and its search after the migration to the contentless index."""
    path = tmp_path / "old.db"
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)
    # the tidings of schema 1 had no tombstones (schema 3) nor id floor (schema 4)
    monkeypatch.setattr(
        store_mod.FeedWrites, "_admit", lambda self, fid, e, p, r, now: (list(e), list(p), 0)
    )
    monkeypatch.setattr(feed_writes, "NEXT_ID", "SELECT COALESCE(MAX(id), 0) + 1 FROM articles")
    with Store.open(path) as s:
        s.record_fetch(A, parsed=feed(entry(1), entry(2, title="台风登陆")))
    monkeypatch.undo()
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert s.conn.execute("PRAGMA page_size").fetchone()[0] == 16_384
        sql = s.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'")
        assert "content=''" in sql.fetchone()[0]
        config = dict(s.conn.execute("SELECT k, v FROM articles_fts_config").fetchall())
        assert config["automerge"] == 8
        assert [a.title for a in s.search("台风")] == ["台风登陆"]
        assert [a.title for a in s.search("article 1")] == ["Title 1"]
        assert _fts_rows(s) == _expected_fts_rows(s)
        s.record_fetch(A, parsed=feed(entry(1, content="<p>other words</p>")))
        assert not s.search("article 1") and s.search("other words")
        assert _fts_rows(s) == _expected_fts_rows(s)


def test_reopen_keeps_data(tmp_path):
    path = tmp_path / "t.db"
    with Store.open(path) as s:
        s.sync_feeds([FeedSpec(A)])
        s.record_fetch(A, parsed=feed(entry(1)))
    with Store.open(path) as s:
        assert [f.total for f in s.feeds()] == [1]


def test_memory_store():
    with Store.open(":memory:") as s:
        s.sync_feeds([FeedSpec(A)])
        assert s.record_fetch(A, parsed=feed(entry(1))).new == 1


def test_non_sqlite_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"my precious notes\n" * 100)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert str(path) in str(info.value) and "not a tidings database" in str(info.value)
    assert path.read_bytes() == b"my precious notes\n" * 100
    assert not (tmp_path / "notes.db-wal").exists()


def test_foreign_sqlite_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts(name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert "another program" in str(info.value) and str(path) in str(info.value)
    assert path.read_bytes() == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_corrupt_database_is_refused(tmp_path):
    path = tmp_path / "t.db"
    Store.open(path).close()
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert str(path) in str(info.value) and "corrupt" in str(info.value)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "t.db"
    with Store.open(path) as s:
        s.conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer tidings"):
        Store.open(path)


def test_unwritable_location_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the directory"):
        Store.open(blocker / "sub" / "t.db")


def test_read_only_and_full_disk_are_store_errors(store):
    store.record_fetch(A, parsed=feed(entry(1)))
    store.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError, match="cannot write"):
        store.set_read([1])
    store.conn.execute("PRAGMA query_only = OFF")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    big = entry(2, content="<p>" + "word " * 200_000 + "</p>")
    with pytest.raises(StoreError, match="full"):
        store.record_fetch(A, parsed=feed(big))
    assert store.count_articles(View()) == 1  # rolled back, still usable


# -- feeds -----------------------------------------------------------------------


def test_feeds_follow_config_order_and_hide_removed(store):
    assert [f.url for f in store.feeds()] == [A, B, C]
    assert [f.title for f in store.feeds()] == [A, "Bee News", C]
    store.record_fetch(A, parsed=feed(entry(1), title="Aye"))
    store.sync_feeds([FeedSpec(C, category="x"), FeedSpec(A, tags=("t",))])
    got = store.feeds()
    assert [(f.url, f.title, f.category, f.tags) for f in got] == [
        (C, C, "x", ()),
        (A, "Aye", None, ("t",)),
    ]
    assert got[1].total == 1 and got[1].last_fetched is not None
    assert got[1].last_fetched.tzinfo is not None
    # the hidden feed's articles come back with it
    store.sync_feeds([FeedSpec(A)])
    assert store.count_articles(View()) == 1
    store.sync_feeds([FeedSpec(B)])
    assert store.count_articles(View()) == 0
    assert store.list_articles(View()) == []
    store.sync_feeds([FeedSpec(A), FeedSpec(B)])
    assert store.count_articles(View()) == 1


def test_fetch_state_and_conditional_get(store):
    st0 = store.fetch_state(A)
    assert st0 is not None and st0.etag is None and st0.url == A
    assert store.fetch_state("https://unknown.test/") is None
    store.record_fetch(A, parsed=feed(entry(1)), etag='"v1"', last_modified="Mon")
    assert (store.fetch_state(A).etag, store.fetch_state(A).last_modified) == ('"v1"', "Mon")
    counts = store.record_fetch(A, not_modified=True)
    assert (counts.new, counts.updated) == (0, 0)
    assert store.fetch_state(A).etag == '"v1"'
    store.record_fetch(A, error="HTTP 500")
    assert store.feeds()[0].last_error == "HTTP 500"
    assert store.fetch_state(A).etag == '"v1"'
    store.record_fetch(A, not_modified=True)
    assert store.feeds()[0].last_error is None


def test_permanent_redirect_keeps_the_feed(store):
    store.record_fetch(A, parsed=feed(entry(1)))
    new = "https://a2.test/feed"
    store.record_fetch(A, parsed=feed(entry(1), entry(2)), new_url=new)
    assert store.fetch_state(A).url == new
    assert store.fetch_state(new).url == new
    store.sync_feeds([FeedSpec(A), FeedSpec(B)])  # the config still says A
    assert [(f.url, f.total) for f in store.feeds()] == [(new, 2), (B, 0)]
    assert store.record_fetch(A, parsed=feed(entry(3))).new == 1


def test_record_fetch_for_unknown_url_adds_feed():
    with Store.open(":memory:") as s:
        s.record_fetch(A, parsed=feed(entry(1), title="Auto"))
        assert [(f.title, f.total) for f in s.feeds()] == [("Auto", 1)]


# -- record_fetch ------------------------------------------------------------------


def test_new_then_unchanged_then_updated_keeps_state(store):
    assert store.record_fetch(A, parsed=feed(entry(1), entry(2))).new == 2
    counts = store.record_fetch(A, parsed=feed(entry(1), entry(2)))
    assert (counts.new, counts.updated) == (0, 0)
    store.set_read([1])
    store.set_starred([1])
    changed = entry(1, title="Title 1 (corrected)", content="<p>zebra</p>")
    counts = store.record_fetch(A, parsed=feed(changed, entry(2), entry(3)))
    assert (counts.new, counts.updated) == (1, 1)
    art = store.get_article(1)
    assert (art.title, art.read, art.starred) == ("Title 1 (corrected)", True, True)
    assert ids(store.search("zebra")) == [1]
    assert store.search("body of article 1") == []  # old text left the index
    assert store.count_articles(View()) == 3


def test_update_by_updated_date(store):
    store.record_fetch(A, parsed=feed(entry(1, updated=T0)))
    counts = store.record_fetch(A, parsed=feed(entry(1, updated=T0 + timedelta(days=1))))
    assert counts.updated == 1
    assert store.get_article(1).updated == T0 + timedelta(days=1)


def test_dedup_by_link_then_content_hash(store):
    no_id = entry(1, id=None)
    store.record_fetch(A, parsed=feed(no_id))
    assert store.record_fetch(A, parsed=feed(no_id)).new == 0
    # gaining an id later still matches the copy stored by link
    assert store.record_fetch(A, parsed=feed(entry(1))).new == 0
    bare = ParsedEntry(title="Only a title", content="<p>and a body</p>")
    assert store.record_fetch(A, parsed=feed(bare, bare)).new == 1
    assert store.record_fetch(A, parsed=feed(bare)).new == 0
    assert store.count_articles(View()) == 2
    # same guid in another feed is another article
    assert store.record_fetch(B, parsed=feed(entry(1))).new == 1


def test_same_link_different_ids_are_different_articles(store):
    e1 = entry(1, link="https://a.test/home")
    e2 = entry(2, link="https://a.test/home")
    assert store.record_fetch(A, parsed=feed(e1, e2)).new == 2


def test_entry_without_date_gets_first_seen_and_keeps_it(store):
    before = datetime.now(UTC).replace(microsecond=0)
    store.record_fetch(A, parsed=feed(entry(1, published=None)))
    first = store.get_article(1).published
    assert first is not None and first >= before and first.tzinfo is not None
    store.record_fetch(A, parsed=feed(entry(1, published=None, title="changed")))
    assert store.get_article(1).published == first


def test_untitled_entry_gets_a_title_from_its_body(store):
    store.record_fetch(A, parsed=feed(entry(1, title=None, content="<p>Short note here</p>")))
    assert store.list_articles(View())[0].title == "Short note here"


def test_article_round_trip(store):
    from tidings.core.models import Enclosure

    e = entry(
        1,
        author="Ann",
        summary="<p>sum</p>",
        categories=["a", "b"],
        enclosures=[Enclosure("https://a.test/x.mp3", "audio/mpeg", 123)],
        updated=T0,
    )
    store.record_fetch(A, parsed=feed(e, title="Aye"))
    art = store.find_article("https://a.test/1")
    assert art == store.find_article("1") == store.get_article(1)
    assert (art.feed_title, art.feed_url, art.category, art.guid) == ("Aye", A, "news", "id-1")
    assert (art.author, art.summary, art.categories) == ("Ann", "<p>sum</p>", ["a", "b"])
    assert art.enclosures == [Enclosure("https://a.test/x.mp3", "audio/mpeg", 123)]
    assert art.published == T0 + timedelta(hours=1) and art.updated == T0
    assert store.find_article("nope") is None and store.get_article(99) is None
    assert store.find_article("99999999999999999999999") is None


def test_failed_refresh_leaves_nothing_behind(store, monkeypatch):
    real = entry_rows._index_columns
    calls = []

    def boom(title, body):
        calls.append(title)
        if len(calls) == 2:
            raise RuntimeError("parser bug")
        return real(title, body)

    monkeypatch.setattr(entry_rows, "_index_columns", boom)
    with pytest.raises(RuntimeError):
        store.record_fetch(A, parsed=feed(entry(1), entry(2)), etag="x")
    monkeypatch.setattr(entry_rows, "_index_columns", real)
    assert store.count_articles(View()) == 0
    assert store.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 0
    assert store.fetch_state(A).etag is None
    assert store.record_fetch(A, parsed=feed(entry(1), entry(2))).new == 2


# -- views -------------------------------------------------------------------------


@pytest.fixture
def filled(store):
    """A: 1..5, B: 6..8, C: 9..10 (ids = n); newer n is newer."""
    store.record_fetch(A, parsed=feed(*(entry(n) for n in range(1, 6))))
    store.record_fetch(B, parsed=feed(*(entry(n) for n in range(6, 9))))
    store.record_fetch(C, parsed=feed(*(entry(n) for n in range(9, 11))))
    return store


def test_list_order_paging_and_count(filled):
    everything = View()
    assert ids(filled.list_articles(everything)) == list(range(10, 0, -1))
    assert ids(filled.list_articles(everything, 3, 4)) == [7, 6, 5, 4]
    assert filled.list_articles(everything, 100, 10) == []
    assert filled.count_articles(everything) == 10
    assert filled.position_of(everything, 10) == 0
    assert filled.position_of(everything, 1) == 9
    assert filled.position_of(View(feed_id=feed_id(filled, A)), 9) is None
    first = filled.list_articles(everything, 0, 1)[0]
    assert (first.feed_title, first.title, first.read) == ("Feed", "Title 10", False)


def test_same_published_orders_by_id(store):
    store.record_fetch(A, parsed=feed(*(entry(n, published=T0) for n in range(1, 4))))
    assert ids(store.list_articles(View())) == [3, 2, 1]
    prev, nxt = store.neighbours(View(), 2)
    assert (prev.id, nxt.id) == (3, 1)


def test_filters(filled):
    filled.set_read([1, 2, 9])
    filled.set_starred([2, 7])
    a, c = feed_id(filled, A), feed_id(filled, C)
    cases = {
        View(feed_id=a): [5, 4, 3, 2, 1],
        View(category="news"): [8, 7, 6, 5, 4, 3, 2, 1],
        View(tag="en"): [10, 9, 5, 4, 3, 2, 1],
        View(tag="daily", unread_only=True): [5, 4, 3],
        View(unread_only=True): [10, 8, 7, 6, 5, 4, 3],
        View(starred_only=True): [7, 2],
        View(feed_id=c, unread_only=True): [10],
        View(category="nope"): [],
    }
    for view, want in cases.items():
        assert ids(filled.list_articles(view)) == want, view
        assert filled.count_articles(view) == len(want), view


def test_neighbours(filled):
    prev, nxt = filled.neighbours(View(), 5)
    assert (prev.id, nxt.id) == (6, 4)
    assert filled.neighbours(View(), 10)[0] is None
    assert filled.neighbours(View(), 1)[1] is None
    prev, nxt = filled.neighbours(View(feed_id=feed_id(filled, A)), 5)
    assert (prev, nxt.id) == (None, 4)
    # the current article just became read in an unread-only view: still navigable
    filled.set_read([5])
    prev, nxt = filled.neighbours(View(unread_only=True), 5)
    assert (prev.id, nxt.id) == (6, 4)
    assert filled.neighbours(View(), 999) == (None, None)


def test_next_unread_within_view_and_across_feeds(filled):
    a, b = feed_id(filled, A), feed_id(filled, B)
    filled.set_read([6, 7, 8, 4])
    assert filled.next_unread(View(), None).id == 10
    assert filled.next_unread(View(), 5).id == 3
    assert filled.next_unread(View(feed_id=a), 5).id == 3
    # A has nothing after 1: B is all read, so C's first unread comes next
    assert filled.next_unread(View(feed_id=a), 1).id == 10
    assert filled.next_unread(View(feed_id=b), None).id == 10
    # the last feed has nowhere to go
    filled.set_read([10, 9])
    assert filled.next_unread(View(feed_id=feed_id(filled, C)), None) is None
    # a non-feed view does not wrap or cross
    assert filled.next_unread(View(), 1) is None
    filled.set_read([1, 2, 3, 5])
    assert filled.next_unread(View(), None) is None


def test_previous_unread_within_view_and_across_feeds(filled):
    """P: the unread article above in the list, else the last unread one (the lowest on
    the screen) of the feeds before, in config order."""
    a, b, c = feed_id(filled, A), feed_id(filled, B), feed_id(filled, C)
    filled.set_read([6, 7, 8, 4])
    assert filled.next_unread(View(), 5, backward=True).id == 9
    assert filled.next_unread(View(), 3, backward=True).id == 5
    assert filled.next_unread(View(), None, backward=True).id == 1
    assert filled.next_unread(View(feed_id=a), 5, backward=True) is None  # A is first
    # C has nothing above 10; B is all read, so A's lowest unread (its oldest) comes
    assert filled.next_unread(View(feed_id=c), 10, backward=True).id == 1
    assert filled.next_unread(View(feed_id=b), None, backward=True).id == 1
    # oldest first: above is older, and A's lowest on the screen is its newest unread
    oldest = View(feed_id=c, oldest_first=True)
    assert filled.next_unread(oldest, 9, backward=True).id == 5
    assert filled.next_unread(View(), 10, backward=True) is None  # no wrap


def test_oldest_first_turns_every_list_query_round(filled):
    """article_order: oldest: pages, positions, previous / next and the next unread all
    follow the list as shown, oldest at the top."""
    oldest = View(oldest_first=True)
    assert ids(filled.list_articles(oldest)) == list(range(1, 11))
    assert ids(filled.list_articles(oldest, 3, 4)) == [4, 5, 6, 7]
    assert filled.position_of(oldest, 1) == 0
    assert filled.position_of(oldest, 10) == 9
    prev, nxt = filled.neighbours(oldest, 5)
    assert (prev.id, nxt.id) == (4, 6)  # above (older), below (newer)
    assert filled.neighbours(oldest, 1)[0] is None
    assert filled.neighbours(oldest, 10)[1] is None
    a, b = feed_id(filled, A), feed_id(filled, B)
    assert ids(filled.list_articles(View(feed_id=a, oldest_first=True))) == [1, 2, 3, 4, 5]
    filled.set_read([2, 6, 7])
    assert filled.next_unread(oldest, None).id == 1
    assert filled.next_unread(oldest, 1).id == 3
    assert filled.next_unread(View(feed_id=a, oldest_first=True), 3).id == 4
    # from A's last, into the following feed's oldest unread (B: 6, 7 read, so 8)
    assert filled.next_unread(View(feed_id=a, oldest_first=True), 5).id == 8
    assert filled.next_unread(View(feed_id=b, oldest_first=True), None).id == 8
    unread = View(unread_only=True, oldest_first=True)
    assert ids(filled.list_articles(unread)) == [1, 3, 4, 5, 8, 9, 10]
    assert filled.count_articles(unread) == 7


def test_marking(filled):
    a = feed_id(filled, A)
    assert filled.mark_view_read(View(feed_id=a)) == 5
    assert filled.mark_view_read(View(feed_id=a)) == 0
    assert [(f.total, f.unread) for f in filled.feeds()] == [(5, 0), (3, 3), (2, 2)]
    filled.set_read([1, 2], read=False)
    assert filled.feeds()[0].unread == 2
    cutoff = T0 + timedelta(hours=7, minutes=30)  # before 8, 9, 10
    assert filled.mark_older_than(cutoff) == 4  # 1, 2, 6, 7
    assert ids(filled.list_articles(View(unread_only=True))) == [10, 9, 8]
    assert filled.mark_older_than(T0 + timedelta(days=1), feed_id=feed_id(filled, C)) == 2
    assert filled.count_articles(View(unread_only=True)) == 1
    assert filled.mark_view_read(View(search="Title")) == 1
    filled.set_starred(range(1, 11))
    assert filled.count_articles(View(starred_only=True)) == 10
    filled.set_starred([3], starred=False)
    assert filled.count_articles(View(starred_only=True)) == 9


def test_counts_match_the_articles(filled):
    filled.set_read([1, 6, 7])
    for f in filled.feeds():
        assert (
            f.total
            == filled.conn.execute(
                "SELECT count(*) FROM articles WHERE feed_id = ?", (f.id,)
            ).fetchone()[0]
        )
        assert f.unread == filled.count_articles(View(feed_id=f.id, unread_only=True, search=""))


# -- search --------------------------------------------------------------------------


@pytest.fixture
def zh(store):
    store.record_fetch(
        A,
        parsed=feed(
            entry(1, title="中国经济增长放缓", content="<p>国家统计局发布数据。</p>"),
            entry(2, title="Weather report", content="<p>北京今天下雨，中国北方降温。</p>"),
            entry(3, title="Solar energy news", content="<p>solar panels everywhere</p>"),
            entry(4, title="Other", content="<p>The <b>energy</b> market, solar mentioned.</p>"),
            entry(5, title="人", content="<p>一个字</p>"),
        ),
    )
    return store


def test_search_chinese_two_characters_in_title_or_body(zh):
    assert sorted(ids(zh.search("中国"))) == [1, 2]
    assert ids(zh.search("北京")) == [2]
    assert ids(zh.search("统计局")) == [1]
    assert zh.search("日本") == []


def test_search_single_cjk_character_falls_back(zh):
    assert sorted(ids(zh.search("京"))) == [2]
    assert sorted(ids(zh.search("人"))) == [5]
    assert ids(zh.list_articles(View(search="字"))) == [5]


def test_search_english_ranks_title_higher(zh):
    assert ids(zh.search("solar")) == [3, 4]
    assert ids(zh.search("SOLAR energy")) == [3, 4]
    assert ids(zh.search("market")) == [4]  # text inside tags is indexed


def test_search_filters(zh):
    zh.set_read([1])
    assert ids(zh.search("中国", unread_only=True)) == [2]
    assert zh.search("中国", feed_id=feed_id(zh, B)) == []
    assert zh.search("solar", limit=1)[0].id == 3
    assert ids(zh.list_articles(View(search="中国"))) == [2, 1]
    assert zh.count_articles(View(search="中国", unread_only=True)) == 1


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "'",
        "AND",
        "OR NOT",
        "NEAR(",
        "*",
        "solar*",
        "-solar",
        "title:solar",
        "^x",
        "(",
        ")",
        "{a b}",
        "",
        "   ",
        "\x00",
        "a" * 5000,
        "中" * 3000,
        "%",
        "_",
        "\\",
    ],
)
def test_odd_queries_never_raise(zh, query):
    zh.search(query)
    zh.list_articles(View(search=query))
    zh.count_articles(View(search=query))


def test_stray_quotes_and_operators_are_harmless(zh):
    assert ids(zh.search('"solar" OR')) == [3, 4]  # an OR with nothing after it
    assert ids(zh.search("OR solar")) == [3, 4]
    assert ids(zh.search('solar"')) == [3, 4]
    assert ids(zh.search("or")) == []  # lower case: a word
    assert fts_match('a"b') == '"a" AND "b"'
    assert fts_match("!!!") is None


def both(store, query):
    """What the search (ranked) and the reader's search view find: the same articles."""
    found = sorted(ids(store.search(query)))
    assert sorted(ids(store.list_articles(View(search=query)))) == found
    assert store.count_articles(View(search=query)) == len(found)
    return found


def test_search_syntax_or_phrase_and_leaving_out(zh):
    assert both(zh, "solar OR 北京") == [2, 3, 4]
    assert both(zh, "中国 OR 人") == [1, 2, 5]  # a single character in one alternative
    assert both(zh, "solar -market") == [3]
    assert both(zh, 'solar -"energy market"') == [3]  # a phrase left out
    assert both(zh, 'solar -"market energy"') == [3, 4]  # not as written: kept
    assert both(zh, '"solar energy"') == [3]  # as written, in the title
    assert both(zh, '"energy solar"') == []
    assert both(zh, "中国 -北京") == [1]
    assert both(zh, "中国 -京") == [1]  # a single character left out
    assert both(zh, "-solar") == [1, 2, 5]  # only what to leave out
    assert both(zh, "solar OR") == [3, 4]


def test_a_chinese_run_is_found_as_written(zh):
    assert both(zh, "北京今天") == [2]
    assert both(zh, "北京降温") == []  # both words are there, not together
    assert both(zh, "北京 降温") == [2]  # apart: each anywhere
    assert both(zh, "统计局发布") == [1]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40) | st.from_regex(r"-?(is|feed|after|newer|title):\S{0,5}( OR \w+)?"))
def test_any_text_is_a_safe_query(zh, text):
    # a query, or (an operator's bad value) an error that says what it expects
    try:
        assert isinstance(zh.search(text), list)
        assert zh.count_articles(View(search=text)) >= 0
    except QueryError as exc:
        assert "expected" in str(exc)


# -- full text ------------------------------------------------------------------------


def test_full_text_is_searchable_and_kept(store):
    store.record_fetch(A, parsed=feed(entry(1)))
    links = [SiteLink("next", "https://a.test/2", "Next one"), SiteLink("prev", "https://a.test/0")]
    store.set_full_text(
        1, "<article><p>Extracted 全文内容 aardvark</p></article>", site_links=links
    )
    art = store.get_article(1)
    assert "aardvark" in art.full_text and art.site_links == links
    assert ids(store.search("aardvark")) == [1] and ids(store.search("全文")) == [1]
    # a later refresh that changes the entry keeps the extracted text searchable
    store.record_fetch(A, parsed=feed(entry(1, title="New title")))
    assert ids(store.search("aardvark")) == [1]
    store.set_full_text(1, None, error="HTTP 404")
    art = store.get_article(1)
    assert (art.full_text_error, art.site_links) == ("HTTP 404", links)
    assert "aardvark" in art.body_html


# -- threads ----------------------------------------------------------------------------


def test_one_store_per_thread_sees_the_others_writes(tmp_path):
    path = tmp_path / "t.db"
    with Store.open(path) as main:
        main.sync_feeds([FeedSpec(A)])
        errors: list[BaseException] = []

        def writer(n: int) -> None:
            try:
                with Store.open(path) as s:
                    s.record_fetch(A, parsed=feed(*(entry(n * 100 + i) for i in range(20))))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert main.count_articles(View()) == 60
        assert main.feeds()[0].unread == 60


# -- htmltext ------------------------------------------------------------------------------


def test_html_to_text():
    html = "<div><h1>Head</h1><p>One &amp; <b>two</b></p><script>evil()</script><!-- c --><p>三</p></div>"
    assert html_to_text(html) == "Head\nOne & two\n三"
    assert html_to_text("plain  text") == "plain text"
    assert html_to_text(None) == "" and html_to_text("") == ""
    assert html_to_text('<?xml version="1.0" encoding="utf-8"?><p>x</p>') == "x"
    assert html_to_text("<p>" + "a" * 500 + "</p>", max_chars=10) == "a" * 10
    assert first_line("<p></p><p>first</p><p>second</p>") == "first"
    assert first_line("<p>" + "x" * 300 + "</p>", 20) == "x" * 19 + "…"


def test_html_to_text_never_fetches_entities():
    evil = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><p>&e;</p>'
    assert "root" not in html_to_text(evil)


def test_escaped_title_is_indexed_as_text(store):
    store.record_fetch(A, parsed=feed(entry(1, title="Fish &amp; <b>chips</b>")))
    assert ids(store.search("chips")) == [1]
    assert store.search("amp") == []


def test_add_feeds_keeps_the_others_listed(store):
    store.add_feeds([FeedSpec(B, title="Bee renamed"), FeedSpec("https://d.test/feed")])
    feeds = store.feeds()
    assert [f.url for f in feeds] == [A, B, C, "https://d.test/feed"]
    assert feeds[1].title == "Bee renamed"


def _fts_rows(s: Store, schema: str = "main", table: str = "articles_fts") -> list[tuple]:
    """(rowid, title tokens, body tokens) of a contentless FTS5 table, from its index."""
    vocab = f"{table}_instances"
    s.conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocab}"
        f" USING fts5vocab({schema}, {table}, instance)"
    )
    docs: dict[int, dict[str, list[str]]] = {}
    for doc, col, term in s.conn.execute(
        f"SELECT doc, col, term FROM temp.{vocab} ORDER BY doc, col, offset"
    ):
        docs.setdefault(doc, {"title": [], "body": []})[col].append(term)
    return [(doc, " ".join(c["title"]), " ".join(c["body"])) for doc, c in sorted(docs.items())]


def _expected_fts_rows(s: Store) -> list[tuple]:
    """What _fts_rows should hold: the index text worked out again from every article."""
    s.conn.execute("DROP TABLE IF EXISTS temp.expect_fts_instances")
    s.conn.execute("DROP TABLE IF EXISTS temp.expect_fts")
    s.conn.execute(
        "CREATE VIRTUAL TABLE temp.expect_fts USING fts5("
        "title, body, content='', tokenize='unicode61 remove_diacritics 2')"
    )
    rows = s.conn.execute(
        "SELECT id, title, COALESCE(full_text, content, summary) FROM articles"
    ).fetchall()
    s.conn.executemany(
        "INSERT INTO temp.expect_fts(rowid, title, body) VALUES (?, ?, ?)",
        [(r[0], *store_mod.index_columns(r[1], r[2])) for r in rows],
    )
    return _fts_rows(s, "temp", "expect_fts")


def test_contentless_index_follows_updates_and_full_text(store):
    """articles_fts keeps no text: updates and full texts delete the old index rows
    with the old text, so the index is always what the articles hold now."""
    store.record_fetch(A, parsed=feed(*(entry(n) for n in range(4))))
    store.record_fetch(
        A, parsed=feed(entry(1, title="Café <b>renamed</b>", content="<p>brand new words</p>"))
    )
    aid = store.conn.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()[0]
    store.set_full_text(aid, "<article><p>extracted 台风登陆 text</p></article>")
    store.set_full_text(aid, "<p>extracted again</p>")
    assert _fts_rows(store) == _expected_fts_rows(store)
    assert store.search("brand") and store.search("again") and not store.search("extracted 台风")
    assert not store.search("body of article 1")
    assert store.conn.execute(
        "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 0)"
    )


def test_prepared_index_rows_match_the_inline_ones(tmp_path):
    """record_fetch(prepared=prepare_index(parsed)) (what refresh's helper process
    sends) stores exactly what record_fetch works out by itself."""
    f = feed(
        entry(1, title="  Café <b>crème</b> ", content="<p>Hello&nbsp;<i>world</i></p>"),
        entry(2, title="", content="<p>No title here</p><p>second</p>"),
        entry(3, title="台风登陆", summary="<p>中文 内容</p>", content=None),
        entry(1, title="dup of one", content="<p>changed</p>"),  # updates #1 in the same feed
    )
    with Store.open(tmp_path / "a.db") as a, Store.open(tmp_path / "b.db") as b:
        ca = a.record_fetch(A, parsed=f)
        cb = b.record_fetch(A, parsed=f, prepared=store_mod.prepare_index(f))
        assert ca == cb
        assert _fts_rows(a) == _fts_rows(b) and len(_fts_rows(a)) == 3
        cols = "id, guid, title, summary, content, content_hash"
        q = f"SELECT {cols} FROM articles ORDER BY id"
        assert [tuple(r) for r in a.conn.execute(q)] == [tuple(r) for r in b.conn.execute(q)]
        assert a.search("changed") and a.search("台风")


def test_fts_rows_of_new_articles_are_written_with_the_articles(store):
    store.record_fetch(A, parsed=feed(*(entry(n) for n in range(5))))
    rows = _fts_rows(store)
    ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY id")]
    assert [r[0] for r in rows] == ids
    assert rows[0][1:] == ("title 0", "body of article 0")


@given(
    st.lists(st.sampled_from(list("ab <>/p&;\n\t\u00a0\u3000é中") + ["<p>", "</p>"])).map("".join)
)
@settings(max_examples=300, deadline=None)
def test_text_for_index_has_the_words_of_html_to_text(html):
    from tidings.core.htmltext import text_for_index
    from tidings.core.tokenize import index_text

    assert index_text(text_for_index(html)).split() == index_text(html_to_text(html)).split()


def test_html_to_text_never_raises_on_control_characters():
    assert html_to_text("<br>\x1c") == ""
    assert html_to_text("a\u00a0\u00a0b \t c\n \n\n d") == "a b c\n\nd"


def test_many_openers_of_a_new_database_all_succeed(tmp_path):
    """The reader and a cron fetch may create the same new database at once."""
    path = tmp_path / "new.db"
    errors: list[Exception] = []

    def opener():
        try:
            Store.open(path).close()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
