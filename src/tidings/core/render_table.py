"""Tables laid out as `cell │ cell` lines: columns padded by cell width (CJK lines up),
wide columns shrunk to fit and their cells wrapped."""

from __future__ import annotations

import lxml.html
from rich.cells import cell_len
from rich.text import Text

from tidings.core.render_style import STYLE_BAR
from tidings.core.render_wrap import wrap_line

MAX_COLUMNS = 12  # table cells past this join the last column
TABLE_WIDTH = 78  # cells a table may take when no width is given
MIN_COLUMN = 8  # a column's least width when there is room for it
_SEP = " │ "


def table_rows(table: lxml.html.HtmlElement) -> list[tuple[list, bool]]:
    """The rows of `table` (not of tables nested in it): (cells, is a header row)."""
    rows = []
    for part in table:
        tag = part.tag if isinstance(part.tag, str) else ""
        if tag == "tr":
            trs, head = [part], False
        elif tag in ("thead", "tbody", "tfoot"):
            trs, head = [tr for tr in part if tr.tag == "tr"], tag == "thead"
        else:
            continue
        for tr in trs:
            cells = [c for c in tr if c.tag in ("td", "th")]
            if cells:
                rows.append((cells, head or all(c.tag == "th" for c in cells)))
    return rows


def fit(natural: list[int], budget: int, minimum: int = MIN_COLUMN) -> list[int]:
    """Column widths: natural widths when they fit, else narrow columns keep theirs and
    the wide ones share what is left. When `minimum` <= budget // columns the widths
    never add up to more than `budget`."""
    if sum(natural) <= budget:
        return natural
    widths = list(natural)
    left, columns = budget, len(natural)
    for col in sorted(range(len(natural)), key=natural.__getitem__):
        share = max(left // columns, minimum)
        widths[col] = min(natural[col], share)
        left -= widths[col]
        columns -= 1
    return widths


def _cell_lines(text: Text, width: int) -> list[Text]:
    if not text.plain:
        return [Text()]
    parts: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        parts.extend(wrap_line(line, width, 0, [], words=True) if line.plain else [Text()])
    return parts


def layout_table(rows: list[tuple[list[Text], bool]], width: int | None = None) -> list[Text]:
    """Rows as lines of `cell │ cell`, at most `width` cells wide (78 when None, which a
    table of many wide columns may exceed). When even two cells a column cannot fit,
    each row is one line of its cells joined by bars, for the caller to wrap."""
    columns = max(len(cells) for cells, _ in rows)
    limit = TABLE_WIDTH if width is None else width
    budget = limit - len(_SEP) * (columns - 1)
    minimum = MIN_COLUMN if width is None else min(MIN_COLUMN, budget // columns)
    if minimum < 2:
        sep = Text(_SEP, STYLE_BAR)
        return [sep.join(cells) for cells, _ in rows]
    natural = [1] * columns
    for cells, _ in rows:
        for c, text in enumerate(cells):
            longest = max(cell_len(line) for line in text.plain.split("\n"))
            natural[c] = max(natural[c], min(longest, limit))
    widths = fit(natural, budget, minimum)
    sep = Text(_SEP, STYLE_BAR)
    lines: list[Text] = []
    for r, (cells, header) in enumerate(rows):
        wrapped = [
            _cell_lines(cells[c] if c < len(cells) else Text(), widths[c]) for c in range(columns)
        ]
        for i in range(max(len(p) for p in wrapped)):
            line = Text()
            for c, parts in enumerate(wrapped):
                piece = parts[i].copy() if i < len(parts) else Text()
                piece.rstrip()
                if c:
                    line.append_text(sep)
                if c < columns - 1:
                    piece.pad_right(max(widths[c] - cell_len(piece.plain), 0))
                line.append_text(piece)
            line.rstrip()
            lines.append(line)
        if header and r == 0 and len(rows) > 1:
            lines.append(Text("─┼─".join("─" * w for w in widths), STYLE_BAR))
    return lines
