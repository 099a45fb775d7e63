"""The walk over a parsed HTML tree that writes browser-like collapsed, styled text:
blocks, lists, quotes, preformatted text, links numbered, tables handed to
`render_table`. With a width, every line is recorded with its indent so that
`render_wrap.reflow` can wrap it with a hanging indent."""

from __future__ import annotations

import re

import lxml.html
from rich.cells import cell_len
from rich.text import Text

from tidings.core.render_links import Links
from tidings.core.render_style import (
    STYLE_BAR,
    STYLE_CODE,
    STYLE_H,
    STYLE_H1,
    STYLE_H2,
    STYLE_IMAGE,
    STYLE_LINK,
    STYLE_MARKER,
    STYLE_NUMBER,
    STYLE_QUOTE,
    rule,
)
from tidings.core.render_table import MAX_COLUMNS, layout_table, table_rows
from tidings.core.render_wrap import Mark, reflow
from tidings.core.sanitize import clean, clean_line

MAX_TEXT = 300_000  # characters of rendered text
MAX_DEPTH = 120  # nesting deeper than this is flattened to its text

_INLINE_STYLES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "cite": "italic",
    "dfn": "italic",
    "var": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "strike": "strike",
    "del": "strike",
    "code": STYLE_CODE,
    "kbd": STYLE_CODE,
    "samp": STYLE_CODE,
    "tt": STYLE_CODE,
    "mark": "reverse",
}
_HEADINGS = {"h1": STYLE_H1, "h2": STYLE_H2, "h3": STYLE_H, "h4": STYLE_H, "h5": STYLE_H}
_HEADINGS["h6"] = STYLE_H
_PARAGRAPHS = frozenset("p figure address details fieldset".split())
_BLOCKS = frozenset(
    "div section article header footer main aside figcaption center summary dl hgroup"
    " caption legend".split()
)
_DROP = frozenset(
    "script style iframe form nav noscript svg math head title template object embed"
    " button input select textarea option canvas frame frameset dialog".split()
)
_BULLETS = ("• ", "◦ ", "▪ ")
_SPACES = re.compile(r"[ \t\n\r\f]+")  # what HTML collapses (not nbsp, not U+3000)


class Full(Exception):
    """Raised inside the walk when the output cap is reached."""


class _Indent:
    """One level of indentation: a list item (marker on its first line) or a quote bar."""

    __slots__ = ("marker", "rest", "style")

    def __init__(self, rest: str, marker: str | None = None, style: str = "") -> None:
        self.rest = rest
        self.marker = marker
        self.style = style


