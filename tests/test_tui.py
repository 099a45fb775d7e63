"""Pilot tests of the reader: every binding, previous / next across page and list
boundaries, layout at 80 and 200 columns, refresh against a loopback server."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import io
import json
import re
import sys
import weakref
import webbrowser
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.geometry import Size
from textual.widget import Widget
from textual.worker import WorkerCancelled

from tests.feedserver import feed_server  # noqa: F401  (fixture)
from tidings.core.config import ConfigError, load_config
from tidings.core.models import THEMES, Config, FeedSpec, ParsedEntry, ParsedFeed, Settings, View
from tidings.core.store import Store
from tidings.tui import memory
from tidings.tui.app import TidingsApp, make_app
from tidings.tui.browser import configured_browser, not_opened, runs_in_terminal
from tidings.tui.demo_data import fill_demo_store
from tidings.tui.keymap import KeymapError, parse_keymap

T0 = datetime(2026, 1, 1, tzinfo=UTC)


async def settle(pilot) -> None:
    """Wait until workers are done and the screen has caught up."""
    for _ in range(4):
        for _ in range(20):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:  # replaced by a newer one of its group: wait for that
                await pilot.pause()
        await pilot.pause()


def paged_store(path: Path, per_feed: tuple[int, ...] = (12, 3)) -> Config:
    """Feeds "A", "B"... with numbered articles, newest first: A0 is the newest of A."""
    specs = [
        FeedSpec(f"https://{chr(65 + i).lower()}.example/feed", chr(65 + i))
        for i in range(len(per_feed))
    ]
    with Store.open(path) as store:
        store.sync_feeds(specs)
        hour = 0
        for spec, count in zip(specs, per_feed, strict=True):
            entries = []
            for n in range(count):
                hour += 1
                entries.append(
                    ParsedEntry(
                        id=f"{spec.title}{n}",
                        link=f"https://example.org/{spec.title}{n}",
                        title=f"{spec.title}{n}",
                        published=T0 - timedelta(hours=hour),
                        content=f"<p>Body of {spec.title}{n}</p>"
                        + "".join(
                            f'<p><a href="https://example.org/l{k}">link {k}</a></p>'
                            for k in range(3)
                        ),
                    )
                )
            store.record_fetch(spec.url, parsed=ParsedFeed(title=spec.title, entries=entries))
    return Config(feeds=specs, settings=Settings(refresh_on_startup=False))


def worded_store(path: Path, name: str, words: list[str]) -> Config:
    """One feed, `name`, of articles A0, A1... newest first, each of one word of `words`
    (unrelated words: the panels show "More from" alone)."""
    spec = FeedSpec("https://a.example/feed", name)
    with Store.open(path) as store:
        store.sync_feeds([spec])
        entries = [
            ParsedEntry(
                id=f"A{n}",
                link=f"https://example.org/A{n}",
                title=f"A{n}",
                published=T0 - timedelta(hours=n),
                content=f"<p>{word}</p>",
            )
            for n, word in enumerate(words)
        ]
        store.record_fetch(spec.url, parsed=ParsedFeed(title=name, entries=entries))
    return Config(feeds=[spec], settings=Settings(refresh_on_startup=False))


def long_store(db: Path, paragraphs: int) -> Config:
    """Feed "A": "Long" (of `paragraphs` paragraphs), then "Short" (of one)."""
    spec = FeedSpec("https://a.example/feed", "A")
    long_body = "".join(f"<p>Paragraph {k}.</p>" for k in range(paragraphs))
    with Store.open(db) as store:
        store.sync_feeds([spec])
        entries = [
            ParsedEntry(id="long", link="https://a.example/1", title="Long", published=T0, content=long_body),
            ParsedEntry(id="short", link="https://a.example/2", title="Short", published=T0 - timedelta(hours=1), content="<p>One.</p>"),
        ]  # fmt: skip
        store.record_fetch(spec.url, parsed=ParsedFeed(title="A", entries=entries))
    return Config(feeds=[spec], settings=Settings(refresh_on_startup=False))


@pytest.fixture
def demo(tmp_path) -> tuple[Config, Path]:
    db = tmp_path / "demo.db"
    return fill_demo_store(db), db


@pytest.fixture
def paged(tmp_path) -> tuple[Config, Path]:
    db = tmp_path / "paged.db"
    return paged_store(db), db


def paged_app(paged, **kwargs) -> TidingsApp:
    config, db = paged
    return TidingsApp(config, db, page_size=5, **kwargs)


def titles(app: TidingsApp) -> list[str]:
    return [app.articles.row(i).title for i in range(app.articles.count) if app.articles.row(i)]


def is_read(db: Path, title: str) -> bool:
    with Store.open(db) as store:
        return next(a for a in store.list_articles(View(), 0, 1000) if a.title == title).read


# -- first screen and moving ---------------------------------------------------------


async def test_first_screen_lists_articles_and_feed_counts(demo):
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.articles.count == 15
        assert app.articles.row(0).title.startswith("Unicode width tables")
        labels = [str(n.label) for n in app.tree.root.children]
        assert labels[0] == "All (10)"
        assert any(label.startswith("News (") for label in labels)
        assert "All: 15" in str(app.query_one("#status").render())


async def test_j_k_arrows_g_G_home_end_page_keys_move_the_cursor(paged):
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lst = app.articles
        await pilot.press("j", "j", "down")
        assert lst.cursor == 3
        await pilot.press("k", "up")
        assert lst.cursor == 1
        await pilot.press("G")
        assert lst.cursor == 14
        await pilot.press("g")
        assert lst.cursor == 0
        await pilot.press("end")
        assert lst.cursor == 14
        await pilot.press("home")
        assert lst.cursor == 0
        await pilot.press("pagedown")
        assert lst.cursor > 5
        await pilot.press("pageup")
        assert lst.cursor == 0
        await settle(pilot)
        assert titles(app)[:3] == ["A0", "A1", "A2"]


async def test_rows_past_the_first_page_load_as_the_list_scrolls(paged):
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert app.articles.current.title == "B2"


# -- opening, reading, backing out ------------------------------------------------------


async def test_enter_opens_marks_read_and_narrow_layout_takes_turns(paged):
    config, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.article.title == "A1"
        assert is_read(db, "A1")
        assert app.articles.row(1).read
        assert not app.articles.display or not app.articles.region.width
        assert app.focused is app.reader
        assert "Body of A1" in str(app.reader.rendered.text)
        await pilot.press("escape")
        assert app.focused is app.articles
        assert app.articles.region.width > 0
        await pilot.press("q")
        assert app.focused is app.tree
        await pilot.press("q")
        assert "Q to quit" in app.status_message
        await pilot.press("Q")
    assert app.return_code == 0


async def test_wide_layout_shows_three_panes_and_follows_resize(demo):
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.tree.region.width and app.articles.region.width and app.reader.region.width
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.articles.region.width == 0 or not app.articles.display
        assert app.reader.region.width > 60


def turns_app(demo) -> TidingsApp:
    """The reader over the demo store with wide_layout: turns."""
    config, db = demo
    config = replace(config, settings=replace(config.settings, wide_layout="turns"))
    return make_app(config, db, refresh_on_start=False)


async def test_wide_layout_turns_gives_the_article_the_whole_width(demo):
    # wide_layout: turns: at 200 columns the list and the article take turns, as at 80;
    # the Related panel still stands beside the article.
    app = turns_app(demo)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert app.tree.region.width and app.articles.region.width > 150
        await pilot.press("enter")
        await settle(pilot)
        assert not app.articles.region.width and not app.tree.region.width
        assert app.reader.region.width > 140
        assert app.related_list.region.x > app.reader.region.x  # beside, not below
        await pilot.press("n")
        await settle(pilot)
        assert app.article is not None and not app.articles.region.width
        await pilot.press("escape")
        await settle(pilot)
        assert app.articles.region.width > 150


async def test_the_reader_never_gives_a_row_to_a_horizontal_scrollbar(demo):
    # The reader is hidden until the first Enter: its virtual width was still the one of
    # its last layout, a horizontal scrollbar took a row in the first frame, and the
    # 上一篇 / 下一篇 lines were drawn one row up, then moved (three frames, 70-80 ms
    # of a 200x50 key instead of one frame). The reader never scrolls sideways.
    app = turns_app(demo)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        height = app.reader.scrollable_content_region.height
        app.reader.virtual_size = Size(app.reader.size.width * 2, 10)  # as when stale
        await pilot.pause()
        assert not app.reader.show_horizontal_scrollbar
        assert app.reader.scrollable_content_region.height == height


async def test_tab_and_shift_tab_move_between_panes(paged):
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert app.focused is app.articles
        await pilot.press("tab")
        assert app.focused is app.tree  # no article open: feeds and list only
        await pilot.press("tab", "enter")
        await settle(pilot)
        await pilot.press("shift+tab")
        assert app.focused is app.articles
        await pilot.press("tab")
        assert app.focused is app.reader


async def test_mouse_click_on_a_row_opens_it(paged):
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.click("#articles", offset=(10, 2))
        await settle(pilot)
        assert app.article.title == "A2"


# -- previous / next ----------------------------------------------------------------------


async def test_n_and_p_cross_page_boundaries_from_the_reader(paged):
    app = paged_app(paged)  # pages of 5 rows
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        await pilot.press("g")
        await pilot.press("enter")
        await settle(pilot)
        seen = [app.article.title]
        for _ in range(7):
            await pilot.press("n")
            await settle(pilot)
            seen.append(app.article.title)
        assert seen == ["A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7"]
        assert app.articles.cursor == 7
        await pilot.press("p", "p", "p")
        await settle(pilot)
        assert app.article.title == "A4"
        assert app.reader.prev.title == "A3" and app.reader.next.title == "A5"


async def test_n_crosses_from_one_feed_to_the_next_in_all_and_stops_at_the_end(paged):
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("end", "up", "up", "up", "enter")
        await settle(pilot)
        assert app.article.title == "A11"
        await pilot.press("n")
        await settle(pilot)
        assert app.article.title == "B0"  # across the feed boundary in "All"
        await pilot.press("n", "n")
        await settle(pilot)
        assert app.article.title == "B2"
        await pilot.press("n")
        await settle(pilot)
        assert app.article.title == "B2"
        assert "No next article" in app.status_message


async def test_p_at_the_top_says_so(paged):
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert app.article.title == "A0"
        assert "first article" in app.status_message


async def test_n_from_the_list_opens_the_next_row(paged):
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.article.title == "A0"
        await pilot.press("escape", "n")
        await settle(pilot)
        assert app.article.title == "A1"


async def test_prev_next_links_at_the_end_of_an_article_are_clickable(paged):
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        height = app.reader.scrollable_content_region.height
        lines = ["".join(seg.text for seg in app.reader.render_line(y)) for y in range(height)]
        nav_next = app.reader.nav_line(1)
        assert "Next (n): A2" in lines[nav_next]
        assert "Previous (p): A0" in lines[app.reader.nav_line(-1)]
        # A short article: the entries stand at the foot of the pane, as a page's footer.
        assert nav_next == height - 1 and not lines[nav_next - 3].strip()
        app.reader.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        y = nav_next - int(app.reader.scroll_y)
        await pilot.click("#reader", offset=(5, y))
        await settle(pilot)
        assert app.article.title == "A2"


async def test_prev_next_name_the_feed_only_when_it_is_another(paged):
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.articles.move_to(11)  # "All": A11, the last of feed A, then B0
        await pilot.press("enter")
        await settle(pilot)
        assert app.article.title == "A11"
        height = app.reader.scrollable_content_region.height
        lines = ["".join(seg.text for seg in app.reader.render_line(y)) for y in range(height)]
        prev_line, next_line = lines[app.reader.nav_line(-1)], lines[app.reader.nav_line(1)]
        assert "Previous (p): A10" in prev_line and "·" not in prev_line  # the same feed
        assert "Next (n): B0" in next_line and "· B" in next_line  # another feed


async def test_more_from_names_only_the_feeds_that_are_not_the_open_ones(tmp_path):
    # "More from A and News": A's own articles (A is named in the heading) show their
    # date alone; the category's articles from B name B. The heading is a bar across the
    # panel, which sets it off from the article above (there is no rule).
    db = tmp_path / "cat.db"
    specs = [FeedSpec(f"https://{t.lower()}.example/feed", t, category="News") for t in "AB"]
    words = iter(["harbour", "glacier", "violin", "tractor", "comet"])  # nothing related
    with Store.open(db) as store:
        store.sync_feeds(specs)
        for spec, count in zip(specs, (3, 2), strict=True):
            entries = [
                ParsedEntry(
                    id=f"{spec.title}{n}",
                    link=f"https://example.org/{spec.title}{n}",
                    title=f"{spec.title}{n}",
                    published=T0 - timedelta(hours=n + 10 * (spec.title == "B")),
                    content=f"<p>{next(words)}</p>",
                )
                for n in range(count)
            ]
            store.record_fetch(spec.url, parsed=ParsedFeed(title=spec.title, entries=entries))
    config = Config(feeds=specs, settings=Settings(refresh_on_startup=False))
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.article.title == "A0"
        panel = app.related_list
        lines = [
            "".join(s.text for s in panel.render_line(y)).rstrip() for y in range(panel.size.height)
        ]
        start = next(i for i, line in enumerate(lines) if line.strip() == "More from A and News")
        below = lines[start + 1 :]
        assert [line.strip() for line in below[:6:2]] == ["N A1", "N A2", "N B0"]
        dates = [line.strip() for line in below[1:6:2]]
        assert dates[0].startswith("20") and dates[1].startswith("20")  # A's: the date alone
        assert dates[2].startswith("B · 20")  # another feed's: named

        def bold(y: int, text: str) -> bool:
            return any(
                seg.style and seg.style.bold for seg in panel.render_line(y) if text in seg.text
            )

        # Unread: the title bold, the feed and date under it not.
        assert bold(start + 1, "A1") and not bold(start + 2, "20")
        assert not bold(start + 6, "B · 20")
        heading = panel.render_line(start)
        backgrounds = {seg.style.bgcolor for seg in heading if seg.style}
        assert len(backgrounds) == 1 and heading.cell_length == panel.size.width  # one bar
        assert backgrounds != {
            seg.style.bgcolor for seg in panel.render_line(start + 1) if seg.style
        }


async def test_a_long_panel_heading_is_cut_with_an_ellipsis_not_wrapped(tmp_path):
    # At 200x50 the panel beside the article is 48 cells: "More from Tidings Demo:
    # World Desk" spilled "Desk" onto a second line of the heading bar. It is cut with
    # "…" on one line, as the article list cuts a long title.
    db = tmp_path / "long.db"
    name = "Tidings Demo: World Desk and Its Very Long Name"
    config = worded_store(db, name, ["harbour", "glacier", "violin", "tractor"])
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        panel = app.related_list
        lines = [
            "".join(s.text for s in panel.render_line(y)).strip() for y in range(panel.size.height)
        ]
        heading = next(i for i, line in enumerate(lines) if line.startswith("More from"))
        assert lines[heading].startswith("More from Tidings Demo: W")
        assert lines[heading].endswith("…")
        assert lines[heading + 1] == "N A1"  # the first entry right under it
        # At 80 columns the panel sits below the article, as wide as it: no cut.
        await pilot.resize_terminal(80, 40)
        await settle(pilot)
        option = panel.get_option_at_index(0)
        assert option.prompt.plain == f"More from {name}"


async def test_the_panel_is_not_drawn_again_when_the_next_article_has_the_same_one(tmp_path):
    # Reading down a feed's older articles, "More from" is the same list each time: n
    # keeps the panel's entries as they are (measuring and drawing them again cost 6 ms
    # a key at 200x50), but still starts it at the top; a different list replaces them.
    db = tmp_path / "same.db"
    words = "harbour glacier violin tractor comet lantern saddle meadow quarry ribbon".split()
    words += "anchor bramble cobalt dynamo ember".split()  # nothing is related to anything
    config = worded_store(db, "A", words)
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        panel = app.related_list

        def entries() -> list[object]:
            return [panel.get_option_at_index(i) for i in range(panel.option_count)]

        await pilot.press(*"j" * 12, "enter")
        await settle(pilot)
        assert app.article.title == "A12"
        before = entries()
        assert before[0].prompt.plain == "More from A" and len(before) == 7  # A0..A5
        await pilot.press("n")
        await settle(pilot)
        assert app.article.title == "A13"
        assert all(a is b for a, b in zip(entries(), before, strict=True))
        await pilot.press("escape", "g")  # back in the list, to its top; A0 leaves the panel
        await pilot.press("enter")
        await settle(pilot)
        assert app.article.title == "A0"
        assert "A0" not in [str(getattr(o.prompt, "plain", "")) for o in entries()]
        assert entries()[1] is not before[1]


async def test_the_status_line_says_where_the_reader_stands(tmp_path):
    # No scrollbar beside the article: as in newsboat and less, "Top", "NN%" or "Bot" at
    # the right end of the status line, and nothing for an article that fits. The slot
    # keeps its four cells, so the counts before it stand still.
    db = tmp_path / "long.db"
    app = TidingsApp(long_store(db, 60), db)

    def status() -> str:
        return str(app.main_screen.query_one("#status").render())

    def slot() -> str:
        text = status()
        assert text[:-4].endswith("unread  ? help"), text
        return text[-3:]

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert slot() == "   "  # the list
        await pilot.press("enter")
        await settle(pilot)
        assert app.article.title == "Long"
        assert app.reader.scrollbar_size_vertical == 0  # no scrollbar column
        assert slot() == "Top"
        counts_at = status().index("unread")
        await pilot.press("pagedown")
        await settle(pilot)
        middle = slot()
        assert middle.endswith("%") and 0 < int(middle[:-1]) < 100
        assert status().index("unread") == counts_at  # the counts did not move
        await pilot.press("end")
        await settle(pilot)
        assert slot() == "Bot"
        await pilot.press("n")
        await settle(pilot)
        assert app.article.title == "Short" and slot() == "   "
        await pilot.press("p", "escape")
        await settle(pilot)
        assert not app.reading and slot() == "   "  # the list again


async def test_N_goes_to_the_next_unread_crossing_into_the_next_feed(paged):
    config, db = paged
    with Store.open(db) as store:
        ids = [a.id for a in store.list_articles(View(), 0, 100) if a.title.startswith("A")]
        store.set_read(ids[1:], True)  # A0 stays unread, then B
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:1")
        await settle(pilot)
        assert app.articles.view.feed_id == 1
        await pilot.press("N")
        await settle(pilot)
        assert app.article.title == "A0"
        await pilot.press("N")
        await settle(pilot)
        assert app.article.title == "B0"
        assert app.articles.view.feed_id == 2
        assert app.tree.current.key == "feed:2"
        assert "Next unread, in" in app.status_message
        await pilot.press("N", "N", "N")
        await settle(pilot)
        assert "No unread" in app.status_message


async def articles_shown(pilot) -> None:
    """Wait for the article workers (those cancelled by later ones too: settle's
    wait_for_complete raises for them)."""
    while any(w.group == "article" and not w.is_finished for w in pilot.app.workers):
        await pilot.pause()
    await settle(pilot)


def held_pages(app: TidingsApp) -> asyncio.Event:
    """The article list's pages are read from the store only once the event is set: a
    long list whose page under the cursor is still coming."""
    load = app.articles.loader
    gate = asyncio.Event()

    async def slow(view, offset, limit):
        await gate.wait()
        return await load(view, offset, limit)

    app.articles.loader = slow
    return gate


def long_app(tmp_path: Path) -> tuple[TidingsApp, Path]:
    """A list of 63 articles (A0 newest ... B2 last) read from the store 5 at a time."""
    db = tmp_path / "long.db"
    return TidingsApp(paged_store(db, per_feed=(60, 3)), db, page_size=5), db


async def test_enter_on_a_row_whose_page_is_still_coming_opens_it_when_it_comes(tmp_path):
    # G then Enter typed at once on a long list, just after start: the last page was
    # still being read from the store, and the Enter was lost (nothing opened).
    app, _ = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        gate = held_pages(app)
        await pilot.press("G", "enter")
        assert app.articles.current is None and app.article is None  # still coming
        gate.set()
        await settle(pilot)
        assert app.article is not None and app.article.title == "B2"
        assert app.reading


async def test_n_pressed_quickly_moves_one_article_a_press(paged):
    # On a large store 40 quick n moved 5 articles on: each n stepped from the article
    # still shown, so the presses made while one was coming asked for the same one.
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = app.articles.cursor
        for _ in range(7):  # no article arrives between these: none waits for the loop
            await app.action_step(1)
        await articles_shown(pilot)
        assert app.articles.cursor == first + 7
        assert app.article.id == app.articles.row(first + 7).id
        for _ in range(3):
            await app.action_step(-1)
        await articles_shown(pilot)
        assert app.article.id == app.articles.row(first + 4).id
        await pilot.press("n")  # and one at a time as before
        await settle(pilot)
        assert app.article.id == app.articles.row(first + 5).id


async def test_N_pressed_quickly_moves_one_unread_article_a_press(paged):
    # 5 quick N on the large store moved 2 unread on: each N's worker, cancelled by the
    # next, lost its step. Across feeds too: A has A0 and A2 unread here, then B.
    config, db = paged
    with Store.open(db) as store:
        articles = store.list_articles(View(), 0, 100)
        store.set_read(
            [a.id for a in articles if a.title[0] == "A" and a.title not in ("A0", "A2")], True
        )
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:1")
        await settle(pilot)
        for _ in range(3):  # A0, A2, then B's first: no article arrives meanwhile
            await app.action_next_unread()
        await articles_shown(pilot)
        assert app.article.title == "B0" and app.tree.current.key == "feed:2"
        assert is_read(db, "B0")
        with Store.open(db) as store:  # those passed by may have been marked read
            articles = store.list_articles(View(), 0, 100)
            store.set_read([a.id for a in articles if a.title in ("A0", "A2")], False)
        await app.action_prev_unread()  # A's last unread, A2, then A0
        await app.action_prev_unread()
        await articles_shown(pilot)
        assert app.article.title == "A0" and app.tree.current.key == "feed:1"


async def test_N_in_the_last_feed_goes_round_to_the_first_feeds_unread(paged):
    # At 80x24 on the demo feeds, N in the last feed (all read) said "No unread articles
    # left." with 33 unread in the feeds above; newsboat goes round from the top.
    config, db = paged
    with Store.open(db) as store:
        ids = [a.id for a in store.list_articles(View(), 0, 100) if not a.title.startswith("A3")]
        store.set_read(ids, True)  # only A3 stays unread
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:2")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert app.article.title == "A3" and app.tree.current.key == "feed:1"
        assert app.status_message.startswith("Next unread, from the top, in ")
        await pilot.press("N")
        await settle(pilot)
        assert app.article.title == "A3" and app.status_message == "No unread articles left."


async def test_P_goes_to_the_previous_unread_crossing_into_the_feed_before(paged):
    config, db = paged
    with Store.open(db) as store:
        ids = [a.id for a in store.list_articles(View(), 0, 100) if a.title.startswith("A")]
        store.set_read(ids[1:], True)  # A0 stays unread
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:2")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first_b = app.article.title
        assert first_b.startswith("B")
        await pilot.press("P")
        await settle(pilot)
        assert app.article.title == "A0"  # B's first row has nothing above: A's unread one
        assert app.articles.view.feed_id == 1 and app.tree.current.key == "feed:1"
        assert "Previous unread, in" in app.status_message
        # Nothing before A0: round from the bottom (the last feed's last unread), as
        # newsboat does; "No unread articles before this one." was said with B unread.
        await pilot.press("P")
        await settle(pilot)
        assert app.article.title.startswith("B") and app.article.title != first_b
        assert app.tree.current.key == "feed:2"
        assert app.status_message.startswith("Previous unread, from the bottom, in ")


async def test_space_pages_down_then_goes_to_the_next_unread(demo):
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 12)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = app.article.title
        await pilot.press("space")
        await settle(pilot)
        assert app.article.title == first and app.reader.scroll_y > 0
        for _ in range(30):
            if app.article.title != first:
                break
            await pilot.press("space")
            await settle(pilot)
        assert app.article.title != first
        assert not app.article.read or True  # opened articles are marked read
        assert is_read(db, app.article.title)


# -- state changes ----------------------------------------------------------------------


async def test_m_toggles_read_and_s_stars_in_the_store(paged):
    config, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert is_read(db, "A0") and app.articles.row(0).read
        await pilot.press("m")
        await settle(pilot)
        assert not is_read(db, "A0")
        await pilot.press("s")
        await settle(pilot)
        with Store.open(db) as store:
            assert [a.title for a in store.list_articles(View(starred_only=True))] == ["A0"]
        assert app.articles.row(0).starred


async def press_A_in_B(pilot) -> Widget:
    """Open feed B's list and press A; the question it asks."""
    await settle(pilot)
    pilot.app.tree.select_key("feed:2")
    await settle(pilot)
    await pilot.press("A")
    await settle(pilot)
    return pilot.app.screen.query_one("Static")


