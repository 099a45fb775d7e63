"""The real reader in a pseudo-terminal with the wire layer on: after every key the screen
its output draws is the screen Textual's own output (logged before the layer) draws."""

from __future__ import annotations

import codecs
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.test_wire import Term
from tidings.tui.demo_data import fill_demo_store

LAUNCH = (
    "import sys; from pathlib import Path;"
    "from tidings.core.models import Config;"
    "from tidings.tui.app import make_app;"
    "make_app(Config(), Path(sys.argv[1]), refresh_on_start=False).run()"
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")


class Reader:
    """The reader on a pty of a given size."""

    def __init__(self, db: Path, log: Path, cols: int, rows: int, wire: str = "rep") -> None:
        self.master, slave = os.openpty()
        self.set_size(cols, rows, slave)
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="", TIDINGS_WIRE_LOG=str(log))
        for name in ("TEXTUAL_DRIVER", "TMUX", "STY"):
            env.pop(name, None)
        env["TIDINGS_WIRE"] = wire  # "rep": REP on (opt-in), so the check covers it too
        env.pop("NCURSES_NO_UTF8_ACS", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, str(db)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode

    def set_size(self, cols: int, rows: int, fd: int | None = None) -> None:
        fcntl.ioctl(
            self.master if fd is None else fd,
            termios.TIOCSWINSZ,
            struct.pack("HHHH", rows, cols, 0, 0),
        )

    def read(self, quiet: float = 0.4, limit: float = 20.0) -> str:
        """What the reader writes until it has been quiet for `quiet` seconds."""
        chunks: list[str] = []
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                if chunks:
                    break
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(self.decode(data))
        return "".join(chunks)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)


@pytest.mark.parametrize("wire", ["", "rep"], ids=["default", "rep"])
def test_the_reader_through_the_layer_shows_what_textual_drew(tmp_path, wire):
    db = tmp_path / "demo.db"
    fill_demo_store(db)
    log = tmp_path / "raw.log"
    reader = Reader(db, log, 80, 24, wire)
    alternate = False
    wired, raw = Term(80, 24), Term(80, 24)
    seen = 0
    sent = received = 0

    def check(step: str) -> None:
        nonlocal seen, sent, received
        nonlocal alternate
        out = reader.read()
        alternate = alternate or "\x1b(0" in out
        wired.feed(out)
        text = log.read_text(encoding="utf-8")
        raw.feed(text[seen:])
        sent += len(text[seen:].encode())
        received += len(out.encode())
        seen = len(text)
        assert wired.cells() == raw.cells(), f"after {step}:\n" + "\n".join(wired.text())

    try:
        deadline = time.monotonic() + 30
        first = ""
        while "unread" not in first and time.monotonic() < deadline:
            first += reader.read()
        wired.feed(first)
        text = log.read_text(encoding="utf-8")
        raw.feed(text)
        seen = len(text)
        assert wired.cells() == raw.cells(), "first screen"
        steps = [
            ("j", "j"), ("j", "j"), ("Enter", "\r"), ("n", "n"), ("n", "n"), ("p", "p"),
            ("q", "q"), ("G", "G"), ("k", "k"), ("Enter", "\r"), ("Esc", "\x1b"),
            ("?", "?"), ("Esc", "\x1b"), ("/", "/"), ("type", "新闻"), ("Esc", "\x1b"),
            ("Tab", "\t"), ("j", "j"), ("Enter", "\r"),
        ]  # fmt: skip
        for name, keys in steps:
            reader.send(keys)
            check(name)
        # n, p, n: a key that changes nothing sends nothing, and `read` would wait its
        # whole limit for it (a second n on the last article: 20 s of the suite, twice).
        for (cols, rows), key in zip(((100, 30), (60, 20), (80, 24)), "npn", strict=True):
            reader.set_size(cols, rows)
            os.killpg(reader.proc.pid, signal.SIGWINCH)
            wired.screen.resize(rows, cols)
            raw.screen.resize(rows, cols)
            check(f"resize to {cols}x{rows}")
            reader.send(key)
            check(f"{key} at {cols}x{rows}")
    finally:
        reader.close()
    assert received < sent / 2  # and it did send less
    if wire == "rep" and _terminfo_rep("xterm-256color"):
        assert wired.screen.repeats  # the rules went out as REP (and Term carried it out)
    if not wire and _terminfo_acs("xterm-256color"):
        assert alternate  # lines went out from the alternate character set


def _terminfo_rep(term: str) -> bool:
    code = f"import curses; curses.setupterm({term!r}, 1); print(bool(curses.tigetstr('rep')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return result.stdout.strip() == "True"


def _terminfo_acs(term: str) -> bool:
    code = (
        "from tidings.tui.wire.driver import terminal_acs;"
        f"print(bool(terminal_acs({{'TERM': {term!r}}}, fd=1)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return result.stdout.strip() == "True"


async def test_the_feed_tree_measures_its_lines_as_textual_does(tmp_path):
    # FeedTree.get_label_width skips rendering the labels (Enter re-measures the tree).
    from textual.widgets import Tree

    from tidings.tui.app import make_app

    db = tmp_path / "demo.db"
    config = fill_demo_store(db)
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        tree = app.tree
        nodes = [tree.root, *tree.root.children]
        nodes += [child for node in tree.root.children for child in node.children]
        assert len(nodes) > 10
        for node in nodes:
            assert tree.get_label_width(node) == Tree.get_label_width(tree, node)


async def test_long_and_short_articles_are_laid_out_at_one_width(tmp_path, monkeypatch):
    # The reader has no scrollbar (the status line says where it stands), so a long and
    # a short article have the same text width: each is laid out once, for the width the
    # app guessed, and never again a frame later for a width a scrollbar changed.
    from datetime import UTC, datetime, timedelta

    from tidings.core.models import Config, FeedSpec, ParsedEntry, ParsedFeed, Settings
    from tidings.core.store import Store
    from tidings.tui.app import TidingsApp
    from tidings.tui.widgets.reader import ReaderPane

    db = tmp_path / "mixed.db"
    spec = FeedSpec("https://a.example/feed", "A")
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    entries = [
        ParsedEntry(
            id=f"a{n}",
            link=f"https://a.example/{n}",
            title=f"Article {n}",
            published=t0 - timedelta(hours=n),
            content="".join(
                f"<p>Paragraph {k} of article {n}.</p>" for k in range(1 + 12 * (n % 2))
            ),
        )
        for n in range(8)
    ]
    with Store.open(db) as store:
        store.sync_feeds([spec])
        store.record_fetch(spec.url, parsed=ParsedFeed(title="A", entries=entries))
    relaid: list[int] = []
    set_rendered = ReaderPane.set_rendered

    def count(self, rendered, width):
        relaid.append(width)
        set_rendered(self, rendered, width)

    monkeypatch.setattr(ReaderPane, "set_rendered", count)
    app = TidingsApp(Config(feeds=[spec], settings=Settings(refresh_on_startup=False)), db)
    async with app.run_test(size=(80, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        positions, widths = [], set()
        for keys in (["enter"], ["n"], ["n"], ["p"], ["q", "j", "enter"], ["n"], ["n"]):
            await pilot.press(*keys)
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            positions.append(app.reader.position)
            widths.add(app.reader.text_width)
            status = str(app.main_screen.query_one("#status").render())
            assert status.endswith(f"unread  ? help {positions[-1]:>3}")
        assert set(positions) == {"Top", ""}  # long and short articles both came up
        assert widths == {78}  # 80 columns less the padding: no scrollbar, no gutter
        assert relaid == []  # no article was laid out a second time
