"""A site's "come back later" (429 / 503 with or without Retry-After) is kept per feed
between runs: a refresh of all feeds does not ask it again before then, and says so;
naming the feed asks anyway; a success ends the wait. And schema 8, which keeps it."""

from __future__ import annotations

import email.utils
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests import feedserver
from tests.feedserver import FeedServer, Route
from tidings.cli import main
from tidings.core import schema
from tidings.core.fetch_wait import (
    BACKOFF_FIRST,
    BACKOFF_MAX,
    MAX_WAIT,
    Wait,
    until_text,
    wait_after,
    with_wait,
)
from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, Settings
from tidings.core.refresh import refresh
from tidings.core.store import Store, StoreError

feed_server = feedserver.feed_server
FAST = Settings(connect_timeout=2, read_timeout=2, total_timeout=5, retries=0)
RSS = (
    b'<rss version="2.0"><channel><title>Deals</title>'
    b"<item><guid>d1</guid><title>Daily deal</title><link>http://x/1</link></item>"
    b"</channel></rss>"
)
NOW = 1_800_000_000


def test_retry_after_in_seconds_or_as_a_date_capped_at_a_day():
    assert wait_after("3600", 0, NOW) == Wait(NOW + 3600)
    date = email.utils.formatdate(NOW + 7200, usegmt=True)
    assert wait_after(date, 0, NOW) == Wait(NOW + 7200)
    assert wait_after(str(10 * 86_400), 0, NOW) == Wait(NOW + MAX_WAIT)
    assert wait_after("Wed, 21 Oct 2015 07:28:00 GMT", 900, NOW) == Wait(NOW)  # gone by


def test_without_retry_after_the_wait_starts_modest_and_doubles_up_to_a_cap():
    waits = []
    backoff = 0
    for header in ("", None, "soon", "", "", "", "", ""):
        wait = wait_after(header, backoff, NOW)
        waits.append(wait.until - NOW)
        backoff = wait.backoff
    assert waits[:3] == [BACKOFF_FIRST, 2 * BACKOFF_FIRST, 4 * BACKOFF_FIRST]
    assert waits[-1] == BACKOFF_MAX and waits == sorted(waits)


def test_without_retry_after_the_wait_is_never_shorter_than_the_refresh_interval():
    # it was 15 min whatever refresh_every said: a feed refreshed hourly was asked again
    # at its next refresh anyway
    hour, day = 3600, 86_400
    assert wait_after("", 0, NOW, interval=hour) == Wait(NOW + hour, hour)
    assert wait_after("", hour, NOW, interval=hour) == Wait(NOW + 2 * hour, 2 * hour)
    assert wait_after("", 4 * hour, NOW, interval=hour).backoff == BACKOFF_MAX
    assert wait_after("", day, NOW, interval=day) == Wait(NOW + day, day)  # the cap: a day
    assert wait_after("", 0, NOW, interval=60) == Wait(NOW + BACKOFF_FIRST, BACKOFF_FIRST)
    assert wait_after("600", 0, NOW, interval=hour) == Wait(NOW + 600)  # the site's word


def test_the_wait_is_told_with_the_error_while_it_lasts():
    assert with_wait("HTTP 429 Too Many Requests", NOW + 60, NOW).startswith(
        "HTTP 429 Too Many Requests; the site asked to wait: not asked again before "
    )
    assert with_wait("HTTP 429 Too Many Requests", NOW - 1, NOW) == "HTTP 429 Too Many Requests"
    assert with_wait(None, None, NOW) is None


def feeds(db: Path) -> dict:
    with Store.open(db) as store:
        return {f.url: f for f in store.feeds()}


@pytest.mark.parametrize("status", [429, 503])
def test_a_long_retry_after_is_kept_and_honoured_by_a_refresh_of_all_feeds(
    feed_server: FeedServer, tmp_path: Path, status: int
):
    db = tmp_path / "t.db"
    busy = feed_server.add("/busy", status=status, headers={"Retry-After": "3600"})
    calm = feed_server.add("/calm", body=RSS)
    specs = [FeedSpec(busy), FeedSpec(calm)]
    before = int(time.time())
    first = refresh(db, specs, FAST)
    after = int(time.time())
    assert first.failed == 1 and not first.skipped
    reason = dict(first.errors)[busy]
    assert "; the site asked to wait: not asked again before " in reason
    stored = feeds(db)[busy]
    assert stored.last_error == reason
    assert before + 3600 <= stored.retry_at.timestamp() <= after + 3600

    second = refresh(db, specs, FAST)  # cron, a quarter of an hour later
    assert len(feed_server.seen("/busy")) == 1
    assert second.failed == 0 and second.not_modified + second.ok == 1
    assert second.skipped == [(busy, reason)]

    third = refresh(db, specs, FAST, named=True)  # `tidings fetch NAME`: asked anyway
    assert len(feed_server.seen("/busy")) == 2 and third.failed == 1


def test_one_feed_asked_for_is_asked_anyway_and_a_success_ends_the_wait(
    feed_server: FeedServer, tmp_path: Path
):
    db = tmp_path / "t.db"
    url = feed_server.add("/f", status=429, headers={"Retry-After": "3600"})
    refresh(db, [FeedSpec(url)], FAST)
    feed_server.add("/f", body=RSS)
    s = refresh(db, [FeedSpec(url)], FAST)  # r on the feed in the reader
    assert s.ok == 1 and not s.skipped
    feed = feeds(db)[url]
    assert feed.last_error is None and feed.retry_at is None
    with Store.open(db) as store:
        state = store.fetch_state(url)
        assert state.retry_at is None and state.backoff == 0


