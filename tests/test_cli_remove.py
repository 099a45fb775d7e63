"""`tidings remove FEED`: the feed leaves feeds.yaml, every other line kept; its articles
stay in the store (hidden) unless --purge, which keeps the starred ones."""

from __future__ import annotations

from tidings.cli import main
from tidings.core.config import load_config
from tidings.core.models import View
from tidings.core.store import Store

CONFIG = """\
# 我的订阅
feeds:
  - demo:world.xml   # English
  - url: demo:china.xml
    title: 中国新闻
    category: 中文
  - demo:tech.atom
  - demo:science.json
searches:
  - 台风
"""


def fetched(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    args = ["--config", str(cfg), "--db", str(tmp_path / "t.db")]
    assert main([*args, "fetch"]) == 0
    capsys.readouterr()
    return cfg, args


def counts(tmp_path) -> tuple[dict[str, int], int]:
    """Articles per feed the store shows, and articles it holds in all."""
    with Store.open(tmp_path / "t.db") as store:
        shown = {f.url: f.total for f in store.feeds()}
        held = store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    return shown, held


def test_remove_by_url_keeps_the_rest_of_the_file_and_the_articles(tmp_path, capsys):
    cfg, args = fetched(tmp_path, capsys)
    assert main([*args, "remove", "demo:tech.atom"]) == 0
    out = capsys.readouterr().out
    assert out == (
        f"removed Tidings Demo: Tech Desk <demo:tech.atom> from {cfg}; its 10 articles stay"
        " in the database (hidden; `tidings remove --purge demo:tech.atom` deletes them)\n"
    )
    assert cfg.read_text(encoding="utf-8") == CONFIG.replace("  - demo:tech.atom\n", "")
    shown, held = counts(tmp_path)
    assert "demo:tech.atom" not in shown and held == 42  # hidden, not deleted
    assert main([*args, "remove", "demo:tech.atom"]) == 2  # not listed now
    assert "no feed in the config matches 'demo:tech.atom'" in capsys.readouterr().err
    # the advice works: the removed feed's articles go, though feeds.yaml lists it no more
    assert main([*args, "remove", "--purge", "demo:tech.atom"]) == 0
    assert capsys.readouterr().out == (
        "Tidings Demo: Tech Desk <demo:tech.atom> was not in feeds.yaml; deleted its 10 articles\n"
    )
    assert counts(tmp_path)[1] == 32
    assert main([*args, "remove", "--purge", "demo:tech.atom"]) == 2  # nothing left of it
    assert "no feed in the config matches 'demo:tech.atom'" in capsys.readouterr().err


def test_remove_by_title_from_feeds_yaml_or_the_feed_s_own(tmp_path, capsys):
    cfg, args = fetched(tmp_path, capsys)
    assert main([*args, "remove", "中国新闻"]) == 0
    assert "removed 中国新闻 <demo:china.xml>" in capsys.readouterr().out
    assert main([*args, "remove", "science notes"]) == 0  # its own title, in part
    assert "removed Tidings Demo: Science Notes <demo:science.json>" in capsys.readouterr().out
    assert [f.url for f in load_config(cfg).feeds] == ["demo:world.xml", "demo:tech.atom"]
    assert "# 我的订阅\n" in cfg.read_text(encoding="utf-8")


def test_purge_deletes_the_articles_but_the_starred_ones(tmp_path, capsys):
    cfg, args = fetched(tmp_path, capsys)
    with Store.open(tmp_path / "t.db") as store:
        feed = next(f for f in store.feeds() if f.url == "demo:china.xml")
        rows = store.list_articles(View(feed_id=feed.id), 0, 2)
        store.set_starred([r.id for r in rows], True)
    assert main([*args, "remove", "demo:china.xml", "--purge"]) == 0
    out = capsys.readouterr().out
    assert (
        out
        == f"removed 中国新闻 <demo:china.xml> from {cfg}; deleted its 10 articles (2 starred kept)\n"
    )
    assert counts(tmp_path) == (
        {"demo:world.xml": 12, "demo:tech.atom": 10, "demo:science.json": 8},
        32,
    )
    assert main([*args, "remove", "demo:world.xml", "--purge"]) == 0
    assert "deleted its 12 articles\n" in capsys.readouterr().out
    with Store.open(tmp_path / "t.db") as store:  # nothing of it left: the feed goes too
        assert [r[0] for r in store.conn.execute("SELECT url FROM feeds ORDER BY id")] == [
            "demo:china.xml",
            "demo:tech.atom",
            "demo:science.json",
        ]
        store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def test_an_ambiguous_title_lists_the_candidates_and_changes_nothing(tmp_path, capsys):
    cfg, args = fetched(tmp_path, capsys)
    assert main([*args, "remove", "desk"]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "Tidings Demo: World Desk  <demo:world.xml>",
        "Tidings Demo: Tech Desk  <demo:tech.atom>",
    ]
    assert "'desk' matches 2 feeds" in err
    assert cfg.read_text(encoding="utf-8") == CONFIG


def test_an_inline_list_is_refused(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds: [demo:world.xml, demo:tech.atom]\n", encoding="utf-8")
    args = ["--config", str(cfg), "--db", str(tmp_path / "t.db")]
    assert main([*args, "remove", "demo:tech.atom"]) == 1
    assert "written inline" in capsys.readouterr().err
    assert cfg.read_text(encoding="utf-8") == "feeds: [demo:world.xml, demo:tech.atom]\n"
