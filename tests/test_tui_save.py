"""S in the reader: save the article to a text file (newsboat's save-article), from the
article list or the reading pane, through a prompt prefilled with save_dir and a name
made from the title."""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.cells import cell_len

from tests.test_tui import settle
from tidings.core import save_file
from tidings.core.models import Config, FeedSpec, ParsedEntry, ParsedFeed, Settings
from tidings.core.store import Store
from tidings.tui.app import TidingsApp
from tidings.tui.screens.confirm import ConfirmScreen
from tidings.tui.screens.save import SaveScreen

T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
ZH_TITLE = "台风「山竹」登陆：广东/香港停课？"
ZH_NAME = "台风「山竹」登陆：广东_香港停课？.txt"
ZH_BODY = (
    "<h2>最新消息</h2><p>"
    + "强台风今天在广东沿海登陆，沿海城市停课停工，市民应留在室内。" * 4
    + '<a href="https://zh.example/more">详情</a></p>'
    + "<ul><li>香港：八号风球</li><li>澳门：停航</li></ul>"
    + "<blockquote>气象台说，风力仍在增强。</blockquote>"
    + '<img src="https://zh.example/map.png" alt="路径图">'
)


def news_store(path: Path) -> list[FeedSpec]:
    """One feed whose own title carries a terminal escape; a Chinese article first (the
    newest), then an English one."""
    spec = FeedSpec("https://zh.example/feed")  # no title of ours: the feed's is shown
    with Store.open(path) as store:
        store.sync_feeds([spec])
        entries = [
            ParsedEntry(
                id="zh",
                title=ZH_TITLE,
                link="https://zh.example/1",
                author="本报记者",
                content=ZH_BODY,
                published=T0,
            ),
            ParsedEntry(
                id="en",
                title="Storm \x1b[2Jwarning\x07 lifted",
                link="https://en.example/2",
                content="<p>The warning was lifted at noon.</p>",
                published=T0 - timedelta(hours=1),
            ),
        ]
        feed = ParsedFeed(title="新闻 \x1b]2;pwned\x07Feed\x1b[31m", entries=entries)
        store.record_fetch(spec.url, parsed=feed)
    return [spec]


def save_app(tmp_path: Path, save_dir: Path | None) -> TidingsApp:
    db = tmp_path / "news.db"
    settings = Settings(refresh_on_startup=False, save_dir=str(save_dir) if save_dir else None)
    return TidingsApp(Config(feeds=news_store(db), settings=settings), db)


def status(app: TidingsApp) -> str:
    return app.status_message


async def press_S(pilot) -> SaveScreen:
    await settle(pilot)
    await pilot.press("S")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SaveScreen)
    return screen


async def test_S_then_Enter_saves_the_article_as_text(tmp_path):
    out = Path.home() / "out"  # shown as ~/out (the tests' home: conftest)
    out.mkdir()
    app = save_app(tmp_path, out)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await press_S(pilot)
        assert screen.value == f"~/out/{ZH_NAME}"  # save_dir and a name from the title
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert status(app) == f"Saved to ~/out/{ZH_NAME}"
        assert f"Saved to ~/out/{ZH_NAME}" in str(app.query_one("#status").render())
    assert [p.name for p in out.iterdir()] == [ZH_NAME]  # no temporary file left
    raw = (out / ZH_NAME).read_bytes()
    text = raw.decode("utf-8")
    lines = text.split("\n")
    assert lines[:6] == [
        f"Title: {ZH_TITLE}",
        "Feed: 新闻 Feed",
        "Author: 本报记者",
        f"Date: {T0.astimezone().strftime('%Y-%m-%d %H:%M %z')}",
        "Link: https://zh.example/1",
        "",
    ]
    assert lines[6] == "最新消息"  # the heading, as the reading pane shows it
    assert "• 香港：八号风球" in lines and "│ 气象台说，风力仍在增强。" in lines
    assert "[image: 路径图] [2]" in text and "详情 [1]" in text
    assert text.endswith("Links:\n[1] https://zh.example/more\n[2] https://zh.example/map.png\n")
    # Wrapped at 72 cells (a Chinese character is two), no character cut or lost.
    assert max(cell_len(line) for line in lines) <= 72
    body = [line for line in lines if line.startswith("强台风") or "沿海" in line]
    assert len(body) >= 3 and any(cell_len(line) >= 70 for line in body)
    assert "".join(lines).count("强台风今天在广东沿海登陆") == 4
    # No escape sequence or control character from the feed's title got through.
    assert b"\x1b" not in raw and not any(c < " " and c != "\n" for c in text)