async def test_A_on_one_unread_article_says_article(paged):
    # QA: "Marked 1 articles read."
    config, db = paged
    with Store.open(db) as store:
        b = [a for a in store.list_articles(View(), 0, 1000) if a.title in ("B0", "B1")]
        store.set_read([a.id for a in b], True)
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        status = str((await press_A_in_B(pilot)).render())
        assert status == "Mark 1 unread article in B read? (y:Yes n:No)"
        await pilot.press("y")
        await settle(pilot)
        assert is_read(db, "B2")
        assert "Marked 1 article read." in str(app.query_one("#status").render())


async def test_A_marks_the_view_read_and_u_shows_unread_only(paged):
    config, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        # As newsboat does, A asks first, in the status line; n (or Esc) keeps them.
        status = str((await press_A_in_B(pilot)).render())
        assert status == "Mark 3 unread articles in B read? (y:Yes n:No)"
        await pilot.press("n")
        await settle(pilot)
        assert not any(is_read(db, t) for t in ("B0", "B1", "B2"))
        assert "Nothing marked read." in str(app.query_one("#status").render())
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert all(is_read(db, t) for t in ("B0", "B1", "B2"))
        assert not is_read(db, "A0")
        assert "Marked 3 articles read." in str(app.query_one("#status").render())
        assert app.tree.current.key == "feed:2" and "(" not in str(app.tree.cursor_node.label)
        await pilot.press("A")  # nothing left to mark: no question
        await settle(pilot)
        assert "Nothing unread here." in str(app.query_one("#status").render())
        assert app.screen is app.main_screen
        app.tree.select_key("all")
        await settle(pilot)

        def feed_labels() -> list[str]:
            tree = app.tree
            shown = [str(tree.get_node_at_line(y).label) for y in range(tree.last_line + 1)]
            return [label for label in shown if label.split(" (")[0] in ("A", "B")]

        assert feed_labels() == ["A (12)", "B"]
        await pilot.press("u")
        await settle(pilot)
        assert app.articles.count == 12
        assert "unread only" in str(app.query_one("#status").render())
        assert feed_labels() == ["A (12)"]  # the feeds too, as newsboat's show-read-feeds
        await pilot.press("u")
        await settle(pilot)
        assert app.articles.count == 15
        assert feed_labels() == ["A (12)", "B"]


