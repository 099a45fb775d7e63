"""`|` in the reader: pipe the article to a command (newsboat's pipe-to). The article
goes to the program's stdin as `S` saves it; the program has the terminal (App.suspend,
which a headless test cannot do: recorded here instead) and the status line says how
it went."""

from __future__ import annotations

import contextlib
import shlex
import sys
from pathlib import Path, PurePath

from tests.test_tui import settle
from tests.test_tui_save import news_store
from tidings.core.article_text import article_text
from tidings.core.models import Config, Settings
from tidings.core.store import Store
from tidings.tui.app import TidingsApp
from tidings.tui.screens.pipe import PipeScreen

PYTHON = PurePath(sys.executable).name  # how the status line names the program

# Writes its stdin to the file named by its first argument, says something on stderr
# and exits with the status its second argument gives.
RECORDER = """\
import sys
data = sys.stdin.buffer.read()
with open(sys.argv[1], "ab") as out:
    out.write(data)
print("recorded", len(data), "bytes", file=sys.stderr)
sys.exit(int(sys.argv[2]))
"""


def pipe_app(tmp_path: Path) -> tuple[TidingsApp, list[bool]]:
    """The reader over two articles (a Chinese one first), and a record of whether it
    had handed the terminal over each time a program ran."""
    db = tmp_path / "news.db"
    app = TidingsApp(Config(feeds=news_store(db), settings=Settings(refresh_on_startup=False)), db)
    return app, record_suspends(app)


def record_suspends(app: TidingsApp) -> list[bool]:
    """The app's suspend() made a record: True when the terminal is handed over, False
    when it is taken back."""
    handed_over: list[bool] = []

    @contextlib.contextmanager
    def suspend():
        handed_over.append(True)
        yield
        handed_over.append(False)

    app.suspend = suspend  # type: ignore[method-assign]
    return handed_over


def recorder(tmp_path: Path, out: Path, status: int = 0) -> str:
    script = tmp_path / "record.py"
    script.write_text(RECORDER)
    return shlex.join([sys.executable, str(script), str(out), str(status)])


def stored_text(db: Path, title_start: str) -> str:
    with Store.open(db) as store:
        for n in (1, 2):
            article = store.get_article(n)
            if article is not None and article.title.startswith(title_start):
                return article_text(article)
    raise AssertionError(title_start)


async def pipe(pilot, command: str) -> None:
    await pilot.press("vertical_line")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PipeScreen)
    await pilot.press(*command, "enter")
    await settle(pilot)


async def test_pipe_sends_the_article_as_S_saves_it_to_the_programs_stdin(tmp_path):
    app, handed_over = pipe_app(tmp_path)
    out = tmp_path / "piped.txt"
    command = recorder(tmp_path, out)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pipe(pilot, command)  # from the list: the row under the cursor
        chinese = stored_text(app.db_path, "台风")
        assert out.read_text(encoding="utf-8") == chinese
        assert "\x1b" not in chinese and "Feed: 新闻 Feed" in chinese  # the feed's title, cleaned
        assert handed_over == [True, False]  # the program had the terminal, then the reader
        assert app.status_message == f"| {PYTHON}: exit 0"
        assert not isinstance(app.screen, PipeScreen)

        # From the reading pane, Up in the prompt brings the last command back.
        out.unlink()
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("vertical_line")
        await settle(pilot)
        await pilot.press("up")
        assert app.screen.value == command
        await pilot.press("enter")
        await settle(pilot)
        assert out.read_text(encoding="utf-8") == stored_text(app.db_path, "Storm")
        assert app.pipe_commands == [command]


async def test_a_failing_or_missing_program_is_told_in_the_status_line(tmp_path):
    app, handed_over = pipe_app(tmp_path)
    out = tmp_path / "piped.txt"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pipe(pilot, recorder(tmp_path, out, status=3))
        # The exit status and the first line of stderr.
        assert app.status_message.startswith(f"| {PYTHON}: exit 3: recorded ")
        await pipe(pilot, "no-such-program-here --x")
        assert app.status_message == "| no-such-program-here: no such program"
        assert app.articles.count == 2 and out.exists()  # nothing lost
        assert not isinstance(app.screen, PipeScreen)


async def test_a_shell_operator_is_not_run_and_the_prompt_keeps_the_command(tmp_path):
    app, handed_over = pipe_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pipe(pilot, "fmt | less")
        said = "No shell runs it: '|' is no operator here; sh -c '…' runs one"
        assert app.status_message == said
        assert str(app.screen.query_one("Static").render()) == said  # in full above the input
        await pilot.press("backspace")
        assert "Pipe the article to" in str(app.screen.query_one("Static").render())
        assert isinstance(app.screen, PipeScreen) and app.screen.value == "fmt | les"
        assert handed_over == []
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PipeScreen)
        quoted = shlex.join([sys.executable, "-c", "import sys; sys.stdin.read()", "a|b"])
        await pipe(pilot, quoted)  # a quoted | is a word, not an operator
        assert app.status_message == f"| {PYTHON}: exit 0"
        assert handed_over == [True, False]


async def test_where_the_terminal_cannot_be_handed_over_nothing_runs(tmp_path):
    # run_test's headless driver cannot suspend, as some terminals cannot: say so.
    db = tmp_path / "news.db"
    app = TidingsApp(Config(feeds=news_store(db), settings=Settings(refresh_on_startup=False)), db)
    out = tmp_path / "piped.txt"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pipe(pilot, recorder(tmp_path, out))
        assert app.status_message == f"Cannot hand the terminal to {PYTHON}."
        assert not out.exists()


async def test_the_prompt_hint_stands_after_the_cursor_and_enter_on_nothing_closes_it(tmp_path):
    app, handed_over = pipe_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("vertical_line")
        await settle(pilot)
        field = app.screen.query_one("#pipe-input")
        assert field.value == ""
        # the cursor on a blank, the hint dim after it: nothing looks typed in
        cursor, hint = list(field.render_line(0))[:2]
        assert cursor.text == " " and hint.text.startswith("a command, e.g. less")
        assert hint.style.color != cursor.style.bgcolor
        await pilot.press("enter")  # nothing typed: closed, as Esc, and nothing said
        await settle(pilot)
        assert not isinstance(app.screen, PipeScreen)
        assert app.status_message == "" and handed_over == []
        await pilot.press("j")  # the next key goes to the list again, not to a prompt
        assert app.articles.cursor == 1
