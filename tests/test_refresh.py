"""refresh(): feeds fetched over loopback HTTP end up in the store, errors per feed."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from tests import feedserver
from tests.feedserver import FeedServer
from tidings.core.models import FeedSpec, Settings, View
from tidings.core.refresh import Progress, refresh
from tidings.core.store import Store

feed_server = feedserver.feed_server
FIXTURE = Path(__file__).parent / "fixtures" / "fetch" / "tiny.xml"
BODY = FIXTURE.read_bytes()
FAST = Settings(connect_timeout=2, read_timeout=2, total_timeout=5)


def rss(title: str, *items: str) -> bytes:
    entries = "".join(
        f"<item><guid>{i}</guid><title>{i}</title><link>http://example.org/{i}</link>"
        f"<description>about {i}</description></item>"
        for i in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.org/</link>{entries}</channel></rss>"
    ).encode()


def feeds_by_url(db: Path) -> dict:
    with Store.open(db) as store:
        return {f.url: f for f in store.feeds()}


def titles(db: Path, url: str) -> list[str]:
    with Store.open(db) as store:
        feed = next(f for f in store.feeds() if f.url == url)
        return sorted(a.title for a in store.list_articles(View(feed_id=feed.id)))


def test_ok_then_not_modified_with_etag(feed_server: FeedServer, tmp_path: Path):
    db = tmp_path / "t.db"
    url = feed_server.add("/feed", body=rss("One", "a", "b"), etag='"v1"')
    seen: list[Progress] = []
    s = refresh(db, [FeedSpec(url)], FAST, on_progress=seen.append)
    assert (s.ok, s.not_modified, s.failed, s.new, s.updated) == (1, 0, 0, 2, 0)
    assert seen == [Progress(1, 1, url, "ok")]
    assert feeds_by_url(db)[url].title == "One"
    assert titles(db, url) == ["a", "b"]

    s = refresh(db, [FeedSpec(url)], FAST)
    assert (s.ok, s.not_modified, s.new) == (0, 1, 0)
    assert [r.headers.get("if-none-match") for r in feed_server.seen("/feed")] == [None, '"v1"']
    assert titles(db, url) == ["a", "b"]


def test_changed_feed_adds_new_items(feed_server: FeedServer, tmp_path: Path):
    db = tmp_path / "t.db"
    url = feed_server.add("/feed", body=rss("One", "a"), etag='"v1"')
    refresh(db, [FeedSpec(url)], FAST)
    feed_server.add("/feed", body=rss("One", "a", "c"), etag='"v2"')
    s = refresh(db, [FeedSpec(url)], FAST)
    assert (s.ok, s.new) == (1, 1)
    assert titles(db, url) == ["a", "c"]


def test_permanent_redirect_moves_the_feed(feed_server: FeedServer, tmp_path: Path):
    db = tmp_path / "t.db"
    new = feed_server.add("/new", body=rss("Moved", "x"), etag='"m"')
    old = feed_server.add("/old", redirect="/new", status=301)
    s = refresh(db, [FeedSpec(old)], FAST)
    assert s.ok == 1
    assert list(feeds_by_url(db)) == [new]
    # the next refresh of the same config goes straight to the new URL, conditionally
    s = refresh(db, [FeedSpec(old)], FAST)
    assert s.not_modified == 1
    assert len(feed_server.seen("/old")) == 1
    assert feed_server.seen("/new")[-1].headers["if-none-match"] == '"m"'


def test_broken_feeds_do_not_stop_others(feed_server: FeedServer, tmp_path: Path):
    db = tmp_path / "t.db"
    good = feed_server.add("/good", body=rss("Good", "g1", "g2"))
    missing = feed_server.add("/missing", body=b"", status=404)
    crash = feed_server.add("/crash", body=b"", status=500)
    html = feed_server.add("/html", body=b"<!DOCTYPE html><html><body>hi</body></html>")
    loop = feed_server.add("/loop", redirect="/loop2")
    feed_server.add("/loop2", redirect="/loop")
    specs = [FeedSpec(u) for u in (missing, good, crash, html, loop)]
    s = refresh(db, specs, FAST)
    assert (s.ok, s.failed, s.new) == (1, 4, 2)
    errors = dict(s.errors)
    assert errors[missing] == "HTTP 404 Not Found"
    assert errors[crash] == "HTTP 500 Internal Server Error"
    assert errors[html].startswith("not a feed")
    assert errors[loop] == "redirect loop"
    feeds = feeds_by_url(db)
    assert feeds[missing].last_error == "HTTP 404 Not Found"
    assert feeds[good].last_error is None and feeds[good].total == 2


def test_error_clears_after_success(feed_server: FeedServer, tmp_path: Path):
    db = tmp_path / "t.db"
    url = feed_server.add("/f", status=503)
    refresh(db, [FeedSpec(url)], replace(FAST, retries=0))
    assert feeds_by_url(db)[url].last_error.startswith(
        "HTTP 503 Service Unavailable; no Retry-After: tidings waits 15 min (longer at each such answer in a row): not asked again before "
    )
    feed_server.add("/f", body=rss("Back", "z"))
    refresh(db, [FeedSpec(url)], FAST)  # one feed: named, asked in spite of the wait
    assert feeds_by_url(db)[url].last_error is None and feeds_by_url(db)[url].retry_at is None


def test_refused_and_timeout(feed_server: FeedServer, tmp_path: Path):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    refused = f"http://127.0.0.1:{sock.getsockname()[1]}/feed"
    sock.close()
    slow = feed_server.add("/slow", body=BODY, trickle=1.0)
    s = refresh(
        tmp_path / "t.db", [FeedSpec(refused), FeedSpec(slow)], replace(FAST, read_timeout=0.2)
    )
    assert dict(s.errors) == {
        refused: "connection refused",
        slow: "timed out after 0.2 s waiting for data",
    }


def test_local_sources(tmp_path: Path):
    db = tmp_path / "t.db"
    s = refresh(db, [FeedSpec(FIXTURE.as_uri()), FeedSpec(str(tmp_path / "none.xml"))], FAST)
    assert (s.ok, s.failed, s.new) == (1, 1, 2)
    assert titles(db, FIXTURE.as_uri()) == ["First local item", "第二条"]


def test_many_feeds_with_small_concurrency(feed_server: FeedServer, tmp_path: Path):
    db = tmp_path / "t.db"
    urls = [feed_server.add(f"/f{i}", body=rss(f"F{i}", f"i{i}")) for i in range(30)]
    done: list[int] = []
    s = refresh(
        db,
        [FeedSpec(u) for u in urls],
        replace(FAST, concurrency=2),
        on_progress=lambda p: done.append(p.done),
    )
    assert (s.ok, s.new) == (30, 30)
    assert done == list(range(1, 31))


def test_duplicate_specs_are_fetched_once(feed_server: FeedServer, tmp_path: Path):
    url = feed_server.add("/f", body=rss("F", "a"))
    s = refresh(tmp_path / "t.db", [FeedSpec(url), FeedSpec(url, title="again")], FAST)
    assert s.ok == 1 and len(feed_server.seen("/f")) == 1


def test_stop_abandons_remaining_feeds(feed_server: FeedServer, tmp_path: Path):
    urls = [feed_server.add(f"/f{i}", body=rss(f"F{i}", f"i{i}")) for i in range(20)]
    stop = threading.Event()

    def on_progress(p: Progress) -> None:
        stop.set()

    s = refresh(
        tmp_path / "t.db",
        [FeedSpec(u) for u in urls],
        replace(FAST, concurrency=1),
        on_progress=on_progress,
        stop=stop,
    )
    assert 1 <= s.ok < 20


def test_no_feeds(tmp_path: Path):
    s = refresh(tmp_path / "t.db", [], FAST)
    assert (s.ok, s.failed, s.errors) == (0, 0, [])


async def test_refresh_from_a_worker_thread_while_a_loop_runs(
    feed_server: FeedServer, tmp_path: Path
):
    import asyncio

    url = feed_server.add("/f", body=rss("Threaded", "t1"))
    s = await asyncio.to_thread(refresh, tmp_path / "t.db", [FeedSpec(url)], FAST)
    assert (s.ok, s.new) == (1, 1)


def test_progress_callback_error_reaches_the_caller(feed_server: FeedServer, tmp_path: Path):
    import pytest

    urls = [feed_server.add(f"/f{i}", body=rss(f"F{i}", f"i{i}")) for i in range(3)]

    def boom(p: Progress) -> None:
        raise RuntimeError("progress display broke")

    with pytest.raises(RuntimeError, match="progress display broke"):
        refresh(tmp_path / "t.db", [FeedSpec(u) for u in urls], FAST, on_progress=boom)


def test_many_feeds_parsed_in_a_helper_process(
    feed_server: FeedServer, tmp_path: Path, monkeypatch
):
    """A refresh of many feeds fetches, parses and prepares the FTS rows in a helper
    process; what ends up stored is the same as when this process does it all."""
    import tidings.core.refresh as refresh_mod
    from tidings.core import refresh_fetch

    urls = [feed_server.add(f"/p{i}", body=rss(f"P{i}", f"x{i}", f"y{i}")) for i in range(12)]
    urls.append(feed_server.add("/broken", body=b"<html>not a feed</html>"))
    monkeypatch.setattr(refresh_mod, "use_helper", lambda jobs: True)
    helpers: list[refresh_fetch.HelperFetch] = []
    real_init = refresh_fetch.HelperFetch.__init__

    def init(self, *args, **kwargs):
        helpers.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(refresh_fetch.HelperFetch, "__init__", init)
    db = tmp_path / "t.db"
    s = refresh(db, [FeedSpec(u) for u in urls], FAST)
    assert (s.ok, s.failed, s.new) == (12, 1, 24)
    assert len(helpers) == 1 and len(helpers[0].reported) == 13  # all came from the helper
    assert titles(db, urls[5]) == ["x5", "y5"]
    assert s.errors and s.errors[0][0] == urls[-1]
    with Store.open(db) as store:
        hits = store.conn.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'about'"
        ).fetchone()[0]
        assert hits == 24
        assert [a.title for a in store.search("y7")] == ["y7"]


def test_feeds_a_dead_helper_never_sent_are_fetched_here(
    feed_server: FeedServer, tmp_path: Path, monkeypatch
):
    """If the helper process dies part-way, the feeds it never reported are fetched and
    stored by this process: none is lost, none is counted twice."""
    import tidings.core.refresh as refresh_mod
    from tidings.core import refresh_fetch

    urls = [feed_server.add(f"/d{i}", body=rss(f"D{i}", f"a{i}", f"b{i}")) for i in range(20)]
    monkeypatch.setattr(refresh_mod, "use_helper", lambda jobs: True)
    real_source = refresh_fetch.HelperFetch.source

    def source(self, timeout):
        if len(self.reported) >= 5:
            return None  # as if the helper had died: its pipe at EOF
        return real_source(self, timeout)

    monkeypatch.setattr(refresh_fetch.HelperFetch, "source", source)
    seen: list[Progress] = []
    db = tmp_path / "t.db"
    s = refresh(db, [FeedSpec(u) for u in urls], FAST, on_progress=seen.append)
    assert (s.ok, s.failed, s.new) == (20, 0, 40)
    assert [p.done for p in seen] == list(range(1, 21))
    assert sorted(p.url for p in seen) == sorted(urls)
    assert all(titles(db, u) == [f"a{i}", f"b{i}"] for i, u in enumerate(urls))


def test_helper_only_when_many_feeds_will_need_parsing(monkeypatch):
    """A first fetch of many feeds goes to a helper process; a refresh of feeds with
    ETag / Last-Modified (mostly "not modified") or of a few feeds stays here."""
    import tidings.core.refresh as refresh_mod
    from tidings.core.refresh_writer import Job

    monkeypatch.setattr(refresh_mod.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    cold = [Job(f"http://a.test/{i}", None, None) for i in range(40)]
    warm = [Job(f"http://a.test/{i}", '"e"', None) for i in range(40)]
    assert refresh_mod.use_helper(cold)
    assert not refresh_mod.use_helper(warm)
    assert not refresh_mod.use_helper(cold[:5] + warm)
    monkeypatch.setattr(refresh_mod.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not refresh_mod.use_helper(cold)  # one core: nothing to gain


def test_helper_starts_where_stderr_has_no_file(feed_server: FeedServer, tmp_path: Path):
    """Inside the reader, Textual replaces sys.stderr with an object whose fileno() is
    -1; starting the helper (and multiprocessing's resource tracker) must still work.
    Run in a fresh interpreter, where no tracker is running yet."""
    import subprocess
    import sys

    urls = [feed_server.add(f"/s{i}", body=rss(f"S{i}", f"s{i}")) for i in range(20)]
    script = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parent.parent / "src")!r})
from tidings.core import refresh as r
from tidings.core.models import FeedSpec, Settings
class Captured:
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1
if __name__ == "__main__":
    r.use_helper = lambda jobs: True
    started = []
    real = r.HelperFetch.__init__
    def init(self, *a, **k):
        real(self, *a, **k)
        started.append(1)
    r.HelperFetch.__init__ = init
    sys.stderr = Captured()
    s = r.refresh({str(tmp_path / "t.db")!r}, [FeedSpec(u) for u in {urls!r}],
                  Settings(retries=0))
    print(s.ok, s.failed, len(started))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert out.stdout.split() == ["20", "0", "1"], out.stderr[-2000:]
