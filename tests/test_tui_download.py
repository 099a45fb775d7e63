"""`e` in the reader: download the article's episode in the background (progress and
outcome in the status line, where it went in the article), play it once downloaded
(the player has the terminal: App.suspend, which a headless test cannot do, is
recorded here instead), and Q that stops a download which the next `e` goes on with."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shlex
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePath

import pytest

from tests.fileserver import FileServer
from tests.test_tui import settle
from tidings.core.downloads import Outcome, Progress
from tidings.core.models import Config, Enclosure, FeedSpec, ParsedEntry, ParsedFeed, Settings
from tidings.core.store import Store
from tidings.tui.app import TidingsApp
from tidings.tui.messages import DownloadEvent

BODY = b"ID3" + bytes(range(256)) * 300
T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
FEED = "https://pod.example/feed.xml"
PYTHON = PurePath(sys.executable).name

# Writes its arguments, as JSON, to the file its first argument names.
RECORDER = """\
import json, sys
with open(sys.argv[1], "w") as out:
    json.dump(sys.argv[2:], out)
"""


@pytest.fixture
def server():
    with FileServer() as started:
        yield started


def pod_store(db: Path, episode_url: str) -> list[FeedSpec]:
    """A feed with an episode (a cover image before its MP3) and a text-only article."""
    spec = FeedSpec(FEED, "Pod")
    with Store.open(db) as store:
        store.sync_feeds([spec])
        entries = [
            ParsedEntry(
                id="ep12",
                title="Episode 12: 台风",
                link="https://pod.example/12",
                content="<p>Show notes.</p>",
                published=T0,
                enclosures=[
                    Enclosure("https://pod.example/cover.jpg", "image/jpeg"),
                    Enclosure(episode_url, "audio/mpeg", len(BODY)),
                ],
            ),
            ParsedEntry(
                id="text",
                title="A post without audio",
                link="https://pod.example/post",
                content="<p>Words only.</p>",
                published=T0 - timedelta(hours=1),
            ),
        ]
        store.record_fetch(FEED, parsed=ParsedFeed(title="Pod", entries=entries))
    return [spec]


def download_app(
    tmp_path: Path, url: str, player: str | None = None, *, suspend: bool = True
) -> tuple[TidingsApp, list[bool]]:
    db = tmp_path / "news.db"
    settings = Settings(
        refresh_on_startup=False, download_dir=str(tmp_path / "pods"), player=player
    )
    app = TidingsApp(Config(feeds=pod_store(db, url), settings=settings), db)
    handed_over: list[bool] = []

    @contextlib.contextmanager
    def recorded():
        handed_over.append(True)
        yield
        handed_over.append(False)

    if suspend:
        app.suspend = recorded  # type: ignore[method-assign]
    return app, handed_over


async def downloaded(pilot) -> None:
    """Wait until the downloads queued have ended and their messages are shown."""
    await asyncio.to_thread(pilot.app.download_queue().join)
    await settle(pilot)


def squeezed(text: str) -> str:
    return "".join(text.split())


def recorder(tmp_path: Path, out: Path) -> str:
    script = tmp_path / "player.py"
    script.write_text(RECORDER)
    return shlex.join([sys.executable, str(script), str(out)])


async def test_e_downloads_the_episode_then_plays_it(server, tmp_path):
    url = server.add("/shows/episode-12.mp3", BODY)
    played = tmp_path / "played.json"
    app, handed_over = download_app(tmp_path, url, recorder(tmp_path, played) + " --no-video")
    target = tmp_path / "pods" / "episode-12.mp3"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # from the list: the row under the cursor
        await settle(pilot)
        assert app.status_message.startswith(("Downloading Episode 12: 台风", "Downloaded"))
        await downloaded(pilot)
        assert app.status_message == f"Downloaded {target}"
        assert target.read_bytes() == BODY
        assert sorted(p.name for p in target.parent.iterdir()) == ["episode-12.mp3"]
        assert handed_over == []  # nothing played yet

        # The article says where its episode is.
        await pilot.press("enter")
        await settle(pilot)
        shown = squeezed(app.reader.rendered.text.plain)  # a long path may wrap
        assert squeezed(f"[attachment: audio/mpeg, 75.0 KB] [2] [downloaded: {target}]") in shown
        assert squeezed("[attachment: image/jpeg] [1][attachment") in shown

        # e again, from the reading pane: the player has the terminal, the file last.
        await pilot.press("e")
        await settle(pilot)
        assert handed_over == [True, False]
        assert json.loads(played.read_text()) == ["--no-video", str(target)]
        assert app.status_message == f"{PYTHON} {target}: exit 0"
        assert len(server.requests) == 1  # not downloaded twice


async def test_without_a_player_e_says_where_the_file_is(server, tmp_path):
    url = server.add("/ep.mp3", BODY)
    app, handed_over = download_app(tmp_path, url)
    target = tmp_path / "pods" / "ep.mp3"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await downloaded(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.status_message == (
            f"Downloaded: {target} (a player: setting in feeds.yaml plays it)"
        )
        assert handed_over == []
        # A file deleted since is downloaded again.
        target.unlink()
        await pilot.press("e")
        await settle(pilot)
        assert "again (it was gone from" in app.status_message or "Downloaded" in app.status_message
        await downloaded(pilot)
        assert target.read_bytes() == BODY


async def test_an_article_without_audio_and_a_failed_download_say_so(server, tmp_path):
    url = server.add("/missing.mp3", status=404)
    app, _ = download_app(tmp_path, url)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "e")
        await settle(pilot)
        assert app.status_message == "This article has no audio or video attachment to download."
        await pilot.press("k", "e")
        await downloaded(pilot)
        assert app.status_message == "Download of missing.mp3 failed: HTTP 404 Not Found"
        assert not (tmp_path / "pods").exists() or not any((tmp_path / "pods").iterdir())


async def test_quitting_stops_a_download_and_e_goes_on_with_it(server, tmp_path):
    url = server.add("/ep.mp3", BODY, stall_after=10_000, ranges=True)
    app, _ = download_app(tmp_path, url)
    part = tmp_path / "pods" / "ep.mp3.part"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        queue = app.download_queue()
        started = threading.Event()  # its .part file is made and remembered
        tell = queue.on_event

        def seen(event: object) -> None:
            if isinstance(event, Progress):
                started.set()
            tell(event)

        queue.on_event = seen
        await pilot.press("e")
        await settle(pilot)
        assert await asyncio.to_thread(started.wait, 10)
        await pilot.press("Q")  # quits at once, the download under way stopped
    assert app.download_queue().pending() == 0
    assert part.exists() and not (tmp_path / "pods" / "ep.mp3").exists()

    server.files["/ep.mp3"].stall_after = None
    server.release.set()
    app, _ = download_app(tmp_path, url)  # the same database
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "[partly downloaded: e goes on]" in app.reader.rendered.text.plain
        await pilot.press("e")
        await settle(pilot)
        await downloaded(pilot)
        assert app.status_message == f"Downloaded {tmp_path / 'pods' / 'ep.mp3'}"
        assert (tmp_path / "pods" / "ep.mp3").read_bytes() == BODY
        assert not part.exists()
        asked = server.ranges_asked("/ep.mp3")
        assert asked[0] is None and len(asked) == 2
        assert asked[1] is None or asked[1].startswith("bytes=")  # what reached the disk
        await settle(pilot)
        assert "[downloaded: " in app.reader.rendered.text.plain


async def test_a_failure_stands_while_another_download_goes_on(server, tmp_path, monkeypatch):
    # One episode downloading, another failing (a 404): the failure was drawn over at
    # the first progress of the other, a moment later, and the user never read it.
    monkeypatch.setattr("tidings.tui.downloading.SHOW_EVERY", 0)
    monkeypatch.setattr("tidings.tui.downloading.MESSAGE_STANDS", 3600)
    slow = server.add("/slow.mp3", BODY, stall_after=10_000)
    missing = server.add("/missing.mp3", status=404)
    app, _ = download_app(tmp_path, slow)
    with Store.open(tmp_path / "news.db") as store:
        gone = ParsedEntry(
            id="ep11", title="Episode 11", link="https://pod.example/11",
            published=T0 - timedelta(hours=2),
            enclosures=[Enclosure(missing, "audio/mpeg")],
        )  # fmt: skip
        store.record_fetch(FEED, parsed=ParsedFeed(title="Pod", entries=[gone]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # Episode 12: it stalls after its first bytes
        await settle(pilot)
        assert await asyncio.to_thread(server.stalled.acquire, True, 10)
        queue = app.download_queue()
        ended = threading.Event()
        tell = queue.on_event

        def seen(event: object) -> None:
            tell(event)  # posted to the app before the wait below ends
            if isinstance(event, Outcome):
                ended.set()

        queue.on_event = seen
        await pilot.press("j", "j", "e")  # Episode 11: HTTP 404
        assert await asyncio.to_thread(ended.wait, 10)
        await settle(pilot)
        assert (
            app.status_message.startswith("Download of ")
            and "failed: HTTP 404" in app.status_message
        )
        # the slow one goes on meanwhile: its progress waits for the failure to be read
        running = [p for p in queue.snapshot().running if p is not None]
        app.post_message(DownloadEvent(running[0]))
        await settle(pilot)
        assert (
            app.status_message.startswith("Download of ")
            and "failed: HTTP 404" in app.status_message
        )
        server.release.set()  # the server closes the stalled one: its outcome is shown
        await downloaded(pilot)
        assert "failed: the server closed" in app.status_message