async def test_O_puts_the_oldest_first_keeping_the_article_under_the_cursor(paged):
    # newsboat's article-sort-order date-asc, on a key: every list, n / p and 上一篇 /
    # 下一篇 follow the order shown.
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")  # A3, the fourth newest
        await pilot.press("O")
        await settle(pilot)
        assert app.status_message == "Oldest articles first."
        assert titles(app)[:4] == ["B2", "B1", "B0", "A11"]
        assert app.articles.current.title == "A3"
        assert app.articles.cursor == 11  # its page was loaded around it (pages of 5)
        await pilot.press("enter")
        await settle(pilot)
        assert (app.reader.prev.title, app.reader.next.title) == ("A4", "A2")
        await pilot.press("n")
        await settle(pilot)
        assert app.article.title == "A2"
        await pilot.press("O")
        await settle(pilot)
        assert app.status_message == "Newest articles first."
        assert titles(app)[:3] == ["A0", "A1", "A2"]
        assert app.articles.current.title == "A2"
        # O while reading: 上一篇 / 下一篇 and n / p follow the order now shown (n went on
        # to A1, the next of the order before, and the line under the article said so).
        assert (app.reader.prev.title, app.reader.next.title) == ("A1", "A3")
        await pilot.press("n")
        await settle(pilot)
        assert app.article.title == "A3"


