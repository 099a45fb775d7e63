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
