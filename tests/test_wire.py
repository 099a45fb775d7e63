"""The wire layer against a terminal emulator (pyte): whatever Textual-style output goes
in, the terminal shows the same screen after the layer's (shorter) output as after the raw
output, frame by frame."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pyte
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.tui.wire import Wire
from tidings.tui.wire.acs import RMACS, SMACS, acs_map
from tidings.tui.wire.diff import UNKNOWN, Emitter, cup
from tidings.tui.wire.grid import TAIL
from tidings.tui.wire.pen import DEFAULT, Pen, transition

START = "\x1b[?1049h\x1b[?25l\x1b[?7l"  # what Textual's driver writes first


class Term:
    """A terminal: pyte behind a tty that turns LF into CR LF, where writing over half of
    a wide character blanks its other half (as xterm and VTE do)."""

    def __init__(self, width: int = 80, height: int = 24) -> None:
        self.screen = _Screen(width, height)
        self.stream = _Stream(self.screen)

    def feed(self, data: str) -> None:
        self.stream.feed(data.replace("\n", "\r\n"))

    def cells(self) -> list[list[tuple]]:
        """Each cell as it looks: a blank shows only its background (and lines)."""
        rows = []
        for y in range(self.screen.lines):
            line = self.screen.buffer[y]
            row = []
            for x in range(self.screen.columns):
                c = line[x]
                fg, bg = (c.bg, c.fg) if c.reverse else (c.fg, c.bg)
                if c.data == " ":
                    row.append((" ", bg, c.underscore, c.strikethrough))
                else:
                    row.append((c.data, fg, bg, c.bold, c.italics, c.underscore, c.strikethrough))
            rows.append(row)
        return rows

    def text(self) -> list[str]:
        return self.screen.display


class _Stream(pyte.Stream):
    """pyte's parser, with REP (CSI n b), which pyte 0.8 does not have, and line drawing
    (ESC ( 0) in UTF-8, as xterm has it (pyte, like the Linux console, ignores it there;
    it takes text as decoded either way)."""

    csi = {**pyte.Stream.csi, "b": "repeat_last"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.use_utf8 = False


class _Rep:
    """REP on a pyte screen, strictly: the last character drawn n times more, only when
    nothing but text came between (whatever else the parser hands the screen forgets the
    character), and once. (pyte hands the screen nothing for an OSC 8 link: the Wire
    that reads the output in frames_agree forgets it there too.)"""

    _FORGET = frozenset(
        {
            *pyte.Stream.basic.values(),
            *pyte.Stream.escape.values(),
            *pyte.Stream.sharp.values(),
            *pyte.Stream.csi.values(),
            *("debug", "set_title", "set_icon_name", "define_charset"),
        }
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.last = ""
        self.repeats = 0  # how many REPs were carried out
        for name in self._FORGET:
            setattr(self, name, self._forgetting(getattr(self, name)))

    def _forgetting(self, method):
        def call(*args, **kwargs):
            self.last = ""
            return method(*args, **kwargs)

        return call

    def draw(self, data: str) -> None:
        super().draw(data)
        self.last = data[-1:]

    def repeat_last(self, count: int = 0, *rest: int, private: bool = False) -> None:
        last, self.last = self.last, ""
        assert last and not rest and not private, "REP not right after a character"
        self.draw(last * max(1, count))
        self.repeats += 1
        self.last = ""


class _Screen(_Rep, pyte.Screen):
    def draw(self, data: str) -> None:
        for char in data:
            width = pyte.screens.wcwidth(char)
            if width > 0 and self.cursor.x < self.columns:
                line, x = self.buffer[self.cursor.y], self.cursor.x
                if line[x].data == "" and x > 0:  # the right half of a wide character
                    line[x - 1] = line[x - 1]._replace(data=" ")
                end = x + width
                if end < self.columns and line[end].data == "":
                    line[end] = line[end]._replace(data=" ")
            super().draw(char)


class TmuxTerm(Term):
    """A terminal that, like tmux, leaves the right half of a wide character whose left
    half was erased marked as a half, and blanks the left cell with default colours when
    a later write lands on that half."""

    def __init__(self, width: int = 80, height: int = 24) -> None:
        super().__init__(width, height)
        self.screen = _TmuxScreen(width, height)
        self.stream = _Stream(self.screen)


class _TmuxScreen(_Rep, pyte.Screen):
    def draw(self, data: str) -> None:
        for char in data:
            line, x = self.buffer[self.cursor.y], self.cursor.x
            if x < self.columns and line[x].data == "" and x > 0:
                line[x - 1] = self.default_char
            end = x + pyte.screens.wcwidth(char)
            if 0 < end < self.columns and line[end].data == "":
                line[end] = self.default_char
            super().draw(char)


_REP = re.compile(r"\x1b\[[0-9]*b")
XTERM_ACS = acs_map("``aaffggiijjkkllmmnnooppqqrrssttuuvvwwxxyyzz{{||}}~~")
MODES = pytest.mark.parametrize(
    "rep, acs", [(False, False), (True, False), (False, True)], ids=["plain", "rep", "acs"]
)


def frames_agree(
    frames: list[str],
    width: int = 80,
    height: int = 24,
    term: type[Term] = Term,
    *,
    rep: bool = False,
    acs: bool = False,
) -> tuple[int, int]:
    """Feed each frame raw to one terminal and through a Wire to another; after every
    frame both must show the same. Returns (raw bytes, wire bytes). rep: the layer may
    use REP; acs: it may draw lines from the alternate character set (the terminals here
    carry both out)."""
    raw, diffed = term(width, height), term(width, height)
    wire = Wire(width, height, rep=rep, acs=XTERM_ACS if acs else None)
    model = Wire(width, height)  # a second, independent reading of the layer's output
    raw_bytes = wire_bytes = 0
    for i, frame in enumerate(frames):
        out = wire.feed(frame)
        if not rep:
            assert not _REP.search(out), f"frame {i}: REP without the capability"
        if not acs:
            assert SMACS not in out, f"frame {i}: the alternate set without the capability"
        assert out.count(SMACS) == out.count(RMACS), f"frame {i}: left in the alternate set"
        raw.feed(frame)
        diffed.feed(out)
        model.feed(out)
        raw_bytes += len(frame.encode())
        wire_bytes += len(out.encode())
        assert diffed.cells() == raw.cells(), f"frame {i}:\n" + "\n".join(diffed.text())
        # The model sees attributes pyte does not (dim, overline, links): cells and pens.
        assert model.want.chars == wire.want.chars, f"frame {i}"
        assert model.want.pens == wire.want.pens, f"frame {i}"
        # And the emitter's idea of the terminal's cells is right, where it has one.
        shown = wire.emitter.shown
        for y in range(height):
            for x in range(width):
                if shown.pens[y][x] is not UNKNOWN:
                    seen = (model.want.chars[y][x], model.want.pens[y][x])
                    assert (shown.chars[y][x], shown.pens[y][x]) == seen, f"frame {i} {x},{y}"
    return raw_bytes, wire_bytes


# -- a Textual-like frame generator -------------------------------------------------------

STYLES = [
    "",
    "38;5;253;48;5;234",
    "1;38;5;253;48;5;234",
    "38;5;246;48;5;234",
    "7;38;5;23;48;5;234",
    "4;38;5;135;48;5;234",
    "1;38;5;195;48;5;32",
    "48;5;16",
    "2;3;9;38;2;10;20;30;48;2;1;2;3",
    "31;42",
    "53;21;94;104",
]
WORDS = [
    "news",
    "the",
    "Budget",
    "中文",
    "新闻频道",
    "한국어",
    "é",
    "·",
    "─────",
    "────────────",
    "┌────┐",
    "│qx│",
    "├──┤",
    "──",
    "qqqq",
    "▆▆",
    "==========",
    "éééé",
    "中中中中",
    "        ",
    "😀",
    "  ",
    " ",
    "a",
]

segment = st.tuples(
    st.sampled_from(STYLES), st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)
)


@st.composite
def frame(draw, width: int = 40, height: int = 10) -> str:
    """A frame as Textual writes one: CUP to each region, segments of styled text, each
    followed by a reset, CR LF between lines of a region, the cursor placed at the end."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        x = draw(st.integers(0, width - 1))
        y = draw(st.integers(0, height - 1))
        lines = draw(st.integers(1, height - y))
        for n in range(lines):
            parts.append(cup(x, y + n) if n == 0 or draw(st.booleans()) else "\n" + cup(x, y + n))
            room = width - x
            for style, words in draw(st.lists(segment, min_size=1, max_size=4)):
                text = _fit("".join(words), room)
                room -= _cells(text)
                if text:
                    parts.append(f"\x1b[{style}m{text}\x1b[0m" if style else text)
                if room <= 0:
                    break
    parts.append(cup(draw(st.integers(0, width - 1)), draw(st.integers(0, height - 1))))
    return "".join(parts)


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _fit(text: str, room: int) -> str:
    out = ""
    for char in text:
        if _cells(out + char) > room:
            break
        out += char
    return out


@MODES
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames=st.lists(frame(), min_size=1, max_size=8))
def test_random_frames_show_the_same_screen(frames, rep, acs):
    frames_agree([START, *frames], 40, 10, rep=rep, acs=acs)


