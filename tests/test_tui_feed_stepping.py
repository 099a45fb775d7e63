"""Ctrl+N / Ctrl+P and } / {: the next / previous feed (with unread articles), from the
article list and from the reading pane, as newsboat's next-feed / prev-feed /
next-unread-feed / prev-unread-feed."""

from __future__ import annotations

import pytest

from tests.test_tui import paged_app, paged_store, settle, titles
from tidings.core.models import View
from tidings.core.store import Store


@pytest.fixture
def three(tmp_path):
    db = tmp_path / "three.db"
    return paged_store(db, (4, 3, 2)), db


async def test_ctrl_n_and_ctrl_p_step_through_the_feeds_from_the_list(three):
    app = paged_app(three)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:1")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.place.key == "feed:2" and app.tree.current.key == "feed:2"
        assert titles(app) == ["B0", "B1", "B2"]
        assert app.article is None  # from the list: the list only
        await pilot.press("ctrl+n", "ctrl+n")
        await settle(pilot)
        assert titles(app) == ["C0", "C1"]
        assert app.status_message == "No next feed."
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert titles(app) == ["B0", "B1", "B2"]


async def test_from_all_ctrl_n_goes_to_the_feed_after_the_cursors_article(three):
    app = paged_app(three)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.place.key == "all" and app.articles.current.title == "A0"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.place.key == "feed:2"


async def test_in_the_reading_pane_the_next_feeds_first_article_opens(three):
    app = paged_app(three)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.article.title == "A0"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.article.title == "B0" and app.place.key == "feed:2"
        assert app.articles.current.title == "B0"
        assert app.focused is app.reader
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.article.title == "A0"


async def test_braces_skip_the_feeds_without_unread_articles(three):
    _, db = three
    with Store.open(db) as store:
        store.mark_view_read(View(feed_id=2))
        store.set_read([a.id for a in store.list_articles(View(feed_id=3)) if a.title == "C0"])
    app = paged_app(three)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right_curly_bracket")
        await settle(pilot)
        # B is all read: C, and its first unread article (C0 is read)
        assert app.place.key == "feed:3" and app.article.title == "C1"
        await pilot.press("right_curly_bracket")
        await settle(pilot)
        assert app.status_message == "No next feed with unread articles."
        await pilot.press("left_curly_bracket")
        await settle(pilot)
        assert app.place.key == "feed:1"


async def test_unread_only_steps_over_the_hidden_feeds(three):
    _, db = three
    with Store.open(db) as store:
        store.mark_view_read(View(feed_id=2))
    app = paged_app(three)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:1")
        await settle(pilot)
        await pilot.press("u", "ctrl+n")
        await settle(pilot)
        assert app.place.key == "feed:3"
        assert titles(app) == ["C0", "C1"]
