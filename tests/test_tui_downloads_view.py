"""Ctrl+E, the downloads view (newsboat's podboat in the reader): the episodes with
their state and progress, drawn as they go; c cancels, d downloads again (a stopped one
from where it stopped, a failed one anew), D deletes the file after a y/n, Enter / p
plays it with the player, m marks it played, P purges the downloaded ones from the list.
The enclosures come from a server on 127.0.0.1 (tests.fileserver) that can hold a body
halfway."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest

from tests.fileserver import FileServer
from tests.test_tui import plain, settle
from tests.test_tui_download import BODY, FEED, PYTHON, T0, download_app, recorder
from tidings.core import download_records
from tidings.core.models import Enclosure, ParsedEntry, ParsedFeed
from tidings.core.store import Store
from tidings.tui.screens.confirm import ConfirmScreen
from tidings.tui.screens.downloads import DownloadsScreen
from tidings.tui.widgets.episode_list import EpisodeList

SIZE = (110, 30)


@pytest.fixture
def server():
    with FileServer() as started:
        yield started


@pytest.fixture(autouse=True)
def every_progress(monkeypatch):
    """Each chunk's progress reported (not one a quarter second), so the row says how
    far the bytes the server sent before it held the rest came."""
    monkeypatch.setattr("tidings.core.downloads.PROGRESS_EVERY", 0)


def rows(app) -> list[str]:
    """The downloads view's rows as drawn, spaces squeezed."""
    listing = app.screen.query_one(EpisodeList)
    return [" ".join(listing.render_line(y).text.split()) for y in range(len(listing.rows))]


async def shown(pilot, wanted: str, row: int = 0) -> str:
    """Wait until row `row` of the view says `wanted` (the view looks at the downloads a
    few times a second; bounded, then the assert says what it showed)."""
    for _ in range(400):
        await pilot.pause(0.025)
        now = rows(pilot.app)
        if len(now) > row and wanted in now[row]:
            return now[row]
    assert wanted in rows(pilot.app)[row]
    return ""


def message(app) -> str:
    return str(app.screen.query_one("#status").render())