@st.composite
def rows_frame(draw, width: int = 40, height: int = 10) -> str:
    """A frame that writes whole rows, as Textual does for a widget as wide as the screen."""
    parts = []
    for y in sorted(draw(st.sets(st.integers(0, height - 1), min_size=1))):
        parts.append(cup(0, y))
        room = width
        for style, words in draw(st.lists(segment, min_size=1, max_size=6)):
            text = _fit("".join(words), room)
            room -= _cells(text)
            parts.append(f"\x1b[{style}m{text}\x1b[0m")
        parts.append(f"\x1b[{draw(st.sampled_from(STYLES))}m{' ' * room}\x1b[0m")
    return "".join(parts) + cup(0, 0)


@MODES
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames=st.lists(rows_frame(), min_size=1, max_size=8))
def test_whole_rows_show_the_same_screen_in_tmux(frames, rep, acs):
    # tmux treats what is left of a wide character its own way (see TmuxTerm). (tmux
    # before 3.5 does not repeat a character that is not ASCII: the driver uses no REP
    # in tmux; this is tmux 3.5 and later, or a terminal with tmux's ways.)
    frames_agree([START, *frames], 40, 10, TmuxTerm, rep=rep, acs=acs)


@MODES
@settings(max_examples=60, deadline=None)
@given(frames=st.lists(frame(), min_size=2, max_size=5), data=st.data())
def test_frames_cut_anywhere_show_the_same_screen(frames, data, rep, acs):
    stream = START + "".join(frames)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=6)))
    chunks = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    frames_agree(chunks, 40, 10, rep=rep, acs=acs)


