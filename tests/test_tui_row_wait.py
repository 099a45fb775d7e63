"""Keys typed while the page of the row under the cursor is still being read from the
store (G then the key at once on a long list): each does, once the row comes, what it
does on a loaded row (tidings.tui.row_waiting), and the screen answers meanwhile."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.test_bookmark import plugin
from tests.test_tui import (
    FakeBrowser,
    held_pages,
    paged_store,
    settle,
    use_browser,
)
from tests.test_tui_pipe import record_suspends, recorder
from tests.test_tui_type_ahead import type_at_once, typed_while_the_page_comes
from tidings.core.models import Macro, MacroStep, View
from tidings.core.store import Store
from tidings.tui.app import TidingsApp
from tidings.tui.screens.confirm import ConfirmScreen
from tidings.tui.screens.save import SaveScreen

LAST = "B2"  # the last row of the long list: G puts the cursor on it


def long_reader(tmp_path: Path, **settings: object) -> tuple[TidingsApp, Path]:
    """63 articles (A0 newest ... B2 last), read from the store 5 at a time, with a
    feeds.yaml of their two feeds (D edits it)."""
    db = tmp_path / "long.db"
    config = paged_store(db, per_feed=(60, 3))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds:\n" + "".join(f"  - {s.url}\n" for s in config.feeds), encoding="utf-8")
    config = replace(config, path=str(cfg), settings=replace(config.settings, **settings))
    return TidingsApp(config, db, page_size=5), db


def stored(db: Path) -> dict[str, object]:
    with Store.open(db) as store:
        return {a.title: a for a in store.list_articles(View(), 0, 100)}


def cursor_title(app: TidingsApp) -> str:
    current = app.articles.current
    assert current is not None
    return current.title


@pytest.mark.parametrize(
    ("key", "said"),
    [
        ("m", "Marked read."),
        ("s", "Starred."),
        ("y", f"Copied https://example.org/{LAST}"),
        ("o", f"Opening https://example.org/{LAST}"),
        ("e", "This article has no audio or video attachment to download."),
    ],
)
async def test_a_key_on_a_row_still_coming_acts_on_it_when_it_comes(
    tmp_path, monkeypatch, key, said
):
    # G o typed at once on a 100,000-article list: "No article here.", the press lost.
    browser = FakeBrowser()
    use_browser(monkeypatch, browser)
    app, db = long_reader(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await typed_while_the_page_comes(pilot, "G" + key)
        assert app.status_message == said
        assert cursor_title(app) == LAST
        article = stored(db)[LAST]
        assert (article.read, article.starred) == (key == "m", key == "s")
        assert browser.opened == ([f"https://example.org/{LAST}"] if key == "o" else [])


async def test_the_screen_answers_while_a_key_waits_for_its_row(tmp_path):
    # The key waits in a worker, not in the key's handler: the next keys go on.
    app, db = long_reader(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        gate = held_pages(app)
        type_at_once(app, "Gs")
        await pilot.pause()
        assert app.articles.current is None and app.articles.cursor == 62  # still coming
        await pilot.press("question_mark")  # answered at once: the help opens
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        gate.set()
        await settle(pilot)
        assert app.status_message == "Starred." and stored(db)[LAST].starred


async def test_keys_waiting_for_the_same_row_act_in_the_order_typed(tmp_path):
    # s s m: starred, unstarred, then read, as typed one by one on a loaded row.
    app, db = long_reader(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await typed_while_the_page_comes(pilot, "Gssm")
        assert app.status_message == "Marked read."
        assert not stored(db)[LAST].starred and stored(db)[LAST].read


async def test_a_key_whose_row_the_cursor_left_meanwhile_does_nothing(tmp_path):
    # As Enter: typed on B2, the cursor moved on (g) before B2 came: not starred, and
    # not A0 either (the row the cursor came to).
    app, db = long_reader(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await typed_while_the_page_comes(pilot, "Gsg")
        assert app.articles.cursor == 0
        assert not any(a.starred for a in stored(db).values())


async def test_d_f_and_ctrl_b_on_a_row_still_coming(tmp_path, monkeypatch):
    fetched: list[int] = []

    def fetch(db_path, article_id, settings, stop=None):
        fetched.append(article_id)
        raise OSError("no network in tests")

    monkeypatch.setattr("tidings.tui.site_pages.fetch_article_full_text", fetch)
    command, out = plugin(tmp_path)
    app, db = long_reader(tmp_path, bookmark_cmd=command)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = {title: a.id for title, a in stored(db).items()}
        await typed_while_the_page_comes(pilot, "Gf")
        assert fetched == [ids[LAST]]  # "No article to fetch." before
        await typed_while_the_page_comes(pilot, "Gd")
        assert app.status_message == f"Deleted: {LAST}" and LAST not in stored(db)
        gate = held_pages(app)
        type_at_once(app, "G")
        await pilot.press("ctrl+b")
        gate.set()
        await settle(pilot)
        assert app.status_message == "Bookmarked: B1"
        assert "https://example.org/B1" in out.read_text(encoding="utf-8")


async def test_S_on_a_row_still_coming_asks_where_to_save_it(tmp_path):
    app, _ = long_reader(tmp_path, save_dir=str(tmp_path / "saved"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await typed_while_the_page_comes(pilot, "GS")
        assert isinstance(app.screen, SaveScreen)  # "No article to save." before
        assert app.screen.value.endswith(f"{LAST}.txt")


async def test_pipe_on_a_row_still_coming_pipes_it(tmp_path):
    app, _ = long_reader(tmp_path)
    handed_over = record_suspends(app)
    out = tmp_path / "piped.txt"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # | opens its prompt at once (the command typed after it goes there); the
        # article piped is the row's, once it comes.
        gate = held_pages(app)
        type_at_once(app, "G")
        await pilot.press("vertical_line", *recorder(tmp_path, out), "enter")
        assert not out.exists()
        gate.set()
        await settle(pilot)
        assert handed_over == [True, False]
        assert f"Title: {LAST}" in out.read_text(encoding="utf-8")


async def test_a_macro_on_a_row_still_coming_acts_on_it(tmp_path):
    # , x typed just after G: [star, pipe] starred B2, then piped it.
    out = tmp_path / "piped.txt"
    steps = (MacroStep("action", "star"), MacroStep("pipe", recorder(tmp_path, out)))
    app, db = long_reader(tmp_path)
    app.config = replace(app.config, macros=(Macro("x", steps),))
    record_suspends(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        gate = held_pages(app)
        type_at_once(app, "G")
        await pilot.press("comma", "x")
        assert not stored(db)[LAST].starred  # its row still coming
        gate.set()
        await settle(pilot)
        assert stored(db)[LAST].starred
        assert f"Title: {LAST}" in out.read_text(encoding="utf-8")


async def test_D_on_a_row_still_coming_asks_of_its_feed(tmp_path):
    # "No feed here to remove: go to a feed in the feed pane." before.
    app, _ = long_reader(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await typed_while_the_page_comes(pilot, "GD")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.startswith("Remove B from feeds.yaml?")
        await pilot.press("n")
        await settle(pilot)
        assert app.status_message == "Nothing removed."


@pytest.mark.parametrize(("keys", "index"), [("GO", 0), ("Gku", 51)])
async def test_u_and_O_keep_the_cursor_on_a_row_still_coming(tmp_path, keys, index):
    # O: oldest first, B2 first; u (A0..A9 read): B1 moves from row 61 to 51. The
    # cursor stayed at its row, on another article.
    app, db = long_reader(tmp_path)
    with Store.open(db) as store:
        store.set_read([stored(db)[f"A{n}"].id for n in range(10)], True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        expected = "B2" if "O" in keys else "B1"
        await typed_while_the_page_comes(pilot, keys)
        assert app.articles.cursor == index
        assert cursor_title(app) == expected


async def test_F_keeps_the_cursor_on_a_row_still_coming(tmp_path):
    app, db = long_reader(tmp_path)
    with Store.open(db) as store:
        store.set_read([stored(db)[f"A{n}"].id for n in range(10)], True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        gate = held_pages(app)
        type_at_once(app, "GkF")
        await pilot.pause()
        await pilot.press(*"is:unread", "enter")
        gate.set()
        await settle(pilot)
        assert app.articles.count == 53
        assert (app.articles.cursor, cursor_title(app)) == (51, "B1")


async def test_a_page_that_cannot_be_read_is_said_and_the_key_does_nothing(tmp_path, monkeypatch):
    browser = FakeBrowser()
    use_browser(monkeypatch, browser)
    app, _ = long_reader(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        gate = held_pages(app)
        held = app.articles.loader

        async def broken(view, offset, limit):
            await held(view, 0, 0)  # waits for the gate
            raise OSError("disk I/O error")

        app.articles.loader = broken
        type_at_once(app, "Go")
        await pilot.pause()
        gate.set()
        await settle(pilot)
        said = "Rows 61–63 of the list could not be read from the database: disk I/O error"
        assert app.status_message == said
        assert browser.opened == []
        assert app.is_running


# -- the status line: "? help" beside the counts, whatever the message ------------------


REFRESHED = (
    "Refreshed 12 feeds: 42 new, 0 updated, 2 failed, marked ! in the feed pane"
    " (https://news.example.org/feeds/world.xml: HTTP 404 Not Found; …)"
)


@pytest.mark.parametrize("message", [REFRESHED, f"Copied https://example.org/{'x' * 30}"])
async def test_a_long_message_keeps_the_help_hint_and_all_its_words(tmp_path, message):
    # At 80 columns a refresh with failures took the status line's two rows and "? help"
    # was left out to give it room.
    app, _ = long_reader(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.set_status(message)
        await settle(pilot)
        status = app.main_screen.query_one("#status")
        lines = [line.rstrip() for line in str(status.render()).splitlines()]
        assert len(lines) == status.region.height > 1
        assert lines[-1].endswith("All: 63 · 63 unread  ? help")
        said = " ".join(line.strip() for line in lines).split("All: 63")[0].strip()
        assert said == message  # whole, not cut with an ellipsis
        assert app.articles.region.bottom == status.region.y  # the panes gave it rows
