"""Naming a feed on the command line: every command takes the URL, feeds.yaml's title
or the title the feed gives itself (as `tidings list` shows it); a name that fits
several feeds, where one is wanted, lists them with their URLs."""

from __future__ import annotations

from tests.fileserver import FileServer
from tests.test_cli_download import names, setup
from tidings.cli import main

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>
<item><guid>{guid}</guid><title>Story {guid}</title><link>https://x.example/{guid}</link></item>
</channel></rss>"""


def feeds(tmp_path):
    """Three local feeds, no `title:` in feeds.yaml: "Ann's Blog" and two that call
    themselves "Tech Crunchy"; fetched once."""
    urls = []
    for name, title in (("ann", "Ann's Blog"), ("t1", "Tech Crunchy"), ("t2", "Tech Crunchy")):
        path = tmp_path / f"{name}.xml"
        path.write_text(RSS.format(title=title, guid=name), encoding="utf-8")
        urls.append(path.as_uri())
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds:\n" + "".join(f"  - {u}\n" for u in urls), encoding="utf-8")
    args = ["--config", str(cfg), "--db", str(tmp_path / "t.db")]
    assert main([*args, "fetch"]) == 0
    return args, urls


def test_fetch_takes_the_title_the_feed_gives_itself(tmp_path, capsys):
    args, urls = feeds(tmp_path)
    capsys.readouterr()
    assert main([*args, "fetch", "Ann's Blog"]) == 0
    out, err = capsys.readouterr()
    assert err == f"[1/1] ok: {urls[0]}\n"
    assert out.startswith("1 ok, 0 not modified, 0 failed; 0 new, 0 updated articles")
    assert main([*args, "fetch", "ann's"]) == 0  # in part, as ever
    capsys.readouterr()
    assert main([*args, "fetch", "Bob's Blog"]) == 2
    assert capsys.readouterr().err == (
        'tidings: no feed in the config matches "Bob\'s Blog"'
        " (give a feed's URL or title; `tidings list` shows them)\n"
    )


def test_one_feed_wanted_and_two_named_lists_them_with_their_urls(tmp_path, capsys):
    args, urls = feeds(tmp_path)
    capsys.readouterr()
    wanted = (
        f"Tech Crunchy  <{urls[1]}>\nTech Crunchy  <{urls[2]}>\n",
        "tidings: 'Tech Crunchy' matches 2 feeds (listed above): give one's URL or whole title\n",
    )
    for command in (
        ["unread", "--feed", "Tech Crunchy"],
        ["mark", "read", "--feed", "Tech Crunchy"],
        ["search", "--feed", "Tech Crunchy", "story"],
        ["remove", "Tech Crunchy"],
    ):
        assert main([*args, *command]) == 2, command
        assert capsys.readouterr() == wanted, command
    assert main([*args, "unread", "--feed", urls[2], "--count"]) == 0
    assert capsys.readouterr().out == "1\n"
    assert main([*args, "fetch", "Tech Crunchy"]) == 0  # fetch takes all it names
    assert capsys.readouterr().out.startswith("2 ok, 0 not modified")


def test_download_takes_the_feed_s_own_title(tmp_path, capsys):
    with FileServer() as server:
        args = setup(tmp_path, server, download=False)
        config = tmp_path / "feeds.yaml"  # no title: the feed calls itself "Pod"
        config.write_text(config.read_text().replace("    title: Pod\n", ""))
        assert main([*args, "download", "Pod", "--newest", "1"]) == 0
    assert names(tmp_path) == ["ep7.mp3"]