# -- particular cases -----------------------------------------------------------------------


def full_frame(width: int, height: int, fill: str, style: str = "38;5;253;48;5;234") -> str:
    lines = []
    for y in range(height):
        text = (fill * width)[:width]
        lines.append(f"{cup(0, y)}\x1b[{style}m{text}\x1b[0m")
    return "\n".join(lines) + cup(0, 0)


def test_an_unchanged_frame_sends_nothing():
    wire = Wire(80, 24)
    frame = full_frame(80, 24, "news ")
    assert wire.feed(START + frame)
    assert wire.feed(frame) == ""


def test_a_one_cell_change_sends_a_few_bytes():
    wire = Wire(80, 24)
    wire.feed(START + full_frame(80, 24, "news "))
    out = wire.feed(cup(10, 5) + "\x1b[38;5;253;48;5;234mX\x1b[0m" + cup(0, 0))
    assert out == "\x1b[6;11HX"  # the cursor is hidden (START): it stays after the X
    frames_agree([START + full_frame(80, 24, "news "), cup(10, 5) + "\x1b[1mX\x1b[0m"])


def test_blank_tails_are_erased_to_the_end_of_the_row():
    wire = Wire(80, 24)
    wire.feed(START + full_frame(80, 24, "text "))
    frame = "".join(f"{cup(0, y)}\x1b[48;5;234mhi{' ' * 78}\x1b[0m" for y in range(24)) + cup(0, 0)
    out = wire.feed(frame)
    assert out.count("\x1b[K") == 24
    assert " " * 8 not in out
    frames_agree([START + full_frame(80, 24, "text "), frame])


def test_without_bce_blanks_of_a_colour_are_written_as_spaces():
    wire = Wire(80, 24, bce=False)
    wire.feed(START + full_frame(80, 24, "text "))
    coloured = "".join(f"{cup(0, y)}\x1b[48;5;234m{' ' * 80}\x1b[0m" for y in range(24))
    out = wire.feed(coloured)
    assert "\x1b[K" not in out and "X" not in out.replace("\x1b[", "")
    plain = "".join(f"{cup(0, y)}{' ' * 80}" for y in range(24))
    assert wire.feed(plain).count("\x1b[K") == 24  # the default background erases alike


RULE = "\x1b[38;5;240;48;5;234m"  # the reader's rules: a dim foreground on the background


def test_a_rule_goes_out_as_one_character_and_rep():
    first = START + full_frame(80, 24, " ")
    frame = cup(2, 5) + RULE + "─" * 76 + "\x1b[0m" + cup(0, 0)
    wire = Wire(80, 24, rep=True)
    wire.feed(first)
    out = wire.feed(frame)
    assert out.count("─") == 1 and "─\x1b[75b" in out
    assert len(out.encode()) < 30
    assert wire.feed(frame) == ""  # and the emitter knows the terminal shows the rule
    frames_agree([first, frame], rep=True)


def test_a_rule_goes_out_from_the_alternate_character_set():
    first = START + full_frame(80, 24, " ")
    frame = cup(2, 5) + RULE + "─" * 76 + "\x1b[0m" + cup(0, 7) + "x quit" + cup(0, 0)
    wire = Wire(80, 24, acs=XTERM_ACS)
    wire.feed(first)
    out = wire.feed(frame)
    # As ncurses does: ESC ( 0, a byte a line cell, ESC ( B before the next text.
    assert SMACS + "q" * 76 in out and "─" not in out
    assert out.index(SMACS) < out.index(RMACS) < out.index("x quit")
    assert len(out.encode()) < 120  # 228 bytes of "─" alone in UTF-8
    assert wire.feed(frame) == ""
    frames_agree([first, frame], acs=True)


