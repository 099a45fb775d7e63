"""Retention (keep_days, max_items), tombstones and ignore rules in the store, and the
prune that runs after a refresh."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.feedserver import feed_server  # noqa: F401 - the fixture
from tests.test_store import _expected_fts_rows, _fts_rows
from tidings.core import entry_rows, feed_writes, schema, tombstones
from tidings.core import store as store_mod
from tidings.core.ignore import RuleError, compile_rules, parse_rule
from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, Retention, Settings
from tidings.core.refresh import refresh
from tidings.core.store import Store, StoreError

A, B = "https://a.test/feed", "https://b.test/feed"
NOW = datetime.now(UTC).replace(microsecond=0)
DAY = 86_400


def entry(n: int, age_days: float = 0, **kw) -> ParsedEntry:
    kw.setdefault("id", f"id-{n}")
    kw.setdefault("link", f"https://a.test/{n}")
    kw.setdefault("title", f"Title {n}")
    kw.setdefault("content", f"<p>Body of article {n} about gardens</p>")
    kw.setdefault("published", NOW - timedelta(days=age_days, minutes=n))
    return ParsedEntry(**kw)


def feed(*entries: ParsedEntry) -> ParsedFeed:
    return ParsedFeed(title="Feed", link="https://site.test/", entries=list(entries))


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "t.db")
    s.sync_feeds([FeedSpec(A), FeedSpec(B, title="Bee")])
    yield s
    s.close()


def titles(s: Store, url: str = A) -> list[str]:
    fid = next(f.id for f in s.feeds() if f.url == url)
    rows = s.conn.execute(
        "SELECT title FROM articles WHERE feed_id = ? ORDER BY published DESC, id DESC", (fid,)
    )
    return [r[0] for r in rows]


def counts(s: Store, url: str = A) -> tuple[int, int]:
    f = next(f for f in s.feeds() if f.url == url)
    return f.total, f.unread


def true_counts(s: Store, url: str = A) -> tuple[int, int]:
    fid = next(f.id for f in s.feeds() if f.url == url)
    return tuple(
        s.conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE read = 0) FROM articles WHERE feed_id = ?",
            (fid,),
        ).fetchone()
    )


def article_id(s: Store, title: str) -> int:
    return s.conn.execute("SELECT id FROM articles WHERE title = ?", (title,)).fetchone()[0]


def index_is_whole(s: Store) -> bool:
    s.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 0)")
    return _fts_rows(s) == _expected_fts_rows(s)


# -- keep_days and max_items -------------------------------------------------------


def test_prune_by_days_keeps_starred_and_the_young(store):
    store.record_fetch(A, parsed=feed(*(entry(n, age_days=n * 10) for n in range(6))))
    store.record_fetch(B, parsed=feed(entry(100, age_days=100, id="b", link="https://b.test/1")))
    store.set_starred([article_id(store, "Title 4")])
    store.set_read([article_id(store, "Title 5"), article_id(store, "Title 1")])
    assert store.search("gardens") and len(store.search("article 3")) == 1

    [count] = store.prune({A: Retention(keep_days=25)})  # 30, 40 (starred) and 50 days old
    assert (count.old, count.over, count.ignored, count.total) == (2, 0, 0, 2)
    assert titles(store) == ["Title 0", "Title 1", "Title 2", "Title 4"]
    assert titles(store, B) == ["Title 100"]  # not named: untouched
    # counts follow (Title 5 was read, Title 3 unread: unread articles go too)
    assert counts(store) == true_counts(store) == (4, 3)
    assert not store.search("article 3") and not store.search("article 5")
    assert {a.title for a in store.search("gardens")} == {
        "Title 0",
        "Title 1",
        "Title 2",
        "Title 4",
        "Title 100",
    }
    assert index_is_whole(store)


def test_prune_by_max_items_keeps_the_newest_and_starred(store):
    store.record_fetch(A, parsed=feed(*(entry(n, age_days=n) for n in range(8))))
    store.set_starred([article_id(store, "Title 6")])
    [count] = store.prune({A: Retention(max_items=3)})
    assert (count.old, count.over) == (0, 4)
    assert titles(store) == ["Title 0", "Title 1", "Title 2", "Title 6"]
    assert counts(store) == true_counts(store) == (4, 4)
    assert index_is_whole(store)


def test_both_limits_count_each_article_once_by_its_first_reason(store):
    store.record_fetch(A, parsed=feed(*(entry(n, age_days=n * 10) for n in range(6))))
    [count] = store.prune({A: Retention(keep_days=35, max_items=2)})
    assert (count.old, count.over, count.total) == (2, 2, 4)
    assert titles(store) == ["Title 0", "Title 1"]


def test_dry_run_only_counts(store):
    store.record_fetch(A, parsed=feed(*(entry(n, age_days=n * 10) for n in range(6))))
    [count] = store.prune({A: Retention(keep_days=25)}, dry_run=True)
    assert count.total == 3
    assert len(titles(store)) == 6
    assert store.conn.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0


def test_no_limits_deletes_nothing(store):
    store.record_fetch(A, parsed=feed(*(entry(n, age_days=n * 1000) for n in range(4))))
    assert [
        c.total for c in store.prune({A: Retention(), "https://unknown.test/": Retention()})
    ] == [0]
    assert len(titles(store)) == 4


def test_pruned_articles_do_not_come_back_while_the_feed_carries_them(store):
    """newsboat's classic bug: the next fetch stores a pruned entry again, unread."""
    entries = [entry(n, age_days=n * 10) for n in range(5)]
    # ids, links only, neither (deduped by content hash); and one without a date
    entries.append(entry(5, age_days=60, id=None))
    entries.append(entry(6, age_days=70, id=None, link=None))
    entries.append(entry(7, id="undated", published=None))
    store.record_fetch(A, parsed=feed(*entries))
    store.conn.execute(
        "UPDATE articles SET published = published - 90 * 86400 WHERE guid = 'undated'"
    )
    store.prune({A: Retention(keep_days=15)})
    assert titles(store) == ["Title 0", "Title 1"]
    fetched = store.record_fetch(A, parsed=feed(*entries))  # the same entries again
    assert (fetched.new, fetched.updated) == (0, 0)
    assert titles(store) == ["Title 0", "Title 1"]
    # also with the policy that made them old (keep_days alone would keep out 3 of them)
    assert store.record_fetch(A, parsed=feed(*entries), retention=Retention(keep_days=15)).new == 0
    assert counts(store) == true_counts(store) == (2, 2)


