#!/usr/bin/env python3
"""What the downloads view (Ctrl+E) costs with many episodes:

    bench/downloads_view.py [--episodes 1000]

Makes a store of that many downloaded episodes (small files in a temporary directory)
and times (1) core.download_list.episodes, the rows read from the store and each file
looked at, best of several rounds, and (2) the reader open headless at 120x40: Ctrl+E
until the rows are drawn, and a cursor move to the last row (G) and back (g).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from timing import best  # noqa: E402  (bench/timing.py)

from tidings.core import download_records  # noqa: E402
from tidings.core.download_list import episodes  # noqa: E402
from tidings.core.models import (  # noqa: E402
    Config,
    Enclosure,
    FeedSpec,
    ParsedEntry,
    ParsedFeed,
    Settings,
)
from tidings.core.store import Store  # noqa: E402
from tidings.tui.app import TidingsApp  # noqa: E402
from tidings.tui.widgets.episode_list import EpisodeList  # noqa: E402

FEED = "https://pod.example/feed.xml"


def make(db: Path, files: Path, n: int) -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    with Store.open(db) as store:
        store.sync_feeds([FeedSpec(FEED, "Pod")])
        entries = [
            ParsedEntry(
                id=f"ep{i}",
                title=f"Episode {i}: 台风 special",
                link=f"https://pod.example/{i}",
                published=t0 - timedelta(hours=i),
                enclosures=[Enclosure(f"https://pod.example/ep{i}.mp3", "audio/mpeg")],
            )
            for i in range(n)
        ]
        store.record_fetch(FEED, parsed=ParsedFeed(title="Pod", entries=entries))
        for article_id, guid in store.conn.execute("SELECT id, guid FROM articles").fetchall():
            path = files / f"{guid}.mp3"
            path.write_bytes(b"x")
            url = f"https://pod.example/{guid}.mp3"
            download_records.record_done(store, article_id, url, str(path), 1)


async def in_the_reader(db: Path) -> tuple[float, float]:
    app = TidingsApp(Config(feeds=[FeedSpec(FEED, "Pod")], settings=Settings()), db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        began = time.perf_counter()
        await pilot.press("ctrl+e")
        while not app.screen.query(EpisodeList) or not app.screen.query_one(EpisodeList).rows:
            await pilot.pause(0.001)
        opened = time.perf_counter() - began
        began = time.perf_counter()
        await pilot.press("G", "g")
        moved = (time.perf_counter() - began) / 2
    return opened, moved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, files = Path(tmp) / "news.db", Path(tmp) / "pods"
        files.mkdir()
        make(db, files, args.episodes)
        with Store.open(db) as store:
            rows = episodes(store)
            took = best(lambda: episodes(store))
        print(f"{len(rows)} episodes: episodes() {took * 1000:.1f} ms (best of 7)")
        opened, moved = asyncio.run(in_the_reader(db))
        print(f"Ctrl+E to the rows drawn: {opened * 1000:.0f} ms; G / g: {moved * 1000:.1f} ms")


if __name__ == "__main__":
    main()