async def test_u_while_reading_n_and_p_follow_the_unread_list(paged):
    # Reading A2 with A3 read, u shows the unread articles only: n went on to A3 all the
    # same (the next of the list as it was), an article the list no longer shows.
    config, db = paged
    with Store.open(db) as store:
        a3 = next(a for a in store.list_articles(View(), 0, 100) if a.title == "A3")
        store.set_read([a3.id], True)
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert app.article.title == "A2" and app.reader.next.title == "A3"
        await pilot.press("u")
        await settle(pilot)
        assert (app.reader.prev.title, app.reader.next.title) == ("A1", "A4")
        lines = ["".join(s.text for s in line) for line in app.reader._lines]
        assert any("下一篇 Next (n): A4" in line for line in lines)
        await pilot.press("n")
        await settle(pilot)
        assert app.article.title == "A4"


async def test_a_refresh_while_reading_brings_its_new_article_into_prev_next(paged):
    # Reading the newest article, a refresh brought a newer one above it: 上一篇 still
    # said none and p said "This is the first article." until the article was opened again.
    config, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.article.title == "A0" and app.reader.prev is None
        newer = ParsedEntry(
            id="fresh", link="https://example.org/fresh", title="Fresh", published=T0
        )
        with Store.open(db) as store:  # as the refresh's writer does
            store.record_fetch(config.feeds[0].url, parsed=ParsedFeed(title="A", entries=[newer]))
        app.reload()  # what a refresh calls once it has written
        await settle(pilot)
        assert app.reader.prev is not None and app.reader.prev.title == "Fresh"
        await pilot.press("p")
        await settle(pilot)
        assert app.article.title == "Fresh"


