"""The headless command line, end to end on a real store (issue 2 and issue 7)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tidings.cli import main
from tidings.core.config import load_config
from tidings.core.models import ParsedEntry, ParsedFeed
from tidings.core.store import Store

A = "https://news.example/rss"
B = "https://zh.example/rss"
T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def env(tmp_path):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        f"feeds:\n"
        f"  - url: {A}\n    title: World News\n    category: World\n"
        f"  - url: {B}\n    title: 中文新闻\n    category: 中文\n    tags: [zh]\n",
        encoding="utf-8",
    )
    db = tmp_path / "t.db"
    from tidings.core.config import load_config

    with Store.open(db) as store:
        store.sync_feeds(load_config(cfg).feeds)
        store.record_fetch(
            A,
            parsed=ParsedFeed(
                title="World",
                entries=[
                    ParsedEntry(
                        id=f"a{i}",
                        link=f"https://news.example/{i}",
                        title=f"Storm hits coast, day {i}"
                        if i != 2
                        else "Evil \x1b]2;pwned\x07title",
                        content=f"<p>The storm <b>story</b> number {i}. <a href='https://x.example/{i}'>more</a></p>",
                        published=T0 + timedelta(hours=i),
                    )
                    for i in range(1, 4)
                ],
            ),
        )
        store.record_fetch(
            B,
            parsed=ParsedFeed(
                title="中文",
                entries=[
                    ParsedEntry(
                        id="z1",
                        link="https://zh.example/1",
                        title="台风登陆沿海地区",
                        content="<p>强台风今天登陆，沿海城市停课停工。</p>",
                        published=T0 + timedelta(hours=10),
                    )
                ],
            ),
        )
    return ["--config", str(cfg), "--db", str(db)]


def run(env, *args):
    return main([*env, *args])


def test_list_shows_feeds_with_counts(env, capsys):
    assert run(env, "list") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[0] == "3/3" and "World News" in out[0]
    assert "中文新闻" in out[1]


def test_list_follows_feed_order(env, capsys):
    cfg = Path(env[1])
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text("settings:\n  feed_order: updated\n" + text, encoding="utf-8")
    assert run(env, "list") == 0
    out = capsys.readouterr().out.splitlines()
    assert "中文新闻" in out[0] and "World News" in out[1]  # the newest article first


def test_search_english_and_two_chinese_characters(env, capsys):
    assert run(env, "search", "storm") == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert run(env, "search", "台风", "--json") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["title"] for r in rows] == ["台风登陆沿海地区"]
    assert rows[0]["feed"] == "中文新闻"


def test_search_takes_its_query_as_several_words(env, capsys):
    # as people type it: tidings search 台风 OR storm -hits
    assert run(env, "search", "台风", "OR", "storm", "--limit", "50") == 0
    together = capsys.readouterr().out
    assert run(env, "search", "台风 OR storm", "--limit", "50") == 0
    assert capsys.readouterr().out == together and "台风登陆沿海地区" in together
    assert run(env, "search", "--", "storm", "-hits") == 0
    assert "hits" not in capsys.readouterr().out.lower()


def test_search_with_operators_and_a_bad_one(env, capsys):
    assert run(env, "search", "--", "tag:zh", "OR", "storm", "-is:read", "feed:中文") == 0
    [line] = capsys.readouterr().out.splitlines()
    assert "台风登陆沿海地区" in line
    assert run(env, "search", "category:world", "--json") == 0  # newest first
    assert [json.loads(r)["link"][-1] for r in capsys.readouterr().out.splitlines()] == list("321")
    assert run(env, "search", "storm", "after:yesterday") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == 'tidings: after: expected a date such as 2026-11-01, not "yesterday"\n'


def test_search_from_the_command_line_keeps_no_search_history(env, tmp_path, capsys):
    # newsboat's search history is its prompt's; so is the reader's (/ then Up).
    assert run(env, "search", "storm") == 0
    assert not (tmp_path / "t.db.search-history").exists()


def test_search_nothing_found_exits_1(env, capsys):
    assert run(env, "search", "zzzzqqq") == 1
    assert capsys.readouterr().out == ""


def test_output_never_carries_escape_sequences(env, capsys):
    assert run(env, "unread") == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Evil" in out and "title" in out
    assert run(env, "unread", "--json") == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\u001b" not in out


def test_unread_count_and_mark(env, capsys):
    assert run(env, "unread", "--count") == 0
    assert capsys.readouterr().out.strip() == "4"
    assert run(env, "mark", "read", "https://zh.example/1") == 0
    capsys.readouterr()
    assert run(env, "unread", "--count", "--feed", "中文新闻") == 1
    assert capsys.readouterr().out.strip() == "0"
    assert run(env, "mark", "read", "--feed", "World News") == 0
    assert "marked 3 articles read" in capsys.readouterr().out
    assert run(env, "mark", "unread", "https://news.example/1") == 0
    capsys.readouterr()
    assert run(env, "unread", "--count") == 0
    assert capsys.readouterr().out.strip() == "1"


def test_mark_star_and_older_than(env, capsys):
    assert run(env, "mark", "star", "https://news.example/2") == 0
    assert run(env, "mark", "read", "--older-than", "1d") == 0
    capsys.readouterr()
    assert run(env, "unread", "--count") == 1
    assert run(env, "mark", "read", "--older-than", "soon") == 2
    assert "not an age" in capsys.readouterr().err


def test_unknown_id_is_a_clear_error(env, capsys):
    assert run(env, "show", "99999") == 1
    assert "no article with id or link '99999'" in capsys.readouterr().err
    assert run(env, "mark", "read", "https://nowhere.example/") == 1


def test_unknown_feed_is_usage_error(env, capsys):
    assert run(env, "unread", "--feed", "nope") == 2
    assert "no feed matches 'nope'" in capsys.readouterr().err


def test_show_prints_article_with_links_and_neighbours(env, capsys):
    assert run(env, "show", "https://news.example/2", "--width", "60") == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "[1]" in out and "https://x.example/2" in out
    assert "上一篇" in out and "下一篇" in out
    assert "Storm hits coast, day 3" in out and "Storm hits coast, day 1" in out
    assert all(len(line) <= 60 for line in out.splitlines())


def test_export_opml_keeps_categories(env, capsys):
    assert run(env, "export") == 0
    out = capsys.readouterr().out
    assert "<opml" in out and 'xmlUrl="https://news.example/rss"' in out and "中文" in out


def test_import_urls_file(env, tmp_path, capsys):
    urls = tmp_path / "urls"
    urls.write_text(
        'https://new.example/feed tech "~Nice Title"\n# comment\nhttps://news.example/rss\n'
        'javascript:alert(1)\n"exec:~/bin/feed.sh --top 5" "~Scripted"\n'
    )
    assert run(env, "import", str(urls)) == 0
    out, err = capsys.readouterr()
    assert "imported 1 feed into" in out and "left out 1 feed that runs a command" in err
    assert run(env, "import", "--with-commands", str(urls)) == 0
    out, err = capsys.readouterr()
    assert "imported 1 feed into" in out  # the command feed, the others there already
    assert "1 of them runs a command (exec:, filter:), as in newsboat" in out
    assert "javascript:alert(1)" in err and "skipped" in err
    assert run(env, "list") == 0
    listed = capsys.readouterr().out
    assert "Nice Title" in listed and "Scripted  <exec:~/bin/feed.sh --top 5>" in listed


def test_import_says_what_became_of_newsboats_hidden_feeds(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    urls = tmp_path / "urls"
    urls.write_text("https://a.example/rss ! podcasts\nhttps://b.example/rss\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "import", str(urls)]) == 0
    out = capsys.readouterr().out
    assert (
        "1 feed hidden in newsboat (!): tidings has no hidden feeds; it is listed with the"
        " others, tagged hidden (the search tag:hidden finds its articles)"
    ) in out
    feeds = load_config(cfg).feeds
    assert [(f.url, f.category, f.tags) for f in feeds] == [
        ("https://a.example/rss", "podcasts", ("podcasts", "hidden")),
        ("https://b.example/rss", None, ()),
    ]


def test_import_again_speaks_only_of_the_feeds_it_imports_now(tmp_path, capsys):
    """A file: feed comes as newsboat reads it; a feed listed twice comes once, with the
    tags of both lines, and says so; run again, nothing is said of the feeds there."""
    cfg = tmp_path / "feeds.yaml"
    urls = tmp_path / "urls"
    local = (tmp_path / "local.xml").as_uri()
    urls.write_text(
        'https://a.example/rss news ! "~A"\n"exec:feed.sh | cat"\n'
        f"{local} local\nhttps://a.example/rss dup\n"
    )
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "import", "--with-commands", str(urls)]) == 0
    out, err = capsys.readouterr()
    assert err == f"skipped: {urls}: line 4: the same feed as line 1 (its tags dup added there)\n"
    assert out == (
        f"imported 3 feeds into {cfg} (0 already there)\n"
        "1 of them runs a command (exec:, filter:), as in newsboat; 1 written sh -c '…'"
        " (they need a shell)\n"
        "1 feed hidden in newsboat (!): tidings has no hidden feeds; it is listed with the"
        " others, tagged hidden (the search tag:hidden finds its articles)\n"
    )
    assert [(f.url, f.tags) for f in load_config(cfg).feeds] == [
        ("https://a.example/rss", ("news", "hidden", "dup")),
        ('exec:sh -c "feed.sh | cat"', ()),
        (local, ("local",)),
    ]
    assert main([*args, "import", "--with-commands", str(urls)]) == 0
    assert capsys.readouterr().out == f"imported 0 feeds into {cfg} (3 already there)\n"
    assert main([*args, "import", str(urls)]) == 0  # the command feed is there: not left out
    assert capsys.readouterr() == (
        f"imported 0 feeds into {cfg} (3 already there)\n",
        f"skipped: {urls}: line 4: the same feed as line 1 (its tags dup added there)\n",
    )


def test_import_into_a_broken_feeds_yaml_names_its_mistake_and_adds_nothing(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    broken = "feeds:\n  - url: [oops\n"
    cfg.write_text(broken)
    urls = tmp_path / "urls"
    urls.write_text("https://new.example/feed\n")
    assert main(["--config", str(cfg), "--db", str(tmp_path / "d.db"), "import", str(urls)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tidings: {cfg}:3:1: malformed YAML") and "Traceback" not in err
    assert err.endswith("\nNothing was imported.\n")
    assert cfg.read_text() == broken


def test_import_urls_brings_newsboats_query_feeds_as_saved_searches(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("# mine\nfeeds:\n  - demo:world.xml  # keep\nsearches:\n  - 台风\nkeys: {}\n")
    urls = tmp_path / "urls"
    urls.write_text(
        'https://a.example/rss tech\n"query:Unread tech:unread = \\"yes\\" and tags # \\"tech\\""\n'
        '"query:Breaking:title =~ \\"^Breaking\\""\n'
    )
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "import", str(urls)]) == 0
    out, err = capsys.readouterr()
    assert "imported 1 saved search from its query feeds (0 already there)" in out
    assert "query 'Breaking' left out: cannot say the regular expression '^Breaking'" in err
    config = load_config(cfg)
    assert [(s.title, s.query) for s in config.searches] == [
        ("台风", "台风"),
        ("Unread tech", "is:unread tag:tech"),
    ]
    assert cfg.read_text().startswith("# mine\nfeeds:\n  - demo:world.xml  # keep\n")
    assert main([*args, "import", str(urls)]) == 0
    assert (
        "imported 0 saved searches from its query feeds (1 already there)"
        in capsys.readouterr().out
    )


def test_bad_config_names_line(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds:\n  - url: https://ok.example/\n  - url: htp://x\n")
    assert main(["--config", str(cfg), "--db", str(tmp_path / "d.db"), "list"]) == 2
    err = capsys.readouterr().err
    assert "feeds.yaml:3" in err and "htp://x" in err


def test_corrupt_database_is_left_alone(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds:\n  - url: https://ok.example/\n")
    db = tmp_path / "d.db"
    db.write_bytes(b"this is not a database" * 100)
    assert main(["--config", str(cfg), "--db", str(db), "list"]) == 1
    assert str(db) in capsys.readouterr().err
    assert db.read_bytes() == b"this is not a database" * 100


def test_completion_scripts(capsys):
    for shell in ("bash", "zsh", "fish"):
        assert main(["completion", shell]) == 0
        assert "search" in capsys.readouterr().out


def test_pipe_closed_early_ends_quietly(env):
    code = "import sys; from tidings.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *env, "search", "storm"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader goes away at once, like `| head -0`
    err = proc.stderr.read().decode()
    proc.wait()
    assert "Traceback" not in err


def _run_in(env_args: list[str], encoding: str, *, tty: bool) -> tuple[int, bytes, bytes]:
    """`tidings list` with Python's output in `encoding` (a Latin-1 or ASCII locale),
    its stdout a pipe or a terminal; (status, stdout, stderr)."""
    import os
    import pty

    code = "import sys; from tidings.cli import main; sys.exit(main(sys.argv[1:]))"
    environ = {**os.environ, "PYTHONIOENCODING": encoding}
    if not tty:
        proc = subprocess.run(
            [sys.executable, "-c", code, *env_args, "list"],
            capture_output=True,
            env=environ,
            check=False,
        )
        return proc.returncode, proc.stdout, proc.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *env_args, "list"],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=environ,
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    err = proc.stderr.read()
    return proc.wait(), out, err


def test_a_locale_that_cannot_write_chinese_gets_no_traceback(env):
    # a terminal in Latin-1: what it cannot show is a ?, the rest as it is
    status, out, err = _run_in(env, "latin-1", tty=True)
    assert (status, err) == (0, b"")
    assert b"World News" in out and b"????" in out
    # a pipe or a file (a script's data, OPML, JSON) is UTF-8 whatever the locale
    status, out, err = _run_in(env, "ascii", tty=False)
    assert (status, err) == (0, b"")
    assert "中文新闻".encode() in out


# -- against a loopback feed server --------------------------------------------

from tests import feedserver  # noqa: E402

feed_server = feedserver.feed_server

RSS = """<?xml version="1.0" encoding="GBK"?>
<rss version="2.0"><channel><title>南方新闻</title><link>http://x/</link>
<item><guid>g1</guid><title>台风登陆沿海地区</title><link>http://x/1</link>
<description>强台风今天登陆。</description><pubDate>Sun, 01 Nov 2026 08:00:00 +0800</pubDate></item>
</channel></rss>""".encode("gbk")


def test_fetch_then_search_and_related(feed_server, tmp_path, capsys):
    good = feed_server.add("/zh.xml", body=RSS, etag='"v1"')
    bad = feed_server.add("/gone.xml", status=404, body=b"no")
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {good}\n  - url: {bad}\n    title: Gone\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch"]) == 3  # some failed
    out, err = capsys.readouterr()
    assert "1 ok, 0 not modified, 1 failed; 1 new" in out
    assert "HTTP 404" in err
    assert main([*args, "fetch"]) == 3
    assert "0 ok, 1 not modified, 1 failed" in capsys.readouterr().out
    assert main([*args, "list"]) == 0
    listing = capsys.readouterr().out
    assert "南方新闻" in listing and "error: HTTP 404" in listing
    assert main([*args, "search", "台风"]) == 0
    assert "台风登陆沿海地区" in capsys.readouterr().out
    assert main([*args, "related", "http://x/1"]) == 1  # nothing else to relate to
    assert main([*args, "related", "http://x/1", "--more-from"]) == 1


def test_fetch_quiet_prints_only_what_failed(feed_server, tmp_path, capsys):
    # For cron, which mails whatever a job prints: silence when all went well.
    good = feed_server.add("/zh.xml", body=RSS)
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {good}\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch", "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    bad = feed_server.add("/gone.xml", status=404, body=b"no")
    cfg.write_text(f"feeds:\n  - url: {good}\n  - url: {bad}\n")
    assert main([*args, "fetch", "--quiet"]) == 3
    out, err = capsys.readouterr()
    assert out == "" and err.strip().splitlines() == [f"failed: {bad}: HTTP 404 Not Found"]


def test_fetch_named_feed_only(feed_server, tmp_path, capsys):
    good = feed_server.add("/zh.xml", body=RSS)
    other = feed_server.add(
        "/other.xml", body=RSS.replace(b"g1", b"g2").replace(b"http://x/1", b"http://x/2")
    )
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {good}\n    title: One\n  - url: {other}\n    title: Two\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch", "Two"]) == 0
    assert feed_server.hits.get("/zh.xml", 0) == 0
    capsys.readouterr()
    assert main([*args, "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "never fetched" in lines[0] and "1/1" in lines[1]
    assert main([*args, "fetch", "Three"]) == 2


def test_parse_prints_json(tmp_path, capsys):
    path = tmp_path / "f.xml"
    path.write_bytes(RSS)
    assert main(["parse", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "南方新闻"
    assert data["entries"][0]["published"] == "2026-11-01T00:00:00Z"
    assert data["entries"][0]["title"] == "台风登陆沿海地区"


def test_parse_garbage_is_an_error(tmp_path, capsys):
    path = tmp_path / "f.html"
    path.write_text("<html><body>hello</body></html>")
    assert main(["parse", str(path)]) == 1
    assert "f.html" in capsys.readouterr().err


def test_extract_prints_title_and_body(capsys):
    from pathlib import Path

    pages = sorted((Path(__file__).parent.parent / "bench" / "pages").glob("*.html"))
    assert main(["extract", str(pages[0])]) == 0
    out = capsys.readouterr().out
    expected = pages[0].with_suffix(".expected.txt").read_text(encoding="utf-8").split()
    assert expected[0] in out


def test_related_and_more_from_on_the_demo_feeds(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        "feeds:\n"
        "  - url: demo:world.xml\n    category: Demo\n"
        "  - url: demo:china.xml\n    category: Demo\n"
        "  - url: demo:tech.atom\n    category: Demo\n"
        "  - url: demo:science.json\n    category: Demo\n"
    )
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch"]) == 0
    assert "4 ok" in capsys.readouterr().out
    assert main([*args, "search", "Typhoon Kestrel", "--json", "--limit", "1"]) == 0
    typhoon = json.loads(capsys.readouterr().out)
    assert main([*args, "related", str(typhoon["id"]), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all("score" in r for r in rows)
    assert any("Kestrel" in r["title"] or "红隼" in r["title"] for r in rows)
    assert main([*args, "related", typhoon["link"], "--more-from"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("More from")
    assert all(typhoon["title"] not in line for line in out)


def test_reads_work_while_a_fetch_holds_the_write_lock(env, capsys, monkeypatch):
    """A fetch from cron holds the write lock: searches and listings still answer (WAL)."""
    import sqlite3

    from tidings.core import database

    monkeypatch.setattr(database.sqlite3, "connect", _quick_timeout(sqlite3.connect))
    db = env[3]
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        assert run(env, "search", "storm") == 0
        assert run(env, "unread", "--count") == 0
        assert capsys.readouterr().out.splitlines()[-1] == "4"
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def test_write_while_locked_is_a_clear_error(env, capsys, monkeypatch):
    import sqlite3

    from tidings.core import database

    monkeypatch.setattr(database.sqlite3, "connect", _quick_timeout(sqlite3.connect))
    db = env[3]
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        code = run(env, "mark", "read", "https://news.example/1")
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    err = capsys.readouterr().err
    assert code == 1
    assert "locked" in err or "busy" in err
    assert "Traceback" not in err


def _quick_timeout(connect):
    def quick(*args, **kwargs):
        kwargs["timeout"] = 0.1
        conn = connect(*args, **kwargs)
        return _NoBusyTimeout(conn)

    return quick


class _NoBusyTimeout:
    """Wraps a connection so `PRAGMA busy_timeout = 5000` becomes 100 ms in this test."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, sql, *args):
        if sql.strip().lower().startswith("pragma busy_timeout"):
            sql = "PRAGMA busy_timeout = 100"
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def __setattr__(self, name, value):
        if name == "_conn":
            object.__setattr__(self, name, value)
        else:
            setattr(self._conn, name, value)


