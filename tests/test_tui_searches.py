"""Saved searches (feeds.yaml's `searches:`): places of their own in the feed pane, with
unread counts that follow reading, as newsboat's query feeds."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from rich.cells import cell_len

from tidings.core.models import Config, FeedSpec, ParsedEntry, ParsedFeed, SavedSearch, Settings
from tidings.core.search_highlight import STYLE_FOUND
from tidings.core.store import Store
from tidings.tui import search_history
from tidings.tui.app import TidingsApp

T0 = datetime(2026, 1, 1, tzinfo=UTC)
TITLES = ["台风登陆沿海", "Typhoon makes landfall", "股市收盘上涨", "Chip plant opens", "台风过后"]


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def store_with_news(path) -> list[FeedSpec]:
    spec = FeedSpec("https://n.example/feed", "News")
    with Store.open(path) as store:
        store.sync_feeds([spec])
        entries = [
            ParsedEntry(
                id=str(i), title=t, link=f"https://n.example/{i}", published=T0 - timedelta(hours=i)
            )
            for i, t in enumerate(TITLES)
        ]
        store.record_fetch(spec.url, parsed=ParsedFeed(title="News", entries=entries))
    return [spec]


def news_app(tmp_path, searches: list[SavedSearch] | None = None) -> TidingsApp:
    db = tmp_path / "news.db"
    settings = Settings(refresh_on_startup=False)
    return TidingsApp(
        Config(feeds=store_with_news(db), searches=searches or [], settings=settings), db
    )


def labels(app: TidingsApp) -> list[str]:
    tree = app.tree
    return [str(tree.get_node_at_line(y).label) for y in range(tree.last_line + 1)]


def saved(app: TidingsApp) -> list[str]:
    """The saved searches in the feed pane, with their counts."""
    shown = labels(app)
    at = shown.index("Searches")
    return shown[at + 1 : at + 1 + len(app.config.searches)]


async def test_saved_searches_stand_in_the_feed_pane_with_unread_counts(tmp_path):
    searches = [SavedSearch("Storms", "台风 OR typhoon"), SavedSearch("chip", "chip")]
    app = news_app(tmp_path, searches)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert saved(app) == ["Storms (3)", "chip (1)"]
        app.tree.select_key("saved:Storms")
        await settle(pilot)
        assert [app.articles.row(i).title for i in range(app.articles.count)] == [
            "台风登陆沿海", "Typhoon makes landfall", "台风过后",
        ]  # fmt: skip
        assert "Storms: 3 · 3 unread" in str(app.main_screen.query_one("#status").render())
        app.articles.focus()
        await pilot.press("enter")  # reads 台风登陆沿海
        await settle(pilot)
        assert app._recount_timer is not None  # the count follows a moment later...
        app.count_searches()  # ...here without waiting for it
        await settle(pilot)
        assert saved(app) == ["Storms (2)", "chip (1)"]


async def test_the_search_prompt_says_its_syntax_in_one_line_at_80_columns(tmp_path):
    app = news_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        hint = app.screen.query_one("Static")
        line = "".join(s.text for s in hint.render_line(0))
        assert '"a phrase"' in line and "OR" in line and line.rstrip().endswith("Esc cancels")
        await pilot.press("escape")


async def test_up_and_down_in_the_search_prompt_go_through_earlier_searches(tmp_path):
    app = news_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for query in ("台风", "chip", "台风"):  # a repeat moves to the end
            await pilot.press("slash")
            await settle(pilot)
            await pilot.press(*query, "enter")
            await settle(pilot)
        assert app.search_history == ["chip", "台风"]
        await pilot.press("slash")
        await settle(pilot)
        field = app.screen.query_one("#search-input")
        await pilot.press("s", "t")  # typed, then left for the history
        await pilot.press("up")
        assert field.value == "台风"
        await pilot.press("up", "up")  # no further back than the first
        assert field.value == "chip"
        await pilot.press("down")
        assert field.value == "台风"
        await pilot.press("down")
        assert field.value == "st"  # back to what was being typed
        await pilot.press("escape")


def marked(app: TidingsApp) -> list[str]:
    """The places of the open article shown marked as found."""
    text = app.reader.rendered.text
    return [text.plain[s.start : s.end] for s in text.spans if s.style == STYLE_FOUND]


async def test_an_article_opened_from_a_search_shows_what_was_found_marked(tmp_path):
    # as a browser's find-in-page: 颱風 is marked for a search of 台风, "-word"s are not
    db = tmp_path / "found.db"
    spec = FeedSpec("https://f.example/feed", "F")
    body = "<p>颱風 came ashore; the typhoon's eye, typhoons. A sea wall broke.</p>"
    with Store.open(db) as store:
        store.sync_feeds([spec])
        entry = ParsedEntry(id="1", title="台风 Typhoon hits", published=T0, content=body)
        store.record_fetch(spec.url, parsed=ParsedFeed(title="F", entries=[entry]))
    settings = Settings(refresh_on_startup=False)
    app = TidingsApp(Config(feeds=[spec], settings=settings), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert marked(app) == []  # not opened from a search
        # (台风 or typhoon) and not tsunami: OR joins the words beside it
        await pilot.press("escape", "slash", *"台风 OR typhoon -tsunami", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert marked(app) == ["台风", "Typhoon", "颱風", "typhoon"]
        await pilot.resize_terminal(60, 24)  # laid out anew: still marked
        await settle(pilot)
        assert app.reader.text_width < 78
        assert marked(app) == ["台风", "Typhoon", "颱風", "typhoon"]


async def search(pilot, query: str) -> None:
    await pilot.press("slash")
    await settle(pilot)
    await pilot.press(*query, "enter")
    await settle(pilot)


async def offered(pilot, count: int) -> list[str]:
    """What Up shows in the search prompt, pressed `count` times (newest first)."""
    await pilot.press("slash")
    await settle(pilot)
    field = pilot.app.screen.query_one("#search-input")
    shown = []
    for _ in range(count):
        await pilot.press("up")
        shown.append(field.value)
    await pilot.press("escape")
    await settle(pilot)
    return shown


def history_app(db, **settings) -> TidingsApp:
    """A reader over `db` (made with the news once), with these settings."""
    feeds = store_with_news(db) if not db.exists() else [FeedSpec("https://n.example/feed", "News")]
    return TidingsApp(
        Config(feeds=feeds, settings=Settings(refresh_on_startup=False, **settings)), db
    )


async def test_searches_are_offered_by_up_in_the_next_session(tmp_path):
    db = tmp_path / "h.db"
    async with history_app(db).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for query in ("台风", "chip", "台风"):
            await search(pilot, query)
    path = tmp_path / "h.db.search-history"
    assert path.read_text(encoding="utf-8") == "chip\n台风\n"  # next to the database
    app = history_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert await offered(pilot, 3) == ["台风", "chip", "chip"]
        await search(pilot, "typhoon")
        assert app.status_message == ""  # nothing to report
    assert path.read_text(encoding="utf-8") == "chip\n台风\ntyphoon\n"


async def test_until_the_history_is_read_up_has_this_sessions_searches(tmp_path, monkeypatch):
    db = tmp_path / "h.db"
    path = tmp_path / "h.db.search-history"
    path.write_text("old\nchip\n", encoding="utf-8")
    release = threading.Event()  # the file's reading and writing wait for it

    def held(work):
        def wait_then(*args):
            assert release.wait(10)
            return work(*args)

        return wait_then

    for name in ("load_history", "save_queries"):
        monkeypatch.setattr(search_history, name, held(getattr(search_history, name)))
    app = history_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"new", "enter")  # before the file is read
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        field = app.screen.query_one("#search-input")
        await pilot.press("up", "up")
        assert field.value == "new"  # only this session's
        await pilot.press("escape")
        release.set()
        await settle(pilot)
        assert app.search_history == ["old", "chip", "new"]  # this session's last
        assert await offered(pilot, 3) == ["new", "chip", "old"]
    assert path.read_text(encoding="utf-8") == "old\nchip\nnew\n"


async def test_search_history_0_keeps_no_file(tmp_path):
    db = tmp_path / "h.db"
    path = tmp_path / "h.db.search-history"
    app = history_app(db, search_history=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search(pilot, "chip")
        assert await offered(pilot, 1) == ["chip"]  # this session's, still
    assert not path.exists()
    path.write_text("from before\n", encoding="utf-8")
    app = history_app(db, search_history=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert await offered(pilot, 1) == [""]  # neither read...
        await search(pilot, "chip")
    assert path.read_text(encoding="utf-8") == "from before\n"  # ...nor written


async def test_a_bad_history_file_is_told_once_and_rewritten(tmp_path):
    db = tmp_path / "h.db"
    path = tmp_path / "h.db.search-history"
    path.write_bytes(b"\xff\xfe not text\n")
    app = history_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.status_message == (
            f"search history: not UTF-8 text (byte 0xff at 0); it will be rewritten ({path})"
        )
        await search(pilot, "chip")
        assert app.status_message == ""  # rewritten, as it said
    assert path.read_text(encoding="utf-8") == "chip\n"
    app = history_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.status_message == ""
        assert await offered(pilot, 1) == ["chip"]


async def test_a_long_earlier_search_is_shown_at_its_end_where_the_cursor_is(tmp_path):
    long = " ".join(["typhoon 台风"] * 40)
    db = tmp_path / "h.db"
    store_with_news(db)
    (tmp_path / "h.db.search-history").write_text(long + "\n", encoding="utf-8")
    app = history_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        field = app.screen.query_one("#search-input")
        await pilot.press("up")  # the first value the field is given
        await pilot.pause()
        assert field.value == long and field.cursor_position == len(long)
        assert field.scroll_x == field.max_scroll_x > 0
        await pilot.press("escape")


async def test_the_status_line_keeps_its_counts_after_a_chinese_or_a_long_search(tmp_path):
    # Counts were measured in characters, so 台风 (4 cells) pushed the reader's position
    # off the right edge; a long search pushed the counts themselves off.
    app = news_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.main_screen.query_one("#status")
        width = status.content_region.width
        for query in ("台风", " ".join(["typhoon"] * 20)):
            await search(pilot, query)
            line = status.render().plain
            assert cell_len(line) == width
            name = f"Search: {query}"
            if cell_len(name) > width // 2:
                name = name[: width // 2 - 1] + "…"
            assert line.endswith(f"{name}: {app.articles.count}  ? help    "), line


def listed(app: TidingsApp) -> list[str]:
    return [app.articles.row(i).title for i in range(app.articles.count)]


async def test_slash_is_starred_lists_the_starred_articles_newest_first(tmp_path):
    app = news_app(tmp_path)
    with Store.open(tmp_path / "news.db") as store:
        store.set_starred([2, 5])  # Typhoon makes landfall, 台风过后
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search(pilot, "is:starred")
        assert listed(app) == ["Typhoon makes landfall", "台风过后"]
        assert "Search: is:starred: 2" in str(app.main_screen.query_one("#status").render())
        await pilot.press("enter")  # opened from it: no operator marked as a word
        await settle(pilot)
        assert marked(app) == []
        await search(pilot, "-is:starred title:台风")
        assert listed(app) == ["台风登陆沿海"]


async def test_a_saved_search_with_operators_counts_and_lists_its_articles(tmp_path):
    searches = [
        SavedSearch("Unread storms", "台风 OR typhoon is:unread after:2025-12-01"),
        SavedSearch("Calm", "feed:NEWS -title:台风 -typhoon"),
    ]
    app = news_app(tmp_path, searches)
    with Store.open(tmp_path / "news.db") as store:
        store.set_read([1])  # 台风登陆沿海 (ids follow TITLES, from 1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert saved(app) == ["Unread storms (2)", "Calm (2)"]
        app.tree.select_key("saved:Unread storms")
        await settle(pilot)
        assert listed(app) == ["Typhoon makes landfall", "台风过后"]


async def test_a_bad_operator_in_the_prompt_is_said_and_not_searched(tmp_path):
    app = news_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = listed(app)
        await search(pilot, "台风 after:yesterday")
        wrong = 'after: expected a date such as 2026-11-01, not "yesterday"'
        assert app.status_message == wrong
        hint = app.screen.query_one("#search-hint")
        assert "".join(s.text for s in hint.render_line(0)).strip() == wrong
        field = app.screen.query_one("#search-input")
        assert field.value == "台风 after:yesterday"  # still there, to be mended
        assert listed(app) == before and app.place.key != "search"
        await pilot.press(*["backspace"] * len("yesterday"))
        assert "Esc cancels" in "".join(s.text for s in hint.render_line(0))
        await pilot.press(*"2025-12-01", "enter")
        await settle(pilot)
        assert listed(app) == ["台风登陆沿海", "台风过后"]
        assert app.status_message == ""
        assert app.search_history == ["台风 after:2025-12-01"]  # the bad one not kept


async def test_esc_after_a_bad_operator_takes_its_message_away(tmp_path):
    # The prompt's "after: expected a date…" stayed on the status line after Esc had
    # closed the prompt it was about.
    app = news_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search(pilot, "after:yesterday")
        assert app.status_message.startswith("after: expected a date")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main_screen and app.status_message == ""