def test_a_few_line_characters_stay_utf8():
    # Switching there and back costs 6 bytes: a box corner or a lone "│" is cheaper as is.
    wire = Wire(40, 10, acs=XTERM_ACS)
    wire.feed(START + full_frame(40, 10, " "))
    out = wire.feed(cup(0, 1) + "│ a │ ─── b" + cup(0, 0))  # 9 bytes either way
    assert SMACS not in out and out.count("│") == 2
    out = wire.feed(cup(0, 2) + "┌─────┐" + cup(0, 0))
    assert SMACS + "lqqqqqk" in out and out.endswith(RMACS)  # back at the end of the frame


def test_the_layer_reads_line_drawing_in_what_the_program_writes():
    wire = Wire(20, 4, acs=XTERM_ACS)
    wire.feed(START + cup(0, 0) + "\x1b(0lqqk\x1b(B ok")
    assert "".join(wire.want.chars[0][:7]) == "┌──┐ ok"


_ACS_GATE = """
import os, sys
from tidings.tui.wire.driver import terminal_acs
acs = terminal_acs(dict(os.environ))
print("".join(sorted(acs)) or "-")
"""


@pytest.mark.parametrize(
    "term, extra, lines",
    [
        ("xterm-256color", {}, "─│┌┐└┘├┤┬┴┼"),
        ("xterm-256color", {"NCURSES_NO_UTF8_ACS": "1"}, ""),
        ("linux", {}, ""),
        ("screen-256color", {}, ""),  # SO / SI there: not what the emitter writes
        ("no-such-terminal", {}, ""),
    ],
)
def test_the_alternate_set_is_used_as_ncurses_would(term, extra, lines):
    env = {k: v for k, v in os.environ.items() if k != "NCURSES_NO_UTF8_ACS"}
    env.update(extra, TERM=term)
    result = subprocess.run(
        [sys.executable, "-c", _ACS_GATE], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    if lines and result == "-":
        pytest.skip(f"no terminfo for {term} here")
    assert result == ("".join(sorted(lines)) or "-")


def test_a_scrollbar_beside_new_text_is_written_after_it_with_one_pen_change():
    # A new article: each row's text, then the scrollbar's two cells in another pen.
    # Switching pens there and back on every row costs more than writing the scrollbar
    # afterwards, down its rows.
    text, bar = "38;5;253;48;5;234", "7;38;5;23"
    first = START + full_frame(40, 10, " ")

    def page(word: str) -> str:
        return "".join(
            f"{cup(0, y)}\x1b[{text}m{(word * 20)[:38]}\x1b[0m\x1b[{bar}m  \x1b[0m"
            for y in range(10)
        ) + cup(0, 0)

    wire = Wire(40, 10)
    wire.feed(first)
    out = wire.feed(page("news "))
    assert out.count("7;38;5;23") == 1  # the scrollbar's pen, once
    assert out.index("7;38;5;23") > out.rindex("news")  # after the text, down its column
    frames_agree([first, page("news "), page("the ")], 40, 10)


@st.composite
def panes_frame(draw, width: int = 40, height: int = 10) -> str:
    """Rows as a two-pane screen draws them: text, a border at a fixed column, text, and a
    scrollbar of a track and a thumb at the right; some rows only, as a key repaints."""
    border = draw(st.sampled_from([12, 20]))
    thumb = draw(st.integers(0, height - 1))
    parts = []
    for y in sorted(draw(st.sets(st.integers(0, height - 1), min_size=1))):
        left = _fit("".join(draw(st.lists(st.sampled_from(WORDS), max_size=4))), border)
        right = _fit(
            "".join(draw(st.lists(st.sampled_from(WORDS), max_size=4))), width - border - 4
        )
        bar = "\x1b[7;38;5;23m  " if y != thumb else "\x1b[38;5;23;48;5;16m▆▆"
        parts.append(
            f"{cup(0, y)}\x1b[{draw(st.sampled_from(STYLES[1:4]))}m{left}{' ' * (border - _cells(left))}"
            f"\x1b[0;38;5;17;48;5;234m│ \x1b[{draw(st.sampled_from(STYLES[1:4]))}m{right}"
            f"{' ' * (width - border - 4 - _cells(right))}\x1b[0m{bar}\x1b[0m"
        )
    return "".join(parts) + cup(0, 0)


@MODES
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames=st.lists(panes_frame(), min_size=1, max_size=6))
def test_panes_with_borders_and_scrollbars_show_the_same_screen(frames, rep, acs):
    frames_agree([START, *frames], 40, 10, rep=rep, acs=acs)


