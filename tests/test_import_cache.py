"""`tidings import-cache`: newsboat's read state, flags and old articles carried over
into the store, on caches built from newsboat's own schema (tests/newsboat_fixture.py)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from tests.newsboat_fixture import Item, make_cache
from tidings.cli import main
from tidings.core.config import load_config
from tidings.core.models import ParsedEntry, ParsedFeed
from tidings.core.store import Store, StoreError

A = "https://news.example/rss"
B = "https://zh.example/rss"
GONE = "https://gone.example/feed"
T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
OLD = int(datetime(2019, 3, 4, 5, 6, tzinfo=UTC).timestamp())


def _store_articles(db, cfg):
    """What tidings has fetched before the import: three articles of A, none of B."""
    with Store.open(db) as store:
        store.sync_feeds(load_config(cfg).feeds)
        store.record_fetch(
            A,
            parsed=ParsedFeed(
                title="World",
                entries=[
                    ParsedEntry(id="a1", link="https://news.example/1", title="One", content="x"),
                    ParsedEntry(id="a2", link="https://news.example/2", title="Two", content="y"),
                    ParsedEntry(id="a3", link="https://news.example/3", title="Three", content="z"),
                    # a feed with no guid: tidings keeps its link as its id
                    ParsedEntry(
                        id="https://news.example/4",
                        link="https://news.example/4",
                        title="Four",
                        content="w",
                        published=T0,
                    ),
                    # its guid changed since newsboat saw it; its link did not
                    ParsedEntry(id="new-5", link="https://news.example/5", title="Five"),
                ],
            ),
        )


def _cache_items():
    return [
        Item(A, "a1", "One", "https://news.example/1", unread=0),  # read in newsboat
        Item(A, "a2", "Two", "https://news.example/2", flags="s"),  # flagged
        Item(A, "a3", "Three", "https://news.example/3"),  # unread, no flags: nothing to do
        # newsboat's made-up guid for an entry without one: link + pubDate text
        Item(
            A,
            "https://news.example/4Sun, 01 Nov 2026 08:00:00 +0000",
            "Four",
            "https://news.example/4",
            unread=0,
        ),
        Item(A, "old-5", "Five", "https://news.example/5", unread=0),  # matched by link
        # old articles the feed no longer carries
        Item(
            A,
            "old-1",
            "Harbour reopens after the storm",
            "https://news.example/old1",
            pubDate=OLD,
            content="<p>The <b>harbour</b> reopened.</p>",
            author="Ann Lee",
            unread=0,
            enclosure_url="https://news.example/old1.mp3",
            enclosure_type="audio/mpeg",
        ),
        Item(
            A,
            "old-2",
            "Flagged <em>and</em> unread",
            "https://news.example/old2",
            pubDate=OLD + 60,
            flags="ab",
        ),
        Item(A, "old-3", "Deleted in newsboat", "https://news.example/old3", deleted=1, unread=0),
        Item(
            B,
            "z1",
            "台风登陆沿海地区",
            "https://zh.example/1",
            pubDate=OLD,
            content="<p>强台风今天登陆，沿海城市停课停工。</p>",
            unread=0,
        ),
        Item(
            B,
            "z2",
            "颱風過後的港口",
            "https://zh.example/2",
            pubDate=OLD + 3600,
            content="<p>港口在颱風過後重新開放。</p>",
        ),
        Item(GONE, "g1", "Lost", "https://gone.example/1"),
        Item(GONE, "g2", "Also lost", "https://gone.example/2"),
        Item("exec:~/bin/feed.sh", "e1", "Script", "https://script.example/1"),
    ]


FEEDS = [
    (A, "https://news.example/", "World"),
    (B, "https://zh.example/", "中文新闻"),
    (GONE, "https://gone.example/", "Gone Feed"),
    ("exec:~/bin/feed.sh", "", "Script"),
    ('query:Unread:unread = "yes"', "", "Unread"),
]


@pytest.fixture
def env(tmp_path):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {A}\n    title: World News\n  - url: {B}\n", encoding="utf-8")
    db = tmp_path / "t.db"
    _store_articles(db, cfg)
    cache = make_cache(tmp_path / "cache.db", FEEDS, _cache_items())
    return ["--config", str(cfg), "--db", str(db)], db, cache


def _articles(db):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {
            r["guid"]: dict(r)
            for r in conn.execute(
                "SELECT a.*, f.url AS feed_url FROM articles a JOIN feeds f ON f.id = a.feed_id"
            )
        }
    finally:
        conn.close()


def _dump(db):
    """Everything the store holds, the index's rows included."""
    conn = sqlite3.connect(db)
    try:
        rows = [
            list(conn.execute(f"SELECT * FROM {table} ORDER BY 1"))
            for table in ("feeds", "articles", "feed_stats", "tombstones", "feed_aliases")
        ]
        rows.append(list(conn.execute("SELECT rowid FROM articles_fts ORDER BY rowid")))
        return rows
    finally:
        conn.close()