class Builder:
    """Walks an lxml tree and writes styled, browser-like collapsed text."""

    def __init__(self, links: Links, width: int | None = None) -> None:
        self.out = Text()
        self.links = links
        self.width = width
        self.marks: dict[int, Mark] = {}  # where each line starts -> how it wraps
        self.table_line = False
        self.styles: list[str] = []
        self.indents: list[_Indent] = []
        self.lists: list[list[int | None]] = []  # per open list: [next number] or [None]
        self.breaks = 0  # newlines wanted before the next text
        self.break_depth = 1 << 30  # blank lines get the quote bars of this many indents
        self.space = False  # a collapsed space is pending
        self.line_start = True
        self.pre = 0

    # -- writing -------------------------------------------------------------------------

    def block(self, newlines: int) -> None:
        """Ask for a line break (1) or a blank line (2) before the next text."""
        if self.out:
            self.breaks = max(self.breaks, newlines)
            self.break_depth = min(self.break_depth, len(self.indents))
        self.space = False

    def line_break(self) -> None:
        if self.out:
            self.breaks = min(self.breaks + 1, 2)
            self.break_depth = min(self.break_depth, len(self.indents))
        self.space = False

    def text(self, raw: str | None) -> None:
        if not raw:
            return
        raw = clean(raw)
        if self.pre:
            self._pre_text(raw)
            return
        collapsed = _SPACES.sub(" ", raw)
        if collapsed.startswith(" "):
            self.space = True
        words = collapsed.strip(" ")
        if words:
            self.emit(words, " ".join(self.styles))
            self.space = collapsed.endswith(" ")

    def _pre_text(self, raw: str) -> None:
        style = " ".join(self.styles)
        for i, line in enumerate(raw.split("\n")):
            if i:
                self.out.append("\n")
                self.line_start = True
            if line:
                self.emit(line.expandtabs(4), style)

    def emit(self, piece: str | Text, style: str = "") -> None:
        out = self.out
        if len(out) > MAX_TEXT:
            raise Full
        if self.breaks:
            bars = "".join(i.rest for i in self.indents[: self.break_depth]).rstrip()
            for n in range(self.breaks):
                out.append("\n")
                if bars and n < self.breaks - 1:
                    out.append(bars, STYLE_BAR)
            self.breaks = 0
            self.break_depth = 1 << 30
            self.line_start = True
        if self.line_start:
            if self.width is not None:
                self._mark()
            for indent in self.indents:
                if indent.marker is not None:
                    out.append(indent.marker, indent.style)
                    indent.marker = None
                else:
                    out.append(indent.rest, indent.style)
            self.line_start = False
        elif self.space:
            out.append(" ", style)
        self.space = False
        if isinstance(piece, Text):
            out.append_text(piece)
        else:
            out.append(piece, style)

    def _mark(self) -> None:
        """Records how the line starting here wraps: after its indent, with the indent's
        continuation (bars and spaces) on every further line; pre text is cut hard."""
        indents = self.indents
        prefix = sum(len(i.marker if i.marker is not None else i.rest) for i in indents)
        words = not self.pre or self.table_line
        self.marks[len(self.out)] = (prefix, [(i.rest, i.style) for i in indents], words)

    def indent_cells(self) -> int:
        return sum(cell_len(i.rest) for i in self.indents)

    def finish(self) -> Text:
        """The text written, its lines wrapped to the width if there is one."""
        text = self.out
        text.rstrip()
        if self.width is not None:
            text = reflow(text, self.marks, self.width)
        return text

    def _inline_note(self, note: str, style: str) -> None:
        """Writes `note` after a space, keeping any space that was pending after it."""
        pending = self.space
        self.space = True
        self.emit(note, style)
        self.space = pending

    # -- walking -------------------------------------------------------------------------

    def children(self, el: lxml.html.HtmlElement, depth: int) -> None:
        self.text(el.text)
        for child in el:
            self.walk(child, depth + 1)
            self.text(child.tail)

    def walk(self, el: lxml.html.HtmlElement, depth: int) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        tag = tag.rpartition("}")[2].lower()
        if tag in _DROP:
            return
        if depth > MAX_DEPTH:
            self.text(el.text_content())
            return
        style = _INLINE_STYLES.get(tag)
        if style is not None:
            self._styled(el, depth, style)
        elif tag in _PARAGRAPHS:
            self._block(el, depth, 2)
        elif tag in _BLOCKS or tag in ("tr", "body", "html"):
            self._block(el, depth, 1)
        elif tag in _HEADINGS:
            self.block(2)
            self._styled(el, depth, _HEADINGS[tag])
            self.block(2)
        elif tag == "br":
            self.line_break()
        elif tag == "hr":
            self.block(1)
            width = None if self.width is None else self.width - self.indent_cells()
            self.emit(rule(width), STYLE_BAR)
            self.block(1)
        elif tag == "a":
            self._link(el, depth)
        elif tag == "img":
            self._image(el)
        elif tag in ("video", "audio"):
            self._media(el, tag)
        elif tag in ("ul", "ol", "menu", "dir"):
            self._list(el, depth, ordered=tag == "ol")
        elif tag == "li":
            self._item(el, depth)
        elif tag == "dt":
            self.block(1)
            self._styled(el, depth, "bold")
            self.block(1)
        elif tag == "dd":
            self._indented(el, depth, _Indent("    "), 1)
        elif tag == "blockquote":
            self.styles.append(STYLE_QUOTE)
            self._indented(el, depth, _Indent("│ ", style=STYLE_BAR), 2)
            self.styles.pop()
        elif tag in ("pre", "listing", "xmp", "plaintext"):
            self.block(2)
            self.pre += 1
            self._styled(el, depth, STYLE_CODE)
            self.pre -= 1
            self.block(2)
        elif tag == "table":
            self._table(el, depth)
        elif tag in ("td", "th"):  # a cell outside any table row we laid out
            self.children(el, depth)
            self.space = True
        else:
            self.children(el, depth)

    def _styled(self, el: lxml.html.HtmlElement, depth: int, style: str) -> None:
        self.styles.append(style)
        self.children(el, depth)
        self.styles.pop()

    def _block(self, el: lxml.html.HtmlElement, depth: int, newlines: int) -> None:
        self.block(newlines)
        self.children(el, depth)
        self.block(newlines)

    def _indented(
        self, el: lxml.html.HtmlElement, depth: int, indent: _Indent, newlines: int
    ) -> None:
        self.block(newlines)
        self.indents.append(indent)
        self.children(el, depth)
        self.indents.pop()
        self.block(newlines)

    def _link(self, el: lxml.html.HtmlElement, depth: int) -> None:
        before = len(self.out)
        self._styled(el, depth, STYLE_LINK)
        if len(self.out) == before:
            return
        number = self.links.number(el.get("href"), el.text_content()[:1000])
        if number is not None:
            self._inline_note(f"[{number}]", STYLE_NUMBER)

    def _image(self, el: lxml.html.HtmlElement) -> None:
        alt = clean_line(el.get("alt") or el.get("title"))
        self._inline_note(f"[image: {alt}]" if alt else "[image]", STYLE_IMAGE)
        src = el.get("src")
        if not src or src.startswith("data:"):
            src = el.get("data-src") or src
        number = self.links.number(src, f"image: {alt}" if alt else "image")
        if number is not None:
            self._inline_note(f"[{number}]", STYLE_NUMBER)

    def _media(self, el: lxml.html.HtmlElement, tag: str) -> None:
        src = el.get("src")
        if not src:
            source = el.find(".//source")
            src = source.get("src") if source is not None else None
        number = self.links.number(src, tag)
        self._inline_note(f"[{tag}]", STYLE_IMAGE)
        if number is not None:
            self._inline_note(f"[{number}]", STYLE_NUMBER)

    def _list(self, el: lxml.html.HtmlElement, depth: int, *, ordered: bool) -> None:
        newlines = 1 if self.lists else 2
        start: int | None = None
        if ordered:
            try:
                start = max(-(10**6), min(int(el.get("start", "1")), 10**6))
            except ValueError:
                start = 1
        self.block(newlines)
        self.lists.append([start])
        self.children(el, depth)
        self.lists.pop()
        self.block(newlines)

    def _item(self, el: lxml.html.HtmlElement, depth: int) -> None:
        state = self.lists[-1] if self.lists else [None]
        if state[0] is None:
            marker = _BULLETS[min(max(len(self.lists) - 1, 0), len(_BULLETS) - 1)]
        else:
            marker = f"{state[0]}. "
            state[0] += 1
        indent = _Indent(" " * cell_len(marker), marker, STYLE_MARKER)
        self._indented(el, depth, indent, 1)

    # -- tables ----------------------------------------------------------------------------

    def _table(self, el: lxml.html.HtmlElement, depth: int) -> None:
        rows = table_rows(el)
        if max((len(cells) for cells, _ in rows), default=0) <= 1:
            self._block(el, depth, 1)  # a layout table: its cells are just blocks
            return
        caption = el.find("caption")
        if caption is not None:
            self.block(2)
            self._styled(caption, depth, "bold")
        self.block(2)
        texts: list[tuple[list[Text], bool]] = []
        for cells, header in rows:
            row: list[Text] = []
            for cell in cells:
                sub = Builder(self.links)
                sub.children(cell, depth + 1)
                text = sub.out
                text.rstrip()
                if cell.tag == "th":
                    text.stylize("bold")
                row.append(text)
            if len(row) > MAX_COLUMNS:
                last = Text(" ").join(row[MAX_COLUMNS - 1 :])
                row = row[: MAX_COLUMNS - 1] + [last]
            texts.append((row, header))
        width = None if self.width is None else max(self.width - self.indent_cells(), 1)
        self.table_line = True
        for line in layout_table(texts, width):
            self.emit(line)
            self.block(1)
        self.table_line = False
        self.block(2)
