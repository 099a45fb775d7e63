"""exec: and filter: feeds (newsboat's): a command's output is the feed. The commands
are small Python scripts written into tmp_path and run with this interpreter; a
filter's URL is served by tests/feedserver.py on 127.0.0.1."""

from __future__ import annotations

import os
import select
import shlex
import sys
import threading
from pathlib import Path

import pytest

from tests import feedserver
from tests.feedserver import FeedServer
from tidings.core.config import ConfigError, load_config
from tidings.core.models import Config, FeedSpec, Settings, View
from tidings.core.refresh import refresh
from tidings.core.store import Store

feed_server = feedserver.feed_server
FAST = Settings(connect_timeout=2, read_timeout=2, total_timeout=20)

RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
    "<title>{title}</title><link>https://script.example/</link>{items}</channel></rss>"
)


def rss(title: str, *items: str) -> str:
    return RSS.format(
        title=title,
        items="".join(
            f"<item><guid>{i}</guid><title>{i}</title><link>/{i}</link></item>" for i in items
        ),
    )


def script(tmp_path: Path, name: str, code: str) -> Path:
    path = tmp_path / name
    path.write_text("import os, sys, time, subprocess\n" + code, encoding="utf-8")
    return path


def exec_url(path: Path, *args: str) -> str:
    return "exec:" + shlex.join([sys.executable, str(path), *args])


def printing(tmp_path: Path, name: str, text: str) -> str:
    """An exec: URL whose command prints `text`."""
    return exec_url(script(tmp_path, name, f"sys.stdout.write({text!r})\n"))


PY = shlex.quote(sys.executable)  # the program, as an error message shows it


def failure(tmp_path: Path, code: str, settings: Settings = FAST) -> str:
    """The error of an exec: feed whose command is the script `code`, refreshed alone."""
    url = exec_url(script(tmp_path, "command.py", code))
    s = refresh(tmp_path / "t.db", [FeedSpec(url)], settings)
    assert s.failed == 1 and [u for u, _ in s.errors] == [url]
    assert stored(tmp_path / "t.db", url)[2] == s.errors[0][1]  # as `tidings list` shows it
    return s.errors[0][1]


def stored(db: Path, url: str) -> tuple[str | None, list[tuple[str, str]], str | None]:
    """A feed's title, its articles (title, link) and its last error."""
    with Store.open(db) as store:
        feed = next(f for f in store.feeds() if f.url == url)
        articles = sorted((a.title, a.link) for a in store.list_articles(View(feed_id=feed.id)))
        return feed.title, articles, feed.last_error


def feeds_by_url(db: Path) -> dict:
    with Store.open(db) as store:
        return {f.url: f for f in store.feeds()}