async def test_S_in_the_reading_pane_saves_the_open_article(tmp_path):
    app = save_app(tmp_path, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")  # the English article, in the reading pane
        await settle(pilot)
        assert app.focused is app.reader
        screen = await press_S(pilot)
        assert screen.value == str(tmp_path / "Storm warning lifted.txt")
        await pilot.press("enter")
        await settle(pilot)
    text = (tmp_path / "Storm warning lifted.txt").read_text(encoding="utf-8")
    assert text.startswith("Title: Storm warning lifted\nFeed: 新闻 Feed\n")
    assert "\nThe warning was lifted at noon.\n" in text and "\x1b" not in text


async def test_Esc_cancels_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    app = save_app(tmp_path, out)
    async with app.run_test(size=(80, 24)) as pilot:
        await press_S(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert status(app) == "Not saved."
    assert list(out.iterdir()) == []


async def test_an_existing_file_is_replaced_only_when_the_reader_says_yes(tmp_path):
    out = Path.home() / "out"
    out.mkdir()
    (out / ZH_NAME).write_text("keep me", encoding="utf-8")
    app = save_app(tmp_path, out)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await press_S(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("Static").render())
        assert question == f"File exists. Overwrite ~/out/{ZH_NAME}? (y:Yes n:No)"
        await pilot.press("n")
        await settle(pilot)
        assert (out / ZH_NAME).read_text(encoding="utf-8") == "keep me"
        assert app.screen is screen and screen.value == f"~/out/{ZH_NAME}"  # asks again
        assert status(app) == f"Not overwritten: ~/out/{ZH_NAME}"
        # Another name, typed relative: it goes in save_dir.
        screen.query_one("#save-input").value = "其他.txt"
        await pilot.press("enter")
        await settle(pilot)
        assert status(app) == "Saved to ~/out/其他.txt"
        assert (out / "其他.txt").read_text(encoding="utf-8").startswith(f"Title: {ZH_TITLE}\n")
        # And the first name again, this time answered yes.
        await press_S(pilot)
        assert status(app) == ""  # no word of the last save under the new prompt
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert status(app) == f"Saved to ~/out/{ZH_NAME}"
    assert (out / ZH_NAME).read_text(encoding="utf-8").startswith(f"Title: {ZH_TITLE}\n")
    assert sorted(p.name for p in out.iterdir()) == sorted([ZH_NAME, "其他.txt"])


async def test_a_missing_directory_is_made_only_when_the_reader_says_yes(tmp_path):
    out = tmp_path / "new" / "dir"
    app = save_app(tmp_path, out)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_S(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert not (tmp_path / "new").exists()
        assert status(app) == f"Not saved (no such directory): {out}"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert status(app) == f"Saved to {out / ZH_NAME}"
    assert (out / ZH_NAME).is_file()


async def test_an_unwritable_directory_is_told_in_the_status_line(tmp_path, monkeypatch):
    locked = Path.home() / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):  # root writes anyway: the system's answer, faked
        real_open = os.open

        def refusing_open(path, *args, **kwargs):
            if Path(path).parent == locked:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(save_file.os, "open", refusing_open)
    app = save_app(tmp_path, locked)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await press_S(pilot)
            await pilot.press("enter")
            await settle(pilot)
            want = f"Cannot save (Permission denied): ~/locked/{ZH_NAME}"
            assert status(app) == want
            assert want in str(app.query_one("#status").render())  # not under the prompt
            assert app.screen is screen and screen.value == f"~/locked/{ZH_NAME}"  # kept
            # A name too long for the file system: the system's reason, the prompt kept.
            long_name = "~/" + "长" * 100 + ".txt"
            screen.query_one("#save-input").value = long_name
            await pilot.press("enter")
            await settle(pilot)
            assert status(app) == f"Cannot save (File name too long): {long_name}"
            assert app.screen is screen and screen.value == long_name
    finally:
        locked.chmod(0o700)
    assert list(locked.iterdir()) == []


async def test_save_is_a_rebindable_action_listed_in_help(tmp_path):
    db = tmp_path / "news.db"
    config = Config(
        feeds=news_store(db),
        settings=Settings(refresh_on_startup=False, save_dir=str(tmp_path)),
        keys={"save": "ctrl+s"},
    )
    from tidings.tui.app import make_app

    app = make_app(config, db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("S")  # no longer bound
        await settle(pilot)
        assert app.screen is app.main_screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SaveScreen)


async def test_a_question_too_long_for_the_line_keeps_its_answers(tmp_path):
    # A deep save_dir makes "File exists. Overwrite PATH?" longer than 80 columns: it
    # takes two rows, the answers always shown, and a click on them still answers.
    out = Path.home().joinpath(*["很长的目录名"] * 6)
    out.mkdir(parents=True)
    (out / ZH_NAME).write_text("keep me", encoding="utf-8")
    app = save_app(tmp_path, out)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await press_S(pilot)
        field = screen.query_one("#save-input")
        # The path is longer than the line: its end, the file name, is what shows.
        assert field.cursor_position == len(field.value) and field.scroll_offset.x > 0
        await pilot.press("enter")
        await settle(pilot)
        prompt = app.screen.query_one("Static")
        text = str(prompt.render())  # two rows, the answers on the second
        rows = text.splitlines()
        assert rows[0].startswith("File exists. Overwrite") and len(rows) == 2
        assert "~/很长的目录名/" in text and "…" in text  # the path cut in its middle
        assert text.endswith(" (y:Yes n:No)") and all(cell_len(r) <= 78 for r in rows)
        row, at = prompt.answers_at
        await pilot.click(prompt, offset=(1 + at, row))
        await settle(pilot)
        assert status(app).startswith("Saved to ~/很长的目录名/")
    assert (out / ZH_NAME).read_text(encoding="utf-8").startswith("Title: ")