def test_text_in_columns_is_written_in_place():
    # Words standing in the same columns on every row are text, written row by row:
    # only a screen's furniture (blanks, lines, blocks) is set aside.
    rows = "".join(
        f"{cup(0, y)}\x1b[38;5;253;48;5;234mnews news \x1b[22;38;5;17m│ \x1b[1;38;5;253mabc abc \x1b[0m"
        for y in range(6)
    )
    wire = Wire(40, 6)
    wire.feed(START + full_frame(40, 6, " "))
    out = wire.feed(rows + cup(0, 0))
    assert out.count("abc abc") == 6  # each row's words in one go
    assert out.count("38;5;17") == 1  # the border: once, down its column


def test_without_rep_a_rule_goes_out_as_characters():
    first = START + full_frame(80, 24, " ")
    frame = cup(2, 5) + RULE + "─" * 76 + "\x1b[0m" + cup(0, 0)
    wire = Wire(80, 24)
    wire.feed(first)
    out = wire.feed(frame)
    assert "─" * 76 in out and not _REP.search(out)
    frames_agree([first, frame])


def test_rep_stops_before_the_last_column():
    # As ncurses does: the last column is written as a character, so the run never
    # reaches the margin (where terminals differ), and the cursor is known after it.
    wire = Wire(80, 24, rep=True)
    wire.feed(START + full_frame(80, 24, " "))
    out = wire.feed(cup(0, 3) + "─" * 80 + cup(0, 0))
    assert "─\x1b[78b─" in out
    out = wire.feed(cup(0, 4) + "─" * 39 + "x" + "─" * 40 + cup(0, 0))
    assert "─\x1b[38bx─\x1b[38b─" in out
    frames = [
        START + full_frame(40, 5, "abc "),
        cup(0, 0) + "=" * 40 + cup(30, 1) + "#" * 10 + cup(5, 2) + "─" * 35 + cup(0, 0),
        cup(0, 0) + "-" * 40 + cup(35, 4) + "é" * 5 + cup(39, 3) + "a" + cup(0, 0),
    ]
    frames_agree(frames, 40, 5, rep=True)
    frames_agree(frames, 40, 5, TmuxTerm, rep=True)


def test_rep_only_where_it_is_shorter_and_only_for_narrow_characters():
    wire = Wire(80, 24, rep=True)
    wire.feed(START + full_frame(80, 24, " "))
    assert "=====" in wire.feed(cup(0, 0) + "=" * 5)  # 5 bytes: REP is not shorter
    assert "=\x1b[5b" in wire.feed(cup(0, 1) + "=" * 6)
    assert "──" in wire.feed(cup(0, 2) + "─" * 2)  # 6 bytes, and ─ + REP is 7
    assert "─\x1b[2b" in wire.feed(cup(0, 3) + "─" * 3)
    assert "é\x1b[9b" in wire.feed(cup(0, 4) + "é" * 10)
    out = wire.feed(cup(0, 5) + "中" * 10 + "😀" * 10)  # wide: written as they are
    assert "中" * 10 in out and out.count("😀") == 10 and not _REP.search(out)
    # A run of one style only; the unchanged cells of a run are part of it.
    out = wire.feed(cup(0, 6) + "\x1b[1m" + "─" * 10 + "\x1b[0m" + "─" * 10 + cup(0, 0))
    assert "─\x1b[9b" in out and out.count("\x1b[9b") == 2
    out = wire.feed(cup(0, 6) + "x" + cup(19, 6) + "y" + cup(0, 0))
    assert "─" not in out  # unchanged


def test_reverse_blanks_are_repeated_when_they_cannot_be_erased():
    wire = Wire(80, 24, rep=True)
    wire.feed(START + full_frame(80, 24, "text "))
    out = wire.feed(cup(0, 2) + "\x1b[7m" + " " * 30 + "\x1b[0m" + cup(0, 0))
    assert " \x1b[29b" in out
    frames_agree([START + full_frame(80, 24, "text "), cup(0, 2) + "\x1b[7m" + " " * 30], rep=True)


def test_the_layer_reads_rep_in_what_the_program_writes():
    wire = Wire(20, 3)
    wire.feed(START + cup(0, 0) + "ab\x1b[3b-" + cup(0, 1) + "─\x1b[b" + cup(0, 2) + "x\x1b[0b")
    assert "".join(wire.want.chars[0][:7]) == "abbbb- "
    assert "".join(wire.want.chars[1][:3]) == "── "
    assert "".join(wire.want.chars[2][:3]) == "xx "
    # Not right after a narrow character, or past the margin: sent as it is, not modelled.
    cases = [
        ("a\x1b[1m", "\x1b[3b"),  # an SGR between
        ("中", "\x1b[3b"),  # wide
        ("a", "\x1b[30b"),  # past the margin
        ("", "\x1b[3b"),  # nothing before it
        ("a", "\x1b[1;2b"),  # not the plain form
    ]
    for text, odd in cases:
        wire = Wire(20, 3)
        wire.feed(START + cup(0, 0) + "hello" + cup(0, 1))
        out = wire.feed(text + odd)
        assert out.endswith(odd)
        assert wire.emitter.pen is None  # everything is written again next time
    # A REP cut off from its character between two writes still follows it.
    wire = Wire(20, 3)
    wire.feed(START + cup(0, 0) + "ab")
    wire.feed("\x1b[")
    wire.feed("3b")
    assert "".join(wire.want.chars[0][:6]) == "abbbb "


