"""ctrl+b: bookmark the article with settings.bookmark_cmd, driven by its key."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.test_bookmark import plugin
from tests.test_tui import paged_store, settle
from tests.test_tui_pipe import record_suspends
from tidings.tui.app import TidingsApp


def bookmark_app(tmp_path, command: str | None, *, interactive: bool = False):
    db = tmp_path / "paged.db"
    config = paged_store(db)
    settings = replace(config.settings, bookmark_cmd=command, bookmark_interactive=interactive)
    return TidingsApp(replace(config, settings=settings), db, page_size=5)


def status(app) -> str:
    return app.status_message


async def test_ctrl_b_without_a_command_says_how_to_set_one(tmp_path):
    app = bookmark_app(tmp_path, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert status(app).startswith("Set bookmark_cmd in feeds.yaml (E edits it): a program")


async def test_ctrl_b_runs_the_command_with_the_articles_url_title_and_feed(tmp_path):
    command, out = plugin(tmp_path)
    app = bookmark_app(tmp_path, command)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "ctrl+b")
        await settle(pilot)
        assert json.loads(out.read_text(encoding="utf-8")) == [
            "https://example.org/A1",
            "A1",
            "",
            "A",
        ]
        assert status(app) == "Bookmarked: A1"
        await pilot.press("enter")  # from the reader: the open article
        await settle(pilot)
        await pilot.press("j", "ctrl+b")
        await settle(pilot)
        assert json.loads(out.read_text(encoding="utf-8"))[1] == "A1"


async def test_a_failing_command_is_said_with_its_first_stderr_line(tmp_path):
    command, _ = plugin(tmp_path, status=2)
    app = bookmark_app(tmp_path, command)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert status(app).startswith("Bookmark failed: ")
        assert status(app).endswith("exit 2: no such list: news")


async def test_a_missing_program_is_said(tmp_path):
    app = bookmark_app(tmp_path, "nope-bm")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert status(app) == "Bookmark failed: nope-bm: no such program"


async def test_bookmark_interactive_hands_the_terminal_over(tmp_path):
    command, out = plugin(tmp_path)
    app = bookmark_app(tmp_path, command, interactive=True)
    handed_over = record_suspends(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert handed_over == [True, False]
        assert json.loads(out.read_text(encoding="utf-8"))[:2] == ["https://example.org/A0", "A0"]
        assert status(app) == "Bookmarked: A0"
