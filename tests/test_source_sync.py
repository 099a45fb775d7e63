"""feeds.yaml's `source:`: an account on a Google Reader API server (FreshRSS,
Miniflux) pulled into the store and sent the read / starred changes made here,
against a fake server on 127.0.0.1 (tests/greader_server.py)."""

from __future__ import annotations

from tests import feedserver, greader_server
from tests.greader_server import READ, STARRED
from tidings.cli import main
from tidings.core.models import Settings, SourceSpec, View
from tidings.core.refresh import refresh
from tidings.core.source_sync import sync
from tidings.core.store import Store

greader = greader_server.greader
feed_server = feedserver.feed_server

A = "feed/https://a.example/rss"
B = "feed/https://b.example/atom"


def _source(url, password="secret", command=()):
    return SourceSpec(
        type="greader",
        url=url,
        user="alice",
        password=None if command else password,
        password_command=tuple(command),
    )


def _articles(db):
    with Store.open(db) as store:
        found = store.list_articles(View(), limit=1000)
        return {a.title: store.get_article(a.id) for a in found}


def _account(greader):
    greader.subscribe(A, "Alpha news", category="World")
    greader.subscribe(B, "Beta blog")
    one = greader.item(A, "First", html="<p>Hello <b>there</b><script>x()</script></p>")
    two = greader.item(A, "Second", read=True)
    three = greader.item(B, "Third", starred=True)
    return one, two, three


def test_hostile_text_is_cleaned_as_a_feed_s_is(greader, tmp_path):
    greader.subscribe(A, "Alpha\x1b]2;owned\x07 news")
    greader.item(A, "Tom &amp; <b>Jerry</b>\x1b[31m", html="<p>ok</p><script>alert(1)</script>")
    greader.items[-1].link = "javascript:alert(1)"
    db = tmp_path / "d.db"
    sync(db, _source(greader.url), Settings())
    with Store.open(db) as store:
        (feed,) = store.feeds()
        (summary,) = store.list_articles(View())
        article = store.get_article(summary.id)
    assert "\x1b" not in feed.title and "\x07" not in feed.title
    assert article.title.startswith("Tom & Jerry") and article.link is None
    from tidings.core.render import render_article, to_plain

    shown = to_plain(render_article(article, 80).text, 80)
    assert "ok" in shown and "alert(1)" not in shown and "\x1b" not in shown


def test_subscriptions_become_feeds_and_items_articles(greader, tmp_path):
    db = tmp_path / "d.db"
    one, _two, three = _account(greader)
    summary = sync(db, _source(greader.url), Settings())
    assert summary.error is None and summary.feeds == 2 and summary.new == 3
    with Store.open(db) as store:
        feeds = {f.title: f for f in store.feeds()}
    assert set(feeds) == {"Alpha news", "Beta blog"}
    assert feeds["Alpha news"].category == "World" and feeds["Beta blog"].category is None
    assert (feeds["Alpha news"].total, feeds["Alpha news"].unread) == (2, 1)
    arts = _articles(db)
    first = arts["First"]
    assert first.guid == one and first.link == "https://site.example/1"
    assert "<b>there</b>" in first.body_html
    assert first.published.timestamp() == 1_700_000_001
    assert arts["Second"].read and not arts["First"].read
    assert arts["Third"].starred and arts["Third"].guid == three
    assert not arts["First"].starred
    # the usual search finds them
    with Store.open(db) as store:
        assert [r.title for r in store.search("there")] == ["First"]


def test_items_come_page_by_page_and_a_second_pull_asks_since_the_last(greader, tmp_path):
    db = tmp_path / "d.db"
    greader.subscribe(A, "Alpha")
    for n in range(5):
        greader.item(A, f"Item {n}")
    greader.page = 2
    assert sync(db, _source(greader.url), Settings()).new == 5
    assert len(_articles(db)) == 5
    contents = [p for p in greader.paths if "/stream/contents/" in p]
    assert len(contents) == 3  # 2 + 2 + 1
    greader.item(A, "Later", published=2_000_000_000)
    again = sync(db, _source(greader.url), Settings())
    assert again.new == 1 and "Later" in _articles(db)