def test_the_emitter_takes_rep_only_when_told():
    assert Emitter(80, 24).rep is False
    assert Wire(80, 24, rep=True).emitter.rep is True


_GATE = """
import os, sys
from tidings.tui.wire.driver import terminal_has_rep
env = dict(os.environ)
on = dict(env, TIDINGS_WIRE="rep")
print(terminal_has_rep(on), terminal_has_rep(dict(on, TMUX="/tmp/tmux-1/default,1,0")),
      terminal_has_rep(dict(on, STY="1.pts-0")), terminal_has_rep(env))
"""


@pytest.mark.parametrize(
    "term, has",
    [
        ("xterm-256color", True),
        ("screen-256color", False),
        ("no-such-terminal", False),
        ("", False),
    ],
)
def test_rep_is_used_when_terminfo_has_it(term, has):
    # A process each: Python's curses sets up one terminal per process.
    env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "STY", "TIDINGS_WIRE")}
    env["TERM"] = term
    result = subprocess.run(
        [sys.executable, "-c", _GATE], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    if has and result[0] == "False":
        import curses

        try:
            curses.setupterm(term, sys.__stdout__.fileno())
        except curses.error:
            pytest.skip(f"no terminfo for {term} here")
    assert result == [str(has), "False", "False", "False"]


def test_style_changes_use_the_shortest_sgr():
    bold = Pen.make(frozenset({1}), "38;5;253", "48;5;234")
    plain = DEFAULT.apply("38;5;253;48;5;234")
    assert transition(plain, bold) == "\x1b[1m"
    assert transition(bold, plain) == "\x1b[22m"
    assert transition(plain, DEFAULT) == "\x1b[m"
    assert transition(None, plain) == "\x1b[0;38;5;253;48;5;234m\x1b]8;;\x1b\\"  # and no link
    dim_bold = Pen.make(frozenset({1, 2}))
    assert DEFAULT.apply("1;2").apply(transition(dim_bold, Pen.make(frozenset({2})))[2:-1]) is (
        Pen.make(frozenset({2}))
    )


@pytest.mark.parametrize(
    "params",
    [
        "1;38;5;1;48;2;1;2;3",
        "0",
        "",
        "38:5:200",
        "48:2::1:2:3",
        "4:3",
        "22;24;27",
        "58;5;3;59",
        "38;5",
    ],
)
def test_sgr_transitions_reach_the_pen(params):
    start = DEFAULT.apply("1;4;38;5;9;48;5;17")
    goal = start.apply(params)
    step = transition(start, goal)
    if step.startswith("\x1b["):
        assert start.apply(step[2:-1]) is goal


def test_wide_characters_are_never_half_overwritten():
    frames = [
        START + cup(0, 0) + "中文新闻频道 news" + cup(0, 0),
        cup(1, 0) + "ab" + cup(0, 0),  # over the right half of 中 and the left of 文
        cup(4, 0) + "\x1b[1m漢\x1b[0m" + cup(0, 0),  # shifted by one cell
        cup(0, 1) + "한국어 😀 é" + cup(0, 0),
        cup(0, 1) + "x" + cup(0, 0),
    ]
    frames_agree(frames)


def test_an_erase_never_leaves_half_a_wide_character():
    frames = [
        START + cup(0, 0) + f"\x1b[48;5;234mabc{'中文' * 9}z\x1b[0m",
        # Blanks up to the first half of a wide character, then something else; the
        # rest of the row stays.
        cup(0, 0) + f"\x1b[48;5;234mx{' ' * 17}\x1b[0m\x1b[7mAB\x1b[0m",
    ]
    wire = Wire(40, 2)
    raw, tmux = Term(40, 2), TmuxTerm(40, 2)
    for frame in frames:
        raw.feed(frame)
        tmux.feed(wire.feed(frame))
    assert tmux.cells() == raw.cells()


def test_a_change_to_a_wide_characters_style_resends_it_whole():
    wire = Wire(20, 2)
    wire.feed(START + cup(0, 0) + "新闻")
    out = wire.feed(cup(2, 0) + "\x1b[1m闻\x1b[0m")
    assert "闻" in out and "新" not in out


def test_pass_through_keeps_order_with_the_cells():
    wire = Wire(40, 5)
    wire.feed(START)
    out = wire.feed(cup(0, 0) + "first" + "\x1b]52;c;aGVsbG8=\x07" + cup(0, 1) + "second")
    assert out.index("first") < out.index("\x1b]52;c;aGVsbG8=\x07") < out.index("second")
    for mode in ("\x1b[?1000h", "\x1b[?2004h", "\x1b]0;title\x07", "\x07", "\x1b[?25h"):
        assert wire.feed(mode) == mode


def test_an_empty_synchronized_frame_is_dropped():
    wire = Wire(40, 5)
    frame = cup(0, 0) + "hello" + cup(0, 0)
    wire.feed(START + frame)
    assert wire.feed("\x1b[?2026h") == ""
    assert wire.feed(frame) == ""
    assert wire.feed("\x1b[?2026l") == ""
    wire.feed("\x1b[?2026h")
    out = wire.feed(cup(0, 0) + "jello")
    out += wire.feed("\x1b[?2026l")
    assert out.startswith("\x1b[?2026h") and out.endswith("\x1b[?2026l") and "j" in out


def test_alternate_screen_switch_rewrites_the_whole_frame():
    wire = Wire(40, 5)
    wire.feed(START + full_frame(40, 5, "abc "))
    out = wire.feed("\x1b[?1049l\x1b[?1049h" + cup(0, 0) + "\x1b[38;5;253;48;5;234mX\x1b[0m")
    # Whatever the terminal showed, it ends up showing the new screen: X and blanks.
    term = Term(40, 5)
    term.feed(full_frame(40, 5, "junk "))
    term.feed(out)
    assert term.text() == ["X" + " " * 39] + [" " * 40] * 4


def test_resize_writes_the_next_frame_whole():
    wire = Wire(40, 5)
    first = full_frame(40, 5, "abc ")
    wire.feed(START + first)
    wire.resize(50, 6)
    second = full_frame(50, 6, "abc ")  # mostly the same cells as before
    term = Term(50, 6)
    term.feed(wire.feed(second))
    raw = Term(50, 6)
    raw.feed(second)
    assert term.cells() == raw.cells()


def test_nothing_moves_before_the_program_draws():
    # The cursor the shell left is saved by the switch to the alternate screen: untouched.
    assert Wire(80, 24).feed(START) == START


def test_cursor_ends_where_the_program_put_it():
    wire = Wire(40, 5)
    term = Term(40, 5)
    term.feed(wire.feed(START + "\x1b[?25h" + cup(0, 0) + "abc" + cup(7, 3)))
    assert (term.screen.cursor.x, term.screen.cursor.y) == (7, 3)
    term.feed(wire.feed(cup(2, 1)))
    assert (term.screen.cursor.x, term.screen.cursor.y) == (2, 1)


def test_a_hidden_cursor_is_not_moved_back_after_each_frame():
    # Textual hides the cursor and puts it at 0,0 after a frame: with the cursor hidden
    # that move is not sent; shown again, it is where the program left it.
    wire = Wire(40, 5)
    term = Term(40, 5)
    term.feed(wire.feed(START + cup(0, 0) + "abc"))
    out = wire.feed(cup(5, 3) + "xyz" + cup(0, 0))
    assert out == "\x1b[4;6Hxyz"
    term.feed(out)
    term.feed(wire.feed("\x1b[?25h"))
    assert (term.screen.cursor.x, term.screen.cursor.y) == (0, 0)


def test_links_are_part_of_the_cells_style():
    wire = Wire(40, 3)
    frame = cup(0, 0) + "\x1b]8;id=1;https://a.example\x1b\\\x1b[4mlink\x1b[0m\x1b]8;;\x1b\\ after"
    out = wire.feed(START + frame)
    assert "\x1b]8;id=1;https://a.example\x1b\\" in out
    assert out.index("link") < out.index("\x1b]8;;\x1b\\", out.index("link")) < out.index("after")
    frames_agree([START + frame, cup(0, 0) + "plain" + cup(0, 0)], 40, 3)


def test_erases_and_moves_textual_does_not_use_are_modelled():
    frames = [
        START + full_frame(40, 5, "xyz "),
        cup(3, 1) + "\x1b[48;5;17m\x1b[K\x1b[0m" + cup(0, 0),
        cup(5, 2) + "\x1b[1J" + cup(0, 0),
        cup(2, 3) + "\x1b[4X\x1b[2Cab\x1b[3Dc\x1b[2Ad\x1b[Be\rf\x1b[10G" + "g" + cup(0, 0),
        cup(0, 4) + "\x1b[0J" + cup(0, 0),
        "\x1b[2J" + cup(1, 1) + "new",
    ]
    frames_agree(frames, 40, 5)


def test_text_past_the_right_edge_stays_on_the_last_cell():
    frames_agree([START + cup(35, 0) + "abcdefghij" + cup(0, 0), cup(0, 1) + "x"], 40, 3)


def test_with_autowrap_text_wraps_and_scrolls_as_a_terminal_does():
    frames = ["\x1b[?25l" + cup(30, 1) + "0123456789abcdef", cup(35, 2) + "wrap at the bottom"]
    frames_agree(frames, 40, 3)


def test_unknown_sequences_pass_through_and_the_next_frame_is_written_whole():
    wire = Wire(40, 5)
    wire.feed(START + full_frame(40, 5, "abc "))
    out = wire.feed("\x1b[2L")  # insert lines: not modelled
    assert out.endswith("\x1b[2L")
    again = wire.feed(full_frame(40, 5, "abc "))
    assert again.count("abc") >= 40  # rewritten


def test_grid_keeps_wide_characters_whole():
    wire = Wire(10, 1)
    wire.feed(cup(0, 0) + "中文中文中")
    wire.feed(cup(3, 0) + "x")
    assert wire.want.chars[0][:6] == ["中", TAIL, " ", "x", "中", TAIL]
    wire.resize(5, 1)
    assert wire.want.chars[0] == ["中", TAIL, " ", "x", " "]


# -- any bytes at all -------------------------------------------------------------------------

pieces = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "\x1b", "\x1b[", "\x1b[1;2", "\x1b[?", "\x1b]", "\x1b]8;;", "\x1bP", "\x1b_G",
            "\x1b\\", "\x07", "\x1b[38;5", "\x1b[38:2::1:2:3m", "\r", "\n", "\b", "\t",
            "\x1b[999;999H", "\x1b[0;0H", "\x1b[?1049h", "\x1b[2J", "\x1b[K", "中", "😀",
            "\u0301", "\u200d", "\x1b[?2026h", "\x1b[?2026l", "\x1b7", "\x1b8", "\x1bc",
            "\x1b[r", "\x1b[5;10r", "\x1b(0", "\x0e", "\x85", "\x1b[99999999999X",
        ]
    ),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=30), st.integers(1, 12), st.integers(1, 6))
