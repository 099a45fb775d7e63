"""What the terminal shows, and the fewest bytes that turn it into what it should show.

The Emitter keeps `shown`, a grid of the cells the terminal displays, the terminal's
cursor and pen. `flush` compares rows of the wanted grid with it and writes only the cells
that differ: it moves with the cheapest of CUP, CR / LF, CUF / CUB, backspaces or by
rewriting a few unchanged cells, changes the pen with the shortest SGR, blanks runs
with EL (the tail of a row) or ECH (inside a row) where that is shorter than spaces, and,
when the terminal has REP, writes a run of one character as the character and CSI n b
(repeat it n times) where that is shorter, and draws runs of line characters from the
terminal's alternate character set when it has one (see acs.py). Rows go top to bottom,
but for one: a later row that starts in the pen the last frame left the terminal in (the
status line's, after a key that changed the count) is written first, when that is
cheaper.
"""

from __future__ import annotations

from collections.abc import Iterable

from tidings.tui.wire.acs import RMACS, SMACS, worth_it
from tidings.tui.wire.grid import TAIL, Grid, repeatable, sure_width
from tidings.tui.wire.pen import Pen, transition

UNKNOWN = Pen.make(extra=("unknown",))  # the pen of a cell whose contents are not known
_GAP = 8  # at most this many unchanged cells are rewritten to move over them
_ISLAND = 3  # runs of at most this many cells of another pen may be set aside...
_SET_ASIDE = 10  # ...when switching to their pen and back costs at least this many bytes
_COLUMN = 3  # ...and they stand at the same columns on at least this many rows


def _blank(wc: list[str], start: int, end: int) -> bool:
    return all(wc[x] == " " for x in range(start, end))


def _chrome(wc: list[str], start: int, end: int, width: int) -> bool:
    """Cells start..end-1 are a screen's furniture, not text: blanks, lines and blocks
    (a scrollbar, a pane's border), one cell each."""
    if end < width and wc[end] == TAIL:
        return False
    return all(wc[x] == " " or "\u2500" <= wc[x] <= "\u259f" for x in range(start, end))


def cup(x: int, y: int) -> str:
    """Cursor position (0-based x, y) in its shortest form."""
    if x == 0:
        return "\x1b[H" if y == 0 else f"\x1b[{y + 1}H"
    return f"\x1b[{y + 1};{x + 1}H"


def _count(seq: str, n: int) -> str:
    return f"\x1b[{seq}" if n == 1 else f"\x1b[{n}{seq}"