def test_a_private_feeds_password_is_sent_but_never_shown(feed_server, tmp_path, capsys):
    # newsboat's urls file takes https://user:password@host/feed; so does feeds.yaml
    good = feed_server.add("/private.xml", body=RSS).replace("http://", "http://bob:s3cr@t@")
    bad = feed_server.add("/denied.xml", status=401, body=b"no").replace(
        "http://", "http://bob:pw@"
    )
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: '{good}'\n  - url: '{bad}'\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch"]) == 3
    out, err = capsys.readouterr()
    (seen,) = feed_server.seen("/private.xml")
    assert seen.headers["authorization"] == "Basic " + base64.b64encode(b"bob:s3cr@t").decode()
    assert main([*args, "list"]) == 0
    listing = capsys.readouterr().out
    shown = out + err + listing
    assert "s3cr" not in shown and ":pw@" not in shown
    assert "http://bob:***@127.0.0.1" in err and "HTTP 401" in err
    assert "(the user name or password in the URL was refused)" in err
    assert "<http://bob:***@127.0.0.1" in listing


def test_import_of_a_binary_file_is_refused_without_a_flood(env, tmp_path, capsys):
    """`tidings import /bin/ls` (a wrong file): one line saying what the command takes,
    exit 2, feeds.yaml unchanged; not a 'skipped' line for every line of the binary."""
    binary = tmp_path / "program"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + b"\x00\x01\n\x1b[31m\xff\xfe\n" * 500)
    before = (tmp_path / "feeds.yaml").read_bytes()
    assert run(env, "import", str(binary)) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert "not a text file" in err and "OPML" in err and "urls" in err
    assert "\x1b" not in err
    assert (tmp_path / "feeds.yaml").read_bytes() == before


