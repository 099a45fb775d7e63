"""Groups in parentheses typed where a search is typed: `/`, `F` and saved searches."""

from __future__ import annotations

from tests.test_tui_searches import listed, marked, news_app, saved, search, settle
from tidings.core.models import SavedSearch
from tidings.core.store import Store

# the news: 台风登陆沿海, Typhoon makes landfall, 股市收盘上涨, Chip plant opens, 台风过后
# (ids 1..5, newest first)


async def test_a_grouped_search_at_slash_lists_its_articles(tmp_path):
    app = news_app(tmp_path)
    with Store.open(tmp_path / "news.db") as store:
        store.set_read([1, 3])
        store.set_starred([5])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "(台风 OR typhoon) -(is:read -is:starred)")
        assert app.status_message == ""
        assert listed(app) == ["Typhoon makes landfall", "台风过后"]
        await pilot.press("enter")  # words in a group are marked, a smiley is nothing
        await settle(pilot)
        assert marked(app) == ["Typhoon"]
        await search(pilot, "-(台风 OR typhoon) :)")
        assert listed(app) == ["股市收盘上涨", "Chip plant opens"]
        await search(pilot, "(台风 OR is:maybe)")  # a bad operator in a group is said
        assert app.status_message.startswith("is: expected unread, read or starred")
        await pilot.press("escape")


async def test_F_limits_and_a_saved_search_counts_with_groups(tmp_path):
    searches = [SavedSearch("Storms, not read", "(台风 OR typhoon OR chip) -is:read")]
    app = news_app(tmp_path, searches)
    with Store.open(tmp_path / "news.db") as store:
        store.set_read([2])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert saved(app) == ["Storms, not read (3)"]
        app.tree.select_key("saved:Storms, not read")
        await settle(pilot)
        assert listed(app) == ["台风登陆沿海", "Chip plant opens", "台风过后"]
        app.articles.focus()
        await pilot.press("F")
        await settle(pilot)
        await pilot.press(*"(chip OR 过后) OR (登陆 沿海)", "enter")
        await settle(pilot)
        assert listed(app) == ["台风登陆沿海", "Chip plant opens", "台风过后"]
        await pilot.press("F")
        await settle(pilot)
        field = app.screen.query_one("#search-input")
        field.value = ""
        await pilot.press(*"-(chip OR 过后)", "enter")
        await settle(pilot)
        assert listed(app) == ["台风登陆沿海"]
