"""d: delete the article (newsboat's delete-article), driven by its key."""

from __future__ import annotations

import pytest

from tests.feedserver import feed_server  # noqa: F401 - the fixture
from tests.test_tui import long_app, paged_app, paged_store, rss, settle, titles
from tests.test_tui_type_ahead import typed_while_the_page_comes
from tidings.core.models import Config, FeedSpec, View
from tidings.core.store import Store
from tidings.tui.app import make_app


@pytest.fixture
def paged(tmp_path):
    db = tmp_path / "paged.db"
    return paged_store(db), db


def stored_titles(db) -> list[str]:
    with Store.open(db) as store:
        return [a.title for a in store.list_articles(View(), 0, 1000)]


def status(app) -> str:
    return str(app.query_one("#status").render())


async def test_d_deletes_the_article_under_the_cursor_and_the_counts_follow(paged):
    config, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert str(app.tree.root.children[0].label) == "All (15)"
        await pilot.press("j", "d")
        await settle(pilot)
        assert titles(app)[:3] == ["A0", "A2", "A3"]
        assert app.articles.current.title == "A2"  # the one that came next
        assert "Deleted: A1" in status(app)
        assert "All: 14 · 14 unread" in status(app)
        assert str(app.tree.root.children[0].label) == "All (14)"
        assert "A1" not in stored_titles(db)


async def test_d_typed_ahead_deletes_one_article_a_press(paged):
    config, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d", "d", "d")
        await settle(pilot)
        assert titles(app)[:2] == ["A3", "A4"]
        assert [t for t in ("A0", "A1", "A2", "A3") if t in stored_titles(db)] == ["A3"]


async def test_a_starred_article_is_deleted_only_after_a_yes(paged):
    config, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", "d")
        await settle(pilot)
        question = str(app.screen.query_one("Static").render())
        assert question == "A0 is starred: delete it all the same? (y:Yes n:No)"
        await pilot.press("n")
        await settle(pilot)
        assert "Nothing deleted." in status(app)
        assert "A0" in stored_titles(db)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Deleted: A0" in status(app)
        assert "A0" not in stored_titles(db)
        assert app.articles.current.title == "A1"


async def test_d_in_the_reader_deletes_the_open_article_and_goes_back_to_the_list(paged):
    config, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.reader.article.title == "A1" and app.focused is app.reader
        await pilot.press("d")
        await settle(pilot)
        assert app.article is None and app.reader.article is None
        assert app.focused is app.articles
        assert app.articles.current.title == "A2"
        assert "Deleted: A1" in status(app)
        assert "A1" not in stored_titles(db)


async def test_d_at_200_columns_clears_the_reader_beside_the_list(paged):
    config, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("shift+tab")  # back to the list, the article still shown
        await settle(pilot)
        assert app.focused is app.articles and app.reader.article.title == "A0"
        await pilot.press("d")
        await settle(pilot)
        assert app.reader.article is None
        assert app.articles.current.title == "A1"


async def test_a_deleted_article_stays_gone_after_a_refresh(tmp_path, feed_server):  # noqa: F811
    url = feed_server.add("/loop.xml", body=rss(3))
    db = tmp_path / "r.db"
    app = make_app(Config(feeds=[FeedSpec(url, "Loop")]), db, refresh_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        while app.refreshing:
            await settle(pilot)
        await settle(pilot)
        assert titles(app) == ["Item 2", "Item 1", "Item 0"]
        await pilot.press("d")
        await settle(pilot)
        assert titles(app) == ["Item 1", "Item 0"]
        feed_server.add("/loop.xml", body=rss(4))
        await pilot.press("R")
        while app.refreshing:
            await settle(pilot)
        await settle(pilot)
        assert "Refreshed 1 feed: 1 new" in app.status_message
        assert titles(app) == ["Item 3", "Item 1", "Item 0"]


@pytest.mark.parametrize(("key", "said"), [("d", "Deleted: B2"), ("s", "Starred.")])
async def test_d_or_s_on_a_row_whose_page_is_still_coming_acts_on_that_row(tmp_path, key, said):
    # Read the newest, back to the list, then G d typed at once on a long list: the last
    # page was still being read, and d deleted the article read before ("Deleted: A0",
    # the cursor on B2, and A0 gone for good); s starred it. Now they wait for the row.
    app, db = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert app.article is not None and app.article.title == "A0"
        await typed_while_the_page_comes(pilot, "G" + key)
        assert said in status(app)
        with Store.open(db) as store:
            stored = {a.title: a for a in store.list_articles(View(), 0, 100)}
        assert "A0" in stored and not stored["A0"].starred
        assert "B2" not in stored if key == "d" else stored["B2"].starred


async def test_a_long_question_takes_two_rows_and_keeps_its_end(paged):
    # A starred article's long title: "… is starred: delete it all the same?" was cut
    # before its question, the answers alone showing.
    from tidings.tui.screens.confirm import ConfirmScreen

    config, db = paged
    app = paged_app(paged)
    long = "A very long title about a typhoon that makes landfall on the southern coast " * 2
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ConfirmScreen(f"{long.strip()} is starred: delete it all the same?"))
        await settle(pilot)
        prompt = app.screen.query_one("Static")
        rows = str(prompt.render()).splitlines()
        assert len(rows) == 2 and prompt.region.height == 2
        assert rows[-1].endswith("delete it all the same? (y:Yes n:No)")
        row, at = prompt.answers_at
        await pilot.click(prompt, offset=(1 + at, row))  # y:Yes
        await settle(pilot)
        assert app.screen is app.main_screen
