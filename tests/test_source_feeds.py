"""The account of feeds.yaml's `source:` one feed at a time, through the CLI: `tidings
add` subscribes on the server (quickadd, or subscription/edit with a category),
`remove` unsubscribes, `fetch NAME` pulls one feed, `prune` keeps the account's feeds
as any other's; and a switch of account sends nothing made for the old one to the
new one. Against a fake FreshRSS on 127.0.0.1 (tests/greader_server.py)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from tests import greader_server
from tests.greader_server import READ
from tidings.cli import main
from tidings.core.models import Settings, View
from tidings.core.store import Store

greader = greader_server.greader

A = "feed/https://a.example/rss"
NEWS = "https://news.example/rss"
LOCAL = Path(__file__).parent / "fixtures" / "feeds" / "rss20.xml"  # feeds.yaml's own


def _setup(tmp_path, greader, *, user="alice", extra=""):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        f"{extra}source: {{type: greader, url: '{greader.url}', user: {user}, password: secret}}\n"
        f"feeds:\n  - {LOCAL}\n"
    )
    return ["--config", str(cfg), "--db", str(tmp_path / "d.db")]


def _feeds(tmp_path):
    with Store.open(tmp_path / "d.db") as store:
        return {f.title: f for f in store.feeds()}


def _titles(tmp_path, feed_id):
    with Store.open(tmp_path / "d.db") as store:
        return sorted(a.title for a in store.list_articles(View(feed_id=feed_id), limit=100))


def test_add_subscribes_on_the_server_and_stores_its_articles(greader, tmp_path, capsys):
    greader.offer(NEWS, "Daily News", ["One", "Two"], site="https://news.example")
    args = _setup(tmp_path, greader)
    assert main([*args, "add", "news.example"]) == 0
    out = capsys.readouterr().out
    assert "added to your account (alice at http://127.0.0.1:" in out
    assert "Daily News <feed/101>; 2 new articles in the store" in out
    (asked,) = greader.subscribing
    assert asked["path"] == ["/reader/api/0/subscription/quickadd"]
    assert asked["quickadd"] == ["https://news.example"]  # the server finds the site's feed
    assert greader.sub_titles() == ["Daily News"]
    feed = _feeds(tmp_path)["Daily News"]
    assert _titles(tmp_path, feed.id) == ["One", "Two"]
    assert (tmp_path / "feeds.yaml").read_text().count("- ") == 1  # feeds.yaml untouched
    # again: nothing sent, said so
    assert main([*args, "add", NEWS]) == 0
    assert "already in your account" in capsys.readouterr().out
    assert len(greader.subscribing) == 1


def test_add_with_a_category_subscribes_with_its_label(greader, tmp_path, capsys):
    greader.offer(NEWS, "Daily News", ["One"])
    args = _setup(tmp_path, greader)
    assert main([*args, "add", NEWS, "--category", "World", "--title", "DN"]) == 0
    (asked,) = greader.subscribing
    assert asked["path"][0].endswith("/subscription/edit")
    assert asked["ac"] == ["subscribe"] and asked["s"] == [f"feed/{NEWS}"]
    assert asked["a"] == ["user/-/label/World"] and asked["t"] == ["DN"]
    feed = _feeds(tmp_path)["DN"]
    assert feed.category == "World" and feed.total == 1


def test_add_refused_or_server_down_says_so_and_changes_nothing(greader, tmp_path, capsys):
    args = _setup(tmp_path, greader)
    before = (tmp_path / "feeds.yaml").read_text()
    assert main([*args, "add", "https://nothing.example/"]) == 1
    err = capsys.readouterr().err
    assert "not added to your account" in err
    assert "could not subscribe to https://nothing.example/: https://nothing.example/ is not" in err
    assert greader.subs == [] and (tmp_path / "feeds.yaml").read_text() == before
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(before.replace(greader.url.split("/api")[0], f"http://127.0.0.1:{port}"))
    assert main([*args, "add", NEWS]) == 1
    err = capsys.readouterr().err
    assert "not added to your account" in err and "is the server up" in err
    assert "nothing changed" in err


def test_add_local_goes_to_feeds_yaml_and_tags_need_it(greader, tmp_path, capsys):
    args = _setup(tmp_path, greader)
    assert main([*args, "add", NEWS, "--tag", "x"]) == 2
    assert "--tag is for feeds.yaml's feeds" in capsys.readouterr().err
    assert main([*args, "add", "--local", "file:///nonexistent.xml"]) != 0  # tried locally
    assert greader.subscribing == []


def test_remove_unsubscribes_on_the_server_and_hides_the_feed(greader, tmp_path, capsys):
    greader.subscribe(A, "Alpha news")
    greader.item(A, "Story")
    args = _setup(tmp_path, greader)
    main([*args, "fetch"])
    capsys.readouterr()
    assert main([*args, "remove", "alpha"]) == 0
    out = capsys.readouterr().out
    assert "unsubscribed from Alpha news <feed/https://a.example/rss> on your account" in out
    assert "its 1 article stays in the database" in out
    (asked,) = greader.subscribing
    assert asked["ac"] == ["unsubscribe"] and asked["s"] == [A]
    assert greader.subs == []
    assert "Alpha news" not in _feeds(tmp_path)
    with Store.open(tmp_path / "d.db") as store:  # kept, hidden, as a local remove does
        kept = "SELECT COUNT(*) FROM articles WHERE title = 'Story'"
        assert store.conn.execute(kept).fetchone()[0] == 1


def test_remove_when_the_server_refuses_keeps_the_feed(greader, tmp_path, capsys):
    greader.subscribe(A, "Alpha news")
    args = _setup(tmp_path, greader)
    main([*args, "fetch"])
    greader.password = "changed"
    capsys.readouterr()
    assert main([*args, "remove", "Alpha news"]) == 1
    err = capsys.readouterr().err
    assert "not unsubscribed from your account" in err and "refused the login" in err
    assert "Alpha news" in _feeds(tmp_path) and len(greader.subs) == 1


def test_fetch_name_pulls_that_feed_of_the_account(greader, tmp_path, capsys):
    greader.subscribe(A, "Alpha news")
    greader.subscribe("feed/https://b.example/rss", "Beta")
    greader.item(A, "Old")
    args = _setup(tmp_path, greader)
    main([*args, "fetch"])
    capsys.readouterr()
    now = int(time.time())
    greader.item(A, "Fresh", published=now)
    greader.item("feed/https://b.example/rss", "Not asked", published=now)
    assert main([*args, "fetch", "Alpha news"]) == 0
    out = capsys.readouterr().out
    assert "1 ok, 0 not modified, 0 failed; 1 new" in out
    asked = [p for p in greader.paths if "/stream/contents/" in p]
    assert asked[-1].endswith("/stream/contents/feed/https%3A%2F%2Fa.example%2Frss")
    assert _titles(tmp_path, _feeds(tmp_path)["Alpha news"].id) == ["Fresh", "Old"]
    assert _feeds(tmp_path)["Beta"].total == 0


def test_prune_keeps_the_account_s_feeds_to_max_items(greader, tmp_path, capsys):
    greader.subscribe(A, "Alpha news")
    for n in range(4):
        greader.item(A, f"Story {n}")
    args = _setup(tmp_path, greader)
    main([*args, "fetch"])
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("settings: {max_items: 2}\n" + cfg.read_text())
    capsys.readouterr()
    assert main([*args, "prune", "Alpha news"]) == 0
    out = capsys.readouterr().out
    assert "Alpha news: deleted 2 (2 beyond the newest 2)" in out
    assert _feeds(tmp_path)["Alpha news"].total == 2


def test_switching_account_never_sends_the_old_one_s_marks(greader, tmp_path, capsys):
    greader.subscribe(A, "Alpha news")
    item = greader.item(A, "Story")
    args = _setup(tmp_path, greader)
    main([*args, "fetch"])
    with Store.open(tmp_path / "d.db") as store:
        (story,) = [a for a in store.list_articles(View()) if a.title == "Story"]
        store.set_read([story.id], True)
        assert store.pending_changes() == [(item, "read", 1)]
    # the same server, another user (another account): the mark is alice's
    greader.user = "bob"
    args = _setup(tmp_path, greader, user="bob")
    capsys.readouterr()
    assert main([*args, "fetch"]) == 0
    err = capsys.readouterr().err
    assert "source: switched from alice at http://127.0.0.1:" in err
    assert "its 1 read / starred change not sent yet is kept for it" in err
    assert greader.edits == [] and READ not in greader.tags_of(item)
    feeds = _feeds(tmp_path)
    assert feeds["Alpha news"].unread == 1  # bob's own state of the item
    # back to alice: her mark goes now
    greader.user = "alice"
    args = _setup(tmp_path, greader)
    assert main([*args, "fetch"]) == 0
    assert "1 change kept for this account is sent now" in capsys.readouterr().err
    assert READ in greader.tags_of(item)
    assert _feeds(tmp_path)["Alpha news"].unread == 0


def test_a_mark_on_a_put_away_account_s_article_is_not_sent(greader, tmp_path, capsys):
    from tidings.core.models import SourceSpec
    from tidings.core.source_sync import sync

    greader.subscribe(A, "Alpha news")
    item = greader.item(A, "Story")
    main([*_setup(tmp_path, greader), "fetch"])
    other = greader_server.GReaderServer()  # another server, its feed 1 is another feed
    other._thread.start()
    try:
        bob = SourceSpec("greader", other.url, "alice", "secret")
        assert "switched from alice at" in sync(tmp_path / "d.db", bob, Settings()).note
        with Store.open(tmp_path / "d.db") as store:
            store.conn.execute("UPDATE articles SET read = 1 WHERE guid = ?", (item,))
            store.conn.commit()
            assert store.pending_changes() == []  # alice's article: not for this server
        assert sync(tmp_path / "d.db", bob, Settings()).sent == 0 and other.edits == []
    finally:
        other._httpd.shutdown()
        other._httpd.server_close()
