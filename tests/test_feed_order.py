"""settings.feed_order: the feed pane sorted by title, unread count or newest article
(newsboat's feed-sort-order), feeds kept in place between refreshes, and N / P crossing
feeds in the order shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.test_tui import paged_store, settle
from tidings.core.config import ConfigError, load_config
from tidings.core.feed_order import sort_feeds
from tidings.core.models import FeedInfo, View
from tidings.core.store import Store
from tidings.tui.app import TidingsApp


def info(n: int, title: str, *, category=None, unread=0, day=None) -> FeedInfo:
    return FeedInfo(
        id=n,
        url=f"https://{n}.example/",
        title=title,
        category=category,
        tags=(),
        full_text=False,
        total=10,
        unread=unread,
        last_fetched=None,
        last_error=None,
        newest=None if day is None else datetime(2026, 11, day, tzinfo=UTC),
    )


FEEDS = [
    info(1, "zeta", unread=1, day=3),
    info(2, "Alpha", category="World", unread=5, day=1),
    info(3, "beta", unread=9, day=None),
    info(4, "gamma", category="Tech", unread=2, day=20),
    info(5, "Delta", category="World", unread=0, day=10),
    info(6, "eta", unread=1, day=5),
]


def names(feeds: list[FeedInfo]) -> list[str]:
    return [f.title for f in feeds]


def test_config_order_is_the_file_order():
    assert names(sort_feeds(FEEDS, "config")) == [f.title for f in FEEDS]


def test_title_order_ignores_case_and_sorts_categories_by_name():
    # categories first (Tech before World), then the feeds without one
    assert names(sort_feeds(FEEDS, "title")) == ["gamma", "Alpha", "Delta", "beta", "eta", "zeta"]


def test_unread_order_most_first_ties_in_config_order():
    # World has 5 unread together, Tech 2; zeta and eta tie at 1: config order
    assert names(sort_feeds(FEEDS, "unread")) == ["Alpha", "Delta", "gamma", "beta", "zeta", "eta"]


def test_updated_order_newest_article_first_undated_last():
    assert names(sort_feeds(FEEDS, "updated")) == ["gamma", "Delta", "Alpha", "eta", "zeta", "beta"]


def test_a_bad_feed_order_names_the_line(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("settings:\n  feed_order: unread-desc\nfeeds: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert "feeds.yaml:2:" in message and "feed_order" in message and "unread" in message


def test_the_store_gives_each_feed_its_newest_article(tmp_path):
    config = paged_store(tmp_path / "s.db", (2, 3))
    with Store.open(tmp_path / "s.db") as store:
        feeds = store.feeds()
        newest = {f.title: f.newest for f in feeds}
        tops = {a.feed_title: a.published for a in reversed(store.list_articles(View(), 0, 10))}
    assert config.feeds and newest == tops


def feed_names(app: TidingsApp) -> list[str]:
    return [app.tree.place_of(f"feed:{i}").name for i in app.tree.feed_ids]


def unread_app(tmp_path, order: str) -> tuple[TidingsApp, object]:
    db = tmp_path / "o.db"
    config = paged_store(db, (2, 5, 3))  # A: 2 unread, B: 5, C: 3
    config = replace(config, settings=replace(config.settings, feed_order=order))
    return TidingsApp(config, db, page_size=5), db


async def test_feeds_sorted_by_unread_stay_put_while_reading_and_move_after_u(tmp_path):
    app, db = unread_app(tmp_path, "unread")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert feed_names(app) == ["B", "C", "A"]
        with Store.open(db) as store:  # B read elsewhere (tidings mark, another reader)
            store.set_read([a.id for a in store.list_articles(View(feed_id=2), 0, 10)], True)
        app.reload()
        await settle(pilot)
        assert app.tree.unread_of("feed:2") == 0
        assert feed_names(app) == ["B", "C", "A"]  # counts change in place; no feed moves
        await pilot.press("u", "u")  # as after a refresh: sorted anew
        await settle(pilot)
        assert feed_names(app) == ["C", "A", "B"]


async def test_N_crosses_into_the_feed_shown_below_not_the_next_in_the_file(tmp_path):
    app, db = unread_app(tmp_path, "unread")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:3")  # C, second in the pane, last in the file
        await settle(pilot)
        with Store.open(db) as store:
            store.set_read([a.id for a in store.list_articles(View(feed_id=3), 0, 10)], True)
        app.reload()
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert app.article.title == "A0" and app.tree.current.key == "feed:1"
        await pilot.press("P")  # back up the pane: C has none, so B's lowest unread
        await settle(pilot)
        assert app.article.title == "B4" and app.tree.current.key == "feed:2"
