"""The wire layer: takes what Textual writes, sends the terminal only what changed.

`Wire.feed(text)` reads the program's output as a terminal would (CUP and the other
cursor moves, SGR, OSC 8 links, text, CR / LF, erases, REP right after a narrow
character, line drawing in the DEC Special Graphics set) into `want`, the grid the
screen should show, and returns the bytes that bring the terminal there (see
diff.Emitter).

Everything else passes through untouched and in order, after the cells written before it:
mode switches, cursor show / hide, title, clipboard, queries. Sequences whose effect is not
modelled (alternate screen, reset, scroll region, insert / delete...) are sent with the
cursor and pen where the program had them, and then nothing on the terminal is taken as
known: the next frame is written whole. A synchronized-update bracket (ESC[?2026h / l)
around a frame that changes nothing is dropped with it.
"""

from __future__ import annotations

import re

from tidings.tui.wire.acs import DEC_TABLE, RMACS, SMACS
from tidings.tui.wire.diff import Emitter
from tidings.tui.wire.grid import Grid, glyphs, repeatable
from tidings.tui.wire.pen import DEFAULT, Pen

_TOKEN = re.compile(
    r"(?P<text>[^\x00-\x1f\x7f-\x9f]+)"
    r"|(?P<sgr>\x1b\[[0-9;:]*m)"
    r"|(?P<cup>\x1b\[[0-9;]*H)"
    r"|(?P<csi>\x1b\[[\x00-\x1a\x1c-\x3f]*[\x40-\x7e])"
    r"|(?P<osc>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\|(?=\x1b)))"
    r"|(?P<string>\x1b[P_^X][^\x1b]*(?:\x1b\\|(?=\x1b)))"
    r"|(?P<esc>\x1b(?:[\x20-\x2f]+[\x30-\x7e]|[\x30-\x4f\x51-\x57\x59\x5a\x5c\x60-\x7e]))"
    r"|(?P<partial>\x1b(?:\[[\x00-\x1a\x1c-\x3f]*|\][^\x07\x1b]*|[P_^X][^\x1b]*|[\x20-\x2f]*)\Z)"
    r"|(?P<ctl>[\x00-\x1f\x7f-\x9f])",
    re.S,
)
_CSI = re.compile(r"([<=>?]?)([0-9:;]*)([\x20-\x2f]*)")

_MAX_REST = 1 << 22  # an unfinished escape sequence is held up to this many characters
_CUPS: dict[str, tuple[int, int]] = {}  # "ESC[r;cH" -> (column, row), 1-based
HARMLESS, POSITIONAL, DANGEROUS = 0, 1, 2
SYNC_START, SYNC_END = "\x1b[?2026h", "\x1b[?2026l"
# Private modes that change what is on the screen or how the cursor moves.
_DANGEROUS_MODES = frozenset({3, 6, 47, 69, 1047, 1048, 1049})
_HARMLESS_ESC = frozenset({"=", ">", "\\", "(B", ")B"})


def _numbers(params: str) -> list[int]:
    """CSI parameters; an empty one is 0, a huge one is clamped (as terminals do)."""
    out = []
    for part in params.split(";"):
        head = part.split(":", 1)[0]
        if not head.isdigit():
            out.append(0)
        else:
            out.append(99_999 if len(head) > 5 else int(head))
    return out


def _terminated(token: str) -> str:
    """An OSC or other string cut short by the ESC of the next sequence, with its end."""
    return token if token.endswith(("\x07", "\x1b\\")) else token + "\x1b\\"