def test_any_output_at_all_is_handled(parts, width, height):
    wire = Wire(width, height)
    for part in parts:
        assert isinstance(wire.feed(part), str)
    wire.resize(height, width)
    assert isinstance(wire.feed("".join(parts)), str)


@settings(max_examples=100, deadline=None)
@given(st.lists(pieces, max_size=20), st.data())
def test_where_output_is_cut_does_not_matter(parts, data):
    stream = "".join(parts)
    cut = data.draw(st.integers(0, len(stream)))
    whole, split = Wire(12, 4), Wire(12, 4)
    whole.feed(stream)
    split.feed(stream[:cut])
    split.feed(stream[cut:])
    assert whole.want.chars == split.want.chars
    assert whole.want.pens == split.want.pens


@pytest.mark.parametrize(
    "parts",
    [
        ["0", "\u200d0"],
        ["0\u200d", "0"],
        ["👨\u200d", "👩"],
        ["👨", "\u200d👩"],
        ["e", "\u0301x"],
        ["0" * 12, "\u200d0"],  # at the right edge: not to the next line
    ],
)
def test_a_grapheme_written_in_two_pieces_is_one_cell_as_in_one(parts):
    # Found by test_where_output_is_cut_does_not_matter: a zero-width joiner at the end
    # of one write (or the start of the next) joins what stands on its other side.
    whole, split = Wire(12, 2), Wire(12, 2)
    whole.feed("".join(parts))
    for part in parts:
        split.feed(part)
    assert split.want.chars == whole.want.chars


