"""M: mark the articles above the cursor read (newsboat's mark-all-above-as-read): the
store's part and the key in the reader."""

from __future__ import annotations

import pytest

from tests.test_tui import is_read, long_app, paged_app, paged_store, settle, titles
from tests.test_tui_type_ahead import typed_while_the_page_comes
from tidings.core.models import View
from tidings.core.store import Store


@pytest.fixture
def paged(tmp_path):
    db = tmp_path / "paged.db"
    return paged_store(db), db


def unread(store: Store, view: View | None = None) -> list[str]:
    return [a.title for a in store.list_articles(view or View(), 0, 100) if not a.read]


def test_the_articles_above_one_in_the_views_order_are_marked_read(paged):
    _, db = paged
    with Store.open(db) as store:
        by_title = {a.title: a.id for a in store.list_articles(View(), 0, 100)}
        assert store.mark_above_read(View(), by_title["A3"]) == 3
        assert unread(store)[:2] == ["A3", "A4"]
        assert "A2" not in unread(store)
        # oldest first: "above" is older; B2 is the oldest of all
        assert store.mark_above_read(View(oldest_first=True), by_title["B1"]) == 1
        assert "B2" not in unread(store) and "B1" in unread(store)
        # a feed's own list: only its articles
        assert store.mark_above_read(View(feed_id=2), by_title["B1"]) == 1
        assert unread(store, View(feed_id=2)) == ["B1"]
        assert store.mark_above_read(View(), by_title["A0"]) == 0  # nothing above
        assert store.mark_above_read(View(), 9999) == 0  # gone
        feed_a = next(f for f in store.feeds() if f.title == "A")
        assert feed_a.unread == 9


async def test_M_marks_the_rows_above_read_and_the_counts_follow(paged):
    _, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert app.status_message == "Nothing above the cursor to mark read."
        await pilot.press("j", "j", "j", "M")
        await settle(pilot)
        assert app.status_message == "Marked 3 articles above read."
        assert [app.articles.row(i).read for i in range(4)] == [True, True, True, False]
        assert all(is_read(db, t) for t in ("A0", "A1", "A2"))
        assert not is_read(db, "A3")
        assert str(app.tree.root.children[0].label) == "All (12)"
        assert app.articles.current.title == "A3"


async def test_M_in_an_unread_only_list_closes_it_up_over_the_cursor(paged):
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("j", "j", "M")
        await settle(pilot)
        assert titles(app)[:2] == ["A2", "A3"]
        assert app.articles.current.title == "A2" and app.articles.cursor == 0


async def test_M_on_a_row_whose_page_is_still_coming_marks_the_rows_above_it(tmp_path):
    # G then M typed at once on a long list: the last page was still being read, and M
    # said "Nothing above the cursor to mark read." with the cursor on the last row.
    app, db = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await typed_while_the_page_comes(pilot, "GM")
        assert app.status_message == "Marked 62 articles above read."
        assert not is_read(db, "B2") and is_read(db, "B1") and is_read(db, "A0")