def test_import_of_a_text_file_that_is_no_urls_file_says_so_briefly(env, tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("".join(f"line {i} of my notes\n" for i in range(300)))
    assert run(env, "import", str(notes)) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) <= 12
    assert "line 1: not an http(s) URL" in lines[0]
    assert lines[-2:] == [
        f"skipped: {notes}: and 290 more",
        f"tidings: {notes} holds no feed tidings can import: it is not an OPML file or a"
        " newsboat urls file (nothing was imported)",
    ]


def test_a_feed_password_shows_nowhere(tmp_path, capsys):
    """A private feed's password (https://user:pass@host/feed) is *** in every output,
    and the masked URL, as `list --json` prints it, names the feed to other commands;
    `export --with-passwords` keeps it for a move to another reader."""
    secret = "https://ann:s3cret@private.example/feed"
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - {secret}\n", encoding="utf-8")
    env = ["--config", str(cfg), "--db", str(tmp_path / "t.db")]
    assert run(env, "list", "--json") == 0
    masked = json.loads(capsys.readouterr().out)["url"]
    assert masked == "https://ann:***@private.example/feed"
    assert run(env, "unread", "--feed", masked, "--count") == 1  # found: no articles yet
    assert capsys.readouterr().out == "0\n"
    assert run(env, "export") == 0
    out, errs = capsys.readouterr()
    assert "s3cret" not in out + errs and 'xmlUrl="https://ann:***@private.example/feed"' in out
    assert "--with-passwords" in errs
    exported = tmp_path / "out.opml"
    exported.write_text(out, encoding="utf-8")
    other = ["--config", str(tmp_path / "other.yaml"), "--db", str(tmp_path / "o.db")]
    assert run(other, "import", str(exported)) == 2  # its only feed left out: no feed in it
    assert capsys.readouterr().err == (
        f"skipped: {exported}: line 7: the password in 'https://ann:***@private.example/feed'"
        " is hidden (***), as `tidings export` writes it: export again with --with-passwords,"
        f" or add the feed with its password\ntidings: {exported}: none of its feeds can be"
        " imported (said above) (nothing was imported)\n"
    )
    assert not (tmp_path / "other.yaml").exists()
    assert run(env, "export", "--with-passwords") == 0
    assert 'xmlUrl="https://ann:s3cret@private.example/feed"' in capsys.readouterr().out
    assert run(env, "fetch", "https://ann:s3cret@elsewhere.example/feed") == 2
    assert run(env, "parse", "http://ann:s3cret@127.0.0.1:9/feed") == 1
    out, errs = capsys.readouterr()
    assert "s3cret" not in out + errs and "ann:***@" in errs


