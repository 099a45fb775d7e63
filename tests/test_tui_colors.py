"""The reader draws feeds.yaml's `colors:` over its theme: the list's cursor, unread and
read rows, the feed pane, the status line, the key bar and the article take the colours
named (read back from what the screen draws), a change of the file restyles the reader
at once, and a keypress still repaints only the rows it changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.color import Color as RichColor
from rich.style import Style

from tests.test_tui import settle
from tests.test_tui_config_reload import CONFIG, done, reader
from tidings.core.models import ColorSpec
from tidings.tui.app import TidingsApp, make_app
from tidings.tui.demo_data import fill_demo_store

COLORS = {
    "listfocus": ColorSpec("#ffff00", "#0000ff", ("bold",)),
    "listfocus_unread": ColorSpec("#000000", "#ffaf00", ("underline",)),
    "listnormal": ColorSpec("#bcbcbc", "#1c1c1c"),
    "listnormal_unread": ColorSpec("#00ffff", None, ("bold",)),
    "info": ColorSpec("#000000", "color214"),
    "hint-key": ColorSpec("#ff0000", None, ("bold",)),
    "article": ColorSpec("#d0d0d0", "#262626"),
}


def rgb(color: RichColor | None) -> str:
    assert color is not None
    return color.get_truecolor().hex


def drawn(app: TidingsApp, widget_id: str, y: int, text: str) -> Style:
    """The style the screen draws `text` with, on the widget's row y."""
    widget = app.main_screen.query_one(f"#{widget_id}")
    region = widget.content_region
    row = "".join(s.text for s in widget.render_line(y))
    x = row.index(text)
    return app.main_screen.get_style_at(region.x + x, region.y + y)


def demo_app(tmp_path: Path, colors: dict[str, ColorSpec]) -> TidingsApp:
    db = tmp_path / "demo.db"
    config = fill_demo_store(db)
    config.colors = colors
    return make_app(config, db, refresh_on_start=False)


async def test_the_list_cursor_unread_rows_and_status_line_take_the_colours(tmp_path):
    app = demo_app(tmp_path, COLORS)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        articles = app.articles
        assert [articles.row(y).read for y in range(4)] == [True, False, False, True]
        cursor = drawn(app, "articles", 0, articles.row(0).title[:10])  # on a read row
        assert (rgb(cursor.color), rgb(cursor.bgcolor)) == ("#ffff00", "#0000ff")
        assert cursor.bold and not cursor.underline
        unread = drawn(app, "articles", 1, "2026-")  # the whole row in it, as newsboat's
        assert (rgb(unread.color), rgb(unread.bgcolor)) == ("#00ffff", "#1c1c1c")
        assert unread.bold
        read = drawn(app, "articles", 3, articles.row(3).title[:10])
        assert (rgb(read.color), rgb(read.bgcolor)) == ("#bcbcbc", "#1c1c1c")
        assert not read.bold
        await pilot.press("j")  # the cursor on an unread row: listfocus_unread
        await settle(pilot)
        cursor = drawn(app, "articles", 1, "2026-")
        assert (rgb(cursor.color), rgb(cursor.bgcolor)) == ("#000000", "#ffaf00")
        assert cursor.underline and not cursor.bold
        left = drawn(app, "articles", 0, articles.row(0).title[:10])
        assert (rgb(left.color), rgb(left.bgcolor)) == ("#bcbcbc", "#1c1c1c")
        # the status line and the key bar: info, the keys in hint-key
        status = app.main_screen.query_one("#status")
        edge = app.main_screen.get_style_at(status.region.x, status.region.y)
        assert rgb(edge.bgcolor) == "#ffaf00"  # color214, to the line's edge
        counts = drawn(app, "status", 0, "unread")
        assert (rgb(counts.color), rgb(counts.bgcolor)) == ("#000000", "#ffaf00")
        key = drawn(app, "keys", 0, "Q")
        assert (rgb(key.color), rgb(key.bgcolor)) == ("#ff0000", "#ffaf00") and key.bold
        # the feed pane: a feed with unread articles in listnormal_unread
        tree = app.tree
        line = next(
            y
            for y in range(tree.last_line + 1)
            if "World Desk" in str(tree.get_node_at_line(y).label)
        )
        feed = drawn(app, "feeds", line, "World")
        assert (rgb(feed.color), rgb(feed.bgcolor)) == ("#00ffff", "#1c1c1c") and feed.bold
        await pilot.press("enter")  # the article: its text colour and background
        await settle(pilot)
        body = drawn(app, "reader", 5, app.reader.render_line(5).text.strip()[:5])
        assert rgb(body.bgcolor) == "#262626"


async def test_without_colors_the_theme_draws_as_before(tmp_path):
    themed = demo_app(tmp_path, {})
    async with themed.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = [themed.articles.render_line(y) for y in range(3)]
        assert themed.articles.row_kinds == frozenset() and not themed.tree.color_unread
    default = themed.get_css_variables()["block-cursor-background"]
    cursor = before[0]._segments[1].style
    assert rgb(cursor.bgcolor) == default.lower()


async def test_a_keypress_repaints_as_few_rows_with_colours(tmp_path):
    app = demo_app(tmp_path, COLORS)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines: list[int] = []
        refresh_line = app.articles.refresh_line
        app.articles.refresh_line = lambda y: (lines.append(y), refresh_line(y))  # type: ignore[method-assign]
        await pilot.press("j")
        await settle(pilot)
        assert sorted(set(lines)) == [0, 1]


