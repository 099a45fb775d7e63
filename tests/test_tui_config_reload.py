"""The reader follows feeds.yaml: `E` edits it in $EDITOR (here a small Python script
the test writes) and the changes show when the editor exits; a change made behind the
reader's back (another terminal, `tidings remove`) shows once the file is looked at
(the timer's tick, called here, not waited for; and right before a refresh); a file
that does not load keeps the old config running and says where it is wrong."""

from __future__ import annotations

import contextlib
import shlex
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rich.cells import cell_len

from tests.test_tui import settle
from tests.test_tui_fulltext import record_statuses
from tidings.cli import main
from tidings.core.config import load_config
from tidings.core.models import Config, FeedSpec, Settings
from tidings.core.store import Store
from tidings.tui.app import TidingsApp, make_app

CONFIG = """\
# my feeds
settings:
  refresh_on_startup: false
feeds:
  - demo:world.xml
  - url: demo:china.xml
    title: 中国新闻
  - demo:tech.atom
"""
CHINA = "  - url: demo:china.xml\n    title: 中国新闻\n"

# The editor: writes next.yaml (beside it) over the file it is given, and notes its
# arguments; with no next.yaml it leaves the file as it was (quit without saving).
EDITOR = """\
import pathlib, sys
here = pathlib.Path(__file__).parent
with open(here / "editor.log", "a", encoding="utf-8") as log:
    log.write(repr(sys.argv[1:]) + "\\n")
new = here / "next.yaml"
if new.exists():
    pathlib.Path(sys.argv[-1]).write_text(new.read_text(encoding="utf-8"), encoding="utf-8")
    new.unlink()
sys.exit(int((here / "status").read_text()) if (here / "status").exists() else 0)
"""


def reader(tmp_path: Path, text: str = CONFIG) -> tuple[TidingsApp, Path]:
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(text, encoding="utf-8")
    db = tmp_path / "t.db"
    with ThreadPoolExecutor(1) as pool:  # the fetch runs its own event loop
        assert (
            pool.submit(main, ["--config", str(cfg), "--db", str(db), "fetch", "-q"]).result() == 0
        )
    return make_app(load_config(cfg), db), cfg


def use_editor(tmp_path: Path, monkeypatch, app: TidingsApp) -> Path:
    """EDITOR set to the script; App.suspend (which a headless test cannot do)
    recorded in `app.handed_over`. Returns the folder holding next.yaml."""
    folder = tmp_path / "editor"
    folder.mkdir()
    script = folder / "edit.py"
    script.write_text(EDITOR, encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} -I {shlex.quote(str(script))}")
    app.handed_over = []

    @contextlib.contextmanager
    def suspend():
        app.handed_over.append(True)
        yield

    monkeypatch.setattr(app, "suspend", suspend)
    return folder


def pane(app: TidingsApp) -> list[str]:
    tree = app.tree
    return [str(tree.get_node_at_line(y).label) for y in range(tree.last_line + 1)]


async def done(pilot) -> None:
    """Settled, and any refresh over."""
    await settle(pilot)
    for _ in range(100):
        if not pilot.app.refreshing:
            break
        await settle(pilot)
    await settle(pilot)


def feed_key(app: TidingsApp, url: str) -> str:
    return f"feed:{next(f.id for f in app.feeds if f.url == url)}"