class Wire:
    """The program's screen (`want`) and the terminal's (`emitter.shown`)."""

    def __init__(
        self,
        width: int,
        height: int,
        *,
        bce: bool = True,
        onlcr: bool = True,
        rep: bool = False,
        acs: dict[str, str] | None = None,
    ) -> None:
        """bce: erases fill with the current background; onlcr: the tty sends "\\n" as
        CR LF; rep: the terminal has REP (CSI n b), which the output may then use; acs:
        line character -> the byte that draws it in the terminal's alternate character
        set, which the output may then use (see acs.py)."""
        self.want = Grid(width, height, DEFAULT)
        self.emitter = Emitter(width, height, bce=bce, onlcr=onlcr, rep=rep, acs=acs)
        self.bce = bce
        self.onlcr = onlcr
        self.x = self.y = 0  # the program's cursor; x == width: at the margin, waiting to wrap
        self.pen = DEFAULT
        self.autowrap = True
        self.graphics = False  # the program has switched to DEC Special Graphics (ESC ( 0)
        self.cursor_shown = True  # hidden (DECTCEM off), the cursor need not follow frames
        self.saved: tuple[int, int, Pen] = (0, 0, DEFAULT)
        self.dirty: set[int] = set(range(self.want.height))  # rows to compare at the flush
        self.pending = False  # cells or the cursor changed since the last flush
        self.placed = False  # the program has moved the cursor or drawn
        self.held = ""  # a synchronized-update start not sent yet
        self.last = ""  # the text just written, when nothing has come after it (for REP)
        self._rest = ""  # an escape sequence cut off at the end of the last write
        self._out: list[str] = []

    @property
    def size(self) -> tuple[int, int]:
        return self.want.width, self.want.height

    # -- the outside ------------------------------------------------------------------------
    def feed(self, data: str) -> str:
        """Take what the program wrote; return what to send to the terminal."""
        self._out = []
        if self._rest:
            data, self._rest = self._rest + data, ""
        want = self.want
        cups = _CUPS
        for match in _TOKEN.finditer(data):
            kind = match.lastgroup
            token = match.group()
            last, self.last = self.last, ""
            if kind == "text":
                if self.graphics:
                    token = token.translate(DEC_TABLE)
                self.last = token
                if self.autowrap:
                    self._text(token)
                else:  # as Textual writes: no wrapping
                    self.x = want.put(self.y, self.x, token, self.pen)
                    self.dirty.add(self.y)
                    self.pending = True
            elif kind == "sgr":
                self.pen = self.pen.apply(token[2:-1])
            elif kind == "cup":
                where = cups.get(token)
                if where is None:
                    nums = _numbers(token[2:-1])
                    where = (nums[1] if len(nums) > 1 else 0) or 1, nums[0] or 1
                    if len(cups) < 4096:
                        cups[token] = where
                self.x = min(where[0], want.width) - 1
                self.y = min(where[1], want.height) - 1
                self.pending = True
            elif kind == "csi":
                if not (last and token[-1] == "b" and self._repeat(last, token)):
                    self._csi(token)
            elif kind == "ctl":
                self._control(token)
            elif kind == "osc":
                self._osc(token)
            elif kind == "string":
                self._pass(_terminated(token), POSITIONAL)
            elif kind == "esc":
                self._esc(token)
            else:  # partial: wait for the rest of it
                self._rest = token
                self.last = last
        if len(self._rest) > _MAX_REST:  # never ends: let the terminal have it
            token, self._rest = self._rest, ""
            self._pass(token, DANGEROUS)
        if self.pending:
            self._flush()
        out, self._out = "".join(self._out), []
        return out

    def resize(self, width: int, height: int) -> None:
        """The terminal has a new size: what it shows is no longer known."""
        self.want.resize(width, height, DEFAULT)
        self.emitter.resize(width, height)
        self.x = min(self.x, self.want.width - 1)
        self.y = min(self.y, self.want.height - 1)
        x, y, pen = self.saved  # a saved cursor too (terminals clamp it likewise)
        self.saved = (min(x, self.want.width - 1), min(y, self.want.height - 1), pen)
        self.dirty = set(range(self.want.height))

    def invalidate(self) -> None:
        """Forget what the terminal shows: the next frame is written whole."""
        self.emitter.forget()
        self.dirty = set(range(self.want.height))

    # -- output -----------------------------------------------------------------------------
    def _send(self, data: str) -> None:
        if self.held:
            self._out.append(self.held)
            self.held = ""
        self._out.append(data)

    def _flush(self) -> None:
        self.pending = False
        self.placed = True
        y = min(self.y, self.want.height - 1)
        chunk = self.emitter.flush(self.want, self.dirty, self.x, y, park=self.cursor_shown)
        self.dirty = set()
        if chunk:
            self._send(chunk)

    def _pass(self, token: str, kind: int) -> None:
        """Send `token` as it is, in order after the cells written before it."""
        if self.pending:
            self._flush()
        if kind != HARMLESS and self.placed:
            y = min(self.y, self.want.height - 1)
            sync = self.emitter.sync(self.x, y, self.pen)
            if sync:
                self._send(sync)
        self._send(token)
        if kind == DANGEROUS:
            self.invalidate()

    # -- the program's side -----------------------------------------------------------------
    def _erase_pen(self) -> Pen:
        return Pen.make(bg=self.pen.bg) if self.bce else DEFAULT

    def _text(self, text: str) -> None:
        self.pending = True
        want = self.want
        if not self.autowrap or self.x + len(text) < want.width and text.isascii():
            self.x = want.put(self.y, self.x, text, self.pen)
            self.dirty.add(self.y)
            return
        joined = want.rejoin(self.y, self.x, text)
        if joined is not None:  # the rest of the glyph before: not to the next line
            self.x, text = joined
        for glyph, cells in glyphs(text):
            if cells and self.x + cells > want.width:
                self.x = 0
                self._linefeed()
            self.x = want.put(self.y, self.x, glyph, self.pen)
            self.dirty.add(self.y)

    def _repeat(self, text: str, token: str) -> bool:
        """REP (CSI n b) right after `text`: its last character n times more, when that is
        one narrow character and the run stays on the row (terminals differ past the
        margin: xterm wraps, VTE and tmux stop); False to treat REP as not modelled."""
        params = token[2:-1]
        if params and not params.isdigit():
            return False
        n = max(1, _numbers(params)[0])
        glyph = text[-1]
        if not repeatable(glyph) or self.x + n > self.want.width:
            return False
        self._text(glyph * n)
        return True

    def _linefeed(self) -> None:
        if self.y < self.want.height - 1:
            self.y += 1
        else:
            self.want.scroll_up(self._erase_pen())
            self.dirty = set(range(self.want.height))
        self.pending = True

    def _control(self, char: str) -> None:
        width = self.want.width
        if char == "\r":
            self.x = 0
        elif char in "\n\x0b\x0c":
            self._linefeed()
            if self.onlcr:
                self.x = 0
        elif char == "\b":
            self.x = max(0, min(self.x, width - 1) - 1)
        elif char == "\t":
            self.x = min(width - 1, (self.x // 8 + 1) * 8)
        elif char in "\x07\x00\x7f":
            self._pass(char, HARMLESS)
            return
        else:  # shift-in / shift-out, C1 controls...: not modelled
            self._pass(char, DANGEROUS)
            return
        self.pending = True

    def _osc(self, token: str) -> None:
        body = token[2:].rstrip("\x07").removesuffix("\x1b\\")
        if body.startswith("8;"):  # a hyperlink: part of the pen
            params, _, url = body[2:].partition(";")
            self.pen = self.pen.with_link(f"{params};{url}" if url else None)
            return
        self._pass(_terminated(token), HARMLESS)

    def _esc(self, token: str) -> None:
        code = token[1:]
        if token == SMACS:  # the cells are kept as what they show: not sent
            self.graphics = True
        elif code in _HARMLESS_ESC:
            self.graphics = self.graphics and token != RMACS
            self._pass(token, HARMLESS)
        elif code == "7":
            self._save(token)
        elif code == "8":
            self._restore(token)
        elif code == "c":  # full reset
            self._pass(token, DANGEROUS)
            self._reset()
        else:
            self._pass(token, DANGEROUS)

    def _save(self, token: str) -> None:
        """Save the cursor (ESC 7, CSI s), synced first so the terminal saves the same."""
        self._pass(token, POSITIONAL)
        self.saved = (self.x, self.y, self.pen)

    def _restore(self, token: str) -> None:
        """Restore it: the terminal's cursor and pen go back to where they were synced."""
        self._pass(token, POSITIONAL)
        self.x, self.y, self.pen = self.saved
        self.emitter.cx = self.emitter.cy = None
        self.emitter.pen = None

    def _reset(self) -> None:
        self.x = self.y = 0
        self.pen = DEFAULT
        self.autowrap = True
        self.graphics = False
        self.cursor_shown = True
        self.want.fill(DEFAULT)
        self.emitter.lf_ok = True

    def _csi(self, token: str) -> None:
        parts = _CSI.fullmatch(token, 2, len(token) - 1)
        final = token[-1]
        if parts is None:
            self._pass(token, DANGEROUS)
            return
        prefix, params, inter = parts.groups()
        if not prefix and not inter:
            if final == "m":
                self.pen = self.pen.apply(params)
                return
            if final in "HfABCDEFG`dKJX":
                if self._frame_csi(final, _numbers(params)):
                    return
            elif final in "hl":
                self._pass(token, DANGEROUS)  # insert mode, newline mode...
                return
            elif final == "s" and not params:
                self._save(token)
                return
            elif final == "u" and not params:
                self._restore(token)
                return
            elif final in "nct":
                self._pass(token, HARMLESS)
                return
        elif prefix == "?" and not inter and final in "hl":
            self._modes(token, _numbers(params), final == "h")
            return
        elif final in "nctu" or (final, inter) in (("p", "$"), ("q", " ")) or final == "m":
            self._pass(token, HARMLESS)  # queries, kitty keys, cursor shape, key modifiers
            return
        if final == "r":
            self.emitter.lf_ok = False
        self._pass(token, DANGEROUS)

    def _frame_csi(self, final: str, nums: list[int]) -> bool:
        """Cursor moves and erases; False for a form not modelled."""
        width, height = self.want.width, self.want.height
        n = max(1, nums[0])
        x, y = min(self.x, width - 1), self.y
        if final in "Hf":
            row = nums[0] if nums[0] else 1
            col = nums[1] if len(nums) > 1 and nums[1] else 1
            x, y = col - 1, row - 1
        elif final == "A":
            y -= n
        elif final == "B":
            y += n
        elif final == "C":
            x += n
        elif final == "D":
            x -= n
        elif final in "EF":
            x, y = 0, y + (n if final == "E" else -n)
        elif final in "G`":
            x = n - 1
        elif final == "d":
            y = n - 1
        else:
            return self._erase(final, nums[0], n)
        self.x = max(0, min(x, width - 1))
        self.y = max(0, min(y, height - 1))
        self.pending = True
        return True

    def _erase(self, final: str, mode: int, n: int) -> bool:
        want, pen = self.want, self._erase_pen()
        x, y, width = min(self.x, want.width - 1), self.y, want.width
        if final == "X":
            want.erase(y, x, x + n, pen)
            rows = [y]
        elif final == "K" and mode <= 2:
            want.erase(y, *((x, width), (0, x + 1), (0, width))[mode], pen)
            rows = [y]
        elif final == "J" and mode <= 2:
            if mode == 0:
                want.erase(y, x, width, pen)
                rows = list(range(y, want.height))
            elif mode == 1:
                want.erase(y, 0, x + 1, pen)
                rows = list(range(0, y + 1))
            else:
                rows = list(range(want.height))
            for row in rows:
                if row != y or mode == 2:
                    want.erase(row, 0, width, pen)
        else:
            return False  # ED 3 (scroll-back) and the like
        self.dirty.update(rows)
        self.pending = True
        return True

    def _modes(self, token: str, modes: list[int], on: bool) -> None:
        if token == SYNC_START:
            if self.pending:
                self._flush()
            self._send("")  # a held start goes out: starts do not nest
            self.held = token
            return
        if token == SYNC_END and self.held:
            if self.pending:
                self._flush()
            if self.held:  # nothing was written in between
                self.held = ""
                return
        if any(m in _DANGEROUS_MODES for m in modes):
            self._pass(token, DANGEROUS)
            self.want.fill(DEFAULT)  # a new screen (or an old one not ours): blank
            return
        if 7 in modes:
            self.autowrap = on
        if 25 in modes:
            self.cursor_shown = on
            if on:  # it shows where the program left it
                self._pass(token, POSITIONAL)
                return
        self._pass(token, HARMLESS)
