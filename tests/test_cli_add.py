"""`tidings add URL`: a feed found from its site's address, added to feeds.yaml (its
comments kept) and stored, over a loopback server."""

from __future__ import annotations

import yaml

from tests.feedserver import feed_server  # noqa: F401  (fixture)
from tests.test_discover import ATOM, GBK_RSS, HTML, RSS, alternate, page
from tidings.cli import main
from tidings.core.config import load_config
from tidings.core.store import Store

CONFIG = """\
# my feeds, by hand
settings:
  concurrency: 4   # a slow line
feeds:
  - url: https://old.example/rss   # the first
    title: Old
ignore:
  - title:Sponsored
"""


def setup(tmp_path):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    return cfg, ["--config", str(cfg), "--db", str(tmp_path / "t.db")]


def stored(tmp_path):
    with Store.open(tmp_path / "t.db") as store:
        return {f.url: (f.title, f.total, f.unread, f.category, f.tags) for f in store.feeds()}


def test_add_a_site_finds_its_feed_appends_it_and_stores_it(tmp_path, feed_server, capsys):  # noqa: F811
    feed = feed_server.add("/rss.xml", body=GBK_RSS, content_type="application/xml")
    site = feed_server.add("/", body=page(alternate("/rss.xml")), content_type=HTML)
    cfg, args = setup(tmp_path)
    assert main([*args, "add", site, "--category", "中文", "--tag", "zh", "--tag", "south"]) == 0
    out = capsys.readouterr().out
    assert f"found: 南方新闻  <{feed}>  1 entry" in out
    assert "1 new article in the store" in out
    text = cfg.read_text(encoding="utf-8")
    assert text.startswith(CONFIG.split("feeds:")[0])  # comments and settings as they were
    assert "# the first" in text and "ignore:\n  - title:Sponsored\n" in text
    data = yaml.safe_load(text)
    assert data["feeds"][1] == {"url": feed, "category": "中文", "tags": ["zh", "south"]}
    assert [f.url for f in load_config(cfg).feeds] == ["https://old.example/rss", feed]
    assert stored(tmp_path)[feed] == ("南方新闻", 1, 1, "中文", ("zh", "south"))
    assert feed_server.hits == {"/": 1, "/rss.xml": 1}  # fetched once, not again to store


def test_the_ignore_rules_of_the_file_apply_to_the_new_feed(tmp_path, feed_server, capsys):  # noqa: F811
    body = RSS.replace(b"<title>Two</title>", b"<title>Sponsored: buy</title>")
    feed = feed_server.add("/rss.xml", body=body)
    _cfg, args = setup(tmp_path)
    assert main([*args, "add", feed, "--title", "Loop"]) == 0
    assert stored(tmp_path)[feed][:2] == ("Loop", 1)


def test_a_feed_listed_already_is_told_not_added_twice(tmp_path, feed_server, capsys):  # noqa: F811
    feed = feed_server.add("/rss.xml", body=RSS)
    cfg, args = setup(tmp_path)
    assert main([*args, "add", feed]) == 0
    before = cfg.read_text(encoding="utf-8")
    capsys.readouterr()
    # the same feed, with another case in the scheme and a trailing slash: told at once
    assert main([*args, "add", "HTTP" + feed[4:] + "/"]) == 0
    assert capsys.readouterr().out == f"already in {cfg}: {feed}\n"
    assert feed_server.hits == {"/rss.xml": 1}
    # and found through its site's page
    site = feed_server.add("/", body=page(alternate("/rss.xml")), content_type=HTML)
    assert main([*args, "add", site]) == 0
    assert capsys.readouterr().out.endswith(f"already in {cfg}: {feed}\n")
    assert cfg.read_text(encoding="utf-8") == before


def test_several_feeds_need_pick_or_first(tmp_path, feed_server, capsys):  # noqa: F811
    feed_server.add("/rss.xml", body=RSS)
    comments = feed_server.add("/c.atom", body=ATOM, content_type="application/atom+xml")
    links = (
        alternate("/rss.xml", title="Posts"),
        alternate("/c.atom", "application/atom+xml", "Comments"),
    )
    site = feed_server.add("/", body=page(*links), content_type=HTML)
    cfg, args = setup(tmp_path)
    assert main([*args, "add", site]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"  1. Posts (RSS)  <{feed_server.url('/rss.xml')}>",
        f"  2. Comments (Atom)  <{comments}>",
    ]
    assert "choose one with --pick N, or --first" in err
    assert main([*args, "add", site, "--pick", "3"]) == 2
    assert "--pick 3: the page offers 2 feeds" in capsys.readouterr().err
    assert cfg.read_text(encoding="utf-8") == CONFIG
    assert main([*args, "add", site, "--pick", "2"]) == 0
    assert "found: Comments" in capsys.readouterr().out
    assert main([*args, "add", site, "--first"]) == 0
    assert [f.url for f in load_config(cfg).feeds][1:] == [comments, feed_server.url("/rss.xml")]


def test_what_went_wrong_is_told_and_nothing_changes(tmp_path, feed_server, capsys):  # noqa: F811
    cfg, args = setup(tmp_path)
    assert main([*args, "add", feed_server.url("/gone")]) == 1
    assert capsys.readouterr().err == f"tidings: {feed_server.url('/gone')}: HTTP 404 Not Found\n"
    site = feed_server.add("/", body=page(), content_type=HTML)
    assert main([*args, "add", site]) == 1
    assert "no feed link found on the page" in capsys.readouterr().err
    assert main([*args, "add", "not an address"]) == 2
    assert cfg.read_text(encoding="utf-8") == CONFIG
    assert not (tmp_path / "t.db").exists()


def test_add_without_a_feeds_yaml_makes_one(tmp_path, feed_server, capsys):  # noqa: F811
    feed = feed_server.add("/rss.xml", body=RSS)
    cfg = tmp_path / "new" / "feeds.yaml"
    assert main(["--config", str(cfg), "--db", str(tmp_path / "t.db"), "add", feed]) == 0
    assert [f.url for f in load_config(cfg).feeds] == [feed]


def test_a_bare_host_is_https_then_http(tmp_path, feed_server, capsys):  # noqa: F811
    feed = feed_server.add("/rss.xml", body=RSS)
    cfg, args = setup(tmp_path)
    assert main([*args, "add", feed.removeprefix("http://")]) == 0
    assert [f.url for f in load_config(cfg).feeds][1:] == [feed]


def test_a_store_that_cannot_take_the_articles_is_told(tmp_path, feed_server, capsys):  # noqa: F811
    feed = feed_server.add("/rss.xml", body=RSS)
    cfg, args = setup(tmp_path)
    (tmp_path / "t.db").write_bytes(b"not a database, just bytes" * 100)
    assert main([*args, "add", feed]) == 1
    err = capsys.readouterr().err
    assert f"added to {cfg}, but its articles could not be stored (" in err
    assert err.rstrip().endswith("the next refresh gets them")
    assert [f.url for f in load_config(cfg).feeds][1:] == [feed]