async def test_E_adds_a_feed_the_pane_shows_it_with_its_articles(tmp_path, monkeypatch):
    app, cfg = reader(tmp_path)
    editor = use_editor(tmp_path, monkeypatch, app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Tidings Demo: Science Desk" not in "".join(pane(app))
        (editor / "next.yaml").write_text(CONFIG + "  - demo:science.json\n", encoding="utf-8")
        said = record_statuses(app)
        await pilot.press("E")
        await done(pilot)
        assert app.handed_over == [True]  # the terminal was the editor's
        assert (editor / "editor.log").read_text() == repr([str(cfg)]) + "\n"  # the path last
        # told, then fetched at once (only the new feed), its articles in the pane
        assert said[0] == "feeds.yaml: 1 feed added"
        assert "feeds.yaml: 1 feed added; fetching the new feed…" in said
        assert app.status_message.startswith("Refreshed 1 feed: ")
        assert [s.url for s in app.config.feeds][-1] == "demo:science.json"
        science = next(f for f in app.feeds if f.url == "demo:science.json")
        assert science.total > 0
        assert f"{science.title} ({science.total})" in pane(app)


async def test_E_removes_a_feed_the_cursor_goes_to_the_next_one(tmp_path, monkeypatch):
    app, cfg = reader(tmp_path)
    editor = use_editor(tmp_path, monkeypatch, app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.tree.focus()
        app.tree.select_key(feed_key(app, "demo:china.xml"))
        await settle(pilot)
        assert app.place.name == "中国新闻"
        (editor / "next.yaml").write_text(CONFIG.replace(CHINA, ""), encoding="utf-8")
        await pilot.press("E")
        await done(pilot)
        assert app.status_message == "feeds.yaml: 1 feed removed"
        assert not any("中国新闻" in label for label in pane(app))
        assert app.place.name == "Tidings Demo: Tech Desk"  # the feed that came next
        assert app.articles.count == 10
        assert [s.url for s in app.config.feeds] == ["demo:world.xml", "demo:tech.atom"]
    with Store.open(tmp_path / "t.db") as store:  # hidden, as D hides it: its articles stay
        assert [f.url for f in store.feeds()] == ["demo:world.xml", "demo:tech.atom"]
        assert store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 34


async def test_a_broken_edit_keeps_the_old_config_and_says_where(tmp_path, monkeypatch):
    app, cfg = reader(tmp_path)
    editor = use_editor(tmp_path, monkeypatch, app)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        before = pane(app)
        broken = CONFIG.replace(CHINA, "") + "  - htp://example.com/rss\n"
        (editor / "next.yaml").write_text(broken, encoding="utf-8")
        await pilot.press("E")
        await done(pilot)
        problem = app.status_message
        assert problem.startswith("feeds.yaml:7: feeds[2].url: 'htp://example.com/rss' is not")
        assert problem.endswith(" (old config kept; E to edit again)")
        assert pane(app) == before and len(app.config.feeds) == 3  # nothing lost
        # it stays: moving, and opening an article (which clears the line), leave it
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.article is not None and app.status_message == problem
        # a refresh reads the file first: still broken, so the old feeds are refreshed
        await pilot.press("R")
        await done(pilot)
        assert app.status_message.startswith("Refreshed 3 feeds: ")
        await pilot.press("n")  # the next article clears the line: the problem is back
        await settle(pilot)
        assert app.status_message == problem
        # E again, and fixed: the change applies, the problem is gone
        fixed = broken.replace("htp://example.com/rss", "demo:science.json")
        (editor / "next.yaml").write_text(fixed, encoding="utf-8")
        said = record_statuses(app)
        await pilot.press("E")
        await done(pilot)
        assert said[0] == "feeds.yaml loads again: 1 feed added, 1 removed"
        assert app.status_message.startswith("Refreshed 1 feed: ")
        assert app.config_problem == ""
        urls = ["demo:world.xml", "demo:tech.atom", "demo:science.json"]
        assert [s.url for s in app.config.feeds] == urls


async def test_Esc_dismisses_the_problem_until_the_file_changes_again(tmp_path, monkeypatch):
    app, cfg = reader(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        focused = app.focused
        cfg.write_text(CONFIG + "  - demo:nope.xml\n", encoding="utf-8")
        app.check_config()  # the timer's tick
        await settle(pilot)
        assert app.status_message.startswith("feeds.yaml:9: feeds[3].url: no demo feed named")
        assert app.status_message.endswith(" (old config kept; E to edit)")
        await pilot.press("escape")  # dismissed, and nothing else done
        assert app.status_message == "" and app.focused is focused
        await pilot.press("enter")
        await settle(pilot)
        assert app.status_message == ""
        app.check_config()  # the same file: not told again
        await settle(pilot)
        assert app.status_message == ""
        cfg.write_text(CONFIG + "  - demo:nope2.xml\n", encoding="utf-8")
        app.check_config()
        await settle(pilot)
        assert app.status_message.startswith(
            "feeds.yaml:9: feeds[3].url: no demo feed named 'nope2.xml'"
        )


async def test_a_change_behind_the_readers_back_keeps_the_cursor_on_its_feed(tmp_path):
    app, cfg = reader(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.tree.focus()
        tech = feed_key(app, "demo:tech.atom")
        app.tree.select_key(tech)
        await settle(pilot)
        app.articles.focus()
        await pilot.press("j", "j")
        await settle(pilot)
        row = app.articles.current
        # by hand in another terminal: titles, a category, and a feed before it
        cfg.write_text(
            CONFIG.replace("title: 中国新闻", "title: 中文\n    category: 亚洲")
            .replace("  - demo:world.xml\n", "  - url: demo:world.xml\n    title: 世界\n")
            .replace(
                "  - demo:tech.atom\n",
                "  - demo:science.json\n  - url: demo:tech.atom\n    title: Tech\n",
            ),
            encoding="utf-8",
        )
        app.check_config()
        await done(pilot)
        assert pane(app)[:3] == ["All (42)", "Unread (42)", "Starred"]
        assert set(pane(app)[3:]) >= {"亚洲 (12)", "中文 (12)", "世界 (12)", "Tech (10)"}
        assert app.tree.current.key == tech and app.place.name == "Tech"
        assert app.articles.current.id == row.id  # the list's cursor on the same article
        assert [f.category for f in app.feeds if f.url == "demo:china.xml"] == ["亚洲"]


async def test_tidings_remove_elsewhere_then_R_no_longer_refreshes_it(tmp_path):
    app, cfg = reader(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with ThreadPoolExecutor(1) as pool:  # in another shell
            args = [
                "--config",
                str(cfg),
                "--db",
                str(tmp_path / "t.db"),
                "remove",
                "demo:china.xml",
            ]
            assert pool.submit(main, args).result() == 0
        said = record_statuses(app)
        await pilot.press("R")  # before the timer looked: R reads the file first
        await done(pilot)
        assert said[0] == "feeds.yaml: 1 feed removed"
        assert app.status_message.startswith("Refreshed 2 feeds: ")
        assert [s.url for s in app.config.feeds] == ["demo:world.xml", "demo:tech.atom"]
        assert not any("中国新闻" in label for label in pane(app))


async def test_settings_searches_and_keys_take_effect_at_once(tmp_path):
    app, cfg = reader(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark" and app.refresh_timer is None
        newest = app.articles.current
        cfg.write_text(
            CONFIG.replace(
                "settings:\n",
                "settings:\n  theme: nord\n  text_width: 40\n  article_order: oldest\n  refresh_every: 30\n",
            )
            + "searches:\n  - title: Storms\n    query: 台风\nkeys:\n  toggle_feeds: x\n",
            encoding="utf-8",
        )
        app.check_config()
        await done(pilot)
        assert app.status_message == (
            "feeds.yaml: saved searches changed,"
            " settings changed (refresh_every, article_order, theme, text_width), keys changed"
        )
        assert app.theme == "nord" and app.reader.max_width == 40
        assert app.oldest_first and app.articles.view.oldest_first
        assert app.articles.current.id == newest.id  # the cursor kept on its article
        assert app.articles.cursor == app.articles.count - 1  # now at the end
        assert app.refresh_timer is not None
        assert pane(app)[-2:] == ["Searches", "Storms (4)"]
        keys = [key for key, _, action in app._key_bar_items()]
        assert app.user_keymap == {"toggle_feeds": "x"} and len(keys) > 0
        await pilot.press("x")  # the new key
        assert app.feeds_hidden
        await pilot.press("b")  # its old key no longer
        assert app.feeds_hidden
        # a saved search's query changed, the cursor on it: its list follows
        app.tree.select_key("saved:Storms")
        await settle(pilot)
        assert app.articles.count == 4
        cfg.write_text(
            cfg.read_text(encoding="utf-8").replace("query: 台风", "query: 台风 OR typhoon"),
            encoding="utf-8",
        )
        app.check_config()
        await done(pilot)
        assert app.status_message == "feeds.yaml: saved searches changed"
        assert app.place.view.search == "台风 OR typhoon" and app.articles.count > 4
        # and back: the keys as they were, the timer stopped
        cfg.write_text(CONFIG, encoding="utf-8")
        app.check_config()
        await done(pilot)
        assert app.theme == "textual-dark" and app.refresh_timer is None and not app.oldest_first
        assert app.user_keymap == {}
        await pilot.press("b")
        assert not app.feeds_hidden


async def test_E_without_a_file_and_where_the_editor_cannot_run(tmp_path, monkeypatch):
    config = Config(feeds=[FeedSpec("demo:world.xml")], settings=Settings(refresh_on_startup=False))
    bare = make_app(config, tmp_path / "bare.db")
    async with bare.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("E")
        assert bare.status_message == "No feeds.yaml to edit: the reader was started without one."
    app, cfg = reader(tmp_path)
    monkeypatch.delenv("VISUAL", raising=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # run_test's headless driver cannot hand the terminal over, as some cannot
        monkeypatch.setenv("EDITOR", "nano -w")
        await pilot.press("E")
        assert app.status_message == "Cannot hand the terminal to nano here."
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
        await pilot.press("E")
        assert app.status_message == "Cannot run no-such-editor: No such file or directory"
        monkeypatch.setenv("EDITOR", "vi 'oops")
        await pilot.press("E")
        assert app.status_message == 'Cannot run the editor: No closing quotation in "vi \'oops"'
    assert cfg.read_text(encoding="utf-8") == CONFIG


async def test_E_quit_without_saving_and_an_editor_that_fails(tmp_path, monkeypatch):
    app, cfg = reader(tmp_path)
    editor = use_editor(tmp_path, monkeypatch, app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = pane(app)
        await pilot.press("E")
        await done(pilot)
        assert app.status_message == "feeds.yaml: no changes" and pane(app) == before
        (editor / "status").write_text("1")  # as vim's :cq
        await pilot.press("E")
        await done(pilot)
        name = Path(sys.executable).name
        assert app.status_message == f"{name} exited with status 1; feeds.yaml: no changes"


async def test_a_new_feed_order_sorts_the_pane_at_once(tmp_path):
    app, cfg = reader(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = [app.tree.place_of(f"feed:{i}").name for i in app.tree.feed_ids]
        assert titles[1] == "中国新闻"  # the file's order
        cfg.write_text(
            CONFIG.replace("settings:\n", "settings:\n  feed_order: title\n"), encoding="utf-8"
        )
        app.check_config()
        await done(pilot)
        assert "settings changed (feed_order)" in app.status_message
        titles = [app.tree.place_of(f"feed:{i}").name for i in app.tree.feed_ids]
        assert titles == sorted(titles, key=str.casefold) and titles[-1] == "中国新闻"


async def test_a_long_message_takes_a_second_line_at_80_columns(tmp_path, monkeypatch):
    # At 80x24 "feeds.yaml:7: feeds[2].url: 'htp://…' is not…" was cut after some 45
    # cells, beside the counts: the mistake and "(old config kept; E to edit again)" were
    # lost. A message that does not fit takes a second line until it is dismissed.
    app, cfg = reader(tmp_path)
    editor = use_editor(tmp_path, monkeypatch, app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.main_screen.query_one("#status")
        assert status.size.height == 1
        list_height = app.articles.size.height
        broken = CONFIG.replace(CHINA, "") + "  - htp://example.com/rss\n"
        (editor / "next.yaml").write_text(broken, encoding="utf-8")
        await pilot.press("E")
        await done(pilot)
        problem = app.status_message
        shown = str(status.render())
        assert status.size.height == 2 and len(shown.splitlines()) == 2
        assert " ".join(shown.split()).startswith(" ".join(problem.split()))
        assert shown.rstrip().endswith("All: 34 · 34 unread  ? help")  # counts and hint show
        assert shown.startswith("feeds.yaml:7: feeds[2].url: ")
        assert app.articles.size.height == list_height - 1
        await pilot.press("escape")  # dismissed: one line again
        await settle(pilot)
        assert status.size.height == 1 and app.articles.size.height == list_height


async def test_mending_a_broken_edit_says_the_file_loads_again(tmp_path, monkeypatch):
    # E, a mistake, E again and the mistake taken out: the file is as the running config
    # and the status line said only "feeds.yaml: no changes", as if E had done nothing.
    app, cfg = reader(tmp_path)
    editor = use_editor(tmp_path, monkeypatch, app)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        (editor / "next.yaml").write_text(CONFIG + "  - url: [broken\n", encoding="utf-8")
        await pilot.press("E")
        await done(pilot)
        assert "malformed YAML" in app.status_message
        (editor / "next.yaml").write_text(CONFIG, encoding="utf-8")
        await pilot.press("E")
        await done(pilot)
        assert app.config_problem == ""
        assert app.status_message == "feeds.yaml loads again: no changes"


async def test_a_mistake_too_long_for_the_rows_keeps_what_to_do_at_80_columns(
    tmp_path, monkeypatch
):
    # QA: "… unterminated subpattern at position 0 (and 5 more) (o…": the advice was cut
    app, cfg = reader(tmp_path)
    editor = use_editor(tmp_path, monkeypatch, app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rules = "  - {feeds: author:smith, color: red}\n" * 6
        (editor / "next.yaml").write_text(CONFIG + "highlight:\n" + rules, encoding="utf-8")
        await pilot.press("E")
        await done(pilot)
        problem = app.status_message
        assert "highlight[0].feeds: 'author:smith' is not a feed condition" in problem
        assert len(problem) > 3 * 80
        status = app.main_screen.query_one("#status")
        rows = str(status.render()).splitlines()
        assert len(rows) == 3 and all(cell_len(row) <= 80 for row in rows)
        assert rows[0].startswith("feeds.yaml:")
        shown = " ".join(" ".join(rows).split())
        assert "…" in shown  # its middle left out, its end kept
        assert shown.endswith(
            "(and 5 more) (old config kept; E to edit again) All: 34 · 34 unread ? help"
        )
