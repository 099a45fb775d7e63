"""Line breaking by terminal cells: CJK-aware (a break may fall before or after any wide
character, never inside one), long words and URLs folded, and hanging indents: a wrapped
line's continuation lines repeat its list indent or quote bar."""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

# Characters a line should not start with (closing punctuation, CJK small kana).
_NO_START = frozenset(
    "、。，．・：；？！ー」』）】〉》〕〙〛〗｝］…‥ゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    ",.!?:;)]}%"
)


def breaks(plain: str, width: int, *, words: bool = True) -> list[int]:
    """Offsets into `plain` (one line) where continuation lines start so that no line is
    wider than `width` cells once trailing spaces are dropped. With `words`, lines break
    at spaces and around wide characters, folding only words longer than a line;
    without, they are cut hard at the width."""
    width = max(width, 1)
    offsets: list[int] = []
    start = 0  # where the current line starts
    col = 0  # its cells so far
    cand = cand_prev = 0  # break opportunities (0: none on this line)
    cell_size = get_character_cell_size
    for i, ch in enumerate(plain):
        w = 1 if " " <= ch <= "~" else cell_size(ch)
        if words:
            if ch == " ":
                col += 1
                cand_prev, cand = cand, i + 1
                continue
            if w == 0 or ch in _NO_START:
                if cand == i:  # no break just before a combining mark or a closer
                    cand = cand_prev
            elif w == 2 and i > start:
                cand_prev, cand = cand, i  # a break may come before a wide character
        if col + w > width and i > start:
            if cand > start:
                offsets.append(cand)
                start = cand
                col = cell_len(plain[start:i])
            if col + w > width:  # no place to break, or a word too long: cut it here
                offsets.append(i)
                start = i
                col = 0
            cand = cand_prev = 0
        col += w
        if words and w == 2:
            cand_prev, cand = cand, i + 1  # ... or after one
    return offsets


def wrap_line(
    line: Text, width: int, prefix_len: int, indent: list[tuple[str, str]], *, words: bool
) -> list[Text]:
    """`line`, whose first `prefix_len` characters are its indent, wrapped to `width`
    cells; continuation lines start with `indent` ((text, style) pairs)."""
    plain = line.plain
    prefix_cells = cell_len(plain[:prefix_len])
    if width - prefix_cells < min(10, width // 2):  # too deep to indent: use the width
        prefix_len, prefix_cells, indent = 0, 0, []
    offsets = breaks(plain[prefix_len:], width - prefix_cells, words=words)
    if not offsets:
        return [line]
    parts = line.divide(prefix_len + o for o in offsets)
    lines = []
    for n, part in enumerate(parts):
        if words:
            part.rstrip()
        if n and indent:
            head = Text()
            for text, style in indent:
                head.append(text, style)
            head.append_text(part)
            part = head
        lines.append(part)
    return lines


Mark = tuple[int, list[tuple[str, str]], bool]  # prefix length, indent, breaks at words


def reflow(text: Text, marks: dict[int, Mark], width: int) -> Text:
    """`text` with every line wider than `width` cells wrapped. `marks` maps the offset
    where a line starts to how it wraps; lines without a mark are cut hard."""
    if all(cell_len(line) <= width for line in text.plain.split("\n")):
        return text
    out: list[Text] = []
    offset = 0
    for line in text.split("\n", allow_blank=True):
        start, offset = offset, offset + len(line) + 1
        if cell_len(line.plain) <= width:
            out.append(line)
            continue
        prefix_len, indent, words = marks.get(start, (0, [], False))
        out.extend(wrap_line(line, width, prefix_len, indent, words=words))
    return Text("\n").join(out)