def test_read_state_from_the_server_follows_on_the_next_pull(greader, tmp_path):
    db = tmp_path / "d.db"
    one, _two, three = _account(greader)
    sync(db, _source(greader.url), Settings())
    greader.tags_of(one).add(READ)  # read and starred elsewhere, not pulled again
    greader.tags_of(one).add(STARRED)
    greader.tags_of(three).discard(STARRED)
    sync(db, _source(greader.url), Settings())
    arts = _articles(db)
    assert arts["First"].read and arts["First"].starred
    assert not arts["Third"].starred
    with Store.open(db) as store:
        assert store.pending_changes() == []  # not sent back


def test_marking_here_is_sent_as_edit_tag(greader, tmp_path):
    db = tmp_path / "d.db"
    one, two, three = _account(greader)
    sync(db, _source(greader.url), Settings())
    arts = _articles(db)
    with Store.open(db) as store:
        store.set_read([arts["First"].id])
        store.set_read([arts["Second"].id], False)
        store.set_starred([arts["First"].id])
        assert len(store.pending_changes()) == 3
    summary = sync(db, _source(greader.url), Settings(), pull=False)
    assert summary.error is None and summary.sent == 3
    assert READ in greader.tags_of(one) and STARRED in greader.tags_of(one)
    assert READ not in greader.tags_of(two)
    with Store.open(db) as store:
        assert store.pending_changes() == []
    # the pull after does not undo them, nor send them back
    sync(db, _source(greader.url), Settings())
    arts = _articles(db)
    assert arts["First"].read and not arts["Second"].read
    with Store.open(db) as store:
        assert store.pending_changes() == []


def test_a_change_made_while_the_server_is_down_is_sent_at_the_next_fetch(greader, tmp_path):
    db = tmp_path / "d.db"
    one, _two, _three = _account(greader)
    sync(db, _source(greader.url), Settings())
    with Store.open(db) as store:
        store.set_read([_articles(db)["First"].id])
    greader.down = True  # (another source.url would be another account)
    failed = sync(db, _source(greader.url), Settings())
    greader.down = False
    assert failed.error and "server up" in failed.error
    with Store.open(db) as store:
        assert len(store.pending_changes()) == 1
        assert all(f.last_error for f in store.feeds())  # shown as the feeds' error
    assert READ not in greader.tags_of(one)
    assert sync(db, _source(greader.url), Settings()).sent == 1
    assert READ in greader.tags_of(one)
    with Store.open(db) as store:
        assert not any(f.last_error for f in store.feeds())


def test_a_wrong_password_is_a_clear_error_and_local_feeds_still_refresh(
    greader, feed_server, tmp_path
):
    _account(greader)
    local = feed_server.add(
        "/local.xml",
        body=b"<rss version='2.0'><channel><title>Local</title>"
        b"<item><guid>l1</guid><title>Local one</title></item></channel></rss>",
    )
    db = tmp_path / "d.db"
    from tidings.core.models import FeedSpec

    summary = refresh(db, [FeedSpec(url=local)], Settings(), source=_source(greader.url, "wrong"))
    assert summary.ok == 1 and summary.failed == 1
    url, reason = summary.errors[0]
    assert url == greader.url
    assert "refused the login (401)" in reason and "check source.user and the password" in reason
    assert "wrong" not in reason
    assert list(_articles(db)) == ["Local one"]
    with Store.open(db) as store:  # a feed of feeds.yaml's marks are its own
        store.set_read([a.id for a in store.list_articles(View())])
        assert store.pending_changes() == []


def test_html_instead_of_json_says_to_check_the_url(greader, tmp_path):
    greader.html = True
    summary = sync(tmp_path / "d.db", _source(greader.url), Settings())
    assert "not the Google Reader API" in summary.error and "source.url" in summary.error


def test_password_command_gives_the_password_and_its_failure_is_told(greader, tmp_path):
    _account(greader)
    ok = sync(tmp_path / "d.db", _source(greader.url, command=("echo", "secret")), Settings())
    assert ok.error is None and ok.new == 3
    bad = sync(tmp_path / "d.db", _source(greader.url, command=("false",)), Settings())
    assert "password_command" in bad.error and "exited with 1" in bad.error
    gone = sync(tmp_path / "d.db", _source(greader.url, command=("no-such-cmd-x",)), Settings())
    assert "not found" in gone.error


