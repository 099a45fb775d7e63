"""In the reader: R passes over a feed whose site asked to wait (429 / 503 with
Retry-After) and says so; r on that feed asks anyway, as the user chose to."""

from __future__ import annotations

from tests import feedserver
from tests.test_tui import settle
from tidings.core.models import Config, FeedSpec, Settings
from tidings.tui.app import TidingsApp

feed_server = feedserver.feed_server
RSS = b'<rss version="2.0"><channel><title>Calm</title><item><guid>c1</guid><title>Calm news</title></item></channel></rss>'


async def test_R_passes_over_a_waiting_site_and_r_on_it_asks_anyway(tmp_path, feed_server):
    busy = feed_server.add("/busy", status=429, headers={"Retry-After": "3600"})
    calm = feed_server.add("/calm", body=RSS)
    settings = Settings(refresh_on_startup=False, retries=0, connect_timeout=2, read_timeout=2)
    config = Config(feeds=[FeedSpec(busy, "Busy"), FeedSpec(calm, "Calm")], settings=settings)
    app = TidingsApp(config, tmp_path / "t.db")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert len(feed_server.seen("/busy")) == 1 and "1 failed" in app.status_message
        await pilot.press("R")
        await settle(pilot)
        assert len(feed_server.seen("/busy")) == 1  # not asked again before the hour is up
        assert "1 waiting (the site asked)" in app.status_message
        app.tree.select_key(
            app.tree.key_for_feed(next(f.id for f in app.feeds if f.title == "Busy"))
        )
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert len(feed_server.seen("/busy")) == 2  # named: asked anyway