def test_read_state_stars_and_old_articles_come_over(env, capsys):
    args, db, cache = env
    assert main([*args, "import-cache", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "feeds: 2 matched" in out and "2 not there" in out
    assert "1 query feed left out (saved searches: tidings import)" in out
    assert "articles: 4 added (2 of them read, 1 starred); 3 marked read; 1 starred;" in out
    assert "1 already there as they are" in out
    assert "not added: 1 deleted in newsboat" in out
    got = _articles(db)
    # read state of articles tidings had: by guid, by newsboat's made-up guid, by link
    assert got["a1"]["read"] == 1 and got["a1"]["starred"] == 0
    assert got["a2"]["read"] == 0 and got["a2"]["starred"] == 1
    assert got["a3"]["read"] == 0 and got["a3"]["starred"] == 0
    assert got["https://news.example/4"]["read"] == 1
    assert got["new-5"]["read"] == 1 and "old-5" not in got
    # old articles, with their feed, date, author, content and enclosure
    old = got["old-1"]
    assert old["feed_url"] == A and old["read"] == 1 and old["starred"] == 0
    assert old["published"] == OLD
    assert old["title"] == "Harbour reopens after the storm" and old["author"] == "Ann Lee"
    assert old["content"] == "<p>The <b>harbour</b> reopened.</p>"
    assert '"url": "https://news.example/old1.mp3"' in old["enclosures"]
    assert got["old-2"]["title"] == "Flagged and unread"  # a plain title, as a parser gives
    assert got["old-2"]["read"] == 0 and got["old-2"]["starred"] == 1
    assert "old-3" not in got  # deleted in newsboat
    assert got["z1"]["feed_url"] == B and got["z1"]["read"] == 1
    assert got["z2"]["read"] == 0
    assert not any(a["feed_url"] == GONE for a in got.values())
    # the feed pane's counts follow
    assert main([*args, "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split()[0] == "3/7" and "World News" in listing[0]
    assert listing[1].split()[0] == "1/2" and "中文新闻" in listing[1]  # newsboat's title


def test_unknown_feeds_are_named_with_what_to_do(env, capsys):
    args, db, cache = env
    assert main([*args, "import-cache", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "2 feeds of the cache not in feeds.yaml (3 articles left out):" in out
    assert f"  {GONE}  Gone Feed  (2 articles)" in out
    assert "  exec:~/bin/feed.sh  Script  (1 article)" in out  # tidings import brings it
    assert "tidings import ~/.newsboat/urls" in out
    assert "query:" not in out.split("not in feeds.yaml")[1]  # a saved search, not a feed


def test_imported_articles_are_found_by_search_and_related(env, capsys):
    args, db, cache = env
    assert main([*args, "import-cache", str(cache)]) == 0
    capsys.readouterr()
    assert main([*args, "search", "台风"]) == 0
    out = capsys.readouterr().out
    # 颱風 (traditional) is found by 台风 (simplified), as for fetched articles
    assert "台风登陆沿海地区" in out and "颱風過後的港口" in out
    assert "2019-03-04" in out and "中文新闻" in out
    assert main([*args, "search", "harbour"]) == 0
    assert "Harbour reopens after the storm" in capsys.readouterr().out
    assert main([*args, "related", "https://zh.example/1"]) == 0
    assert "颱風過後的港口" in capsys.readouterr().out


def test_second_run_changes_nothing(env, capsys):
    args, db, cache = env
    assert main([*args, "import-cache", str(cache)]) == 0
    first = _dump(db)
    capsys.readouterr()
    assert main([*args, "import-cache", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "articles: 0 added (0 of them read, 0 starred); 0 marked read; 0 starred;" in out
    assert "9 already there as they are" in out
    assert _dump(db) == first


def test_dry_run_writes_nothing_and_tells_the_same(env, capsys):
    args, db, cache = env
    before = _dump(db)
    assert main([*args, "import-cache", "--dry-run", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "dry run: nothing was written" in out
    assert "articles: 4 would be added (2 of them read, 1 starred); 3 would be marked read;" in out
    assert _dump(db) == before
    assert main([*args, "import-cache", str(cache)]) == 0
    assert (
        "articles: 4 added (2 of them read, 1 starred); 3 marked read;" in capsys.readouterr().out
    )


def test_newsboat_cache_is_never_changed(env, capsys):
    args, db, cache = env
    digest = hashlib.sha256(cache.read_bytes()).hexdigest()
    mtime = cache.stat().st_mtime_ns
    assert main([*args, "import-cache", str(cache)]) == 0
    assert hashlib.sha256(cache.read_bytes()).hexdigest() == digest
    assert cache.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in cache.parent.glob("cache.db*")) == ["cache.db"]


def test_star_flags_chooses_which_flags_star(env, capsys):
    args, db, cache = env
    assert main([*args, "import-cache", "--star-flags", "s", str(cache)]) == 0
    got = _articles(db)
    assert got["a2"]["starred"] == 1  # flag s
    assert got["old-2"]["starred"] == 0  # flags a and b only
    assert main([*args, "import-cache", "--star-flags", "s1", str(cache)]) == 2
    assert "--star-flags" in capsys.readouterr().err


def test_keep_days_and_tombstones_are_respected_but_starred_come_anyway(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {A}\n    keep_days: 30\n")
    db = tmp_path / "t.db"
    now = int(datetime.now(UTC).timestamp())
    cache = make_cache(
        tmp_path / "cache.db",
        [(A, "https://news.example/", "World")],
        [
            Item(A, "recent", "Recent", "https://news.example/r", pubDate=now - 86400),
            Item(A, "ancient", "Ancient", "https://news.example/a", pubDate=OLD),
            Item(
                A, "kept", "Ancient but flagged", "https://news.example/k", pubDate=OLD, flags="s"
            ),
            Item(A, "pruned", "Pruned by tidings", "https://news.example/p", pubDate=now - 3600),
        ],
    )
    with Store.open(db) as store:
        store.sync_feeds(load_config(cfg).feeds)
        feed_id = store.feed_ids_by_url()[A]
        store.conn.execute(
            "INSERT INTO tombstones(feed_id, key, deleted_at, seen_at) VALUES (?, ?, ?, ?)",
            (feed_id, "g:pruned", now, now),
        )
    args = ["--config", str(cfg), "--db", str(db)]
    assert main([*args, "import-cache", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "articles: 2 added (0 of them read, 1 starred)" in out
    assert "not added: 1 older than keep_days, 1 deleted by tidings' retention before" in out
    assert set(_articles(db)) == {"recent", "kept"}


def test_feed_matched_by_an_old_url_and_by_host_case(tmp_path, capsys):
    moved = "https://moved.example/new.xml"
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {A}\n  - url: {B}\n")
    db = tmp_path / "t.db"
    with Store.open(db) as store:
        store.sync_feeds(load_config(cfg).feeds)
        store.record_fetch(A, parsed=ParsedFeed(), new_url=moved)  # a permanent redirect
    cache = make_cache(
        tmp_path / "cache.db",
        [(A, "", "World"), ("https://ZH.Example/rss", "", "Zh")],
        [
            Item(A, "m1", "Moved", "https://news.example/m1"),
            Item("https://ZH.Example/rss", "c1", "Case", "https://zh.example/c1"),
        ],
    )
    assert main(["--config", str(cfg), "--db", str(db), "import-cache", str(cache)]) == 0
    assert "feeds: 2 matched" in capsys.readouterr().out
    got = _articles(db)
    assert got["m1"]["feed_url"] == moved and got["c1"]["feed_url"] == B


def test_undecodable_titles_from_an_old_cache_are_read(tmp_path, capsys):
    """An old newsbeuter under a GBK locale left GBK bytes where UTF-8 belongs."""
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {B}\n")
    db = tmp_path / "t.db"
    cache = make_cache(tmp_path / "cache.db", [(B, "", "zh")], [])
    conn = sqlite3.connect(cache)
    title = "台风登陆沿海地区，沿海城市停课停工，市民注意安全".encode("gbk")
    conn.execute(
        "INSERT INTO rss_item(guid, title, author, url, feedurl, pubDate, content, unread)"
        " VALUES ('k1', CAST(? AS TEXT), '', 'https://zh.example/k1', ?, ?, '', 1)",
        (title, B, OLD),
    )
    conn.commit()
    conn.close()
    args = ["--config", str(cfg), "--db", str(db)]
    assert main([*args, "import-cache", str(cache)]) == 0
    assert main([*args, "search", "台风"]) == 0
    assert "台风登陆沿海地区" in capsys.readouterr().out


def test_one_transaction_a_failure_leaves_the_store_as_it_was(env, capsys, monkeypatch):
    args, db, cache = env
    before = _dump(db)
    real = Store.merge_articles
    calls = []

    def failing(self, feed_id, incoming, **kw):
        calls.append(feed_id)
        if len(calls) == 2:  # the first feed's articles are written by now
            raise StoreError("database error on t.db: disk I/O error")
        return real(self, feed_id, incoming, **kw)

    monkeypatch.setattr(Store, "merge_articles", failing)
    assert main([*args, "import-cache", str(cache)]) == 1
    err = capsys.readouterr().err
    assert "disk I/O error" in err and "Traceback" not in err
    assert _dump(db) == before


def test_a_store_busy_with_a_refresh_is_a_clear_error(env, capsys, monkeypatch):
    from tests.test_cli import _quick_timeout
    from tidings.core import database

    args, db, cache = env
    before = _dump(db)
    monkeypatch.setattr(database.sqlite3, "connect", _quick_timeout(sqlite3.connect))
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        code = main([*args, "import-cache", str(cache)])
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    err = capsys.readouterr().err
    assert code == 1
    assert "is busy: a refresh (tidings fetch, or the open reader) is writing to it" in err
    assert "Nothing was imported" in err and "Traceback" not in err
    assert _dump(db) == before


def _error(args, path, capsys):
    code = main([*args, "import-cache", str(path)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_what_is_not_a_newsboat_cache_is_a_clear_error(env, tmp_path, capsys):
    args, db, _ = env
    before = _dump(db)
    text = tmp_path / "urls"
    text.write_text("https://news.example/rss\n")
    code, err = _error(args, text, capsys)
    assert code == 1 and f"{text} is not a newsboat cache: it is not a SQLite database" in err

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes(x)")
    conn.close()
    code, err = _error(args, other, capsys)
    assert code == 1
    assert f"{other} is not a newsboat cache: it has no rss_feed or rss_item table" in err
    assert "the tables notes" in err

    old = make_cache(
        tmp_path / "odd.db",
        [],
        [],
        schema=[
            "CREATE TABLE rss_feed(rssurl, url, title)",
            "CREATE TABLE rss_item(guid, title, url, feedurl, content)",
        ],
    )
    code, err = _error(args, old, capsys)
    assert code == 1
    assert "its rss_item table has no author, pubDate, unread columns" in err

    code, err = _error(args, db, capsys)
    assert code == 1 and "is a tidings database, not newsboat's cache" in err

    code, err = _error(args, tmp_path / "missing.db", capsys)
    assert code == 1 and "missing.db: no such file" in err

    code, err = _error(args, tmp_path, capsys)
    assert code == 1 and "is a directory; give newsboat's cache.db file" in err

    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    code, err = _error(args, broken, capsys)
    assert code == 1 and f"{broken}" in err and "newsboat cache" in err
    assert _dump(db) == before


def test_an_old_cache_without_flags_and_deleted_columns_is_read(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {A}\n")
    cache = tmp_path / "cache.db"
    conn = sqlite3.connect(cache)
    conn.execute("CREATE TABLE rss_feed(rssurl, url, title)")
    conn.execute(
        "CREATE TABLE rss_item(id INTEGER PRIMARY KEY, guid, title, author, url, feedurl,"
        " pubDate, content, unread)"
    )
    conn.execute("INSERT INTO rss_feed VALUES (?, '', 'World')", (A,))
    conn.execute(
        "INSERT INTO rss_item(guid, title, author, url, feedurl, pubDate, content, unread)"
        " VALUES ('o1', 'Old one', '', 'https://news.example/o1', ?, ?, '<p>x</p>', 0)",
        (A, OLD),
    )
    conn.commit()
    conn.close()
    args = ["--config", str(cfg), "--db", str(tmp_path / "t.db")]
    assert main([*args, "import-cache", str(cache)]) == 0
    assert "articles: 1 added (1 of them read, 0 starred)" in capsys.readouterr().out


def test_no_matching_feed_exits_1_and_says_what_to_do(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds:\n  - url: https://other.example/rss\n")
    cache = make_cache(tmp_path / "cache.db", FEEDS, _cache_items())
    args = ["--config", str(cfg), "--db", str(tmp_path / "t.db")]
    assert main([*args, "import-cache", str(cache)]) == 1
    out = capsys.readouterr().out
    assert "feeds: 0 matched" in out and "4 feeds of the cache not in feeds.yaml" in out


def test_exec_and_filter_feeds_history_comes_over(tmp_path, capsys):
    # as `tidings import` writes them: as newsboat has them, or sh -c "…" for a command
    # that needs a shell; either way newsboat's cache feed is the same feed
    piped = "exec:~/ext/tiktok2rss.py user | ~/ext/re-filter.py -i x"
    filtered = "filter:~/bin/clean.py:https://example.com/feed.xml"
    urls = tmp_path / "urls"
    urls.write_text(f'"{piped}"\n{filtered}\n')
    cfg = tmp_path / "feeds.yaml"
    args = ["--config", str(cfg), "--db", str(tmp_path / "t.db")]
    assert main([*args, "import", "--with-commands", str(urls)]) == 0
    assert 'sh -c "~/ext/tiktok2rss.py' in cfg.read_text()
    feeds = [(piped, "", "TikTok"), (filtered, "https://example.com/", "Clean")]
    items = [
        Item(piped, "t1", "A clip", "https://tiktok.example/1", unread=0),
        Item(filtered, "c1", "Cleaned", "https://example.com/1", flags="s"),
    ]
    cache = make_cache(tmp_path / "cache.db", feeds, items)
    assert main([*args, "import-cache", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "feeds: 2 matched" in out and "0 not there" in out
    got = _articles(tmp_path / "t.db")
    assert got["t1"]["read"] == 1 and got["t1"]["feed_url"].startswith("exec:sh -c ")
    assert got["c1"]["starred"] == 1 and got["c1"]["feed_url"] == filtered


def test_default_cache_path_and_its_absence(tmp_path, capsys):
    from pathlib import Path

    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {A}\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "t.db")]
    assert main([*args, "import-cache"]) == 1
    err = capsys.readouterr().err
    assert ".newsboat/cache.db or" in err and "newsboat/cache.db; give its path" in err
    home_cache = Path.home() / ".local" / "share" / "newsboat"
    home_cache.mkdir(parents=True)
    make_cache(home_cache / "cache.db", FEEDS, _cache_items())
    assert main([*args, "import-cache"]) == 0
    assert "feeds: 1 matched" in capsys.readouterr().out


def test_import_given_the_cache_points_to_import_cache(env, capsys):
    args, db, cache = env
    assert main([*args, "import", str(cache)]) == 2
    err = capsys.readouterr().err
    assert "is a SQLite database (newsboat's cache.db?)" in err
    assert f"tidings import-cache {cache}" in err


# -- a real newsboat, where one is installed -------------------------------------

from tests import feedserver  # noqa: E402

feed_server = feedserver.feed_server

RSS = """<?xml version="1.0" encoding="GBK"?>
<rss version="2.0"><channel><title>南方新闻</title><link>http://x.example/</link>
<item><guid>g1</guid><title>台风登陆沿海地区</title><link>http://x.example/1</link>
<description>强台风今天登陆。</description><pubDate>Sun, 01 Nov 2026 08:00:00 +0800</pubDate>
<enclosure url="http://x.example/1.mp3" type="audio/mpeg" length="10"/></item>
<item><title>No guid here</title><link>http://x.example/2</link>
<description>二</description><pubDate>Mon, 02 Nov 2026 08:00:00 +0800</pubDate></item>
</channel></rss>""".encode("gbk")


@pytest.mark.skipif(shutil.which("newsboat") is None, reason="newsboat is not installed")
def test_a_real_newsboat_cache(feed_server, tmp_path, capsys):
    url = feed_server.add("/zh.xml", body=RSS)
    urls = tmp_path / "urls"
    urls.write_text(f"{url} news\n")
    cache = tmp_path / "cache.db"
    newsboat = ["newsboat", "-u", str(urls), "-c", str(cache), "-C", "/dev/null"]
    subprocess.run([*newsboat, "-x", "reload"], check=True, timeout=60, capture_output=True)
    # read one article in newsboat: its import of a list of read articles (-I)
    read = tmp_path / "read.txt"
    read.write_text("g1\n")
    subprocess.run([*newsboat, "-I", str(read)], check=True, timeout=60, capture_output=True)
    cfg = tmp_path / "feeds.yaml"
    args = ["--config", str(cfg), "--db", str(tmp_path / "t.db")]
    assert main([*args, "import", str(urls)]) == 0
    assert main([*args, "import-cache", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "articles: 2 added (1 of them read, 0 starred)" in out
    got = _articles(tmp_path / "t.db")
    assert got["g1"]["read"] == 1 and got["g1"]["title"] == "台风登陆沿海地区"
    assert got["g1"]["published"] == int((T0 - timedelta(hours=8)).timestamp())
    assert "1.mp3" in got["g1"]["enclosures"]
    assert got["http://x.example/2"]["read"] == 0  # newsboat's made-up guid undone
    # and a fetch by tidings then finds them all there
    assert main([*args, "fetch"]) == 0
    assert "0 new, 0 updated" in capsys.readouterr().out
    assert main([*args, "search", "台风"]) == 0
    assert "台风登陆沿海地区" in capsys.readouterr().out


def test_an_article_deleted_in_newsboat_stays_deleted_after_the_next_fetch(env, capsys):
    """newsboat keeps a deleted article's row so the feed, still carrying it, does not
    bring it back; the import leaves tidings the same memory of it."""
    args, db, cache = env
    assert main([*args, "import-cache", str(cache), "--dry-run"]) == 0
    assert "not added: 1 deleted in newsboat" in capsys.readouterr().out
    assert main([*args, "import-cache", str(cache)]) == 0
    assert "not added: 1 deleted in newsboat" in capsys.readouterr().out
    with Store.open(db) as store:
        store.record_fetch(
            A,
            parsed=ParsedFeed(
                title="World",
                entries=[
                    ParsedEntry(id="old-3", link="https://news.example/old3", title="Deleted"),
                    ParsedEntry(id="a6", link="https://news.example/6", title="Six"),
                ],
            ),
        )
    got = _articles(db)
    assert "a6" in got
    assert "old-3" not in got
    assert main([*args, "import-cache", str(cache)]) == 0  # again: nothing changes
    assert "articles: 0 added" in capsys.readouterr().out
