"""Ctrl+N / Ctrl+P and } / {: the next / previous feed (with unread articles), from the
article list and from the reading pane, as newsboat's next-feed / prev-feed /
next-unread-feed / prev-unread-feed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_tui import is_read, paged_app, paged_store, settle, titles
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


async def test_from_all_ctrl_n_goes_to_the_first_feed_whatever_the_cursors_article(three):
    app = paged_app(three)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j", "j")  # All, the list cursor on a story of B
        await settle(pilot)
        assert app.place.key == "all" and app.articles.current.title == "B1"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.place.key == "feed:1" and titles(app) == ["A0", "A1", "A2", "A3"]
        app.tree.select_key("all")
        await settle(pilot)
        await pilot.press("ctrl+p")  # nothing above All
        await settle(pilot)
        assert app.place.key == "all" and app.status_message == "No previous feed."


@pytest.fixture
def grouped(tmp_path):
    """A in category One, B and C in Two; all three tagged #x (Tags is the last row)."""
    db = tmp_path / "grouped.db"
    config = paged_store(db, (4, 3, 2))
    category = {"A": "One", "B": "Two", "C": "Two"}
    specs = [replace(s, category=category[s.title], tags=("x",)) for s in config.feeds]
    with Store.open(db) as store:
        store.sync_feeds(specs)
    return replace(config, feeds=specs), db


async def test_from_a_category_or_a_tag_the_feeds_follow_the_panes_rows(grouped):
    app = paged_app(grouped)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("cat:Two")
        await settle(pilot)
        await pilot.press("ctrl+n")  # the category's first feed, the row below it
        await settle(pilot)
        assert app.place.key == "feed:2"
        app.tree.select_key("cat:Two")
        await settle(pilot)
        await pilot.press("ctrl+p")  # the last feed row above it: One's A
        await settle(pilot)
        assert app.place.key == "feed:1"
        app.tree.select_key("tag:x")  # the last row: no feed below it
        await settle(pilot)
        for key in ("ctrl+n", "right_curly_bracket"):
            await pilot.press(key)
            await settle(pilot)
            assert app.place.key == "tag:x"
        assert app.status_message == "No next feed with unread articles."
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.place.key == "feed:3"


async def test_in_the_reader_a_feed_with_nothing_to_open_is_stepped_over(tmp_path):
    db = tmp_path / "gap.db"
    app = paged_app((paged_store(db, (3, 0, 3, 0)), db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:1")
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.article.title == "A1"
        await pilot.press("ctrl+n")  # B has no articles: C
        await settle(pilot)
        assert app.place.key == "feed:3" and app.article.title == "C0"
        assert app.reader.prev is None and app.reader.next.title == "C1"
        await pilot.press("n")  # n follows the list shown
        await settle(pilot)
        assert app.article.title == "C1" and app.articles.current.title == "C1"
        assert (app.reader.prev.title, app.reader.next.title) == ("C0", "C2")
        await pilot.press("ctrl+n")  # D has none either, and it is the last
        await settle(pilot)
        assert app.status_message == "No next feed to open."
        assert app.article.title == "C1" and app.place.key == "feed:3"
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.place.key == "feed:1" and app.article.title == "A0"


async def test_from_the_list_nothing_is_opened_or_marked_read(three):
    """At 200x50 the reader stands beside the list: Ctrl+N / } from the list move the
    list only; the article left open (of the old feed) goes, and n then opens the first
    article of the list shown."""
    app = paged_app(three)
    _, db = three
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.article.title == "A0" and app.focused is app.reader
        await pilot.press("escape")  # back to the list, the article beside it
        await settle(pilot)
        assert app.focused is app.articles and app.article is not None
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.place.key == "feed:2" and app.article is None
        await pilot.press("right_curly_bracket", "ctrl+p", "ctrl+n")
        await settle(pilot)
        assert app.place.key == "feed:3" and app.article is None
        assert [is_read(db, t) for t in ("A0", "A1", "B0", "C0", "C1")] == [
            True, False, False, False, False
        ]  # fmt: skip
        await pilot.press("n")
        await settle(pilot)
        assert app.article.title == "C0" and app.reader.next.title == "C1"


async def test_esc_takes_no_next_feed_away(three):
    app = paged_app(three)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:3")
        await settle(pilot)
        app.articles.focus()
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.status_message == "No next feed."
        await pilot.press("escape")
        await settle(pilot)
        assert app.status_message == ""
        assert "No next feed" not in app.screen.query_one("#status").render().plain


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


async def test_n_from_another_feeds_list_opens_its_row_not_the_old_lists_next(tmp_path):
    # At 200 columns the article stays beside the list when the feed pane moves on with
    # j: n from the new list opened the old list's next article.
    db = tmp_path / "p.db"
    app = paged_app((paged_store(db), db))
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:1")
        await settle(pilot)
        await pilot.press("enter")  # A0, beside the list
        await settle(pilot)
        assert app.article.title == "A0"
        app.tree.select_key("feed:2")  # the pane moves to B; A0 stays open
        await settle(pilot)
        app.articles.focus()
        await pilot.press("n")
        await settle(pilot)
        assert app.article.title == "B0"