def test_a_tombstone_goes_once_the_feed_stops_carrying_the_entry(store):
    store.record_fetch(A, parsed=feed(entry(1), entry(2), entry(3)))
    store.prune({A: Retention(max_items=1)})
    assert titles(store) == ["Title 1"]
    stones = "SELECT key FROM tombstones ORDER BY key"
    assert [r[0] for r in store.conn.execute(stones)] == ["g:id-2", "g:id-3"]
    # A week on: the feed still carries id-2, no longer id-3.
    store.conn.execute(
        "UPDATE tombstones SET seen_at = seen_at - ?", (tombstones.GRACE_SECONDS + 60,)
    )
    assert store.record_fetch(A, parsed=feed(entry(1), entry(2))).new == 0
    assert [r[0] for r in store.conn.execute(stones)] == ["g:id-2"]
    seen_at = store.conn.execute("SELECT seen_at FROM tombstones").fetchone()[0]
    assert seen_at >= int(time.time()) - 5
    # A feed that leaves an entry out for a while (less than the grace) keeps its tombstone.
    store.record_fetch(A, parsed=feed(entry(1)))
    assert [r[0] for r in store.conn.execute(stones)] == ["g:id-2"]
    # id-3 is new again if the feed brings it back much later (as newsboat would).
    assert store.record_fetch(A, parsed=feed(entry(1), entry(3))).new == 1