async def test_article_order_oldest_in_feeds_yaml_starts_oldest_first(paged):
    config, db = paged
    config = replace(config, settings=replace(config.settings, article_order="oldest"))
    app = TidingsApp(config, db, page_size=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert titles(app)[:2] == ["B2", "B1"]
        app.tree.select_key("feed:1")
        await settle(pilot)
        assert titles(app)[:2] == ["A11", "A10"]


async def test_unread_only_keeps_the_feed_being_read_in_the_pane(paged):
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:2")  # B, 3 unread
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        app.articles.focus()
        for _ in range(3):  # read all of B
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("j")
        assert app.tree.unread_of("feed:2") == 0
        assert app.tree.place_of("feed:2") is not None  # read out, but where the cursor is
        assert app.tree.current.key == "feed:2"


async def test_the_status_line_counts_are_the_views_own(paged):
    # A feed's total beside the unread of every feed read as "3 articles, 14 unread".
    app = paged_app(paged)

    def counts() -> str:
        status = str(app.main_screen.query_one("#status").render()).split("  ? help")[0]
        return status.split("   ")[-1].strip()  # after the message, if any

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert counts() == "All: 15 · 15 unread"
        app.tree.select_key("feed:2")
        await settle(pilot)
        assert counts() == "B: 3 · 3 unread"
        await pilot.press("enter")
        await settle(pilot)
        assert counts() == "B: 3 · 2 unread"
        app.tree.select_key("starred")
        await settle(pilot)
        assert counts() == "Starred: 0 · 0 unread"  # its unread count, as in the feed pane
        app.tree.select_key("feed:2")
        await pilot.press("u")
        await settle(pilot)
        assert counts() == "B: 2 unread only"  # the count is the unread count


async def test_A_asks_by_mouse_too_and_not_at_all_when_told_not_to(paged):
    config, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = await press_A_in_B(pilot)
        assert prompt.region.y == 22  # over the status line; the key bar stays below
        text = str(prompt.render())
        await pilot.click(prompt, offset=(1 + text.index("y:Yes"), 0))
        await settle(pilot)
        assert all(is_read(db, t) for t in ("B0", "B1", "B2"))
    settings = replace(config.settings, confirm_mark_all=False)  # feeds.yaml says so
    app = TidingsApp(replace(config, settings=settings), db, page_size=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")  # in "All": at once
        await settle(pilot)
        assert app.screen is app.main_screen
        assert is_read(db, "A0") and "Marked 12 articles read." in str(
            app.query_one("#status").render()
        )


async def test_slash_searches_all_articles_in_chinese_too(demo):
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"地铁")
        await pilot.press("enter")
        await settle(pilot)
        assert app.articles.count == 1
        assert titles(app) == ["北京地铁新线开通，早高峰客流分流明显"]
        assert app.tree.current.key == "search"
        await pilot.press("slash")
        await pilot.press(*"treaty", "enter")
        await settle(pilot)
        assert titles(app) == ["Ministers agree on a new river treaty after a long night"]
        # Nothing found: the empty list says so ("R refreshes all feeds" was no answer).
        await pilot.press("slash")
        await pilot.press(*"xyzzy", "enter")
        await settle(pilot)
        assert app.articles.count == 0
        first = "".join(s.text for s in app.articles.render_line(0)).strip()
        assert first.startswith("Nothing found. / searches again")


# -- links ------------------------------------------------------------------------------


class FakeBrowser(webbrowser.BackgroundBrowser):
    """A browser with its own window: what it was asked to open, and whether the reader
    had stepped aside from the terminal at the time."""

    def __init__(self, name: str = "firefox", app: TidingsApp | None = None) -> None:
        super().__init__(name)
        self.opened: list[str] = []
        self.suspended: list[bool] = []
        self.app = app

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        self.suspended.append(getattr(self.app, "stepped_aside", False))
        return True


class FakeTextBrowser(FakeBrowser, webbrowser.GenericBrowser):
    """w3m, lynx: it draws in the terminal."""


def use_browser(monkeypatch, browser: webbrowser.BaseBrowser | None) -> None:
    def get(using: str | None = None) -> webbrowser.BaseBrowser:
        if browser is None:
            raise webbrowser.Error("could not locate runnable browser")
        return browser

    monkeypatch.setattr(webbrowser, "get", get)


async def test_o_opens_the_link_y_copies_it_and_digits_open_numbered_links(paged, monkeypatch):
    browser = FakeBrowser()
    use_browser(monkeypatch, browser)
    opened = browser.opened
    app = paged_app(paged)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://example.org/A0"]
        await pilot.press("y")
        assert copied == ["https://example.org/A0"]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert opened[-1] == "https://example.org/l1"
        await pilot.press("9")
        await settle(pilot)
        assert "No link [9]" in app.status_message


async def test_o_without_a_browser_says_so(paged, monkeypatch):
    # Over SSH there is often none: say so, and that y copies the link.
    use_browser(monkeypatch, None)
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert app.status_message == "No browser here; y copies the link."


async def test_o_and_y_on_an_empty_list_say_there_is_no_article(tmp_path):
    # On a failed feed's empty list, o said "This article has no link that can be
    # opened." with no article anywhere in sight.
    db = tmp_path / "empty.db"
    app = TidingsApp(Config(settings=Settings(refresh_on_startup=False)), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("o", "y"):
            await pilot.press(key)
            await settle(pilot)
            assert app.status_message == "No article here."


async def test_a_text_browser_has_the_terminal_until_it_quits(paged, monkeypatch):
    # w3m or lynx draws in this terminal: the reader steps aside while it runs (Textual's
    # App.suspend, which a headless test cannot do: recorded here instead).
    app = paged_app(paged)
    browser = FakeTextBrowser("w3m", app)
    use_browser(monkeypatch, browser)

    @contextlib.contextmanager
    def suspend():
        app.stepped_aside = True
        yield
        app.stepped_aside = False

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert browser.opened == ["https://example.org/A0"]
        assert browser.suspended == [True] and not app.stepped_aside
        assert app.status_message == "Back from https://example.org/A0"


async def test_a_text_browser_where_the_terminal_cannot_be_handed_over(paged, monkeypatch):
    # run_test's headless driver cannot suspend, as some terminals cannot: say so.
    app = paged_app(paged)
    browser = FakeTextBrowser("w3m", app)
    use_browser(monkeypatch, browser)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert browser.opened == []
        assert app.status_message == "Cannot hand the terminal to w3m; y copies the link."


@pytest.mark.parametrize(
    ("browser", "env", "in_terminal"),
    [
        (webbrowser.GenericBrowser("lynx"), {"DISPLAY": ":0"}, True),
        (webbrowser.GenericBrowser("/usr/bin/w3m"), {}, True),
        (webbrowser.GenericBrowser("firefox"), {}, True),  # no display: a terminal program
        (webbrowser.GenericBrowser("firefox"), {"DISPLAY": ":0"}, False),
        (webbrowser.GenericBrowser("firefox"), {"WAYLAND_DISPLAY": "wayland-0"}, False),
        (webbrowser.BackgroundBrowser("firefox"), {}, False),
    ],
)
def test_which_browsers_need_the_terminal(browser, env, in_terminal):
    assert runs_in_terminal(browser, env) is in_terminal


# -- help, keymap, history, feed pane ---------------------------------------------------


async def test_question_mark_shows_every_action_and_runs_the_chosen_one(paged):
    app = paged_app(paged)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        from textual.widgets import OptionList

        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "next_unread" in ids and "copy_link" in ids and "link_9" in ids
        await pilot.press("escape")
        assert app.screen.id == "_default"
        await pilot.press("question_mark")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        options.highlighted = ids.index("star")
        await pilot.press("enter")
        await settle(pilot)
        assert app.articles.row(0).starred


async def test_user_keymap_rebinds_and_bad_entries_raise_a_clear_error(paged):
    config, db = paged
    config.keys = {"down": "J", "next_article": "ctrl+n"}
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("J", "J")
        assert app.articles.cursor == 2
        await pilot.press("j")
        assert app.articles.cursor == 2  # j no longer moves
    config.keys = {"frobnicate": "x"}
    with pytest.raises(KeymapError, match="keys.frobnicate: unknown action; actions are: "):
        make_app(config, db)
    config.keys = {"down": "ctrl+nosuchkey"}
    with pytest.raises(KeymapError, match="keys.down: unknown key"):
        make_app(config, db)
    assert parse_keymap({"help": "?", "search": "/"}) == {
        "help": "question_mark",
        "search": "slash",
    }


def plain(renderable: object, width: int = 70) -> str:
    """A rich renderable as the text it shows at `width` cells."""
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


async def test_help_lines_wrap_under_their_description_and_g_G_move_as_in_the_panes(paged):
    # At 80 columns "(add_feed)" wrapped to the box's left edge, under the keys; and
    # g / G did nothing in the help (Home / End did).
    config, db = paged
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        listed = app.screen.query_one("#help-list")
        width = listed.scrollable_content_region.width
        add = plain(listed.get_option("add_feed").prompt, width).splitlines()
        assert len(add) == 2 and add[1].startswith(" " * 18) and "(add_feed)" in add[1]
        await pilot.press("G")
        assert listed.highlighted == listed.option_count - 1
        await pilot.press("g")
        assert listed.highlighted == 0
        await pilot.press("escape")


async def test_a_key_given_to_another_action_leaves_the_help_and_the_key_bar(paged):
    # keys: {back: "escape,q,h", star: "space"}: h was history_back's, space the
    # space action's only key; the help lists what each key does now.
    config, db = paged
    config.keys = {"back": "escape,q,h", "star": "space"}
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        listed = app.screen.query_one("#help-list")
        shown = {
            o.id: plain(o.prompt).strip().split("  ")[0]
            for o in (listed.get_option_at_index(i) for i in range(listed.option_count))
        }
        assert shown["history_back"] == "Backspace"  # h is back's now
        assert shown["back"] == "Esc / q / h"
        assert shown["space"] == "(no key)" and shown["star"] == "Space"
        await pilot.press("escape")
        await settle(pilot)
        assert all(label != "Star" or key == "Space" for key, label, _ in app._key_bar_items())


def test_bad_keys_in_feeds_yaml_are_all_named_with_their_lines(tmp_path):
    # As every other mistake in feeds.yaml: FILE:LINE: FIELD: PROBLEM, all of them at once.
    path = tmp_path / "my-feeds.yaml"
    path.write_text(
        "feeds:\n  - demo:world.xml\nkeys:\n"
        "  next_artcle: ctrl+n\n  refresh: F5, ctrl+nope\n  help: '?'\n",
        encoding="utf-8",
    )
    with pytest.raises(KeymapError) as info:
        make_app(load_config(path), tmp_path / "k.db")
    lines = str(info.value).replace(f"{tmp_path}/", "").splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        "my-feeds.yaml:4: keys.next_artcle: unknown action (did you mean 'next_article'?);"
    )
    assert lines[1] == (
        "my-feeds.yaml:5: keys.refresh: unknown key 'ctrl+nope';"
        " use a character or a name such as enter, space, f5, ctrl+x"
    )


def test_bad_keys_and_other_mistakes_are_reported_together_in_line_order(tmp_path, capsys):
    from tidings.cli import main

    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n  - demo:world.xml\nkeys:\n  next_artcle: ctrl+n\nsettings:\n  concurrency: 0\n",
        encoding="utf-8",
    )
    assert main(["--config", str(path), "--db", str(tmp_path / "k.db")]) == 2
    lines = capsys.readouterr().err.replace(f"{tmp_path}/", "").splitlines()
    assert lines[0].startswith("tidings: feeds.yaml:4: keys.next_artcle: unknown action")
    assert lines[1] == "feeds.yaml:6: settings.concurrency: 0 is out of range; expected 1 to 256"
    # the commands (tidings fetch from cron...) do not need the reader's keys
    path.write_text("feeds:\n  - demo:world.xml\nkeys:\n  next_artcle: ctrl+n\n", encoding="utf-8")
    assert main(["--config", str(path), "--db", str(tmp_path / "k.db"), "list"]) == 0


async def test_related_article_then_h_goes_back(demo):
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = app.article.id
        related = app.related_list
        assert related.option_count > 1
        assert app.focused is app.reader
        await pilot.press("tab")  # related panel
        assert app.focused is related
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.article.id != first
        await pilot.press("h")
        await settle(pilot)
        assert app.article.id == first


async def test_panels_of_neighbours_are_prepared_and_n_shows_them(demo):
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        following = app.reader.next
        assert following is not None
        prepared = app.related_future(following.id)
        await asyncio.wrap_future(prepared)
        await pilot.press("n")
        await settle(pilot)
        assert app.article.id == following.id
        assert app.related_future(following.id) is prepared  # computed once, kept
        assert app.related_list.option_count > 1
        app.reload()  # the store may have changed: panels are computed again
        await settle(pilot)
        assert app.related_future(following.id) is not prepared


async def test_b_hides_and_shows_the_feed_pane(demo):
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        wide_list = app.articles.region.width
        await pilot.press("b")
        await pilot.pause()
        assert app.tree.region.width == 0
        assert app.articles.region.width > wide_list
        await pilot.press("b")
        await pilot.pause()
        assert app.tree.region.width > 0
        # reading at 80 columns, the pane is away with the list: b says what it did
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("b")
        assert app.status_message == "Feed pane hidden (b shows it)."
        await pilot.press("b")
        assert app.status_message == "Feed pane shown with the list (b hides it)."


async def test_no_animation_anywhere(demo):
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    assert app.animation_level == "none"