def test_tidings_fetch_pulls_the_account_of_feeds_yaml(greader, tmp_path, capsys):
    _account(greader)
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        "source:\n  type: greader\n"
        f"  url: {greader.url}\n  user: alice\n  password_command: echo secret\n"
    )
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch"]) == 0
    out = capsys.readouterr().out
    assert "2 ok, 0 not modified, 0 failed; 3 new" in out
    greader.password = "changed"
    assert main([*args, "fetch"]) == 1
    err = capsys.readouterr().err
    assert f"failed: {greader.url}: the server refused the login" in err


def test_a_failure_mid_pull_keeps_the_pages_stored_and_the_next_pull_asks_again(greader, tmp_path):
    db = tmp_path / "d.db"
    greader.subscribe(A, "Alpha")
    for n in range(5):
        greader.item(A, f"Item {n}")
    greader.page, greader.broken_pages = 2, True
    failed = sync(db, _source(greader.url), Settings())
    assert failed.error and "HTTP 500" in failed.error
    assert sorted(_articles(db)) == ["Item 3", "Item 4"]  # the first page, whole
    with Store.open(db) as store:
        assert store.source_meta("last_pull") is None
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    greader.broken_pages = False
    assert sync(db, _source(greader.url), Settings()).new == 3
    assert len(_articles(db)) == 5


def test_ignore_rules_and_keep_days_of_feeds_yaml_apply_to_the_account(greader, tmp_path):
    import time

    from tidings.core.models import SourceSpec as Spec

    db = tmp_path / "d.db"
    greader.subscribe(A, "Alpha")
    greader.item(A, "[Sponsored] Buy now", published=int(time.time()) - 100)
    greader.item(A, "Fresh news", published=int(time.time()) - 100)
    greader.item(A, "Ancient news", published=1_000_000_000)
    source = Spec("greader", greader.url, "alice", "secret", ignore=("[Sponsored]",))
    summary = refresh(db, [], Settings(keep_days=30), source=source)
    assert summary.errors == [] and summary.ignored == 1
    assert sorted(_articles(db)) == ["Fresh news"]


def test_without_a_source_any_more_fetch_hides_the_accounts_feeds(greader, tmp_path, capsys):
    _account(greader)
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        f"source: {{type: greader, url: '{greader.url}', user: alice, password: secret}}\n"
    )
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch"]) == 0
    cfg.write_text("feeds: []\n")
    main([*args, "fetch"])
    with Store.open(tmp_path / "d.db") as store:
        assert store.feeds() == []
        kept = store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert kept == 3  # the articles are kept, hidden with their feeds


def test_the_first_pull_asks_only_for_keep_days_and_progress_names_the_account(greader, tmp_path):
    import time

    greader.subscribe(A, "Alpha")
    greader.item(A, "Recent", published=int(time.time()) - 100)
    seen = []
    summary = refresh(
        tmp_path / "d.db",
        [],
        Settings(keep_days=7),
        source=_source(greader.url),
        on_progress=seen.append,
    )
    assert summary.new == 1
    (asked,) = [p for p in greader.paths if "/stream/contents/" in p]
    assert [(p.done, p.total, p.url, p.status) for p in seen] == [(1, 1, greader.url, "ok")]
    assert greader.asked_since and time.time() - greader.asked_since[0] > 7 * 86_400 - 60


def test_password_command_is_run_once_and_again_after_a_refused_login(greader, tmp_path):
    counter = tmp_path / "count"
    script = tmp_path / "pw.sh"
    script.write_text(f"#!/bin/sh\necho x >> {counter}\necho secret\n")
    script.chmod(0o755)
    source = _source(greader.url, command=(str(script), str(tmp_path)))
    assert sync(tmp_path / "d.db", source, Settings()).error is None
    assert sync(tmp_path / "d.db", source, Settings()).error is None
    assert counter.read_text().count("x") == 1
    greader.password = "new"
    assert "refused" in sync(tmp_path / "d.db", source, Settings()).error
    sync(tmp_path / "d.db", source, Settings())
    assert counter.read_text().count("x") == 2  # asked again after the refusal