def gone(pid: int, within: float = 30.0) -> bool:
    """The process has ended (or ends within `within` seconds: a killed process takes a
    moment to die, and the kill may come from a helper process): no such process, or a
    zombie nobody has reaped yet. Waits on a pidfd, which is readable once it exits."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    except (AttributeError, OSError):  # no pidfd here: as it is now
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            return True
        return stat.rsplit(")", 1)[1].split()[0] == "Z"
    try:
        return bool(select.select([fd], [], [], within)[0])
    finally:
        os.close(fd)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


# -- running --------------------------------------------------------------------------------


def test_exec_feed_is_the_commands_output(tmp_path):
    db = tmp_path / "t.db"
    url = printing(tmp_path, "feed.py", rss("From a script", "one", "two"))
    s = refresh(db, [FeedSpec(url)], FAST)
    assert (s.ok, s.failed, s.new) == (1, 0, 2)
    title, articles, error = stored(db, url)
    assert title == "From a script" and error is None
    # relative links resolved against the feed's own <link>, not against "exec:…"
    assert articles == [
        ("one", "https://script.example/one"),
        ("two", "https://script.example/two"),
    ]


def test_exec_output_in_another_encoding_is_detected_as_for_http(tmp_path):
    db = tmp_path / "t.db"
    body = rss("新闻", "台风登陆").replace("utf-8", "gbk")
    path = script(tmp_path, "gbk.py", f"sys.stdout.buffer.write({body.encode('gbk')!r})\n")
    s = refresh(db, [FeedSpec(exec_url(path))], FAST)
    assert s.ok == 1
    assert stored(db, exec_url(path))[:2] == (
        "新闻",
        [("台风登陆", "https://script.example/台风登陆")],
    )


def test_filter_pipes_the_fetched_feed_through_the_command(feed_server: FeedServer, tmp_path):
    db = tmp_path / "t.db"
    source = feed_server.add("/src.xml", body=rss("Site", "a", "b").encode(), etag='"v1"')
    runs = tmp_path / "runs"
    upper = script(
        tmp_path,
        "upper.py",
        f"open({str(runs)!r}, 'a').write('ran\\n')\n"
        "data = sys.stdin.read()\n"
        "sys.stdout.write(data.replace('<title>a<', '<title>A (filtered)<'))\n",
    )
    url = f"filter:{shlex.join([sys.executable, str(upper)])}:{source}"
    s = refresh(db, [FeedSpec(url)], FAST)
    assert (s.ok, s.new) == (1, 2)
    title, articles, _ = stored(db, url)
    assert title == "Site"
    assert [t for t, _ in articles] == ["A (filtered)", "b"]
    # relative links are resolved against the URL fetched, as for the site's own feed
    assert dict(articles)["b"] == feed_server.url("/b")
    # conditional GET on the URL: "not modified" leaves the filter unrun
    s = refresh(db, [FeedSpec(url)], FAST)
    assert (s.ok, s.not_modified, s.failed) == (0, 1, 0)
    assert [r.headers.get("if-none-match") for r in feed_server.seen("/src.xml")] == [None, '"v1"']
    assert runs.read_text() == "ran\n"


def test_a_filters_url_that_moved_for_good_is_followed_next_time(feed_server: FeedServer, tmp_path):
    db = tmp_path / "t.db"
    new = feed_server.add("/new.xml", body=rss("Site", "a").encode())
    old = feed_server.add("/old.xml", redirect=new, status=301)
    cat = shlex.join(
        [sys.executable, str(script(tmp_path, "cat.py", "sys.stdout.write(sys.stdin.read())\n"))]
    )
    spec = FeedSpec(f"filter:{cat}:{old}")
    assert refresh(db, [spec], FAST).ok == 1
    assert f"filter:{cat}:{new}" in feeds_by_url(db)  # the same command, the new address
    assert refresh(db, [spec], FAST).ok == 1
    assert len(feed_server.seen("/old.xml")) == 1 and len(feed_server.seen("/new.xml")) == 2


def test_a_filters_url_that_fails_is_the_feeds_error(feed_server: FeedServer, tmp_path):
    db = tmp_path / "t.db"
    missing = feed_server.add("/gone.xml", status=404, body=b"no")
    cat = script(tmp_path, "cat.py", "sys.stdout.write(sys.stdin.read())\n")
    url = f"filter:{shlex.join([sys.executable, str(cat)])}:{missing}"
    s = refresh(db, [FeedSpec(url)], FAST)
    assert s.failed == 1 and stored(db, url)[2] == "HTTP 404 Not Found"


def test_a_non_zero_exit_is_the_feeds_error_with_its_first_stderr_line(tmp_path):
    error = failure(
        tmp_path,
        "print('<rss/>')\n"
        "sys.stderr.write('\\n  boom: no API key \\x1b]2;pwned\\x07set\\n  second line\\n')\n"
        "sys.exit(3)\n",
    )
    assert error == f"exec: {PY} exited with status 3: boom: no API key set"


def test_a_missing_program_is_the_feeds_error(tmp_path):
    db = tmp_path / "t.db"
    missing = "/opt/scripts/no-such-script.sh"
    specs = [
        FeedSpec(f"exec:{missing} --top 10"),
        FeedSpec("exec:no-such-program-x"),
    ]
    s = refresh(db, specs, FAST)
    assert s.failed == 2
    assert dict(s.errors) == {
        f"exec:{missing} --top 10": f"exec: {missing} was not found",
        "exec:no-such-program-x": "exec: no-such-program-x was not found on PATH",
    }


def test_a_command_that_prints_nothing_is_an_error(tmp_path):
    error = failure(tmp_path, "sys.stderr.write('nothing new today\\n')\n")
    assert error == f"exec: {PY} printed nothing: nothing new today"


@needs_proc
def test_a_command_past_total_timeout_is_killed_with_what_it_started(tmp_path):
    pids = tmp_path / "pids"
    code = (
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        f"open({str(pids)!r} + '.tmp', 'w').write(f'{{os.getpid()}} {{child.pid}}')\n"
        f"os.rename({str(pids)!r} + '.tmp', {str(pids)!r})\n"
        "time.sleep(600)\n"
    )
    error = failure(tmp_path, code, Settings(total_timeout=1.5))
    assert error == f"exec: {PY} timed out after 1.5 s (stopped)"
    command, grandchild = (int(p) for p in pids.read_text().split())
    assert gone(command) and gone(grandchild)


@needs_proc
def test_output_past_max_bytes_stops_the_command(tmp_path):
    pid = tmp_path / "pid"
    code = (
        f"open({str(pid)!r}, 'w').write(str(os.getpid()))\n"
        "while True:\n    sys.stdout.write('<item>x</item>' * 100)\n"
    )
    error = failure(tmp_path, code, Settings(max_bytes=5000, total_timeout=30))
    assert error == f"exec: {PY} printed more than 5 KB (stopped)"
    assert gone(int(pid.read_text()))


def test_one_bad_command_among_good_feeds_fails_alone(feed_server: FeedServer, tmp_path):
    db = tmp_path / "t.db"
    http = feed_server.add("/ok.xml", body=rss("Site", "s1").encode())
    good = printing(tmp_path, "good.py", rss("Good", "g1", "g2"))
    bad = exec_url(script(tmp_path, "bad.py", "sys.exit(1)\n"))
    s = refresh(db, [FeedSpec(good), FeedSpec(bad), FeedSpec(http)], FAST)
    assert (s.ok, s.failed, s.new) == (2, 1, 3)
    assert [url for url, _ in s.errors] == [bad]
    assert [t for t, _ in stored(db, good)[1]] == ["g1", "g2"]
    assert [t for t, _ in stored(db, http)[1]] == ["s1"]


def _sleeper(tmp_path: Path) -> tuple[str, Path]:
    """An exec: URL whose command writes its pid into a FIFO (the test's read of it
    waits for the command to have started), then sleeps."""
    ready = tmp_path / "ready"
    os.mkfifo(ready)
    path = script(
        tmp_path,
        "sleeper.py",
        f"with open({str(ready)!r}, 'w') as f:\n    f.write(str(os.getpid()))\ntime.sleep(600)\n",
    )
    return exec_url(path), ready


def _stopped_refresh(tmp_path: Path, url: str, ready: Path) -> int:
    """Start a refresh of `url`, set its stop event once the command runs; the pid."""
    stop = threading.Event()
    worker = threading.Thread(
        target=refresh, args=(tmp_path / "t.db", [FeedSpec(url)], FAST), kwargs={"stop": stop}
    )
    worker.start()
    pid = int(ready.read_text())  # blocks until the command has opened the FIFO
    stop.set()  # Q in the reader, or a refresh abandoned
    worker.join(timeout=60)
    assert not worker.is_alive()
    return pid


@needs_proc
def test_a_stopped_refresh_kills_its_commands(tmp_path):
    url, ready = _sleeper(tmp_path)
    assert gone(_stopped_refresh(tmp_path, url, ready))


@needs_proc
def test_a_stopped_refresh_in_a_helper_process_kills_its_commands(tmp_path, monkeypatch):
    import tidings.core.refresh as refresh_mod

    monkeypatch.setattr(refresh_mod, "use_helper", lambda jobs: True)
    url, ready = _sleeper(tmp_path)
    assert gone(_stopped_refresh(tmp_path, url, ready))


# -- feeds.yaml -----------------------------------------------------------------------------


def test_feeds_yaml_commands_with_home_and_relative_paths(tmp_path):
    # ~ is the home directory (tests: a tmp dir); a relative program is taken from
    # feeds.yaml's directory, as a relative feed path is; a bare name is looked up on PATH
    home = Path(os.environ["HOME"])
    (home / "bin").mkdir()
    feed_py = home / "bin" / "feed.py"
    feed_py.write_text(f"#!{sys.executable}\nprint({rss('Home', 'h1')!r})\n")
    feed_py.chmod(0o755)
    (tmp_path / "scripts").mkdir()
    local = tmp_path / "scripts" / "local.py"
    local.write_text(
        f"#!{sys.executable}\nimport sys\nprint(sys.stdin.read().replace('h1', 'L1'))\n"
    )
    local.chmod(0o755)
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        "feeds:\n"
        "  - url: exec:~/bin/feed.py\n"
        "    title: From home\n"
        "  - url: filter:scripts/local.py --flag:feeds/site.xml\n"
        f"  - exec:{sys.executable} -c \"print('x')\"\n"
    )
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "site.xml").write_text(rss("Site", "h1"))
    config = load_config(cfg)
    assert [f.url for f in config.feeds] == [
        "exec:~/bin/feed.py",
        f"filter:{local} --flag:{tmp_path / 'feeds' / 'site.xml'}",
        f"exec:{sys.executable} -c \"print('x')\"",
    ]
    assert config.feeds[0].title == "From home"
    db = tmp_path / "t.db"
    s = refresh(db, config.feeds[:2], FAST)
    assert (s.ok, s.failed) == (2, 0)
    assert [t for t, _ in stored(db, "exec:~/bin/feed.py")[1]] == ["h1"]
    assert [t for t, _ in stored(db, config.feeds[1].url)[1]] == ["L1"]


def test_bad_commands_in_feeds_yaml_are_errors_with_their_lines(tmp_path):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        "feeds:\n"
        '  - "exec:"\n'
        "  - url: filter:~/bin/clean.py\n"
        "    title: No URL\n"
        "  - filter::https://a.example/feed\n"
        "  - filter:~/bin/clean.py:ftp://a.example/feed\n"
        "  - exec:~/bin/a.py | ~/bin/b.py\n"
        '  - "exec:~/bin/a.py \'open"\n'
        "  - filter:~/bin/clean.py:exec:~/bin/a.py\n"
    )
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    assert [p.replace(f"{cfg}:", "") for p in info.value.problems] == [
        "2: feeds[0].url: exec: has no command; write exec:COMMAND ARGS",
        "3: feeds[1].url: filter: has no URL after the command; write filter:COMMAND ARGS:URL",
        "5: feeds[2].url: filter: has no command; write filter:COMMAND ARGS:URL",
        "6: feeds[3].url: filter: 'ftp://a.example/feed' is not an http(s) URL or a file path",
        "7: feeds[4].url: exec: the command runs without a shell, so '|' would reach the"
        " program as an argument; put it in a script, or write sh -c '…' yourself",
        "8: feeds[5].url: exec: cannot split the command: no closing quotation",
        "9: feeds[6].url: filter: its URL must be a feed's address, not another command",
    ]


# -- the reader -----------------------------------------------------------------------------


async def test_the_reader_shows_an_exec_feeds_articles_after_R(tmp_path):
    from tidings.tui.app import make_app

    good = printing(tmp_path, "feed.py", rss("Scripted", "First from a script", "Second"))
    bad = exec_url(script(tmp_path, "bad.py", "sys.stderr.write('no token\\n'); sys.exit(4)\n"))
    config = Config(
        feeds=[FeedSpec(good), FeedSpec(bad, "Broken script")],
        settings=Settings(refresh_on_startup=False),
    )
    app = make_app(config, tmp_path / "r.db", refresh_on_start=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.articles.count == 0
        await pilot.press("R")
        while app.refreshing:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause()
        titles = [app.articles.row(i).title for i in range(app.articles.count)]
        assert sorted(titles) == ["First from a script", "Second"]
        assert "1 failed" in app.status_message and "no token" in app.status_message
        labels = [str(node.label) for node in app.tree.root.children]
        assert any("Broken script" in label and label.endswith("!") for label in labels)
        assert any("Scripted" in label for label in labels)


@needs_proc
def test_sigterm_to_tidings_fetch_kills_its_commands(tmp_path):
    # kill, or cron's timeout: the fetch ends as on Ctrl+C and its commands go with it,
    # instead of living on after tidings.
    import signal
    import subprocess

    url, ready = _sleeper(tmp_path)
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {url!r}\n    title: Sleeper\n", encoding="utf-8")
    fetch = subprocess.Popen(
        [sys.executable, "-m", "tidings", "--config", str(cfg), "--db", str(tmp_path / "t.db"),
         "fetch", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    pid = int(ready.read_text())  # blocks until the command has opened the FIFO
    fetch.send_signal(signal.SIGTERM)
    _, stderr = fetch.communicate(timeout=60)
    assert fetch.returncode == 143, stderr
    assert b"Traceback" not in stderr
    assert gone(pid)


def test_a_long_program_path_keeps_its_end_in_the_error(tmp_path):
    """The error named `…/no-such-script.s` for a path past 80 characters: a wrong name."""
    missing = tmp_path / ("d" * 100) / "no-such-script.sh"
    s = refresh(tmp_path / "t.db", [FeedSpec(f"exec:{missing}")], FAST)
    ((_, error),) = s.errors
    assert error.endswith("/no-such-script.sh was not found") and len(error) < 200