def test_a_cursor_saved_before_a_resize_is_restored_inside_the_new_size():
    # Found by test_any_output_at_all_is_handled: ESC 8 after the terminal shrank.
    wire = Wire(1, 2)
    for part in ("00", "\x1b7"):
        wire.feed(part)
    wire.resize(2, 1)
    assert isinstance(wire.feed("\x1b8" + "00"), str)
    assert wire.y == 0


def test_a_row_in_the_pen_the_terminal_has_is_written_first():
    # n in the reader: the header (in the article's colours) and the status line's count
    # (in its own) change. The last frame left the terminal in the status line's pen:
    # the count is written first, then the header, with one pen change instead of two.
    body, status = "38;5;253;48;5;234", "38;5;253;48;5;17"
    first = START + full_frame(80, 24, "text ")
    bar = f"{cup(0, 23)}\x1b[{status}m{'All: 42 · 41 unread':<80}\x1b[0m{cup(0, 0)}"
    wire = Wire(80, 24)
    wire.feed(first)
    wire.feed(bar)  # the terminal's pen is now the status line's
    frame = (
        f"{cup(0, 0)}\x1b[{body}mNEW TITLE{' ' * 71}\x1b[0m"
        f"{cup(0, 23)}\x1b[{status}m{'All: 42 · 40 unread':<80}\x1b[0m{cup(0, 0)}"
    )
    out = wire.feed(frame)
    assert out.startswith("\x1b[8D0")  # the count first, in the pen it had
    assert "NEW" in out
    assert out.count("48;5;") == 1  # one change of background, to the article's
    frames_agree([first, bar, frame])