async def test_hostile_titles_reach_the_screen_without_escapes(tmp_path):
    db = tmp_path / "h.db"
    spec = FeedSpec("https://evil.example/feed", "Evil")
    with Store.open(db) as store:
        store.sync_feeds([spec])
        store.record_fetch(
            spec.url,
            parsed=ParsedFeed(
                title="Evil\x1b]2;pwned\x07",
                entries=[ParsedEntry(id="1", title="Hi\x1b[2J there\x1b]0;x\x07", published=T0)],
            ),
        )
    app = make_app(Config(feeds=[spec]), db, refresh_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = [
            "".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()
        ]
        assert not any("\x1b" in line or "\x07" in line for line in lines)
        assert any("there" in line for line in lines)


# -- refresh -------------------------------------------------------------------------------

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Loop</title>
{items}</channel></rss>"""


def rss(n: int) -> bytes:
    items = "".join(
        f"<item><guid>g{i}</guid><title>Item {i}</title><link>https://l.example/{i}</link>"
        f"<pubDate>Thu, 0{1 + i % 9} Jan 2026 10:00:00 GMT</pubDate></item>"
        for i in range(n)
    )
    return RSS.format(items=items).encode()


async def test_what_other_programs_change_in_the_store_shows_in_place(paged):
    # `tidings fetch` from cron or `tidings mark` from a script, with the reader open:
    # within STORE_CHECK seconds the reader shows it, the cursor staying on its article.
    config, db = paged
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        assert app.articles.current.title == "A2"
        assert str(app.tree.root.children[0].label) == "All (15)"
        await app.check_store().wait()  # nothing changed: nothing moves
        assert app.articles.cursor == 2
        with Store.open(db) as other:
            feed_b = next(f.id for f in other.feeds() if f.title == "B")
            assert other.mark_view_read(View(feed_id=feed_b)) == 3
            newest = ParsedEntry(id="A-new", link="https://example.org/A-new", title="A-new",
                                 published=T0, content="<p>New</p>")  # fmt: skip
            other.record_fetch(config.feeds[0].url, parsed=ParsedFeed(title="A", entries=[newest]))
        await app.check_store().wait()
        await settle(pilot)
        assert titles(app)[:4] == ["A-new", "A0", "A1", "A2"]
        assert app.articles.current.title == "A2"  # the cursor kept its article
        labels = [str(n.label) for n in app.tree.root.children]
        assert labels[0] == "All (13)"  # 15 - 3 read in B + 1 new
        assert "B" in labels[-1] and "(" not in labels[-1]


async def test_r_and_R_refresh_in_the_background_keeping_the_cursor(tmp_path, feed_server):  # noqa: F811
    url = feed_server.add("/loop.xml", body=rss(3))
    other = feed_server.add("/other.xml", body=rss(1))
    db = tmp_path / "r.db"
    config = Config(feeds=[FeedSpec(url, "Loop"), FeedSpec(other, "Other")])
    app = make_app(config, db, refresh_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        while app.refreshing:
            await settle(pilot)
        await settle(pilot)
        assert app.articles.count == 4
        assert "Refreshed 2 feeds: 4 new" in app.status_message
        await pilot.press("j")
        kept = app.articles.current.id
        feed_server.add("/loop.xml", body=rss(5))
        app.tree.select_key("feed:1")
        await settle(pilot)
        await pilot.press("r")
        while app.refreshing:
            await settle(pilot)
        await settle(pilot)
        assert "Refreshed 1 feed: 2 new" in app.status_message
        assert app.articles.count == 5
        app.tree.select_key("all")
        await settle(pilot)
        await pilot.press("G")
        kept = app.articles.current.id
        await pilot.press("R")
        while app.refreshing:
            await settle(pilot)
        await settle(pilot)
        assert app.articles.current.id == kept
        assert "Refreshed 2 feeds" in app.status_message


async def test_a_refresh_says_what_rules_kept_out_and_retention_deleted(tmp_path, feed_server):  # noqa: F811
    url = feed_server.add("/loop.xml", body=rss(5))
    spec = FeedSpec(url, "Loop", ignore=("Item 4",), max_items=3)
    app = make_app(Config(feeds=[spec]), tmp_path / "k.db", refresh_on_start=True)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot)
        while app.refreshing:
            await settle(pilot)
        await settle(pilot)
        assert app.status_message == (
            "Refreshed 1 feed: 4 new, 0 updated, 1 ignored; 1 old article deleted"
        )
        assert titles(app) == ["Item 3", "Item 2", "Item 1"]  # the newest 3, Item 4 out


async def test_a_refresh_where_several_feeds_failed_says_where_to_see_why(tmp_path, feed_server):  # noqa: F811
    # "2 failed (http://…/a.xml: HTTP 404)" read as if both had failed for that reason.
    good = feed_server.add("/loop.xml", body=rss(1))
    gone = [feed_server.add(f"/gone{n}.xml", status=404, body=b"no") for n in (1, 2)]
    specs = [FeedSpec(good, "Loop"), *(FeedSpec(url, f"Gone {n}") for n, url in enumerate(gone))]
    app = make_app(Config(feeds=specs), tmp_path / "f.db", refresh_on_start=True)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot)
        while app.refreshing:
            await settle(pilot)
        await settle(pilot)
        message = app.status_message
        assert message.startswith("Refreshed 3 feeds: 1 new, 0 updated, 2 failed, marked ! in")
        assert message.endswith("; …)") and "HTTP 404" in message


async def test_refresh_every_refreshes_all_feeds_on_schedule(tmp_path, feed_server):  # noqa: F811
    # settings.refresh_every (minutes), as newsboat's auto-reload: the timer's tick is
    # called here, not waited for.
    url = feed_server.add("/loop.xml", body=rss(2))
    settings = Settings(refresh_on_startup=False, refresh_every=30)
    config = Config(feeds=[FeedSpec(url, "Loop")], settings=settings)
    app = make_app(config, tmp_path / "s.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.refresh_timer is not None and app.articles.count == 0
        app.refresh_on_schedule()
        assert app.refreshing
        app.refresh_on_schedule()  # a tick while refreshing: no second refresh, no message
        assert "already running" not in app.status_message
        while app.refreshing:
            await settle(pilot)
        await settle(pilot)
        assert app.articles.count == 2
        assert "Refreshed 1 feed: 2 new" in app.status_message
    off = make_app(replace(config, settings=Settings(refresh_on_startup=False)), tmp_path / "s.db")
    async with off.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert off.refresh_timer is None


async def test_key_bar_is_clickable(paged):
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.query_one("#keys")
        text = str(bar.render())
        x = text.index("s Star") + 2
        await pilot.click("#keys", offset=(x, 0))
        await settle(pilot)
        assert app.articles.row(0).starred


async def test_no_color_is_honoured(demo, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    assert app.no_color


def one_article_app(tmp_path, monkeypatch, entry: ParsedEntry) -> tuple[TidingsApp, list[str]]:
    """The reader over a store of one feed with `entry`, and what `y` copies."""
    db = tmp_path / "one.db"
    spec = FeedSpec("https://one.example/feed", "One")
    with Store.open(db) as store:
        store.sync_feeds([spec])
        store.record_fetch(spec.url, parsed=ParsedFeed(title="One", entries=[entry]))
    app = make_app(Config(feeds=[spec]), db, refresh_on_start=False)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    return app, copied


async def test_links_that_are_not_web_addresses_are_never_opened(tmp_path, monkeypatch):
    browser = FakeBrowser()
    use_browser(monkeypatch, browser)
    opened = browser.opened
    entry = ParsedEntry(id="1", title="Click me", link="javascript:alert(1)", published=T0)
    app, copied = one_article_app(tmp_path, monkeypatch, entry)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o", "y")
        await settle(pilot)
        assert opened == [] and copied == []
        assert "no link that can be opened" in app.status_message


async def test_tab_passes_the_empty_reading_pane(paged):
    """At 200 columns with no article open, Tab goes from the list to the feeds and
    back, never to the empty reading pane; once an article is open, it goes there."""
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert app.focused is app.articles
        seen = []
        for _ in range(3):
            await pilot.press("tab")
            await settle(pilot)
            seen.append(app.focused)
        assert app.reader not in seen
        app.articles.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.article is not None
        app.articles.focus()
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is app.reader


async def test_the_panels_of_the_first_row_are_ready_before_the_first_enter(paged):
    # Prepared once the first screen is up, as when the cursor comes to rest on a row:
    # the first Enter paints the article and its panels at once.
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        first = app.articles.current
        assert app._related is not None and list(app._related) == [first.id]
        sections = await asyncio.wrap_future(app._related[first.id])
        assert [heading for heading, _ in sections] == ["Related", "More from A"]


async def test_the_first_article_at_200_columns_is_laid_out_once(paged):
    """With the panels beside the article, the empty reader already has the width the
    first article gets: it is rendered for that width, not again a frame later."""
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        before = app.reader_width()
        # Unseen but placed (opacity, not visibility): the first article's entries are
        # measured, and the panel's scrollbar settled, before they are drawn.
        assert app.related_list.region.width > 0
        await pilot.press("enter")
        await settle(pilot)
        assert app.article is not None and app.related_list.region.width > 0
        assert app.reader.text_width == before == app.reader.rendered_width
        await pilot.press("t")  # panels off: the reader takes their place
        await settle(pilot)
        assert app.reader.text_width > before


async def test_a_feeds_own_list_leaves_out_the_feed_column(paged):
    app = paged_app(paged)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)

        def first_row() -> list[str]:
            return "".join(s.text for s in app.articles.render_line(0)).split()

        assert first_row()[-2:] == ["A0", "A"]  # "All": the title, then its feed
        app.tree.select_key("feed:1")
        await settle(pilot)
        assert app.articles.view.feed_id == 1
        assert first_row()[-1] == "A0"  # every row is of feed A: no column saying so


async def test_a_long_list_has_no_horizontal_scrollbar(tmp_path):
    # Rows are cut to the list's width: a vertical scrollbar must not make them overflow
    # sideways (a horizontal scrollbar took the list's last row).
    db = tmp_path / "long.db"
    app = TidingsApp(paged_store(db, per_feed=(60, 3)), db, page_size=20)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.articles.show_vertical_scrollbar
        assert not app.articles.show_horizontal_scrollbar
        assert app.articles.scrollable_content_region.height == app.articles.size.height


async def test_the_feed_pane_gives_way_on_a_narrow_terminal(paged):
    # At 60 columns its 26 left the titles 16 cells ("Typhoon Kestrel…").
    app = paged_app(paged)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert app.tree.outer_size.width == 20 and app.articles.outer_size.width == 40
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.tree.outer_size.width == 26


async def test_the_empty_lists_hint_wraps_beside_the_feed_pane(tmp_path):
    # At 80x24 it was cut at the list's edge: "R refreshes all feeds; ? shows the".
    db = tmp_path / "empty.db"
    config = Config(feeds=[FeedSpec("demo:world.xml")], settings=Settings(refresh_on_startup=False))
    app = TidingsApp(config, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listed = app.articles
        lines = ["".join(s.text for s in listed.render_line(y)).strip() for y in range(4)]
        assert " ".join(line for line in lines if line) == (
            "No articles here. R refreshes all feeds; ? shows the keys."
        )
        assert lines[1]  # two lines at this width


async def test_back_from_reading_the_list_keeps_the_rows_before_the_cursor_in_sight(tmp_path):
    # At 80x24, n through 30 articles then q: the list had scrolled while hidden as if
    # one row high, the cursor on its top row and every row before it out of sight.
    db = tmp_path / "long.db"
    app = TidingsApp(paged_store(db, per_feed=(60, 3)), db, page_size=20)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(30):
            await pilot.press("n")
            await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        listed = app.articles
        height = listed.scrollable_content_region.height
        assert listed.cursor == 30 and height < 30
        assert listed.scroll_offset.y == 30 - height + 1  # the cursor on the last row


async def test_prompt_hints_wrap_on_a_narrow_terminal(paged):
    # At 60 columns the hints were cut to a line: "…is:unread" (no "Esc cancels"), and
    # A's question lost its "(y:Yes n:No)".
    app = paged_app(paged)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        for key, says in (("slash", "Esc cancels"), ("F", "Empty: all. Esc cancels")):
            await pilot.press(key)
            await settle(pilot)
            hint = app.screen.query_one("Static")
            assert hint.size.height == 2 and says in str(hint.render()).replace("\n", " ")
            await pilot.press("escape")
            await settle(pilot)
        question = str((await press_A_in_B(pilot)).render())
        assert question.rstrip().endswith("(y:Yes n:No)")
        await pilot.press("n")


async def test_a_long_feed_name_is_cut_so_its_count_stays_in_sight(tmp_path):
    db = tmp_path / "long.db"
    spec = FeedSpec("https://long.example/feed", "A feed whose name is far too long for the pane")
    broken = FeedSpec("https://long.example/gone", "A failing feed whose name is far too long")
    chinese = FeedSpec("https://long.example/zh", "示例新闻网：本地要闻频道（摘要）")
    with Store.open(db) as store:
        store.sync_feeds([spec, broken, chinese])
        entry = ParsedEntry(id="3", title="三", link="https://long.example/3", published=T0)
        store.record_fetch(chinese.url, parsed=ParsedFeed(title=chinese.title, entries=[entry]))
        entry = ParsedEntry(id="1", title="One", link="https://long.example/1", published=T0)
        store.record_fetch(spec.url, parsed=ParsedFeed(title=spec.title, entries=[entry]))
        entry = ParsedEntry(id="2", title="Two", link="https://long.example/2", published=T0)
        store.record_fetch(broken.url, parsed=ParsedFeed(title=broken.title, entries=[entry]))
        store.record_fetch(broken.url, error="HTTP 404")
    config = Config(feeds=[spec, broken, chinese], settings=Settings(refresh_on_startup=False))
    app = TidingsApp(config, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tree = app.tree
        lines = [
            "".join(s.text for s in tree.render_line(y)).rstrip() for y in range(tree.size.height)
        ]
        room = tree.scrollable_content_region.width - 1  # a column short of the border
        line = next(text for text in lines if "A feed whose" in text)
        assert line.endswith("… (1)") and cell_len(line) == room
        failed = next(text for text in lines if "A failing" in text)
        assert failed.endswith("… ! (1)") and cell_len(failed) == room
        assert not tree.show_horizontal_scrollbar
        # Cut on a wide character: the "…" stays against the name ("要闻 … (1)" was shown).
        chinese = next(text for text in lines if "示例新闻网" in text)
        assert chinese.endswith("… (1)") and " …" not in chinese
        assert cell_len(chinese) in (room - 1, room)


async def test_status_counts_follow_the_right_edge_on_resize(paged):
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        status = str(app.main_screen.query_one("#status").render())
        assert status.rstrip().endswith("? help")
        assert len(status.rstrip()) > 150  # padded to the new width, not the old 80


async def test_the_startup_objects_are_kept_out_of_later_collections(paged):
    # A full garbage collection walking the ~100,000 objects the reader has after starting
    # on a big store took 30-40 ms, and now and then it fell in the middle of a key. Once
    # the first screen is up those objects are frozen (gc.freeze); on exit, released.
    # Frozen objects are never collected: when the feed pane is built anew (here by a
    # first search), its old nodes must still go.
    app = paged_app(paged)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert gc.get_freeze_count() > 0
        await pilot.press("enter")
        await settle(pilot)
        assert app.article is not None
        old_node = weakref.ref(app.tree.root.children[0])
        await pilot.press("slash", *"A1", "enter")
        await settle(pilot)
        assert app.tree.current.key == "search"
        assert old_node() is None
    assert gc.get_freeze_count() == 0


async def test_full_collections_wait_until_no_key_comes(paged, monkeypatch):
    # The collections after the freeze still took 5-8 ms, and Python started one on its
    # own in about one key of fifteen. While the reader runs it starts none: the reader
    # makes them when no key has come for memory.IDLE seconds, as often as Python would.
    # IDLE is an hour here: on a loaded machine the keys below came more than half a
    # second apart, and the reader rightly collected between them.
    monkeypatch.setattr(memory, "IDLE", 3600.0)
    thresholds = gc.get_threshold()
    full: list[int] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    app = paged_app(paged)
    async with app.run_test() as pilot:
        await settle(pilot)
        gc.callbacks.append(record)
        try:
            junk = [[] for _ in range(300_000)]  # enough for Python to want a full one
            assert gc.get_count()[2] >= thresholds[2]
            await pilot.press("j", "j", "enter", "n")
            await settle(pilot)
            assert app.article is not None
            assert full == []
            app._collect_when_idle()  # a key has just come: still none
            assert full == []
            app._last_input -= memory.IDLE  # and now none has come for IDLE seconds
            app._collect_when_idle()
            assert full == [1]
            assert gc.get_count()[2] == 0
            del junk
        finally:
            gc.callbacks.remove(record)
    assert gc.get_threshold() == thresholds


async def test_U_lists_every_link_to_open_or_copy_past_the_ninth(tmp_path, monkeypatch):
    # newsboat's URL view: 1..9 reach the first nine links; U reaches them all.
    browser = FakeBrowser()
    use_browser(monkeypatch, browser)
    body = "".join(f'<p><a href="/n/{k}">第{k}条 link\x1b[31m</a></p>' for k in range(1, 13))
    body += '<p><img src="/map.png" alt="Map"></p>'
    entry = ParsedEntry(
        id="1", title="Many links", link="https://u.example/a", published=T0, content=body
    )
    app, copied = one_article_app(tmp_path, monkeypatch, entry)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
        # None open yet: "This article has no links." read as if the row had none.
        assert app.status_message == "Open an article first."
        for key in ("1", "left_square_bracket"):
            app.set_status("")
            await pilot.press(key)
            assert app.status_message == "Open an article first."
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
        listing = app.screen.query_one("#links-list")
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert len(lines) == 13
        assert lines[0] == " [1] 第1条 link\n     https://u.example/n/1"
        assert lines[11] == "[12] 第12条 link\n     https://u.example/n/12"
        assert lines[12] == "[13] image: Map\n     https://u.example/map.png"
        assert not any("\x1b" in line for line in lines)
        await pilot.press("1", "2", "enter")  # [12], typed
        await settle(pilot)
        assert browser.opened == ["https://u.example/n/12"]
        await pilot.press("U", "j", "j", "y")  # [3], copied
        await settle(pilot)
        assert copied == ["https://u.example/n/3"]
        assert app.status_message == "Copied https://u.example/n/3"
        await pilot.press("U", "escape")
        await settle(pilot)
        assert browser.opened == ["https://u.example/n/12"] and len(copied) == 1
        assert app.screen is app.main_screen


async def test_a_private_feeds_password_never_reaches_the_screen(tmp_path):
    db = tmp_path / "p.db"
    spec = FeedSpec("https://bob:s3cret@private.example/feed")
    with Store.open(db) as store:
        store.sync_feeds([spec])
    app = make_app(Config(feeds=[spec]), db, refresh_on_start=False)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        labels = [str(app.tree.get_node_at_line(y).label) for y in range(app.tree.last_line + 1)]
        assert "https://bob:***@private.example/feed" in labels
        app.set_status(f"Refreshing 1/1: failed {spec.url}")
        assert app.status_message == "Refreshing 1/1: failed https://bob:***@private.example/feed"
        assert "s3cret" not in "".join(labels)


async def test_text_width_keeps_lines_short_on_a_wide_pane(demo):
    # newsboat's text-width: an article wrapped at 50 cells in a 78-cell pane, Chinese
    # counted two cells a character.
    config, db = demo
    config = replace(config, settings=replace(config.settings, text_width=50))
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(2):  # an English article, then the next, in Chinese
            await pilot.press("enter" if app.article is None else "n")
            await settle(pilot)
            lines = ["".join(s.text for s in strip).rstrip() for strip in app.reader._lines]
            assert app.reader.scrollable_content_region.width == 78
            assert max(cell_len(line) for line in lines) <= 50
            assert max(cell_len(line) for line in lines) >= 40


async def test_a_failed_feed_says_why_when_the_cursor_comes_to_it(paged):
    # The ! beside a feed's name says it failed; the status line says what happened.
    config, db = paged
    with Store.open(db) as store:
        store.record_fetch(config.feeds[1].url, error="HTTP 404 Not Found\x1b[2J")
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.focus()
        app.tree.select_key("feed:1")
        await settle(pilot)
        assert "failed" not in app.status_message
        await pilot.press("j")  # to B, which failed
        await settle(pilot)
        assert app.tree.current.key == "feed:2"
        assert re.fullmatch(
            r"B failed at \d{4}-\d\d-\d\d \d\d:\d\d: HTTP 404 Not Found", app.status_message
        )
        assert str(app.tree.cursor_node.label) == "B ! (3)"  # the mark is the pane's,
        assert app.place.name == "B"  # not the name's: the status line says "B: 3 · 3 unread"
        # Back on A, which did not fail, B's failure no longer stands beside A's counts
        # ("B failed at …  A: 12 · 12 unread" read as if A had failed).
        await pilot.press("k")
        await settle(pilot)
        assert app.tree.current.key == "feed:1"
        assert "failed" not in app.status_message
        app.set_status("Copied https://example.org/A0")  # any other message stays
        await pilot.press("k")
        await settle(pilot)
        assert app.tree.current.key != "feed:1"
        assert app.status_message == "Copied https://example.org/A0"


def test_the_browser_setting_runs_its_words_with_the_link_and_no_shell(tmp_path):
    # newsboat's `browser "firefox --new-tab %u"`; the link is one argument, whatever it holds
    record = tmp_path / "argv.json"
    script = tmp_path / "browser.py"
    script.write_text(
        f"import json, sys\nopen({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
    )
    command = f"{sys.executable} {script} --new-tab %u --x"
    browser = configured_browser(command, env={})  # no display: it has the terminal
    assert runs_in_terminal(browser, {})
    url = "https://a.example/?q=1;touch%20pwned&x=$(id)"
    assert browser.open(url)
    assert json.loads(record.read_text()) == ["--new-tab", url, "--x"]
    assert not (tmp_path / "pwned").exists()
    assert configured_browser("w3m", env={}).args == ["%s"]  # the link goes last
    gui = configured_browser("firefox --new-tab %u", env={"DISPLAY": ":0"})
    assert not runs_in_terminal(gui, {"DISPLAY": ":0"})


def test_the_browser_setting_must_split_into_words(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text('settings:\n  browser: "open -a \'Brave Browser %u"\nfeeds: []\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "feeds.yaml:2: settings.browser: No closing quotation" in str(info.value)
    path.write_text("settings:\n  browser: firefox --new-tab %u\nfeeds: []\n")
    assert load_config(path).settings.browser == "firefox --new-tab %u"


async def test_a_browser_setting_naming_no_program_says_so(paged, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    config, db = paged
    settings = replace(config.settings, browser="no-such-browser-here --tab %u")
    app = TidingsApp(replace(config, settings=settings), db, page_size=5)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert app.status_message == (
            "no-such-browser-here: no such program, it did not open https://example.org/A0;"
            " y copies the link."
        )
    # a macro's `browser: mpv %u` step goes the same way: the same words
    step = configured_browser("no-such-player-here %u", env={})
    assert not_opened(step, "https://x.example/") == (
        "no-such-player-here: no such program, it did not open https://x.example/; y copies the link."
    )


def test_the_themes_feeds_yaml_takes_are_textuals():
    assert sorted(THEMES) == sorted(
        TidingsApp(Config(), Path("/nonexistent/x.db")).available_themes
    )


async def test_theme_and_show_read_from_feeds_yaml(paged, tmp_path):
    config, db = paged
    settings = replace(config.settings, theme="textual-light", show_read=False)
    with Store.open(db) as store:
        store.set_read([1, 2])  # A0, A1
    app = TidingsApp(replace(config, settings=settings), db, page_size=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light" and app.current_theme.dark is False
        assert app.unread_only and titles(app)[:2] == [
            "A2",
            "A3",
        ]  # newsboat's show-read-articles no
        await pilot.press("u")
        await settle(pilot)
        assert titles(app)[:2] == ["A0", "A1"]
    path = tmp_path / "feeds.yaml"
    path.write_text("settings:\n  theme: solarised-light\nfeeds: []\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(
        f"{path}:2: settings.theme: got 'solarised-light' (did you mean 'solarized-light'?);"
        " expected one of: ansi-dark, ansi-light,"
    )


async def test_F_limits_this_view_to_a_search_until_another_place_is_chosen(paged):
    # newsboat's set-filter (F), mutt's limit: this feed's articles that match
    app = paged_app(paged)

    def counts() -> str:
        return str(app.main_screen.query_one("#status").render()).split("  ? help")[0].strip()

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:1")  # A: A0..A11
        await settle(pilot)
        app.articles.focus()
        await pilot.press("F", *"A1 OR A3", "enter")
        await settle(pilot)
        assert titles(app) == ["A1", "A3"]
        assert counts().endswith("A: 2 limited")
        # F opens empty, as the message says, the limit dim in it; Up brings it back
        assert app.status_message == "A limited to: A1 OR A3 (F, then Enter on nothing: all)"
        await pilot.press("F")
        field = app.screen.query_one("#search-input")
        assert field.value == ""
        shown = "".join(s.text for s in field.render_line(0))
        assert shown.startswith(" now: A1 OR A3 (Enter on nothing: all, ↑ edits it)"), shown
        cursor, hint = list(field.render_line(0))[:2]  # the cursor on a blank, then the hint
        assert cursor.text == " " and hint.text.startswith("now: A1")
        await pilot.press("up")
        assert field.value == "A1 OR A3"
        await pilot.press(*["backspace"] * 8, "enter")
        await settle(pilot)
        assert len(titles(app)) == 12 and app.status_message == "All of A again."
        await pilot.press("F", *"is:starred", "enter")
        await settle(pilot)
        assert titles(app) == []
        app.tree.select_key("feed:2")  # another place: the limit goes
        await settle(pilot)
        app.tree.select_key("feed:1")
        await settle(pilot)
        assert len(titles(app)) == 12 and "limited" not in counts()
        await pilot.press("F", *"newer:3x", "enter")  # a bad value: said, the prompt stays
        assert "newer:" in app.status_message and app.screen is not app.main_screen