def test_tombstones_unseen_for_months_expire_in_a_prune(store):
    store.record_fetch(A, parsed=feed(entry(1), entry(2)))
    store.prune({A: Retention(max_items=1)})
    store.conn.execute(
        "UPDATE tombstones SET seen_at = seen_at - ?", (tombstones.EXPIRE_SECONDS + 60,)
    )
    store.prune({})
    assert store.conn.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0


def test_tombstones_are_per_feed(store):
    store.record_fetch(A, parsed=feed(entry(1), entry(2)))
    store.prune({A: Retention(max_items=1)})
    assert store.record_fetch(B, parsed=feed(entry(2))).new == 1  # same id, another feed


def test_new_entries_older_than_keep_days_are_not_stored(store):
    old = Retention(keep_days=30)
    # a first fetch (the bulk path) and a later one (entry by entry)
    got = store.record_fetch(A, parsed=feed(entry(1, 5), entry(2, 40), entry(3, 50)), retention=old)
    assert got.new == 1 and titles(store) == ["Title 1"]
    got = store.record_fetch(
        A,
        parsed=feed(entry(1, 5), entry(4, 1), entry(5, 31), entry(6, id="x", published=None)),
        retention=old,
    )
    assert got.new == 2 and titles(store) == ["Title 6", "Title 4", "Title 1"]
    # a starred old article is still updated in place
    store.record_fetch(B, parsed=feed(entry(9, 100)))
    store.set_starred([article_id(store, "Title 9")])
    got = store.record_fetch(B, parsed=feed(entry(9, 100, title="Title 9 fixed")), retention=old)
    assert got.updated == 1 and titles(store, B) == ["Title 9 fixed"]
    assert store.conn.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0
    assert index_is_whole(store)


def test_a_kill_mid_prune_leaves_the_database_whole(store, monkeypatch):
    """Each chunk of a prune is one transaction: an error (or a kill) in the third
    leaves the first two done, the rest untouched, and index, counts and tombstones
    in step."""
    from tidings.core import prune

    monkeypatch.setattr(prune, "CHUNK", 3)
    store.record_fetch(A, parsed=feed(*(entry(n, age_days=n) for n in range(12))))
    calls = {"n": 0}
    real = prune.index_columns

    def failing(title, body):
        calls["n"] += 1
        if calls["n"] == 8:
            raise OSError("killed")
        return real(title, body)

    monkeypatch.setattr(prune, "index_columns", failing)
    with pytest.raises(OSError):
        store.prune({A: Retention(max_items=2)})
    assert len(titles(store)) == 12 - 6
    assert counts(store) == true_counts(store) == (6, 6)
    assert store.conn.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 6
    assert not store.conn.in_transaction
    assert index_is_whole(store)
    monkeypatch.setattr(prune, "index_columns", real)
    store.prune({A: Retention(max_items=2)})
    assert titles(store) == ["Title 0", "Title 1"] and index_is_whole(store)


def test_prune_while_another_writer_holds_the_lock_is_a_store_error(store, tmp_path, monkeypatch):
    store.record_fetch(A, parsed=feed(entry(1), entry(2)))
    other = Store.open(tmp_path / "t.db")
    other.conn.execute("PRAGMA busy_timeout = 0")
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="busy|locked"):
            other.prune({A: Retention(max_items=1)})
    finally:
        store.conn.execute("ROLLBACK")
        other.close()


# -- ignore rules ------------------------------------------------------------------


def test_ignore_rules_keep_entries_out_until_the_rule_goes(store):
    rules = Retention(ignore=("广告", "/^\\[sponsored\\]/", "author: PR Desk", "link: /promo/"))
    entries = [
        entry(1, title="台风登陆沿海地区"),
        entry(2, title="今日广告：特价"),
        entry(3, title="[Sponsored] A new phone"),
        entry(4, title="Quiet news", author="pr desk"),
        entry(5, title="Sale", link="https://a.test/promo/5"),
        entry(6, title="Sponsored by nobody"),  # the regex wants it first
    ]
    got = store.record_fetch(A, parsed=feed(*entries), retention=rules)
    assert (got.new, got.ignored) == (2, 4)
    assert titles(store) == ["台风登陆沿海地区", "Sponsored by nobody"]
    again = store.record_fetch(A, parsed=feed(*entries), retention=rules)
    assert (again.new, again.updated, again.ignored) == (0, 0, 4)  # kept out each time
    assert counts(store) == true_counts(store) == (2, 2)
    # a rule is a filter, as in newsboat: without it, what it kept out comes in
    assert store.record_fetch(A, parsed=feed(*entries)).new == 4
    assert counts(store) == true_counts(store) == (6, 6)
    assert store.conn.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0


