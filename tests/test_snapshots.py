"""Snapshot tests of the reader on the demo data (pytest-textual-snapshot).

Update with `pytest tests/test_snapshots.py --snapshot-update` after a deliberate change.
Dates are absolute and shown in UTC here, so the pictures don't depend on the clock.
"""

from __future__ import annotations

import time

import pytest

from tidings.core.models import ColorSpec, HighlightRule
from tidings.tui.app import make_app
from tidings.tui.demo_data import fill_demo_store


@pytest.fixture(autouse=True)
def _utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def demo_app(tmp_path):
    db = tmp_path / "demo.db"
    config = fill_demo_store(db)
    return make_app(config, db, refresh_on_start=False)


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def run_keys(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_list_at_80x24(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run_keys("j"))


def test_chinese_article_at_80x24(snap_compare, demo_app):
    # The sixth row is a Chinese article with an emoji in its title.
    keys = ("j", "j", "j", "j", "enter")
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run_keys(*keys))


def test_three_panes_at_200x50(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(200, 50), run_before=run_keys("j", "enter"))


def test_help_at_80x24(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run_keys("question_mark"))


def test_highlight_rules_at_80x24(snap_compare, tmp_path):
    # feeds.yaml's highlight: a word in the titles (Chinese too), a row a search finds, a
    # feed by its tag; the article opened shows the word marked in its text
    db = tmp_path / "demo.db"
    config = fill_demo_store(db)
    config.highlights = (
        HighlightRule("text", "storm|抗旱|rail", ColorSpec("red", None, ("bold",))),
        HighlightRule("articles", "title:film is:unread", ColorSpec("white", "blue")),
        HighlightRule("feeds", "tag:tech", ColorSpec("yellow")),
    )
    app = make_app(config, db, refresh_on_start=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_keys("j"))