def test_export_names_a_feed_feeds_yaml_gives_no_title_by_its_own(tmp_path, capsys):
    """`tidings add` writes the URL alone; another reader should show the feed's name."""
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - {A}\n  - {B}\n", encoding="utf-8")
    env = ["--config", str(cfg), "--db", str(tmp_path / "t.db")]
    with Store.open(tmp_path / "t.db") as store:
        store.sync_feeds(load_config(cfg).feeds)
        store.record_fetch(A, parsed=ParsedFeed(title="World & Co", entries=[]))
    assert run(env, "export") == 0
    out = capsys.readouterr().out
    assert f'text="World &amp; Co" title="World &amp; Co" xmlUrl="{A}"' in out
    assert f'text="{B}" xmlUrl="{B}"' in out  # never fetched: its URL


def test_one_of_a_thing_is_said_in_the_singular(env, tmp_path, capsys):
    """ "1 feed", "1 article", "1 entry": never "1 feeds" (and the verb agrees)."""
    from tidings.core.plural import counted

    said = [counted(n, "entry", "entries") for n in (0, 1, 2)]
    assert said == ["0 entries", "1 entry", "2 entries"]
    assert run(env, "mark", "read", "https://zh.example/1") == 0
    assert capsys.readouterr().out == "marked 1 article read\n"
    cfg = Path(env[1])
    cfg.write_text(cfg.read_text() + "settings:\n  keep_days: 1\n", encoding="utf-8")
    with Store.open(env[3]) as store:  # the Chinese feed's article is old
        store.conn.execute("UPDATE articles SET published = 0 WHERE guid = 'z1'")
    assert run(env, "prune", "中文新闻") == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("deleted 1 article from 1 feed in ")
    with Store.open(env[3]) as store:
        store.record_fetch(B, parsed=ParsedFeed(entries=[ParsedEntry(id="z2", title="x")]))
    assert run(env, "remove", "中文新闻") == 0
    assert "; its 1 article stays in the database" in capsys.readouterr().out
    urls = tmp_path / "urls"
    urls.write_text('"exec:~/bin/feed.sh" "~Scripted"\nhttps://one.example/rss\n')
    assert run(env, "import", str(urls)) == 0
    out, err = capsys.readouterr()
    assert "imported 1 feed into" in out and "left out 1 feed that runs a command" in err