def test_without_retry_after_the_backoff_doubles_at_each_answer_in_a_row(
    feed_server: FeedServer, tmp_path: Path
):
    db = tmp_path / "t.db"
    url = feed_server.add("/f", status=503)
    waits = []
    for _ in range(3):
        before = int(time.time())
        refresh(db, [FeedSpec(url)], FAST, named=True)
        after = int(time.time())
        with Store.open(db) as store:
            state = store.fetch_state(url)
        assert before + state.backoff <= state.retry_at <= after + state.backoff
        waits.append(state.backoff)
    assert waits == [BACKOFF_FIRST, 2 * BACKOFF_FIRST, 4 * BACKOFF_FIRST]
    assert len(feed_server.seen("/f")) == 3


def test_the_fetchers_own_short_retries_still_come_first(feed_server: FeedServer, tmp_path):
    db = tmp_path / "t.db"
    url = feed_server.add(
        "/f", responses=[Route(status=429, headers={"Retry-After": "0"}), Route(body=RSS)]
    )
    s = refresh(
        db, [FeedSpec(url), FeedSpec(feed_server.add("/g", body=RSS))], replace(FAST, retries=2)
    )
    assert s.ok == 2 and feeds(db)[url].retry_at is None


def test_cron_asks_a_waiting_site_once_and_the_cli_says_why(feed_server, tmp_path, capsys):
    busy = feed_server.add("/busy", status=429, headers={"Retry-After": "3600"})
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {busy}\n    title: Busy\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch", "-q"]) == 1  # every feed failed: cron mails it, once
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"failed: {busy}: HTTP 429 Too Many Requests; the site")
    assert main([*args, "fetch", "-q"]) == 0  # a quarter of an hour later: silence
    assert capsys.readouterr() == ("", "")
    assert len(feed_server.seen("/busy")) == 1

    assert main([*args, "fetch"]) == 0
    out, err = capsys.readouterr()
    assert f"skipped: {busy}: HTTP 429 Too Many Requests; the site asked to wait" in out
    assert f"(`tidings fetch {busy}` asks anyway)" in out
    assert "0 ok, 0 not modified, 0 failed, 1 skipped" in out
    assert len(feed_server.seen("/busy")) == 1

    assert main([*args, "list"]) == 0
    listing = capsys.readouterr().out
    assert (
        "error: HTTP 429 Too Many Requests; the site asked to wait: not asked again before"
        in listing
    )
    assert main([*args, "list", "--json"]) == 0
    assert '"retry_at": "' in capsys.readouterr().out

    assert main([*args, "fetch", "Busy"]) == 1  # named: asked anyway
    assert len(feed_server.seen("/busy")) == 2


def test_a_429_without_retry_after_says_how_long_tidings_waits(feed_server, tmp_path, capsys):
    busy = feed_server.add("/busy", status=429)
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"settings:\n  refresh_every: 60\n  retries: 0\nfeeds:\n  - {busy}\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    for hours in (1, 2, 4, 6):  # by hand: asked anyway, the wait growing, up to 6 h
        before = int(time.time())
        assert main([*args, "fetch", busy]) == 1
        with Store.open(tmp_path / "d.db") as store:
            until = store.fetch_state(busy).retry_at
        assert before + hours * 3600 <= until <= time.time() + hours * 3600
        assert capsys.readouterr().err.endswith(
            f"failed: {busy}: HTTP 429 Too Many Requests; no Retry-After: tidings waits"
            f" {hours} h (longer at each such answer in a row): not asked again before"
            f" {until_text(until)}\n"
        )
    assert main([*args, "list"]) == 0
    assert "no Retry-After: tidings waits 6 h (longer" in capsys.readouterr().out


# -- schema 8 ----------------------------------------------------------------------------
def _entry(n: int) -> ParsedEntry:
    return ParsedEntry(id=f"g{n}", link=f"http://x/{n}", title=f"Title {n}", content="body")


def _schema_7_store(path: Path, monkeypatch: pytest.MonkeyPatch, error: str | None) -> None:
    """A store as the tidings of schema 7 left it: a feed of two articles, `error`."""
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 7)
    monkeypatch.setattr(Store, "_set_wait", lambda self, feed_id, row, wait: None)  # no waits
    with Store.open(path) as s:
        s.sync_feeds([FeedSpec("http://x/feed")])
        s.record_fetch("http://x/feed", parsed=ParsedFeed(entries=[_entry(1), _entry(2)]))
        s.record_fetch("http://x/feed", error=error)
    monkeypatch.undo()


def test_a_schema_7_store_gets_the_columns_and_keeps_its_feeds(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    _schema_7_store(path, monkeypatch, "HTTP 500 Internal Server Error")
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 8
        (feed,) = s.feeds()
        assert (feed.total, feed.last_error, feed.retry_at) == (
            2,
            "HTTP 500 Internal Server Error",
            None,
        )
        s.record_fetch("http://x/feed", error="HTTP 429", wait=Wait(int(time.time()) + 600))
        assert s.feeds()[0].retry_at is not None


def test_a_crash_in_the_migration_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    _schema_7_store(path, monkeypatch, None)

    def crash(conn):
        raise sqlite3.OperationalError("disk I/O error")

    migrations = list(schema.MIGRATIONS)
    migrations[7] = [*migrations[7], crash]  # a kill once schema 8's columns are made
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    with pytest.raises(StoreError, match="disk I/O error"):
        Store.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
    columns = {r[1] for r in conn.execute("PRAGMA table_info(feeds)")}
    assert "retry_at" not in columns and conn.execute("PRAGMA integrity_check").fetchone() == (
        "ok",
    )
    conn.close()
    monkeypatch.undo()
    with Store.open(path) as s:
        assert s.feeds()[0].total == 2
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
