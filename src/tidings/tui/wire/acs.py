"""Line drawing as curses does it: the VT100's alternate character set (ACS).

In UTF-8 a box-drawing character ("─", "│", "┌"...) is three bytes. Terminals of the
xterm family also draw lines from the DEC Special Graphics set: after ESC ( 0 ("smacs"),
"q" is drawn as "─", "x" as "│" and so on, until ESC ( B ("rmacs"). ncurses draws lines
this way on such terminals, so a rule across an 80-column screen costs 86 bytes instead
of 240. It also keeps lines one cell wide in terminals that draw box-drawing characters
two cells wide (CJK locales with ambiguous-width characters set to wide).
"""

from __future__ import annotations

SMACS, RMACS = "\x1b(0", "\x1b(B"

# DEC Special Graphics, as xterm draws it: what each byte 0x5f..0x7e shows after ESC ( 0.
DEC_GRAPHICS = dict(
    zip(
        "_`abcdefghijklmnopqrstuvwxyz{|}~",
        "\u00a0◆▒␉␌␍␊°±␤␋┘┐┌└┼⎺⎻─⎼⎽├┤┴┬│≤≥π≠£·",
        strict=True,
    )
)
DEC_TABLE = str.maketrans(DEC_GRAPHICS)

# The light lines, the ones Textual and tidings draw: only these are sent as ACS.
LINES = "jklmnqtuvwx"


def acs_map(acsc: str) -> dict[str, str]:
    """Box-drawing character -> the byte that draws it in the alternate set, from a
    terminfo `acsc` string (pairs: the VT100 character, then the terminal's)."""
    pairs = {acsc[i]: acsc[i + 1] for i in range(0, len(acsc) - 1, 2)}
    return {DEC_GRAPHICS[vt]: pairs[vt] for vt in LINES if pairs.get(vt) == vt}


def worth_it(glyphs: list[str], x: int, acs: dict[str, str]) -> bool:
    """Is the run of line characters from x long enough that switching to the alternate
    set and back (6 bytes) is cheaper than writing them in UTF-8?"""
    saved = 0
    for glyph in glyphs[x:]:
        if glyph not in acs:
            break
        saved += len(glyph.encode()) - 1
        if saved > len(SMACS) + len(RMACS):
            return True
    return False
