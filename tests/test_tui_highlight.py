"""The reader draws feeds.yaml's highlight: rules: a pattern's matches in the list's
titles, the feed pane and the reading pane (a CJK word too), whole article rows a
search finds and feed rows a condition holds for (read back from what the screen
draws), and a change of the rules redraws at once."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from tests.test_tui import settle
from tests.test_tui_colors import rgb
from tests.test_tui_config_reload import CONFIG, done, reader
from tidings.core.models import ColorSpec, HighlightRule
from tidings.tui.app import TidingsApp, make_app
from tidings.tui.demo_data import fill_demo_store

RULES = (
    HighlightRule("text", "storm|抗旱", ColorSpec("#ff0000", None, ("bold",))),
    HighlightRule("articles", "title:Rail", ColorSpec("#ffffff", "#800000")),
    HighlightRule("feeds", "tag:中文 unread>0", ColorSpec("#ffff00")),
)


def demo_app(tmp_path: Path) -> TidingsApp:
    db = tmp_path / "demo.db"
    config = fill_demo_store(db)
    config.highlights = RULES
    return make_app(config, db, refresh_on_start=False)


def drawn(app: TidingsApp, widget_id: str, y: int, text: str) -> Style:
    """The style the screen draws `text` with, on the widget's row y (wide characters
    counted as the two cells they take)."""
    widget = app.main_screen.query_one(f"#{widget_id}")
    region = widget.content_region
    row = "".join(s.text for s in widget.render_line(y))
    x = cell_len(row[: row.index(text)])
    return app.main_screen.get_style_at(region.x + x, region.y + y)


def row_of(app: TidingsApp, start: str) -> int:
    articles = app.articles
    return next(y for y in range(articles.count) if articles.row(y).title.startswith(start))


def segment(strip, text: str) -> Segment:
    return next(s for s in strip if text in s.text)


async def test_a_word_a_row_and_a_feed_are_drawn_in_their_rules_colours(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        storm = row_of(app, "Storm season")
        word = drawn(app, "articles", storm, "Storm")
        assert rgb(word.color) == "#ff0000" and word.bold
        rest = drawn(app, "articles", storm, "season")
        assert rgb(rest.color) != "#ff0000"
        assert segment(app.articles.render_line(storm), "Storm").text == "Storm"  # the word alone
        drought = row_of(app, "长江流域")
        assert rgb(drawn(app, "articles", drought, "抗旱").color) == "#ff0000"
        assert rgb(drawn(app, "articles", drought, "长江").color) != "#ff0000"
        rail = row_of(app, "Rail strike")
        for part in ("2026-", "Rail", "World Desk"):  # the whole row, the feed's name too
            style = drawn(app, "articles", rail, part)
            assert (rgb(style.color), rgb(style.bgcolor)) == ("#ffffff", "#800000")
        tree = app.tree
        line = next(y for y in range(tree.last_line + 1) if "示例新闻" in _tree_line(app, y))
        assert rgb(drawn(app, "feeds", line, "示例新闻").color) == "#ffff00"
        other = next(y for y in range(tree.last_line + 1) if "World Desk" in _tree_line(app, y))
        assert rgb(drawn(app, "feeds", other, "World Desk").color) != "#ffff00"
        # the cursor's row keeps the cursor's colours (the row rule is under it)
        app.articles.move_to(rail)
        await settle(pilot)
        cursor = drawn(app, "articles", rail, "Rail")
        assert rgb(cursor.bgcolor) != "#800000"


def _tree_line(app: TidingsApp, y: int) -> str:
    return "".join(s.text for s in app.tree.render_line(y))


async def test_the_reading_pane_marks_the_word_in_title_and_body(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.articles.move_to(row_of(app, "长江流域"))
        await pilot.press("enter")
        await settle(pilot)
        pane = app.reader
        lines = ["".join(s.text for s in pane.render_line(y)) for y in range(10)]
        found = [y for y, line in enumerate(lines) if "抗旱" in line]
        assert len(found) >= 2  # the title and the body
        for y in found:
            style = drawn(app, "reader", y, "抗旱")
            assert rgb(style.color) == "#ff0000" and style.bold
        assert "长江" in lines[found[0]]  # the title: the rest of it in its own colour
        assert rgb(drawn(app, "reader", found[0], "长江").color) != "#ff0000"


async def test_a_change_of_rules_in_feeds_yaml_redraws_the_reader(tmp_path):
    app, cfg = reader(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        y = row_of(app, "Typhoon Kestrel")
        before = drawn(app, "articles", y, "Typhoon")
        cfg.write_text(
            CONFIG
            + 'highlight:\n  - {text: typhoon, color: "#00ff00"}\n'
            + '  - {articles: "title:Kestrel is:unread", color: "default #000080"}\n',
            encoding="utf-8",
        )
        app.check_config()
        await done(pilot)
        assert app.status_message == "feeds.yaml: highlight rules changed"
        y = row_of(app, "Typhoon Kestrel")
        word = drawn(app, "articles", y, "Typhoon")
        assert rgb(word.color) == "#00ff00" and rgb(before.color) != "#00ff00"
        after = next(
            i
            for i in range(app.articles.count)
            if "Kestrel" in app.articles.row(i).title and i != y
        )
        assert rgb(drawn(app, "articles", after, "2026-").bgcolor) == "#000080"
        app.articles.move_to(after)
        await pilot.press("m")  # read now: is:unread no longer holds, the row is redrawn
        await pilot.press("k")
        await settle(pilot)
        assert rgb(drawn(app, "articles", after, "2026-").bgcolor) != "#000080"
        cfg.write_text(CONFIG, encoding="utf-8")
        app.check_config()
        await done(pilot)
        assert rgb(drawn(app, "articles", y, "Typhoon").color) == rgb(before.color)