async def test_a_change_of_colors_in_feeds_yaml_restyles_the_reader(tmp_path):
    app, cfg = reader(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        title = app.articles.current.title[:10]
        themed = drawn(app, "articles", 0, title)
        cfg.write_text(
            CONFIG + 'colors:\n  listfocus: "#ffff00 #0000ff"\n  listfocus_unread: red blue\n',
            encoding="utf-8",
        )
        app.check_config()
        await done(pilot)
        assert app.status_message == "feeds.yaml: colors changed"
        now = drawn(app, "articles", 0, title)
        assert rgb(now.bgcolor) != rgb(themed.bgcolor)
        assert (rgb(now.color), rgb(now.bgcolor)) == ("#cd0000", "#0000ee")  # xterm's
        assert not now.bold  # exactly the attributes named
        await pilot.press("m")
        await settle(pilot)
        read = drawn(app, "articles", 0, title)
        assert (rgb(read.color), rgb(read.bgcolor)) == ("#ffff00", "#0000ff")
        colors = 'colors:\n  listfocus: "#ffff00 #0000ff"\n  listfocus_unread: red blue\n'
        ansi = CONFIG.replace("settings:\n", "settings:\n  theme: ansi-dark\n") + colors
        cfg.write_text(ansi, encoding="utf-8")  # the names: the terminal's own colours
        app.check_config()
        await done(pilot)
        assert app.status_message == "feeds.yaml: settings changed (theme)"
        await pilot.press("j")
        await settle(pilot)
        on_unread = drawn(app, "articles", 1, "2026-")
        assert (on_unread.color.number, on_unread.bgcolor.number) == (1, 4)
        await pilot.press("k")
        cfg.write_text(CONFIG, encoding="utf-8")  # and back to the theme's
        app.check_config()
        await done(pilot)
        assert app.status_message == "feeds.yaml: settings changed (theme), colors changed"
        back = drawn(app, "articles", 0, title)
        assert rgb(back.bgcolor) == rgb(themed.bgcolor)


def ansi_app(tmp_path: Path) -> TidingsApp:
    db = tmp_path / "demo.db"
    config = fill_demo_store(db)
    config = replace(config, settings=replace(config.settings, theme="ansi-dark"))
    return make_app(config, db, refresh_on_start=False)


async def test_no_color_with_an_ansi_theme_is_not_black_on_black(tmp_path, monkeypatch):
    # theme: ansi-dark under NO_COLOR drew the feed pane's and the list's words in black
    # on black (Textual's monochrome filter reads the terminal's own colours as black).
    monkeypatch.setenv("NO_COLOR", "1")
    app = ansi_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        for widget_id, text in (("feeds", "All"), ("articles", app.articles.row(1).title[:10])):
            style = drawn(app, widget_id, 0 if widget_id == "feeds" else 1, text)
            assert rgb(style.color) != rgb(style.bgcolor), widget_id


def luminance(color: RichColor | None) -> float:
    r, g, b = color.get_truecolor() if color is not None else (0, 0, 0)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


async def test_the_unfocused_pane_shows_its_cursor_under_an_ansi_theme(tmp_path):
    # QA: with theme: ansi-dark the feed pane's current row had no mark at all while the
    # list had focus (textual-dark keeps a dim shade there)
    app = ansi_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.articles.focus()
        await settle(pilot)
        feeds = app.main_screen.query_one("#feeds")
        y = feeds.cursor_line - feeds.scroll_offset.y
        label = str(feeds.cursor_node.label).strip()[:3]
        assert drawn(app, "feeds", y, label).underline  # the feed pane's row, blurred
        other = next(r for r in range(feeds.content_region.height) if r != y)
        assert not any(s.style and s.style.underline for s in feeds.render_line(other))
        cursor = drawn(app, "articles", 0, app.articles.row(0).title[:10])
        assert not cursor.underline  # the focused one as the theme draws it
        feeds.focus()
        await settle(pilot)
        assert drawn(app, "articles", 0, app.articles.row(0).title[:10]).underline
        assert not drawn(app, "feeds", y, label).underline


async def test_no_color_keeps_the_cursor_visible_whatever_colors_say(tmp_path, monkeypatch):
    # QA: NO_COLOR with listfocus yellow on blue and background black drew the cursor in
    # grey 250 on 233 over 16: all but invisible. No colour means none of colors:'s.
    monkeypatch.setenv("NO_COLOR", "1")
    colors = {
        "listfocus": ColorSpec("yellow", "blue"),
        "background": ColorSpec(None, "black"),
    }
    app = demo_app(tmp_path, colors)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        cursor = drawn(app, "articles", 0, app.articles.row(0).title[:10])
        beside = drawn(app, "articles", 1, app.articles.row(1).title[:10])
        assert abs(luminance(cursor.bgcolor) - luminance(beside.bgcolor)) > 40
        assert abs(luminance(cursor.color) - luminance(cursor.bgcolor)) > 100


def test_ansi_themes_draw_the_feed_trees_lines_in_a_grey_a_dark_terminal_shows():
    # ansi-dark drew ├ └ in the terminal's black (ESC[30m): unseen on a dark terminal
    from tidings.tui.colors import colors_css

    css = colors_css({}, ansi=True)
    assert "#feeds > .tree--guides { color: ansi_bright_black; }" in css
    assert "tree--guides" not in colors_css({}, ansi=False)