def test_prune_applies_ignore_rules_to_stored_articles_but_not_starred(store):
    store.record_fetch(
        A, parsed=feed(entry(1, title="【广告】夏季大促"), entry(2, title="Ad: buy"), entry(3))
    )
    store.set_starred([article_id(store, "Ad: buy")])
    rules = Retention(ignore=("广告", "/^ad:/"))
    assert store.prune({A: rules}, rules=False)[0].total == 0  # what a refresh runs
    [count] = store.prune({A: rules})
    assert count.ignored == 1 and titles(store) == ["Ad: buy", "Title 3"]
    assert not store.search("夏季") and index_is_whole(store)
    assert (
        store.record_fetch(A, parsed=feed(entry(1, title="【广告】夏季大促")), retention=rules).new
        == 0
    )
    assert store.record_fetch(A, parsed=feed(entry(1, title="【广告】夏季大促"))).new == 1


def test_rules_match_as_documented():
    rules = compile_rules(
        ("广告", "ＡＩ", "/\\bgpt-?\\d\\b/", "author: /^ap$/", "link: example.com/ads")
    )
    assert rules.matches("今日广告特价") and rules.matches("今日廣告特價")  # traditional too
    assert rules.matches("New AI chip") and rules.matches("全角ａｉ芯片")  # NFKC, any case
    assert rules.matches("GPT4 is out") and not rules.matches("chatgpt4 is out")
    assert rules.matches("x", author="AP") and not rules.matches("x", author="AP staff")
    assert rules.matches("x", link="https://EXAMPLE.com/ads/1")
    assert not rules.matches("台风登陆", author="Reuters", link="https://a.test/1")
    assert compile_rules(()) is None


@pytest.mark.parametrize(
    "rule, problem",
    [
        ("/[/", "bad regular expression: unterminated character set"),
        ("/(a+)+$/", "exponential time"),
        ("/(\\w+\\s?)*$/", "exponential time"),
        ("/(a|ab)*c/", "exponential time"),
        ("/(x)\\1/", "back-references"),
        ("/" + "a" * 201 + "/", "longer than 200"),
        ("author:", "empty rule"),
        ("  ", "empty rule"),
    ],
)
def test_bad_rules_are_refused(rule, problem):
    with pytest.raises(RuleError, match=problem.replace("(", "\\(")):
        parse_rule(rule)


def test_safe_rules_match_long_titles_quickly():
    started = time.perf_counter()
    for rule in ("/(foo|bar)+baz/", "/.*a.*b$/", "/(?>a+)+b/", "/a++b/"):
        compile_rules((rule,)).matches("a" * 10_000)
    assert time.perf_counter() - started < 2


# -- schema ------------------------------------------------------------------------


