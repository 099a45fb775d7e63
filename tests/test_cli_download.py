"""`tidings download`: episodes of feeds with `download: true` (for cron), of named
feeds or article ids; `--list`; exit statuses as the other commands."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fileserver import FileServer
from tidings.cli import main
from tidings.core.models import Enclosure, FeedSpec, ParsedEntry, ParsedFeed
from tidings.core.store import Store

BODY = bytes(range(256)) * 100
T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
POD = "https://pod.example/feed.xml"
NEWS = "https://news.example/feed.xml"


@pytest.fixture
def server():
    with FileServer() as started:
        yield started


def setup(tmp_path: Path, server: FileServer, *, download: bool = True) -> list[str]:
    """feeds.yaml with a podcast (`download:` as given) of 7 episodes, the newest first,
    and a news feed; the database with their articles. The global options to use."""
    pods = tmp_path / "pods"
    config = tmp_path / "feeds.yaml"
    config.write_text(
        f"settings:\n  download_dir: {pods}\n  max_downloads: 3\n"
        f"feeds:\n  - url: {POD}\n    title: Pod\n    download: {str(download).lower()}\n"
        f"  - url: {NEWS}\n    title: News\n",
        encoding="utf-8",
    )
    db = tmp_path / "t.db"
    with Store.open(db) as store:
        store.sync_feeds([FeedSpec(POD, "Pod"), FeedSpec(NEWS, "News")])
        episodes = [
            ParsedEntry(
                id=f"ep{n}",
                title=f"Episode {n}",
                link=f"https://pod.example/{n}",
                published=T0 - timedelta(days=7 - n),
                enclosures=[
                    Enclosure(server.add(f"/ep{n}.mp3", BODY), "audio/mpeg", len(BODY)),
                ],
            )
            for n in range(1, 8)
        ]
        store.record_fetch(POD, parsed=ParsedFeed(title="Pod", entries=episodes))
        news = [ParsedEntry(id="n1", title="Words", link="https://news.example/1", published=T0)]
        store.record_fetch(NEWS, parsed=ParsedFeed(title="News", entries=news))
    return ["--config", str(config), "--db", str(db)]


def names(tmp_path: Path) -> list[str]:
    pods = tmp_path / "pods"
    return sorted(p.name for p in pods.iterdir()) if pods.exists() else []


def article_id(args: list[str], title: str) -> int:
    with Store.open(args[3]) as store:
        return next(a.id for a in store.search(f'title:"{title}"', 5))


def test_cron_downloads_the_newest_episodes_once(server, tmp_path, capsys):
    args = setup(tmp_path, server)
    assert main([*args, "download"]) == 0
    out = capsys.readouterr().out.splitlines()
    wanted = [f"ep{n}.mp3" for n in range(3, 8)]  # the newest 5
    assert sorted(Path(line).name for line in out) == wanted
    assert names(tmp_path) == wanted
    assert all((tmp_path / "pods" / n).read_bytes() == BODY for n in wanted)

    # Again: nothing due, not even a file deleted since (it was listened to).
    (tmp_path / "pods" / "ep7.mp3").unlink()
    requests = len(server.requests)
    assert main([*args, "download", "-q"]) == 0
    assert capsys.readouterr().out == "" and len(server.requests) == requests

    # --list: what is where.
    assert main([*args, "download", "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 5 and all(str(tmp_path / "pods") in line for line in listed)
    assert any(line.endswith("Pod: Episode 3") for line in listed)
    assert main([*args, "download", "--list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["title"] for r in rows} == {f"Episode {n}" for n in range(3, 8)}
    assert all(r["done"] and r["size"] == len(BODY) for r in rows)


def test_an_article_id_or_a_feed_named(server, tmp_path, capsys):
    args = setup(tmp_path, server, download=False)
    assert main([*args, "download"]) == 2  # no feed has download: true
    assert "no feed has download: true" in capsys.readouterr().err
    capsys.readouterr()
    assert main([*args, "download", "--list"]) == 0  # nothing downloaded yet: said so
    out, err = capsys.readouterr()
    assert out == ""  # `| wc -l` counts 0
    assert err == (
        "tidings: nothing downloaded yet: `tidings download` fetches the new episodes of the"
        " feeds with `download: true` in feeds.yaml, `tidings download ID` one article's;"
        " in the reader, `e` on an article\n"
    )
    assert main([*args, "download", "--list", "--json"]) == 0  # an empty list
    assert capsys.readouterr() == ("", "")

    one = article_id(args, "Episode 1")
    assert main([*args, "download", str(one)]) == 0
    assert names(tmp_path) == ["ep1.mp3"]
    capsys.readouterr()
    # Named again with its file gone: downloaded again.
    (tmp_path / "pods" / "ep1.mp3").unlink()
    assert main([*args, "download", str(one)]) == 0
    assert names(tmp_path) == ["ep1.mp3"]

    assert main([*args, "download", "Pod", "--newest", "2"]) == 0
    assert names(tmp_path) == ["ep1.mp3", "ep6.mp3", "ep7.mp3"]

    words = article_id(args, "Words")
    capsys.readouterr()
    assert main([*args, "download", str(words)]) == 1  # no episode: nothing found
    assert f"article {words} (Words) has no audio or video" in capsys.readouterr().err
    assert main([*args, "download", "no-such-feed"]) == 2


def test_failures_are_named_and_every_one_failing_is_exit_1(server, tmp_path, capsys):
    args = setup(tmp_path, server)
    for n in range(1, 8):
        server.files[f"/ep{n}.mp3"].status = 404
    assert main([*args, "download", "--newest", "2"]) == 1
    err = capsys.readouterr().err
    assert err.count("HTTP 404 Not Found") == 2
    # --list says which failed and why (nothing kept: the address, not a file)
    assert main([*args, "download", "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 2 and all("  failed    http://127.0.0.1:" in line for line in listed)
    assert all("(failed: HTTP 404 Not Found; `tidings download " in line for line in listed)
    assert all(" tries again)  Pod: Episode " in line for line in listed)
    server.files["/ep7.mp3"].status = 200
    assert main([*args, "download", "--newest", "2"]) == 0  # some failing is 0
    assert names(tmp_path) == ["ep7.mp3"]
    capsys.readouterr()
    assert main([*args, "download", "--list", "--json"]) == 0
    rows = {r["title"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["Episode 7"]["state"] == "finished" and rows["Episode 7"]["error"] is None
    assert rows["Episode 6"]["state"] == "failed"
    assert rows["Episode 6"]["error"] == "HTTP 404 Not Found"


def test_list_names_the_command_that_goes_on_with_a_stopped_one(server, tmp_path, capsys):
    # e stopped halfway in a feed without download: true: a bare `tidings download`
    # would answer 'no feed has download: true', so --list names the article.
    args = setup(tmp_path, server, download=False)
    one = article_id(args, "Episode 1")
    server.files["/ep1.mp3"].length = len(BODY) * 2  # the server sends half of it
    assert main([*args, "download", str(one)]) == 1
    capsys.readouterr()
    assert main([*args, "download", "--list"]) == 0
    listed = capsys.readouterr().out
    # the state, the .part file kept, why it failed, what goes on with it
    assert listed.startswith(f"{one}  failed    {tmp_path / 'pods' / 'ep1.mp3.part'}  (failed: ")
    assert f"; `tidings download {one}` goes on)  Pod: Episode 1" in listed
    server.files["/ep1.mp3"].length = None
    server.files["/ep1.mp3"].ranges = True
    assert main([*args, "download", str(one)]) == 0
    assert names(tmp_path) == ["ep1.mp3"]
