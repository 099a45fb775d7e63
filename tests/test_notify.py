"""Notifications when a refresh brings new articles (newsboat's notify-program,
notify-format, notify-always, notify-beep, notify-xterm): the message, the settings,
the reader after R / refresh_every, and `tidings fetch --notify`."""

from __future__ import annotations

import json
import re
import shlex
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from tests.feedserver import feed_server  # noqa: F401  (fixture)
from tests.test_tui import rss, settle
from tidings.cli import main
from tidings.core.command_line import CommandError, run_command, split_command
from tidings.core.config import ConfigError, load_config
from tidings.core.models import Config, FeedSpec, Settings
from tidings.core.notify import program_words, run_program
from tidings.core.notify_message import Tally, format_problem, message, terminal_notice
from tidings.tui.app import make_app

# Appends its arguments, as a JSON list a line, to the file named by its first one.
RECORDER = """\
import json, sys
with open(sys.argv[1], "a", encoding="utf-8") as out:
    out.write(json.dumps(sys.argv[2:]) + "\\n")
"""


def recorder(tmp_path: Path) -> tuple[str, Path]:
    """A notify_program that records what it was given, and where it records it."""
    script = tmp_path / "notifier.py"
    script.write_text(RECORDER)
    record = tmp_path / "notified.jsonl"
    return shlex.join([sys.executable, str(script), str(record), "--title", "tidings"]), record


def calls(record: Path) -> list[list[str]]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


# -- the message ------------------------------------------------------------------------


def test_the_message_takes_newsboats_letters():
    counts = Tally(new=3, new_feeds=1, unread=10, unread_feeds=2)
    assert (
        message("tidings: %d new articles in %D feeds", counts)
        == "tidings: 3 new articles in 1 feeds"
    )
    assert message("%d new (%n unread, %f unread feeds) 100%%", counts) == (
        "3 new (10 unread, 2 unread feeds) 100%"
    )
    assert message("%d\nnew\x1b]2;x\x07", counts) == "3 new"  # one line, no escapes
    assert message(Settings().notify_format, Tally()) == "tidings: 0 new articles in 0 feeds"


def test_a_format_with_an_unknown_letter_is_a_mistake():
    assert format_problem("%d new, %D feeds, %n unread in %f, 100%%") is None
    assert format_problem("%u unread").startswith("unknown %u; use %d (new articles), %D")
    assert format_problem("50%") == "a % at the end; write %% for a percent sign"


def test_the_message_goes_in_place_of_m_or_last():
    assert program_words("notify-send tidings", "3 new") == ["notify-send", "tidings", "3 new"]
    assert program_words("notify-send -a tidings '%m' -t 5", "3 new") == [
        "notify-send", "-a", "tidings", "3 new", "-t", "5",
    ]  # fmt: skip
    assert program_words("~/bin/notify", "x")[0] == str(Path.home() / "bin" / "notify")


def test_the_terminal_notice_is_a_title_and_an_osc_777_of_clean_text():
    notice = terminal_notice("3 new;\x1b]2;pwned\x07 articles\x9b31m")
    assert notice == (
        "\x1b]2;3 new, articles\x1b\\"  # the window title, as newsboat's notify-xterm
        "\x1b]777;notify;tidings;3 new, articles\x1b\\"
    )


def test_commands_are_split_without_a_shell():
    assert split_command("mail -s 'a b' me@example.com") == ["mail", "-s", "a b", "me@example.com"]
    assert split_command("tee ~/notes.txt") == ["tee", str(Path.home() / "notes.txt")]
    for line, operator in [
        ("grep x|less", "|"),
        ("tee x > y", ">"),
        ("a; b", ";"),
        ("a && b", "&"),
        ("echo $HOME", "$"),
    ]:
        with pytest.raises(CommandError, match=re.escape(f"{operator!r} is no operator here")):
            split_command(line)
    assert split_command("sh -c 'fmt | less'") == ["sh", "-c", "fmt | less"]
    with pytest.raises(CommandError, match="No closing quotation"):
        split_command("less 'x")
    with pytest.raises(CommandError, match="No command"):
        split_command("  ")