async def open_view(pilot) -> None:
    await pilot.press("ctrl+e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DownloadsScreen)


async def download_then_open_view(pilot) -> None:
    """e on the episode, its download ended, then Ctrl+E."""
    await settle(pilot)
    await pilot.press("e")
    await asyncio.to_thread(pilot.app.download_queue().join)
    await open_view(pilot)


async def test_progress_cancel_and_going_on_from_where_it_stopped(server, tmp_path):
    url = server.add("/shows/episode-12.mp3", BODY, stall_after=10_000, ranges=True)
    app, _ = download_app(tmp_path, url)
    part = tmp_path / "pods" / "episode-12.mp3.part"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert await asyncio.to_thread(server.stalled.acquire, True, 10)
        await open_view(pilot)
        row = await shown(pilot, "13%")  # 10,000 of 76,803 bytes
        assert row == "downloading 13% 10 KB/76.8 KB Episode 12: 台风 — Pod episode-12.mp3"
        title = str(app.screen.query_one("#downloads-title").render())
        assert title == "Downloads: 1 episode (1 downloading); 2 at once"

        await pilot.press("c")
        await settle(pilot)
        assert (
            await shown(pilot, "stopped") == "stopped 10 KB Episode 12: 台风 — Pod episode-12.mp3"
        )
        assert message(app) == "Cancelled episode-12.mp3; d goes on from where it stopped."
        assert part.stat().st_size == 10_000
        assert app.download_queue().pending() == 0

        server.files["/shows/episode-12.mp3"].stall_after = None
        await pilot.press("d")
        await asyncio.to_thread(app.download_queue().join)
        row = await shown(pilot, "finished")
        assert row == "finished 76.8 KB Episode 12: 台风 — Pod episode-12.mp3"
        assert (tmp_path / "pods" / "episode-12.mp3").read_bytes() == BODY
        assert not part.exists()
        assert server.ranges_asked("/shows/episode-12.mp3") == [None, "bytes=10000-"]

        await pilot.press("escape")  # back to the reader
        await settle(pilot)
        assert not isinstance(app.screen, DownloadsScreen)


async def test_a_failed_download_says_why_and_d_tries_again(server, tmp_path):
    url = server.add("/ep.mp3", BODY, status=404)
    app, _ = download_app(tmp_path, url)
    async with app.run_test(size=SIZE) as pilot:
        await download_then_open_view(pilot)
        assert rows(app) == ["failed HTTP 404 Not Found Episode 12: 台风 — Pod ep.mp3"]

        server.files["/ep.mp3"].status = 200
        await pilot.press("d")
        await asyncio.to_thread(app.download_queue().join)
        assert await shown(pilot, "finished") == "finished 76.8 KB Episode 12: 台风 — Pod ep.mp3"
        assert message(app) == f"Downloaded {tmp_path / 'pods' / 'ep.mp3'}"
        assert (tmp_path / "pods" / "ep.mp3").read_bytes() == BODY


async def test_delete_asks_then_removes_the_file_and_the_article_stays(server, tmp_path):
    url = server.add("/ep.mp3", BODY)
    app, _ = download_app(tmp_path, url)
    target = tmp_path / "pods" / "ep.mp3"
    async with app.run_test(size=SIZE) as pilot:
        await download_then_open_view(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == f"Delete {target}?"
        await pilot.press("n")
        await settle(pilot)
        assert target.exists() and message(app) == "Nothing deleted."

        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not target.exists()
        assert message(app) == f"Deleted {target}; the article stays."
        assert rows(app) == ["deleted Episode 12: 台风 — Pod ep.mp3"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # the article stays, and says so
        await settle(pilot)
        plain = app.reader.rendered.text.plain
        assert "[downloaded, then deleted: e downloads it again]" in plain
    with Store.open(tmp_path / "news.db") as store:
        (record,) = download_records.all_records(store)
        assert record.deleted and record.done and record.path == str(target)


async def test_enter_plays_it_m_marks_played_and_p_purges(server, tmp_path):
    url = server.add("/ep.mp3", BODY)
    played = tmp_path / "played.json"
    app, handed_over = download_app(tmp_path, url, recorder(tmp_path, played))
    target = tmp_path / "pods" / "ep.mp3"
    async with app.run_test(size=SIZE) as pilot:
        await download_then_open_view(pilot)
        assert rows(app) == ["finished 76.8 KB Episode 12: 台风 — Pod ep.mp3"]
        await pilot.press("enter")
        await settle(pilot)
        assert handed_over == [True, False]  # the player had the terminal
        assert json.loads(played.read_text()) == [str(target)]
        assert message(app) == f"{PYTHON} {target}: exit 0"
        assert rows(app) == ["played 76.8 KB Episode 12: 台风 — Pod ep.mp3"]

        await pilot.press("m")
        await settle(pilot)
        assert rows(app)[0].startswith("finished ") and message(app) == "ep.mp3: not played."
        await pilot.press("m")
        await settle(pilot)
        assert rows(app)[0].startswith("played ")

        await pilot.press("P")
        await settle(pilot)
        assert rows(app) == []
        assert message(app) == "Purged 1 downloaded episode from the list; their files stay."
        assert target.exists()
        await pilot.press("p")  # nothing under the cursor: said
        await settle(pilot)
        assert message(app) == "No episode here: e on an article downloads its episode."


async def test_many_episodes_newest_first_and_the_cursor_reaches_the_last(server, tmp_path):
    app, _ = download_app(tmp_path, server.url("/ep.mp3"))
    with Store.open(tmp_path / "news.db") as store:
        entries = [
            ParsedEntry(
                id=f"old{n}",
                title=f"Old {n}",
                link=f"https://pod.example/old/{n}",
                published=T0 - timedelta(days=n + 1),
                enclosures=[Enclosure(f"https://pod.example/old{n}.mp3", "audio/mpeg")],
            )
            for n in range(150)
        ]
        store.record_fetch(FEED, parsed=ParsedFeed(title="Pod", entries=entries))
        for n, article in enumerate(store.conn.execute("SELECT id, title FROM articles")):
            if article[1].startswith("Old "):
                path = tmp_path / f"old{article[1][4:]}.mp3"
                path.write_bytes(b"x")
                download_records.record_done(
                    store, article[0], f"https://pod.example/old{article[1][4:]}.mp3", str(path), 1
                )
                store.conn.execute(
                    "UPDATE downloads SET at = ? WHERE article_id = ?", (n, article[0])
                )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_view(pilot)
        listing = app.screen.query_one(EpisodeList)
        assert len(listing.rows) == 150
        newest = listing.rows[0]
        assert listing.rows[-1].at < newest.at
        await pilot.press("G")
        await settle(pilot)
        assert listing.cursor == 149 and listing.scroll_offset.y > 0
        await pilot.press("g")
        await settle(pilot)
        assert listing.cursor == 0 and listing.current == newest


async def test_help_lists_the_downloads_key(tmp_path):
    app, _ = download_app(tmp_path, "http://127.0.0.1:9/ep.mp3")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        listed = app.screen.query_one("#help-list")
        line = " ".join(plain(listed.get_option("downloads").prompt, 100).split())
        assert line.startswith("Ctrl+E The downloads (podboat): play, download again,")
        listed.highlighted = listed.get_option_index("downloads")
        await pilot.press("enter")  # chosen: it runs
        await settle(pilot)
        assert isinstance(app.screen, DownloadsScreen)
        assert rows(app) == []
