"""A reader with no feeds yet: the keys say how to get some."""

from __future__ import annotations

from tests.test_tui import settle
from tidings.core.models import Config, Settings
from tidings.tui.app import TidingsApp


async def test_R_with_no_feeds_says_how_to_add_one(tmp_path):
    app = TidingsApp(
        Config(feeds=[], settings=Settings(refresh_on_startup=False)), tmp_path / "t.db"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert (
            app.status_message
            == "No feeds yet: a adds one by its address or its site's; E edits feeds.yaml."
        )


async def test_the_empty_list_with_no_feeds_says_a_adds_one(tmp_path):
    # feeds: [] showed "No articles here. R refreshes all feeds", and R had nothing to do.
    app = TidingsApp(
        Config(feeds=[], settings=Settings(refresh_on_startup=False)), tmp_path / "t.db"
    )
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        lines = ["".join(s.text for s in app.articles.render_line(y)).strip() for y in range(3)]
        assert " ".join(line for line in lines if line) == (
            "No feeds yet. a adds one (a feed's or a site's address); ? shows the keys."
        )