def test_a_program_that_hangs_is_killed():
    hang = [sys.executable, "-c", "import time; time.sleep(600)"]
    stop = threading.Event()
    stop.set()  # the reader is quitting
    assert run_command(hang, terminal=False, stop=stop).describe() == "stopped"
    ran = run_command(hang, terminal=False, timeout=0.2)
    assert ran.describe() == "stopped after 0.2 s" and not ran.ok


def test_a_failing_program_says_why():
    fail = shlex.join([sys.executable, "-c", "import sys; sys.exit('no D-Bus here')"])
    assert run_program(fail, "3 new").endswith(": exit 1: no D-Bus here")
    assert run_program("no-such-notifier", "3 new") == "no-such-notifier: no such program"


# -- feeds.yaml ---------------------------------------------------------------------------


def test_the_settings_and_their_mistakes_with_lines(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "settings:\n"
        "  notify_program: notify-send -a tidings %m\n"
        "  notify_format: '%d new, %n unread'\n"
        "  notify_beep: true\n"
        "  notify_terminal: true\n"
        "  notify_always: true\n"
        "feeds: []\n"
    )
    settings = load_config(path).settings
    assert settings.notify_program == "notify-send -a tidings %m"
    assert settings.notify_format == "%d new, %n unread"
    assert settings.notify_beep and settings.notify_terminal and settings.notify_always
    assert not Settings().notify_beep and Settings().notify_program is None
    path.write_text(
        "settings:\n"
        "  notify_program: notify-send | tee log\n"
        "  notify_format: '%u unread'\n"
        "  notify_beep: yes please\n"
        "  notify_always: 1\n"
        "  notify_terminal: true\n"
        "feeds: []\n"
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    lines = str(info.value).splitlines()
    assert lines[0].endswith(
        "feeds.yaml:2: settings.notify_program: '|': no shell runs it; for one write sh -c '…'"
    )
    assert "feeds.yaml:3: settings.notify_format: unknown %u; use %d" in lines[1]
    assert lines[2].endswith(
        "feeds.yaml:4: settings.notify_beep: expected true or false, got 'yes please'"
    )
    assert lines[3].endswith("feeds.yaml:5: settings.notify_always: expected true or false, got 1")
    path.write_text("settings:\n  notify_program: \"''\"\nfeeds: []\n")
    with pytest.raises(
        ConfigError, match="notify_program: expected a program, e.g. notify-send tidings"
    ):
        load_config(path)


# -- the reader ---------------------------------------------------------------------------


def reader_config(feed_server, tmp_path, **settings) -> Config:  # noqa: F811
    """Two feeds: one bringing 3 new articles, one empty."""
    three = feed_server.add("/three.xml", body=rss(3))
    empty = feed_server.add("/empty.xml", body=rss(0))
    base = Settings(refresh_on_startup=False)
    return Config(
        feeds=[FeedSpec(three, "Three"), FeedSpec(empty, "Empty")],
        settings=replace(base, **settings),
    )


async def refresh_all(pilot) -> None:
    await pilot.press("R")
    while pilot.app.refreshing:
        await settle(pilot)
    await settle(pilot)  # and the notify_program's worker


async def test_a_refresh_bringing_new_articles_runs_the_notify_program(tmp_path, feed_server):  # noqa: F811
    command, record = recorder(tmp_path)
    config = reader_config(
        feed_server,
        tmp_path,
        notify_program=command,
        notify_format="%d new in %D of %f feeds, %n unread",
    )
    app = make_app(config, tmp_path / "n.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await refresh_all(pilot)
        assert app.articles.count == 3
        assert calls(record) == [["--title", "tidings", "3 new in 1 of 1 feeds, 3 unread"]]
        assert "Refreshed 2 feeds: 3 new" in app.status_message
        await refresh_all(pilot)  # nothing new: nothing said
        assert len(calls(record)) == 1
        app.config = replace(config, settings=replace(config.settings, notify_always=True))
        await refresh_all(pilot)
        assert calls(record)[-1] == ["--title", "tidings", "0 new in 0 of 1 feeds, 3 unread"]


async def test_refresh_every_notifies_and_r_on_one_feed_does_not(tmp_path, feed_server):  # noqa: F811
    command, record = recorder(tmp_path)
    config = reader_config(feed_server, tmp_path, notify_program=command, refresh_every=30)
    app = make_app(config, tmp_path / "n.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_refresh([config.feeds[0]], "Three")  # as r on that feed
        while app.refreshing:
            await settle(pilot)
        await settle(pilot)
        assert app.articles.count == 3 and calls(record) == []
        feed_server.add("/empty.xml", body=rss(5).replace(b"<guid>g", b"<guid>e"))
        app.refresh_on_schedule()  # the timer's tick
        while app.refreshing:
            await settle(pilot)
        await settle(pilot)
        assert calls(record) == [["--title", "tidings", "tidings: 5 new articles in 1 feeds"]]


async def test_the_bell_and_the_terminal_notice(tmp_path, feed_server):  # noqa: F811
    config = reader_config(feed_server, tmp_path, notify_beep=True, notify_terminal=True)
    app = make_app(config, tmp_path / "n.db")
    rung: list[bool] = []
    written: list[str] = []
    app.bell = lambda: rung.append(True)  # type: ignore[method-assign]
    app.write_to_terminal = written.append  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await refresh_all(pilot)
        assert rung == [True]
        assert written == [terminal_notice("tidings: 3 new articles in 1 feeds")]
        await refresh_all(pilot)
        assert rung == [True] and len(written) == 1


async def test_a_failing_notify_program_is_told_once(tmp_path, feed_server):  # noqa: F811
    config = reader_config(
        feed_server, tmp_path, notify_program="no-such-notifier --x", notify_always=True
    )
    app = make_app(config, tmp_path / "n.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await refresh_all(pilot)
        assert app.status_message == "notify_program failed: no-such-notifier: no such program"
        await refresh_all(pilot)
        assert app.status_message.startswith("Refreshed 2 feeds: 0 new")


# -- tidings fetch --------------------------------------------------------------------------


def test_fetch_notifies_only_when_asked(tmp_path, feed_server, capsys):  # noqa: F811
    # cron: a crontab that ran `tidings fetch -q` keeps doing what it did when
    # notify_program is set for the reader; `--notify` asks for it.
    command, record = recorder(tmp_path)
    three = feed_server.add("/three.xml", body=rss(3))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"settings:\n  notify_program: {command}\nfeeds:\n  - {three}\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "f.db")]
    assert main([*args, "fetch", "-q"]) == 0
    assert calls(record) == [] and capsys.readouterr() == ("", "")
    feed_server.add("/three.xml", body=rss(5))
    assert main([*args, "fetch", "-q", "--notify"]) == 0
    assert calls(record) == [["--title", "tidings", "tidings: 2 new articles in 1 feeds"]]
    assert main([*args, "fetch", "-q", "--notify"]) == 0  # nothing new
    assert len(calls(record)) == 1 and capsys.readouterr() == ("", "")

    feed_server.add("/three.xml", body=rss(6))
    cfg.write_text(f"settings:\n  notify_program: no-such-notifier\nfeeds:\n  - {three}\n")
    assert main([*args, "fetch", "-q", "--notify"]) == 0  # the articles are in all the same
    assert capsys.readouterr().err == "notify_program failed: no-such-notifier: no such program\n"

    cfg.write_text(f"feeds:\n  - {three}\n")
    assert main([*args, "fetch", "--notify"]) == 2
    assert "--notify: feeds.yaml's settings name no notify_program" in capsys.readouterr().err
