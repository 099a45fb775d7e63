"""ctrl+k: a random unread article (newsboat's random-unread): the store's pick and the
key in the reader."""

from __future__ import annotations

import pytest

from tests.test_tui import paged_app, paged_store, settle
from tidings.core.models import View
from tidings.core.store import Store


@pytest.fixture
def paged(tmp_path):
    db = tmp_path / "paged.db"
    return paged_store(db), db


def test_the_pick_is_among_the_views_unread_articles(paged):
    _, db = paged
    with Store.open(db) as store:
        feed_b = next(f.id for f in store.feeds() if f.title == "B")
        view = View(feed_id=feed_b)
        picked = {store.random_unread(view, lambda n, i=i: i % n).title for i in range(3)}
        assert picked == {"B0", "B1", "B2"}
        store.set_read([a.id for a in store.list_articles(view) if a.title != "B1"])
        assert store.random_unread(view).title == "B1"
        store.mark_view_read(view)
        assert store.random_unread(view) is None
        assert store.random_unread(View()).title.startswith("A")


async def test_ctrl_k_opens_a_random_unread_article_of_the_list(paged):
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:2")
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert app.article.title in ("B0", "B1", "B2")
        assert app.articles.current.id == app.article.id  # the list's cursor on it
        assert app.place.key == "feed:2"


async def test_ctrl_k_with_nothing_unread_here_goes_to_all_feeds(paged):
    _, db = paged
    with Store.open(db) as store:
        store.mark_view_read(View(feed_id=2))
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:2")
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert app.article.title.startswith("A")
        assert app.place.key == "all" and app.tree.current.key == "all"
        assert app.articles.current.id == app.article.id
        assert "from all feeds" in app.status_message
    with Store.open(db) as store:
        store.mark_view_read(View())
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert app.article is None
        assert app.status_message == "No unread articles left."
