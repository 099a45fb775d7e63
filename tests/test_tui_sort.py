"""Ctrl+G: the article lists sorted by title, feed or author from a list (newsboat's
sort); O turns it round; settings.article_order opens the reader so."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import OptionList

from tests.test_tui import paged_app, paged_store, settle, titles
from tidings.core.config import ConfigError, load_config


@pytest.fixture
def paged(tmp_path):
    db = tmp_path / "paged.db"
    return paged_store(db, (4, 3)), db


async def test_ctrl_g_sorts_by_feed_and_o_turns_it_round(paged):
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert titles(app) == ["A0", "A1", "A2", "A3", "B0", "B1", "B2"]
        await pilot.press("ctrl+g")
        await settle(pilot)
        options = app.screen.query_one("#sort-choice-list", OptionList)
        first = [str(options.get_option_at_index(i).prompt) for i in range(3)]
        assert first == ["Newest first  (now)", "Oldest first", "Title, A to Z"]
        for _ in range(5):
            await pilot.press("j")
        await pilot.press("enter")  # Feed, Z to A
        await settle(pilot)
        assert titles(app) == ["B2", "B1", "B0", "A3", "A2", "A1", "A0"]
        assert app.status_message == "Sorted: Feed, Z to A."
        await pilot.press("O")
        await settle(pilot)
        assert titles(app) == ["A0", "A1", "A2", "A3", "B0", "B1", "B2"]
        assert app.status_message == "Sorted: Feed, A to Z."
        # n follows the list as sorted
        await pilot.press("G", "enter")
        await settle(pilot)
        assert app.article.title == "B2"
        await pilot.press("p")
        await settle(pilot)
        assert app.article.title == "B1"


async def test_article_order_in_feeds_yaml_opens_the_lists_sorted(paged):
    config, db = paged
    config = replace(config, settings=replace(config.settings, article_order="title-desc"))
    app = paged_app((config, db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert titles(app) == ["B2", "B1", "B0", "A3", "A2", "A1", "A0"]
        await pilot.press("ctrl+g")
        await settle(pilot)
        options = app.screen.query_one("#sort-choice-list", OptionList)
        assert str(options.get_option_at_index(options.highlighted).prompt).endswith("(now)")
        await pilot.press("escape")
        await settle(pilot)
        assert titles(app)[0] == "B2"


def test_feeds_yaml_takes_the_new_orders_and_names_a_wrong_one(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - https://a.example/feed\nsettings:\n  article_order: author-desc\n")
    assert load_config(path).settings.article_order == "author-desc"
    path.write_text("feeds:\n  - https://a.example/feed\nsettings:\n  article_order: titel\n")
    with pytest.raises(ConfigError, match=r"feeds.yaml:4.*article_order.*title"):
        load_config(path)
