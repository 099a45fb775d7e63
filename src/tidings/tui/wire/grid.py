"""A terminal's cells: a character (a grapheme) and a pen per cell, rows of lists.

A wide character (CJK, most emoji) takes two cells: the first holds it, the second holds
TAIL. A grid is kept well formed: a TAIL always follows a wide character and nothing else,
so writing over either half of a wide character blanks the other half (as terminals do).
Widths are Rich's (the same Textual lays the screen out with).
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import _is_single_cell_widths, cell_len, split_graphemes

from tidings.tui.wire.pen import Pen

TAIL = ""  # the right half of a wide character
_ZWJ = "\u200d"  # zero-width joiner: joins the characters on either side into one glyph

# Wide characters every terminal agrees are two cells (CJK, kana, hangul, full-width forms).
_SURE_WIDE = (
    (0x1100, 0x115F),
    (0x2E80, 0x303E),
    (0x3041, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA000, 0xA4CF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFE6),
)


@lru_cache(maxsize=8192)
def sure_width(glyph: str) -> bool:
    """True when every terminal gives `glyph` the width Rich gives it, so the cursor
    position after writing it is known. Emoji, combining marks and the like are not."""
    if len(glyph) != 1:
        return False
    code = ord(glyph)
    if 0x20 <= code < 0x7F or 0xA0 <= code < 0x300 and code != 0xAD:
        return True
    if 0x2500 <= code <= 0x259F:  # box drawing, block elements
        return True
    return any(lo <= code <= hi for lo, hi in _SURE_WIDE)


@lru_cache(maxsize=4096)
def repeatable(glyph: str) -> bool:
    """True when `glyph` is one character of one cell in every terminal: one that REP
    (CSI Ps b) may repeat with the cursor position known afterwards."""
    return sure_width(glyph) and not any(lo <= ord(glyph) <= hi for lo, hi in _SURE_WIDE)


def glyphs(text: str) -> list[tuple[str, int]]:
    """`text` as (grapheme, cells) pairs; a grapheme of 0 cells joins the cell before it."""
    if _is_single_cell_widths(text):
        return [(c, 1) for c in text]
    spans, _ = split_graphemes(text)
    return [(text[start:end], cells) for start, end, cells in spans]


class Grid:
    """width x height cells."""

    def __init__(self, width: int, height: int, pen: Pen) -> None:
        self.width = max(1, width)
        self.height = max(1, height)
        self.chars = [[" "] * self.width for _ in range(self.height)]
        self.pens = [[pen] * self.width for _ in range(self.height)]

    def fill(self, pen: Pen) -> None:
        for y in range(self.height):
            self.chars[y] = [" "] * self.width
            self.pens[y] = [pen] * self.width

    def resize(self, width: int, height: int, pen: Pen) -> None:
        """New size; the cells that remain keep their contents, new ones are blank."""
        width, height = max(1, width), max(1, height)
        chars, pens = self.chars[:height], self.pens[:height]
        for y in range(len(chars)):
            row_c, row_p = chars[y][:width], pens[y][:width]
            if len(row_c) < len(chars[y]) and chars[y][width] == TAIL:
                row_c[-1] = " "  # a wide character cut in half
                row_p[-1] = row_p[-1].blank
            row_c += [" "] * (width - len(row_c))
            row_p += [pen] * (width - len(row_p))
            chars[y], pens[y] = row_c, row_p
        while len(chars) < height:
            chars.append([" "] * width)
            pens.append([pen] * width)
        self.chars, self.pens = chars, pens
        self.width, self.height = width, height

    def scroll_up(self, pen: Pen) -> None:
        """The top row goes, a blank row comes in at the bottom."""
        del self.chars[0], self.pens[0]
        self.chars.append([" "] * self.width)
        self.pens.append([pen] * self.width)

    def erase(self, y: int, x1: int, x2: int, pen: Pen) -> None:
        """Blank cells x1..x2-1 of row y with `pen` (an erase: EL, ED, ECH)."""
        x1, x2 = max(0, x1), min(self.width, x2)
        if x1 >= x2:
            return
        chars, pens = self.chars[y], self.pens[y]
        self._unsplit(chars, pens, x1, x2)
        chars[x1:x2] = [" "] * (x2 - x1)
        pens[x1:x2] = [pen] * (x2 - x1)

    def _unsplit(self, chars: list[str], pens: list[Pen], x1: int, x2: int) -> None:
        """Cells x1..x2-1 are about to be overwritten: blank the half of a wide character
        that sticks out on either side."""
        if chars[x1] == TAIL and x1 > 0:
            chars[x1 - 1] = " "
            pens[x1 - 1] = pens[x1 - 1].blank
        if x2 < self.width and chars[x2] == TAIL:
            chars[x2] = " "
            pens[x2] = pens[x2].blank

    def rejoin(self, y: int, x: int, text: str) -> tuple[int, str] | None:
        """For a grapheme written in two pieces ("0" "\u200d0", "👨\u200d" "👩"): where
        the glyph before (x, y) starts and it with `text`, to be written again as if it
        had come in one piece; None when `text` does not join it."""
        if x <= 0 or not text:
            return None
        chars = self.chars[y]
        x = min(x, self.width)
        before = x - 2 if x > 1 and chars[x - 1] == TAIL else x - 1
        if chars[before].endswith(_ZWJ) or (
            not _is_single_cell_widths(text[0]) and cell_len(text[0]) == 0
        ):
            return before, chars[before] + text
        return None

    def put(self, y: int, x: int, text: str, pen: Pen) -> int:
        """Write `text` from (x, y) without wrapping (cells past the right edge overwrite
        the last cell); return the column after it (at most width)."""
        width = self.width
        chars, pens = self.chars[y], self.pens[y]
        joined = self.rejoin(y, x, text)
        if joined is not None:
            before, text = joined
            return self.put(y, before, text, pens[before])
        blank = pen.blank
        if _is_single_cell_widths(text):
            n = len(text)
            if x + n > width:  # no auto-wrap: the last cell ends up with the last char
                text = text[: max(0, width - x - 1)] + text[-1]
                x = min(x, width - 1)
                n = len(text)
            end = x + n
            self._unsplit(chars, pens, x, end)
            chars[x:end] = text
            pens[x:end] = [pen] * n
            if blank is not pen:
                i = text.find(" ")
                while i >= 0:
                    pens[x + i] = blank
                    i = text.find(" ", i + 1)
            return end
        for glyph, cells in glyphs(text):
            if cells == 0:
                if x > 0 and chars[x - 1] != TAIL:
                    chars[x - 1] += glyph
                elif x > 1 and chars[x - 1] == TAIL:
                    chars[x - 2] += glyph
                continue
            if x + cells > width:
                x = width - cells
                if x < 0:
                    continue  # a wide character in a one-cell-wide terminal
            self._unsplit(chars, pens, x, x + cells)
            chars[x] = glyph
            pens[x] = blank if glyph == " " else pen
            if cells == 2:
                chars[x + 1] = TAIL
                pens[x + 1] = pen
            x += cells
        return x