class Emitter:
    """The terminal's side: its cells, cursor and pen, as far as they are known."""

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
        self.shown = Grid(width, height, UNKNOWN)
        self.bce = bce  # erases fill with the pen's background (not so in GNU screen)
        self.onlcr = onlcr  # the tty turns "\n" into "\r\n"
        self.rep = rep  # the terminal repeats the last character on CSI n b (REP)
        self.lf_ok = True  # no scroll region was set, so LF only moves down
        self.acs = acs or {}  # line character -> its byte in the alternate character set
        self.graphics = False  # the alternate character set is on (only inside a flush)
        self.cx: int | None = None  # the terminal's cursor column, None when not known
        self.cy: int | None = None
        self.pen: Pen | None = None  # the terminal's pen, None when not known
        self.out: list[str] = []

    # -- state ------------------------------------------------------------------------------
    def forget(self) -> None:
        """The terminal's cells, cursor and pen are no longer known."""
        self.shown.fill(UNKNOWN)
        self.cx = self.cy = None
        self.pen = None
        self.graphics = False

    def resize(self, width: int, height: int) -> None:
        self.shown = Grid(width, height, UNKNOWN)
        self.forget()

    def _cost(self, seq: str) -> int:
        """Bytes on the wire (the tty adds a CR before each LF)."""
        return len(seq.encode()) + (seq.count("\n") if self.onlcr else 0)

    # -- output -----------------------------------------------------------------------------
    def flush(self, want: Grid, rows: Iterable[int], x: int, y: int, *, park: bool = True) -> str:
        """Make rows `rows` of the terminal show `want`, leave the cursor at (x, y) (with
        park=False, where the writing left it: the cursor is hidden); the bytes to send."""
        self.out = []
        plans = {}
        for row in sorted(rows):
            plan = self._plan(want, row)
            if plan is not None:
                plans[row] = plan
        islands = self._set_aside(want, plans)
        order = list(plans)
        lead = self._lead_row(want, plans)
        if lead is None:
            self._rows(want, plans, order)
        else:
            # The pen the terminal has fits a later row, not the first: try writing that
            # row first (saving two pen changes), and keep the cheaper of the two.
            before = self._state(plans)
            self._rows(want, plans, order)
            plain, after_plain = self.out, self._state(plans)
            self._restore(before)
            self.out = []
            self._rows(want, plans, [lead, *(row for row in order if row != lead)])
            if self._cost("".join(plain)) <= self._cost("".join(self.out)):
                self._restore(after_plain)
                self.out = plain
        if islands:
            self._islands(want, islands)
        if park:
            self.move(min(x, want.width - 1), y)
        self._text_set()  # what comes between frames is written in the usual set
        out, self.out = "".join(self.out), []
        return out

    def sync(self, x: int, y: int, pen: Pen) -> str:
        """Put the terminal's cursor and pen where the program left them (before a
        sequence whose effect depends on them)."""
        self.out = []
        self.move(min(x, self.shown.width - 1), min(y, self.shown.height - 1))
        self.set_pen(pen)
        out, self.out = "".join(self.out), []
        return out

    def _rows(
        self, want: Grid, plans: dict[int, tuple[list[int], int | None]], order: list[int]
    ) -> None:
        for row in order:
            changed, erase_at = plans[row]
            self._row(want, row, list(changed), erase_at)

    def _first_pen(self, want: Grid, row: int, plan: tuple[list[int], int | None]) -> Pen | None:
        """The pen the first cell written in `row` takes (None: a blank, which many pens
        can draw)."""
        changed, erase_at = plan
        x = changed[0] if changed else erase_at
        if x is None or want.chars[row][x] == " ":
            return None
        return want.pens[row][x]

    def _lead_row(self, want: Grid, plans: dict[int, tuple[list[int], int | None]]) -> int | None:
        """A row worth writing first: the last one that starts in the terminal's pen, when
        the first row does not."""
        if len(plans) < 2 or self.pen is None or self.graphics:
            return None
        rows = list(plans)
        first = self._first_pen(want, rows[0], plans[rows[0]])
        if first is None or first is self.pen:
            return None
        for row in reversed(rows[1:]):
            if self._first_pen(want, row, plans[row]) is self.pen:
                return row
        return None

    def _state(self, plans: dict[int, tuple[list[int], int | None]]) -> tuple:
        rows = {y: (list(self.shown.chars[y]), list(self.shown.pens[y])) for y in plans}
        return rows, self.cx, self.cy, self.pen, self.graphics

    def _restore(self, state: tuple) -> None:
        rows, self.cx, self.cy, self.pen, self.graphics = state
        for y, (chars, pens) in rows.items():
            self.shown.chars[y][:] = chars
            self.shown.pens[y][:] = pens

    def set_pen(self, pen: Pen) -> None:
        if self.pen is not pen:
            self.out.append(transition(self.pen, pen))
            self.pen = pen

    def _pen_for_blank(self, pen: Pen, then: Pen | None = None) -> None:
        """Set a pen that draws a space as `pen` (a blank pen) does: the one cheapest to
        set now and to change to `then`, the pen of the next glyph, afterwards."""
        cur = self.pen
        if cur is not None and cur.blank is pen:
            return
        options = [pen]
        if cur is not None and (alt := cur.with_bg(pen.bg)).blank is pen:
            options.append(alt)
        if then is not None and then.blank is pen:
            options.append(then)
        best = min(
            options,
            key=lambda o: len(transition(cur, o)) + (len(transition(o, then)) if then else 0),
        )
        self.set_pen(best)

    def _plan(self, want: Grid, y: int) -> tuple[list[int], int | None] | None:
        """The cells of row y to write, and where to erase its tail; None: unchanged."""
        wc, wp = want.chars[y], want.pens[y]
        sc, sp = self.shown.chars[y], self.shown.pens[y]
        if wc == sc and wp == sp:
            return None
        width = want.width
        changed = [x for x in range(width) if wc[x] != sc[x] or wp[x] is not sp[x]]
        erase_at = self._tail_erase(wc, wp, changed, width)
        if erase_at is not None:
            blank = wp[erase_at]
            changed = [x for x in changed if x < erase_at or wc[x] != " " or wp[x] is not blank]
        return changed, erase_at

    def _row(self, want: Grid, y: int, changed: list[int], erase_at: int | None) -> None:
        """Write cells `changed` of row y (and erase its tail from erase_at)."""
        wc, wp = want.chars[y], want.pens[y]
        sc, sp = self.shown.chars[y], self.shown.pens[y]
        width = want.width
        # The pen of the next glyph that is not a blank, for each position in `changed`.
        then: list[Pen | None] = [None] * len(changed)
        upcoming = None
        for i in range(len(changed) - 1, -1, -1):
            then[i] = upcoming
            if wc[changed[i]] not in (" ", TAIL):
                upcoming = wp[changed[i]]
        done = 0  # cells left of this are written
        i = 0
        while i < len(changed):
            x = changed[i]
            hint = then[i]
            i += 1
            if erase_at is not None and x > erase_at:
                self._erase_tail(erase_at, y, wp[erase_at], wp[x], width)
                erase_at = None
            if wc[x] == TAIL and x > 0:
                x -= 1  # write a wide character from its first half
            if x < done:
                continue
            n = self._blank_run(wc, wp, sc, sp, x, width)
            if n:
                # Erase the rest of a wide character too (its cell is written next):
                # left as a lone half, tmux blanks the erased half again when it is.
                wide = x + n < width and sc[x + n] == TAIL
                self.move(x, y)
                self._pen_for_blank(wp[x], hint)
                self.out.append(f"\x1b[{n + wide}X")
                sc[x : x + n + wide] = [" "] * (n + wide)
                sp[x : x + n + wide] = [wp[x]] * (n + wide)
                done = x + n
                continue
            n = self._repeat_run(wc, wp, sc, sp, x, width, erase_at) if self.rep else 0
            self.move(x, y)
            if wc[x] == " ":
                self._pen_for_blank(wp[x], hint)
            else:
                self.set_pen(wp[x])
            if n:
                # The glyph, then REP for the rest: it ends before the last column, so no
                # terminal wraps or stops short, and the cursor is right after it.
                self._text_set()
                self.out.append(f"{wc[x]}\x1b[{n - 1}b")
                done = x + n
                self.cx = done
            else:
                done = self._put(wc, x, width)
            sc[x:done] = wc[x:done]
            sp[x:done] = wp[x:done]
        if erase_at is not None:
            self._erase_tail(erase_at, y, wp[erase_at], None, width)

    def _set_aside(
        self, want: Grid, plans: dict[int, tuple[list[int], int | None]]
    ) -> list[tuple[int, int, int]]:
        """Runs of cells to write after the rows, taken out of `plans`: (row, start, end).
        A short run of blanks, lines or blocks whose pen differs from the run before it, at the
        same columns and in the same pen on at least _COLUMN rows (a scrollbar beside
        lines of text, a border between two panes), where switching pens there and back
        costs more than moving to it later. Row after row, those runs are then written
        together with one pen change."""
        width = want.width
        found: dict[tuple[int, int, int], list[int]] = {}  # (start, end, pen) -> rows
        for y, (changed, erase_at) in plans.items():
            wc, wp = want.chars[y], want.pens[y]
            runs: list[list[int]] = []  # [start, end): changed cells of one pen, side by side
            for x in changed:
                if runs and x == runs[-1][1] and wp[x] is wp[runs[-1][0]]:
                    runs[-1][1] = x + 1
                else:
                    runs.append([x, x + 1])
            # The pen each run is written with: blanks that look the same in the pen
            # before them are written in it (see _pen_for_blank), with no change.
            pens: list[Pen] = []
            for start, end in runs:
                pen = wp[start]
                if pens and pens[-1].blank is pen and _blank(wc, start, end):
                    pen = pens[-1]
                pens.append(pen)
            for i, (start, end) in enumerate(runs):
                if end - start > _ISLAND or not _chrome(wc, start, end, width):
                    continue
                if i:
                    before = pens[i - 1]
                elif erase_at is not None and erase_at < start:
                    before = wp[erase_at]  # after the blanks that erase the row's tail
                else:
                    continue
                pen = pens[i]
                if pen is before:
                    continue
                cost = len(transition(before, pen))
                if i + 1 < len(runs):
                    after = pens[i + 1]
                    if after is pen and before.blank is wp[runs[i + 1][0]]:
                        after = before  # blanks: written in the pen before the island
                    cost += len(transition(pen, after)) - len(transition(before, after))
                if cost >= _SET_ASIDE:
                    found.setdefault((start, end, id(wp[start])), []).append(y)
        islands = []
        for (start, end, _), rows in found.items():
            if len(rows) < _COLUMN:
                continue
            for y in rows:
                islands.append((y, start, end))
                changed, erase_at = plans[y]
                plans[y] = ([x for x in changed if not start <= x < end], erase_at)
        return islands

    def _islands(self, want: Grid, islands: list[tuple[int, int, int]]) -> None:
        """Write the runs set aside, pen by pen, each pen's column by column (a
        scrollbar: down its rows, with two cells and a short move on each)."""
        groups: dict[int, list[tuple[int, int, int]]] = {}
        for island in islands:
            y, start, _ = island
            groups.setdefault(id(want.pens[y][start]), []).append(island)
        width = want.width
        for group in groups.values():
            group.sort(key=lambda island: (island[1], island[0]))
            glyphs = [want.chars[y][x] for y, start, end in group for x in range(start, end)]
            acs = self.acs
            if acs and all(g in acs for g in glyphs):
                saved = sum(len(g.encode()) - 1 for g in glyphs)
                if saved > len(SMACS) + len(RMACS) and not self.graphics:
                    self.out.append(SMACS)  # a vertical line: from the alternate set
                    self.graphics = True
            for y, start, end in group:
                wc, wp = want.chars[y], want.pens[y]
                sc, sp = self.shown.chars[y], self.shown.pens[y]
                x = start
                while x < end:
                    self.move(x, y)
                    if wc[x] == " ":
                        self._pen_for_blank(wp[x])
                    else:
                        self.set_pen(wp[x])
                    done = self._put(wc, x, width)
                    sc[x:done] = wc[x:done]
                    sp[x:done] = wp[x:done]
                    x = done

    def _erase_tail(self, x: int, y: int, pen: Pen, then: Pen | None, width: int) -> None:
        self.move(x, y)
        self._pen_for_blank(pen, then)
        self.out.append("\x1b[K")
        self.shown.chars[y][x:] = [" "] * (width - x)
        self.shown.pens[y][x:] = [pen] * (width - x)

    def _erasable(self, pen: Pen) -> bool:
        return pen.erasable and (self.bce or pen.bg is None)

    def _tail_erase(
        self, wc: list[str], wp: list[Pen], changed: list[int], width: int
    ) -> int | None:
        """Where to erase to the end of the row (EL): the first of the blanks to write from
        where every cell to the end is a blank of the row's last pen or is written anyway,
        when there are enough of them."""
        pen = wp[-1]
        if not changed or wc[-1] != " " or not self._erasable(pen):
            return None
        todo = set(changed)
        start = width
        while start > 0 and (wc[start - 1] == " " and wp[start - 1] is pen or start - 1 in todo):
            start -= 1
        blanks = [x for x in changed if x >= start and wc[x] == " " and wp[x] is pen]
        if len(blanks) < 4:
            return None
        return blanks[0]

    def _blank_run(
        self, wc: list[str], wp: list[Pen], sc: list[str], sp: list[Pen], x: int, width: int
    ) -> int:
        """The length of a run of blanks of one erasable pen from x up to its last changed
        cell, when an ECH plus the move past it is shorter than writing it; else 0."""
        pen = wp[x]
        if wc[x] != " " or not self._erasable(pen):
            return 0
        end = last = x
        while end < width and wc[end] == " " and wp[end] is pen:
            if sc[end] != " " or sp[end] is not pen:
                last = end
            end += 1
        n = last + 1 - x
        if n <= 2 * len(str(n)) + 6:
            return 0
        return n

    def _repeat_run(
        self,
        wc: list[str],
        wp: list[Pen],
        sc: list[str],
        sp: list[Pen],
        x: int,
        width: int,
        erase_at: int | None,
    ) -> int:
        """The length of a run of one narrow glyph and pen from x up to its last changed
        cell, when the glyph plus REP is shorter than writing it; else 0. As ncurses does,
        the run stops before the last column (and before a row's tail that EL erases)."""
        glyph, pen = wc[x], wp[x]
        if not repeatable(glyph):
            return 0
        limit = width - 1
        if erase_at is not None and x < erase_at < limit:
            limit = erase_at
        end = last = x
        while end < limit and wc[end] == glyph and wp[end] is pen:
            if sc[end] != glyph or sp[end] is not pen:
                last = end
            end += 1
        n = last + 1 - x
        if n < 3 or len(glyph.encode()) * (n - 1) <= len(str(n - 1)) + 3:
            return 0
        return n

    def _put(self, wc: list[str], x: int, width: int) -> int:
        """Write the glyph at x (the cursor and pen are set); the column after it."""
        glyph = wc[x]
        end = x + (2 if x + 1 < width and wc[x + 1] == TAIL else 1)
        if self.acs:
            line = self.acs.get(glyph)
            if line is not None and (self.graphics or worth_it(wc, x, self.acs)):
                if not self.graphics:
                    self.out.append(SMACS)
                    self.graphics = True
                self.out.append(line)
                self.cx = end if end < width else None
                return end
            if self.graphics:
                self._text_set()
        self.out.append(glyph)
        # Past the last column the cursor waits at the margin; an odd glyph's width is not
        # the same in every terminal: either way the next move is absolute.
        self.cx = end if end < width and sure_width(glyph) else None
        return end

    def _text_set(self) -> None:
        """Leave the alternate character set, if it is on."""
        if self.graphics:
            self.out.append(RMACS)
            self.graphics = False

    # -- moves ------------------------------------------------------------------------------
    def move(self, x: int, y: int) -> None:
        """Move the terminal's cursor to (x, y), the cheapest way."""
        cx, cy = self.cx, self.cy
        if cx == x and cy == y:
            return
        best = cup(x, y)
        cost = self._cost(best)
        options: list[str] = []
        if cy == y:
            if cx is not None:
                options.append(self._horizontal(cx, x, y))
            options.append("\r" + self._horizontal(0, x, y))
        elif cy is not None:
            dy = y - cy
            if dy > 0 and self.lf_ok and self.onlcr:
                options.append("\n" * dy + self._horizontal(0, x, y))
            vertical = _count("B", dy) if dy > 0 else _count("A", -dy)
            if cx is not None:
                options.append(vertical + self._horizontal(cx, x, y))
            options.append(vertical + "\r" + self._horizontal(0, x, y))
        for option in options:
            if (c := self._cost(option)) < cost:
                best, cost = option, c
        self.out.append(best)
        self.cx, self.cy = x, y

    def _horizontal(self, fx: int, tx: int, y: int) -> str:
        """From column fx to tx on row y (the cursor's row)."""
        if tx == fx:
            return ""
        if tx < fx:
            n = fx - tx
            return "\b" * n if n <= 3 else _count("D", n)
        step = _count("C", tx - fx)
        if tx - fx <= _GAP:
            rewrite = self._rewrite(fx, tx, y)
            if rewrite is not None and self._cost(rewrite) <= len(step):
                return rewrite
        return step

    def _rewrite(self, fx: int, tx: int, y: int) -> str | None:
        """The cells fx..tx-1 as the terminal shows them, when writing them again with the
        current pen moves the cursor to tx; else None."""
        sc, sp = self.shown.chars[y], self.shown.pens[y]
        pen = self.pen
        if pen is None or sc[fx] == TAIL or self.graphics:
            return None
        width = self.shown.width
        x = fx
        while x < tx:
            glyph = sc[x]
            cells = 2 if x + 1 < width and sc[x + 1] == TAIL else 1
            if x + cells > tx or not sure_width(glyph):
                return None
            if sp[x] is not pen and not (glyph == " " and pen.blank is sp[x]):
                return None
            x += cells
        return "".join(sc[fx:tx])
