"""Scrolling in the panes: the cursor stays on screen, and every jump is instant (no
animation: newsboat jumps, and each animated frame costs bytes over SSH)."""

from __future__ import annotations

from pathlib import Path

from tests.test_tui import T0, long_store, settle
from tidings.core.models import Config, FeedSpec, ParsedEntry, ParsedFeed, Settings
from tidings.core.store import Store
from tidings.tui.app import TidingsApp


def many_feeds(db: Path, count: int) -> Config:
    """`count` feeds of one unread article each: a feed pane taller than the screen."""
    specs = [FeedSpec(f"https://f{n}.example/feed", f"Feed {n:02}") for n in range(count)]
    with Store.open(db) as store:
        store.sync_feeds(specs)
        for spec in specs:
            entry = ParsedEntry(id=spec.url, title=f"From {spec.title}", published=T0)
            store.record_fetch(spec.url, parsed=ParsedFeed(title=spec.title, entries=[entry]))
    return Config(feeds=specs, settings=Settings(refresh_on_startup=False))


def cursor_on_screen(app: TidingsApp) -> bool:
    tree = app.tree
    top = round(tree.scroll_y)
    return top <= tree.cursor_line < top + tree.scrollable_content_region.height


async def test_g_and_G_in_the_feed_pane_scroll_the_cursor_into_view(tmp_path):
    db = tmp_path / "many.db"
    config = many_feeds(db, 60)
    for size in ((80, 24), (200, 50)):
        app = TidingsApp(config, db)
        async with app.run_test(size=size) as pilot:
            app.animation_level = "full"  # the widget's own keys jump, whatever the level
            await settle(pilot)
            await pilot.press("shift+tab")
            assert app.focused is app.tree
            assert app.tree.last_line >= app.tree.scrollable_content_region.height
            for keys, line in (("G", app.tree.last_line), ("g", 0), ("end", app.tree.last_line),
                               ("home", 0), ("pagedown", None), ("pageup", 0)):  # fmt: skip
                await pilot.press(keys)
                if line is not None:
                    assert app.tree.cursor_line == line, keys
                assert cursor_on_screen(app), (size, keys, app.tree.cursor_line, app.tree.scroll_y)
                assert not app.animator.is_being_animated(app.tree, "scroll_y")
            await pilot.press("G")
            shown = str(app.main_screen.query_one("#status").render())
            assert shown.lstrip().startswith("Feed 59: 1 · 1 unread"), shown


async def test_jumps_in_the_reader_are_instant_and_the_status_follows_at_once(tmp_path):
    db = tmp_path / "long.db"
    app = TidingsApp(long_store(db, 120), db)

    def slot() -> str:
        return str(app.main_screen.query_one("#status").render())[-3:]

    async with app.run_test(size=(80, 24)) as pilot:
        app.animation_level = "full"  # the reader's own scrolls never animate
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.reader
        assert app.focused is reader and slot() == "Top"
        # run as the keys run them, but without Pilot's wait for animations to end
        jumps = {"G": "cursor('last')", "g": "cursor('first')", "pagedown": "cursor('page_down')",
                 "j": "cursor('down')", "pageup": "cursor('page_up')", "k": "cursor('up')"}  # fmt: skip

        async def press(key: str) -> None:
            if key in jumps:
                await app.run_action(jumps[key])
            else:  # the pane's own Home / End
                getattr(reader, {"home": "action_scroll_home", "end": "action_scroll_end"}[key])()
            # already there, and no animation left running to move it on
            assert not app.animator.is_being_animated(reader, "scroll_y"), key

        for key, where in (("G", "Bot"), ("g", "Top"), ("end", "Bot"), ("home", "Top")):
            await press(key)
            assert reader.scroll_y == (reader.max_scroll_y if where == "Bot" else 0), key
            assert slot() == where, key
        page = reader.scrollable_content_region.height
        await press("pagedown")
        assert reader.scroll_y == page and slot().endswith("%")
        await press("j")
        assert reader.scroll_y == page + 1
        await press("pageup")
        await press("k")
        assert reader.scroll_y == 0 and slot() == "Top"