def test_unknown_actions_in_keys_are_each_named_and_the_actions_listed_once(tmp_path, capsys):
    path = tmp_path / "feeds.yaml"
    keys = (("frob", "x"), ("next_artcle", "ctrl+n"), ("zap", "z"))  # lines 4, 5, 6
    path.write_text(
        "feeds: [demo:world.xml]\n\nkeys:\n" + "".join(f"  {a}: {k}\n" for a, k in keys)
    )
    status = main(["--config", str(path), "--db", str(tmp_path / "k.db")])
    lines = capsys.readouterr().err.splitlines()
    assert status == 2 and len(lines) == 3
    assert lines[0].startswith(f"tidings: {path}:4: keys.frob: unknown action; actions are: ")
    assert "next_article" in lines[0]
    assert lines[1:] == [
        f"{path}:5: keys.next_artcle: unknown action (did you mean 'next_article'?);"
        " the actions are listed at line 4",
        f"{path}:6: keys.zap: unknown action; the actions are listed at line 4",
    ]


def test_show_names_the_neighbours_in_the_articles_own_feed(env, capsys):
    # 台风登陆沿海地区 is the only article of 中文新闻: its 上一篇 / 下一篇 were "day 3" of
    # another feed, from the list of all feeds.
    assert run(env, "show", "https://zh.example/1", "--width", "60") == 0
    out = capsys.readouterr().out
    assert "上一篇 Previous: (none)" in out and "下一篇 Next: (none)" in out


def test_a_word_that_starts_with_a_dash_is_shown_the_way_out(tmp_path, capsys):
    env = ["--config", str(tmp_path / "feeds.yaml"), "--db", str(tmp_path / "t.db")]
    with pytest.raises(SystemExit) as caught:
        main([*env, "search", "-hong"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "tidings search: error: argument -h/--help: ignored explicit argument 'ong'"
        " (a word that starts with '-' goes after --: `tidings search -- -hong`)"
    )
