"""`D` in the reader: unsubscribe. The status line asks; yes takes the feed out of
feeds.yaml (every other byte kept) and out of the feed pane, its articles kept."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.test_tui import settle
from tidings.cli import main
from tidings.core.config import load_config
from tidings.core.store import Store
from tidings.tui.app import TidingsApp, make_app
from tidings.tui.screens.confirm import ConfirmScreen

CONFIG = """\
# 我的订阅 (kept)
settings:
  refresh_on_startup: false
feeds:
  - demo:world.xml   # English
  # 中文新闻
  - url: demo:china.xml
    title: 中国新闻
    tags: [中文]
  - demo:tech.atom
searches:
  - 台风
"""
CHINA = "  - url: demo:china.xml\n    title: 中国新闻\n    tags: [中文]\n"


def reader(tmp_path: Path) -> tuple[TidingsApp, Path]:
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    db = tmp_path / "t.db"
    with ThreadPoolExecutor(1) as pool:  # the fetch runs its own event loop
        assert (
            pool.submit(main, ["--config", str(cfg), "--db", str(db), "fetch", "-q"]).result() == 0
        )
    return make_app(load_config(cfg), db), cfg


def pane(app: TidingsApp) -> list[str]:
    tree = app.tree
    return [str(tree.get_node_at_line(y).label) for y in range(tree.last_line + 1)]


async def ask_on_china(pilot) -> ConfirmScreen:
    app = pilot.app
    await settle(pilot)
    app.tree.focus()
    app.tree.select_key(f"feed:{next(f.id for f in app.feeds if f.url == 'demo:china.xml')}")
    await settle(pilot)
    await pilot.press("D")
    await settle(pilot)
    assert isinstance(app.screen, ConfirmScreen)
    return app.screen


async def test_D_then_y_removes_the_feed_from_the_file_and_the_pane(tmp_path):
    app, cfg = reader(tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await ask_on_china(pilot)
        assert (
            screen.question
            == "Remove 中国新闻 from feeds.yaml? Its 12 articles stay in the database"
        )
        assert "(y:Yes n:No)" in str(screen.query_one("_Prompt").render())
        before = pane(app)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert (
            app.status_message
            == "Removed 中国新闻 from feeds.yaml; its 12 articles stay in the database."
        )
        assert before == [
            "All (34)",
            "Unread (34)",
            "Starred",
            "Tidings Demo: World Desk (12)",
            "中国新闻 (12)",
            "Tidings Demo: Tech Desk (10)",
            "Searches",
            "台风 (4)",
            "Tags",
            "#中文 (12)",
        ]
        assert pane(app) == [
            "All (22)",
            "Unread (22)",
            "Starred",
            "Tidings Demo: World Desk (12)",
            "Tidings Demo: Tech Desk (10)",
            "Searches",
            "台风",  # its articles were 中国新闻's
        ]
        assert app.tree.current.name == "Tidings Demo: Tech Desk"  # the next place
        assert app.articles.count == 10  # and its articles in the list
        assert [s.url for s in app.config.feeds] == ["demo:world.xml", "demo:tech.atom"]
        assert cfg.read_text(encoding="utf-8") == CONFIG.replace(CHINA, "")
        await pilot.press("D", "y")  # the last feed: the cursor goes up to the one before
        await settle(pilot)
        assert app.tree.current.name == "Tidings Demo: World Desk"
        assert app.articles.count == 12
    assert cfg.read_text(encoding="utf-8") == CONFIG.replace(CHINA, "").replace(
        "  - demo:tech.atom\n", ""
    )
    with Store.open(tmp_path / "t.db") as store:
        assert [f.url for f in store.feeds()] == ["demo:world.xml"]
        assert store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 34  # kept


async def test_n_leaves_everything_and_D_in_the_list_asks_of_the_article_s_feed(tmp_path):
    app, cfg = reader(tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        await ask_on_china(pilot)
        before = pane(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.status_message == "Nothing removed."
        assert pane(app) == before and len(app.config.feeds) == 3
        app.articles.focus()
        await pilot.press("D")
        await settle(pilot)
        assert app.screen.question.startswith("Remove 中国新闻 from feeds.yaml?")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main_screen
    assert cfg.read_text(encoding="utf-8") == CONFIG


async def test_a_file_that_cannot_be_edited_is_told_and_nothing_is_lost(tmp_path):
    app, cfg = reader(tmp_path)
    inline = "feeds: [demo:world.xml, demo:china.xml, demo:tech.atom]\n"
    async with app.run_test(size=(100, 24)) as pilot:
        await ask_on_china(pilot)
        cfg.write_text(inline, encoding="utf-8")  # by hand, meanwhile
        before = pane(app)
        await pilot.press("y")
        await settle(pilot)
        assert app.status_message.startswith("Cannot remove 中国新闻: ")
        assert "written inline" in app.status_message
        assert pane(app) == before and len(app.config.feeds) == 3
        cfg.write_text(CONFIG, encoding="utf-8")
        app.check_config()  # as the timer would: its "no changes" is said before, not after
        await settle(pilot)
        (tmp_path / "feeds.yaml.tmp").mkdir()  # the temporary file cannot be written
        await pilot.press("D", "y")
        await settle(pilot)
        assert app.status_message.startswith("Cannot remove 中国新闻: cannot remove the feed from")
        assert app.status_message.endswith(": Is a directory")
        assert pane(app) == before
    assert cfg.read_text(encoding="utf-8") == CONFIG


async def test_a_refresh_running_through_D_does_not_bring_the_feed_back(tmp_path):
    # The refresh stores every feed it started with as listed; once it is done, those
    # removed meanwhile are hidden again.
    app, cfg = reader(tmp_path)
    started_with = list(app.config.feeds)
    async with app.run_test(size=(100, 24)) as pilot:
        await ask_on_china(pilot)
        await pilot.press("y")
        await settle(pilot)
        with Store.open(tmp_path / "t.db") as store:
            store.add_feeds([s for s in started_with if s.url == "demo:china.xml"])  # as it did
            assert "demo:china.xml" in [f.url for f in store.feeds()]
        app._hide_removed(started_with)  # on the refresh's thread, after its fetches
    with Store.open(tmp_path / "t.db") as store:
        assert [f.url for f in store.feeds()] == ["demo:world.xml", "demo:tech.atom"]


async def test_a_question_covers_a_status_line_of_several_rows(tmp_path):
    # At 80 columns a long message (a refresh with failures) takes the status line's
    # rows (three here: two of the message above the counts' row); the question covered
    # the first, the message's tail stood under it.
    app, _ = reader(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.set_status(
            "Refreshed 12 feeds: 42 new, 0 updated, 8 failed, marked ! in the feed pane " * 2
        )
        await settle(pilot)
        status = app.main_screen.query_one("#status").region
        assert status.height == 3
        screen = await ask_on_china(pilot)
        await settle(pilot)
        prompt = screen.query_one("_Prompt").region
        assert (prompt.y, prompt.height) == (status.y, status.height)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is app.main_screen
