"""T / Ctrl+T: only the feeds with a tag (newsboat's set-tag / clear-tag), chosen from a
list of the tags with their unread counts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import OptionList

from tests.test_tui import paged_app, paged_store, settle, titles
from tidings.core.store import Store

TAGS = {"A": ("tech", "news"), "B": ("news",), "C": ()}


@pytest.fixture
def tagged(tmp_path):
    db = tmp_path / "tagged.db"
    config = paged_store(db, (4, 3, 2))
    specs = [replace(s, tags=TAGS[s.title]) for s in config.feeds]
    with Store.open(db) as store:
        store.sync_feeds(specs)
    return replace(config, feeds=specs), db


def feed_names(app) -> list[str]:
    return [app.tree.place_of(f"feed:{i}").name for i in app.tree.feed_ids]


async def test_t_lists_the_tags_with_their_unread_counts_and_limits_the_pane(tagged):
    app = paged_app(tagged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert feed_names(app) == ["A", "B", "C"]
        await pilot.press("T")
        await settle(pilot)
        options = app.screen.query_one("#tag-choice-list", OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == ["#tech (4 unread)", "#news (7 unread)"]
        await pilot.press("j", "enter")
        await settle(pilot)
        assert feed_names(app) == ["A", "B"]
        assert app.place.name == "All #news" and app.tree.unread_of("all") == 7
        assert sorted(titles(app)) == sorted(["A0", "A1", "A2", "A3", "B0", "B1", "B2"])
        assert "Feeds tagged #news" in app.status_message
        status = app.screen.query_one("#status").render().plain
        assert "All #news: 7" in status
        await pilot.press("ctrl+n")  # from All: the first feed row below it, A
        await settle(pilot)
        assert app.place.key == "feed:1"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.place.key == "feed:2"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.status_message == "No next feed."  # C has no #news
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert feed_names(app) == ["A", "B", "C"]
        assert app.place.key == "feed:2"  # the cursor's feed stays
        assert app.status_message == "All feeds shown."
        app.tree.select_key("all")
        await settle(pilot)
        assert app.place.name == "All" and app.articles.count == 9


async def test_t_with_no_tags_says_so(tmp_path):
    db = tmp_path / "plain.db"
    app = paged_app((paged_store(db), db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert app.status_message == "No feed has a tag (tags: in feeds.yaml)."


async def test_a_search_under_a_tag_covers_all_feeds_and_says_so(tagged):
    """/ searches every feed, as newsboat's search from its feed list does under a tag
    too; the search's row and the status line say "(all feeds)"."""
    app = paged_app(tagged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("T", "j", "enter")  # #news: A and B
        await settle(pilot)
        assert app.place.name == "All #news"
        await pilot.press("slash", *"C1", "enter")
        await settle(pilot)
        assert titles(app) == ["C1"]  # C has no #news: found all the same
        assert app.place.key == "search" and app.place.name == "Search: C1 (all feeds)"
        status = app.screen.query_one("#status").render().plain
        assert "Search: C1 (all feeds): 1" in status
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.tree.place_of("search").name == "Search: C1"