def test_schema_2_database_gets_tombstones_and_keeps_its_articles(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(
        store_mod.FeedWrites, "_admit", lambda self, fid, e, p, r, now: (list(e), list(p), 0)
    )
    monkeypatch.setattr(feed_writes, "NEXT_ID", "SELECT COALESCE(MAX(id), 0) + 1 FROM articles")
    with Store.open(path) as s:
        s.record_fetch(A, parsed=feed(entry(1), entry(2, age_days=50)))
    monkeypatch.undo()
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 4
        assert s.prune({A: Retention(keep_days=10)})[0].old == 1
        assert s.record_fetch(A, parsed=feed(entry(1), entry(2, age_days=50))).new == 0
        assert titles(s) == ["Title 1"] and index_is_whole(s)
        assert s.record_fetch(A, parsed=feed(entry(3))).new == 1
        assert article_id(s, "Title 3") == 3  # not 2, the id of the deleted article


def test_an_id_never_names_two_articles(store):
    """Deleting the newest rows must not hand their ids to the next articles (SQLite
    would: max(id) + 1), on either insert path."""
    store.record_fetch(A, parsed=feed(entry(1), entry(2), entry(3, age_days=30)))
    assert article_id(store, "Title 3") == 3
    store.prune({A: Retention(keep_days=10)})
    store.record_fetch(A, parsed=feed(entry(4)))  # entry by entry (A has articles)
    assert article_id(store, "Title 4") == 4
    store.record_fetch(B, parsed=feed(entry(5), entry(6)))  # B's first: the bulk path
    store.prune({B: Retention(max_items=1)}, now=int(time.time()))
    assert [article_id(store, "Title 5")] == [5]
    store.record_fetch(B, parsed=feed(entry(7, id="seven")))
    assert article_id(store, "Title 7") == 7
    assert store.get_article(6) is None and store.get_article(3) is None


# -- after a refresh ---------------------------------------------------------------


def rss(*items: tuple[str, str, int]) -> bytes:
    """RSS with items (guid, title, age in days)."""
    body = "".join(
        f"<item><guid>{g}</guid><title>{t}</title><link>https://x.test/{g}</link>"
        f"<pubDate>{(NOW - timedelta(days=d)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
        for g, t, d in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()


def test_refresh_prunes_and_ignores_per_feed(feed_server, tmp_path):  # noqa: F811
    items = [
        ("a1", "Fresh", 1),
        ("a2", "Week old", 7),
        ("a3", "Month old", 30),
        ("a4", "广告 sale", 2),
    ]
    one = feed_server.add("/one.xml", body=rss(*items))
    two = feed_server.add("/two.xml", body=rss(*items))
    specs = [
        FeedSpec(one, ignore=("广告",)),
        FeedSpec(two, keep_days=0, max_items=2),  # its own: no age limit, two articles
    ]
    db = tmp_path / "r.db"
    summary = refresh(db, specs, Settings(keep_days=10))
    assert (summary.new, summary.ignored, summary.pruned, summary.prune_error) == (6, 1, 2, None)
    with Store.open(db) as s:
        assert titles(s, one) == ["Fresh", "Week old"]  # Month old was never stored
        assert titles(s, two) == ["Fresh", "广告 sale"]
        assert counts(s, two) == true_counts(s, two) == (2, 2)
    # The next refresh of the same feeds brings nothing back (the rule keeps its one out).
    summary = refresh(db, specs, Settings(keep_days=10))
    assert (summary.new, summary.ignored, summary.pruned) == (0, 1, 0)


def test_refresh_without_limits_does_not_prune(feed_server, tmp_path, monkeypatch):  # noqa: F811
    url = feed_server.add("/one.xml", body=rss(("a1", "Old", 4000)))
    monkeypatch.setattr(Store, "prune", lambda *a, **k: pytest.fail("pruned"))
    summary = refresh(tmp_path / "r.db", [FeedSpec(url)], Settings())
    assert summary.new == 1 and summary.pruned == 0


def test_prepared_and_inline_index_rows_agree_with_rules(tmp_path):
    """record_fetch with prepare_index rows (a helper process's) keeps out the same
    entries as without them."""
    f = feed(
        entry(1, title="广告一则"),
        entry(2, title="", content="<p>广告 in the body's first line</p>"),
        entry(3),
    )
    rules = Retention(ignore=("广告",))
    with Store.open(tmp_path / "a.db") as a, Store.open(tmp_path / "b.db") as b:
        ca = a.record_fetch(A, parsed=f, retention=rules)
        cb = b.record_fetch(A, parsed=f, prepared=entry_rows.prepare_index(f), retention=rules)
        assert ca == cb and (ca.new, ca.ignored) == (1, 2)
