"""settings.show_read_feeds: false, newsboat's usual `show-read-feeds no` beside
`show-read-articles yes`: feeds with nothing unread leave the feed pane, read articles
stay in the lists."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from tests.test_tui import paged, settle  # noqa: F401 (fixtures)
from tidings.tui.app import TidingsApp


def feed_labels(app: TidingsApp) -> list[str]:
    tree = app.tree
    shown = [str(tree.get_node_at_line(y).label) for y in range(tree.last_line + 1)]
    return [label for label in shown if label.split(" (")[0] in ("A", "B")]


async def test_read_feeds_hidden_read_articles_shown(paged):  # noqa: F811
    config, db = paged
    with sqlite3.connect(db) as conn:  # B read through
        conn.execute("UPDATE articles SET read = 1 WHERE feed_id = 2")
    config = replace(config, settings=replace(config.settings, show_read_feeds=False))
    app = TidingsApp(config, db, page_size=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("all")
        await settle(pilot)
        assert feed_labels(app) == ["A (12)"]  # B has nothing unread: not in the pane
        assert app.articles.count == 15  # but its read articles are in All
        await pilot.press("u")  # everything: the read feeds come back
        await settle(pilot)
        assert app.articles.count == 15 and feed_labels(app) == ["A (12)", "B"]
        assert "Showing all articles and feeds." in app.status_message
        await pilot.press("u")  # unread only, as u always does
        await settle(pilot)
        assert app.articles.count == 12 and feed_labels(app) == ["A (12)"]
        await pilot.press("u")
        await settle(pilot)
        assert app.articles.count == 15 and feed_labels(app) == ["A (12)", "B"]
