"""A feed that moves (a permanent redirect) and then goes (410), as `tidings fetch`,
`list` and `remove` tell it: by the URL feeds.yaml lists, with its line."""

from __future__ import annotations

import json

from tests import feedserver
from tests.feedserver import Route
from tidings.cli import main
from tidings.core.config import load_config
from tidings.core.models import ParsedEntry, ParsedFeed
from tidings.core.store import Store

feed_server = feedserver.feed_server

RSS = b"""<rss version="2.0"><channel><title>Moving News</title>
<item><guid>m1</guid><title>We moved</title><link>http://x/m1</link></item>
</channel></rss>"""


def test_a_moved_feed_is_told_once_and_named_by_either_url(feed_server, tmp_path, capsys):
    old = feed_server.add("/old.xml", redirect="/new.xml")
    new = feed_server.add("/new.xml", responses=[Route(body=RSS), Route(status=410, body=b"")])
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - {feed_server.add('/other.xml', body=RSS)}\n  - {old}\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch", "-q"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"moved: {old} -> {new} (a permanent redirect; tidings follows it:"
        f" put the new URL in {cfg}:3)\n"
    )
    assert main([*args, "list", "--json"]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[1])
    assert (row["url"], row["moved_from"]) == (new, old)
    # the second fetch goes to the new URL, which is gone: the error names feeds.yaml's
    assert main([*args, "fetch", "-q", new]) == 1  # named by the URL `list` shows; failed
    assert capsys.readouterr().err == (
        f"failed: {new} (moved from {old}, {cfg}:3): HTTP 410 Gone"
        " (the site took the feed down for good: unsubscribe)\n"
    )
    assert main([*args, "remove", new]) == 0
    assert f"removed Moving News <{old}>" in capsys.readouterr().out
    assert old not in cfg.read_text()


def moved_onto_listed(feed_server, tmp_path, *, new_first: bool):
    """/old.xml moved (301) to /new.xml, and feeds.yaml lists both: their URLs, the
    file, the CLI's arguments."""
    old = feed_server.add("/old.xml", redirect="/new.xml")
    new = feed_server.add("/new.xml", body=RSS)
    cfg = tmp_path / "feeds.yaml"
    first, then = (new, old) if new_first else (old, new)
    cfg.write_text(f"feeds:\n  - {first}\n  - {then}\n")
    return old, new, cfg, ["--config", str(cfg), "--db", str(tmp_path / "d.db")]


def test_a_feed_moving_onto_one_listed_already_is_fetched_once_and_told_once(
    feed_server, tmp_path, capsys
):
    old, new, cfg, args = moved_onto_listed(feed_server, tmp_path, new_first=True)
    assert main([*args, "fetch", "-q"]) == 0
    assert capsys.readouterr().err == (
        f"moved: {old} -> {new} (a permanent redirect; {cfg}:2 lists it too, so it is shown"
        f" once, as that feed: delete {cfg}:3 (`tidings remove {old}`))\n"
    )
    feed_server.requests.clear()
    assert main([*args, "fetch", "-q"]) == 0  # cron: not told again
    assert capsys.readouterr() == ("", "")
    # the old URL is not asked again, and the new one once
    assert (len(feed_server.seen("/old.xml")), len(feed_server.seen("/new.xml"))) == (0, 1)
    assert main([*args, "fetch"]) == 0  # by hand: the line to delete, without "moved:"
    out, err = capsys.readouterr()
    assert "moved:" not in err
    assert (
        f"duplicate: {old} moved to {new}, which {cfg}:2 lists too (shown once, as that feed):"
        f" delete {cfg}:3 (`tidings remove {old}`)" in out
    )
    assert len(feed_server.seen("/new.xml")) == 2 and not feed_server.seen("/old.xml")
    assert main([*args, "fetch", "-q", old]) == 0  # named: fetched as the feed it is
    assert len(feed_server.seen("/new.xml")) == 3 and not feed_server.seen("/old.xml")
    capsys.readouterr()
    assert main([*args, "list"]) == 0
    assert f"the same feed as {new}, shown as that one: delete {cfg}:3" in capsys.readouterr().out
    assert main([*args, "remove", old]) == 0
    assert cfg.read_text() == f"feeds:\n  - {new}\n"


def test_feed_option_takes_the_url_a_feed_moved_from(feed_server, tmp_path, capsys):
    old = feed_server.add("/old.xml", redirect="/new.xml")
    feed_server.add("/new.xml", body=RSS)
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - {old}\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch", "-q"]) == 0
    capsys.readouterr()
    assert main([*args, "unread", "--feed", old]) == 0
    assert "We moved" in capsys.readouterr().out


def unread_titles(args, capsys) -> list[str]:
    capsys.readouterr()
    assert main([*args, "unread"]) == 0
    return [line.split("  ")[-2] for line in capsys.readouterr().out.splitlines()]


def test_a_feed_moving_onto_one_listed_after_it_shows_its_articles_once(
    feed_server, tmp_path, capsys
):
    # the old entry kept its first articles: each showed twice until its line was deleted
    old, new, cfg, args = moved_onto_listed(feed_server, tmp_path, new_first=False)
    assert main([*args, "fetch"]) == 0
    out, err = capsys.readouterr()
    assert "2 ok, 0 not modified, 0 failed; 1 new, 0 updated articles in" in out
    assert f"lists it too, so it is shown once, as that feed: delete {cfg}:2" in err
    assert unread_titles(args, capsys) == ["We moved"]
    assert main([*args, "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"    0/0     Moving News  <{old}>  ok; the same feed as {new}, shown as that one:"
        f" delete {cfg}:2",
        f"    1/1     Moving News  <{new}>  ok",
    ]
    with Store.open(tmp_path / "d.db") as store:  # the feed pane: one feed
        assert [f.url for f in store.feeds()] == [new]


def test_a_store_that_shows_a_moved_feed_twice_is_mended_at_the_next_fetch(
    feed_server, tmp_path, capsys
):
    # as the tidings before left it: the old entry's own copies, one of them read
    old, new, cfg, args = moved_onto_listed(feed_server, tmp_path, new_first=True)
    db = tmp_path / "d.db"
    entries = [
        ParsedEntry(id="m1", title="We moved", link="http://x/m1"),
        ParsedEntry(id="m0", title="Before the move", link="http://x/m0"),
    ]
    with Store.open(db) as store:
        store.sync_feeds(load_config(cfg).feeds)
        store.record_fetch(new, parsed=ParsedFeed(title="Moving News", entries=entries[:1]))
        store.record_fetch(old, parsed=ParsedFeed(title="Moving News", entries=entries))
        old_id, new_id = (store.fetch_state(u).feed_id for u in (old, new))
        store.conn.execute("INSERT INTO feed_aliases(url, feed_id) VALUES (?, ?)", (old, new_id))
        read = store.conn.execute(
            "SELECT id FROM articles WHERE feed_id = ? AND guid = 'm1'", (old_id,)
        ).fetchone()[0]
        store.set_read([read], True)
    assert main([*args, "fetch", "-q"]) == 0
    assert unread_titles(args, capsys) == ["Before the move"]  # read in either: read
    with Store.open(db) as store:
        assert [(f.url, f.unread, f.total) for f in store.feeds()] == [(new, 1, 2)]
        assert [a.title for a in store.search("moved")] == ["We moved"]  # indexed once
