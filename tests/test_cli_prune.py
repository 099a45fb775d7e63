"""`tidings prune`, and what `tidings fetch` says about ignored and pruned articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.feedserver import feed_server  # noqa: F401 - the fixture
from tidings.cli import main
from tidings.core.config import load_config
from tidings.core.models import ParsedEntry, ParsedFeed
from tidings.core.store import Store

A = "https://news.example/rss"
B = "https://zh.example/rss"
NOW = datetime.now(UTC)


def config(tmp_path, settings: str = "", a_extra: str = "", top: str = "") -> list[str]:
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        (f"settings:\n{settings}" if settings else "")
        + top
        + f"feeds:\n  - url: {A}\n    title: World News\n{a_extra}"
        + f"  - url: {B}\n    title: 中文新闻\n",
        encoding="utf-8",
    )
    return ["--config", str(cfg), "--db", str(tmp_path / "t.db")]


@pytest.fixture
def db(tmp_path):
    """A store: World News has articles 0..9 days old (the 8-day one starred), 中文新闻
    two articles 20 days old, one of them an advert."""
    args = config(tmp_path)
    with Store.open(tmp_path / "t.db") as store:
        store.sync_feeds(load_config(args[1]).feeds)
        store.record_fetch(
            A,
            parsed=ParsedFeed(
                title="World",
                entries=[
                    ParsedEntry(
                        id=f"a{i}",
                        link=f"https://news.example/{i}",
                        title=f"Storm day {i}",
                        content="<p>storm</p>",
                        published=NOW - timedelta(days=i, hours=1),
                    )
                    for i in range(10)
                ],
            ),
        )
        store.record_fetch(
            B,
            parsed=ParsedFeed(
                title="中文",
                entries=[
                    ParsedEntry(id="z1", title="台风登陆", published=NOW - timedelta(days=20)),
                    ParsedEntry(
                        id="z2", title="【广告】夏季大促", published=NOW - timedelta(days=20)
                    ),
                ],
            ),
        )
        star = store.conn.execute("SELECT id FROM articles WHERE guid = 'a8'").fetchone()[0]
        store.set_starred([star])
    return tmp_path


def totals(tmp_path) -> dict[str, int]:
    with Store.open(tmp_path / "t.db") as store:
        return {f.title: f.total for f in store.feeds()}


def test_dry_run_says_what_would_go_and_deletes_nothing(db, capsys):
    args = config(db, settings="  keep_days: 5\n", top="ignore: [广告]\n")
    assert main([*args, "prune", "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "World News: would delete 4 (4 older than 5 days)",  # 5, 6, 7, 9: 8 is starred
        "中文新闻: would delete 2 (2 older than 5 days)",
        out[-1],
    ]
    assert out[-1].startswith("would delete 6 articles from 2 feeds in ")
    assert totals(db) == {"World News": 10, "中文新闻": 2}


def test_prune_deletes_and_reports_per_feed(db, capsys):
    args = config(db, a_extra="    max_items: 4\n", top="ignore: [广告]\n")
    assert main([*args, "prune"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "World News: deleted 5 (5 beyond the newest 4)",  # 4..9 but the starred 8
        "中文新闻: deleted 1 (1 matching ignore rules)",
    ]
    assert out[2].startswith("deleted 6 articles from 2 feeds")
    assert totals(db) == {"World News": 5, "中文新闻": 1}
    assert main([*args, "search", "夏季"]) == 1  # gone from the index too
    capsys.readouterr()
    assert main([*args, "prune"]) == 0  # nothing more
    assert capsys.readouterr().out.startswith("deleted 0 articles from 0 feeds")


def test_prune_named_feed_only_and_vacuum(db, capsys):
    args = config(db, settings="  keep_days: 5\n")
    assert main([*args, "prune", "中文新闻", "--vacuum"]) == 0
    out = capsys.readouterr().out
    assert "中文新闻: deleted 2" in out and "World News" not in out and "vacuum: " in out
    assert totals(db) == {"World News": 10, "中文新闻": 0}


def test_nothing_to_prune_without_limits(db, capsys):
    assert main([*config(db), "prune"]) == 0
    assert "nothing to prune" in capsys.readouterr().out
    assert totals(db) == {"World News": 10, "中文新闻": 2}


def test_bad_usage_exits_2(db, capsys):
    args = config(db, settings="  keep_days: 5\n")
    assert main([*args, "prune", "No Such Feed"]) == 2
    assert "no feed in the config matches" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main([*args, "prune", "--bogus"])
    assert exc.value.code == 2
    bad = config(db, top="ignore: ['/(a+)+/']\n")
    assert main([*bad, "prune"]) == 2
    assert "ignore[0]: regular expression could take exponential time" in capsys.readouterr().err


def test_prune_is_in_the_completion_scripts(capsys):
    assert main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    assert " prune " in script and 'prune) opts="--help --dry-run --vacuum"' in script


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>南方新闻</title><link>http://x/</link>
<item><guid>g1</guid><title>台风登陆沿海地区</title><link>http://x/1</link></item>
<item><guid>g2</guid><title>【广告】夏季大促</title><link>http://x/2</link></item>
<item><guid>g3</guid><title>旧闻</title><link>http://x/3</link>
<pubDate>Sun, 01 Nov 2020 08:00:00 +0800</pubDate></item>
<item><guid>g4</guid><title>更旧</title><link>http://x/4</link>
<pubDate>Sun, 01 Nov 2020 07:00:00 +0800</pubDate></item>
</channel></rss>""".encode()


def test_fetch_reports_ignored_and_pruned(feed_server, tmp_path, capsys):  # noqa: F811
    url = feed_server.add("/zh.xml", body=RSS)
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"ignore: [广告]\nfeeds:\n  - url: {url}\n    max_items: 2\n", encoding="utf-8")
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch"]) == 0
    out = capsys.readouterr().out
    assert "1 ok, 0 not modified, 0 failed; 3 new, 0 updated, 1 ignored article in" in out
    assert "pruned 1 article past keep_days / max_items" in out
    assert main([*args, "fetch"]) == 0  # nothing comes back; the rule keeps its entry out
    out = capsys.readouterr().out
    assert "0 new, 0 updated, 1 ignored article in" in out and "pruned" not in out
