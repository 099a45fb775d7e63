"""HTML -> rich `Text` for the reading pane and `tidings show`.

Feed HTML is hostile: it is parsed without network or entity expansion, sizes and depth
are capped, every text node goes through `sanitize.clean`, and only http(s)/mailto links
are numbered. Widths are measured in terminal cells (`rich.cells.cell_len`), so CJK
tables line up and wrapping never cuts a character.
"""

from __future__ import annotations

import html as htmllib
import io
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import lxml.html
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tidings.core import models
from tidings.core.sanitize import clean, clean_line, safe_url

MAX_HTML = 1_000_000  # characters of HTML we look at
MAX_TEXT = 300_000  # characters of rendered text
MAX_DEPTH = 120  # nesting deeper than this is flattened to its text
MAX_COLUMNS = 12  # table cells past this join the last column
TABLE_WIDTH = 78  # cells a table may take before its columns wrap
MIN_COLUMN = 8
RULE = "─" * 32
CACHE_SIZE = 64

STYLE_H1 = "bold underline magenta"
STYLE_H2 = "bold underline"
STYLE_H = "bold"
STYLE_LINK = "underline blue"
STYLE_NUMBER = "dim"
STYLE_CODE = "cyan"
STYLE_QUOTE = "italic"
STYLE_BAR = "dim"
STYLE_IMAGE = "magenta"
STYLE_MARKER = "bold"

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
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# A console used only to measure and wrap table cells.
_MEASURE = Console(file=io.StringIO(), width=TABLE_WIDTH, color_system=None, legacy_windows=False)


@dataclass
class RenderedArticle:
    """Styled text for the reader, and the targets of its numbered links ([1] is
    `links[0]`)."""

    text: Text
    links: list[str]


class _Full(Exception):
    """Raised inside the walk when the output cap is reached."""


class _Links:
    """Numbered link targets; the same target keeps its number."""

    def __init__(self, base_url: str | None) -> None:
        self.base = safe_url(base_url)
        self.urls: list[str] = []
        self._numbers: dict[str, int] = {}

    def number(self, href: str | None) -> int | None:
        """The number of `href` (resolved against the base), or None if it is not a
        link we would open."""
        if not href:
            return None
        href = clean(href).strip()
        if not href or href.startswith("#"):
            return None
        if self.base:
            try:
                href = urljoin(self.base, href)
            except ValueError:
                return None
        url = safe_url(href)
        if url is None:
            return None
        if url not in self._numbers:
            self.urls.append(url)
            self._numbers[url] = len(self.urls)
        return self._numbers[url]


class _Indent:
    """One level of indentation: a list item (marker on its first line) or a quote bar."""

    __slots__ = ("marker", "rest", "style")

    def __init__(self, rest: str, marker: str | None = None, style: str = "") -> None:
        self.rest = rest
        self.marker = marker
        self.style = style


class _Builder:
    """Walks an lxml tree and writes styled, browser-like collapsed text."""

    def __init__(self, links: _Links) -> None:
        self.out = Text()
        self.links = links
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
            self._emit(words, " ".join(self.styles))
            self.space = collapsed.endswith(" ")

    def _pre_text(self, raw: str) -> None:
        style = " ".join(self.styles)
        for i, line in enumerate(raw.split("\n")):
            if i:
                self.out.append("\n")
                self.line_start = True
            if line:
                self._emit(line.expandtabs(4), style)

    def _emit(self, piece: str | Text, style: str = "") -> None:
        out = self.out
        if len(out) > MAX_TEXT:
            raise _Full
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

    def _inline_note(self, note: str, style: str) -> None:
        """Writes `note` after a space, keeping any space that was pending after it."""
        pending = self.space
        self.space = True
        self._emit(note, style)
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
            self._emit(RULE, STYLE_BAR)
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
        number = self.links.number(el.get("href"))
        if number is not None:
            self._inline_note(f"[{number}]", STYLE_NUMBER)

    def _image(self, el: lxml.html.HtmlElement) -> None:
        alt = clean_line(el.get("alt") or el.get("title"))
        self._inline_note(f"[image: {alt}]" if alt else "[image]", STYLE_IMAGE)
        src = el.get("src")
        if not src or src.startswith("data:"):
            src = el.get("data-src") or src
        number = self.links.number(src)
        if number is not None:
            self._inline_note(f"[{number}]", STYLE_NUMBER)

    def _media(self, el: lxml.html.HtmlElement, tag: str) -> None:
        src = el.get("src")
        if not src:
            source = el.find(".//source")
            src = source.get("src") if source is not None else None
        number = self.links.number(src)
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
        rows = _table_rows(el)
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
                sub = _Builder(self.links)
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
        for line in _layout_table(texts):
            self._emit(line)
            self.block(1)
        self.block(2)


def _table_rows(table: lxml.html.HtmlElement) -> list[tuple[list, bool]]:
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


def _fit(natural: list[int], budget: int) -> list[int]:
    """Column widths: natural widths when they fit, else narrow columns keep theirs and
    the wide ones share what is left."""
    if sum(natural) <= budget:
        return natural
    widths = list(natural)
    left, columns = budget, len(natural)
    for col in sorted(range(len(natural)), key=natural.__getitem__):
        share = max(left // columns, MIN_COLUMN)
        widths[col] = min(natural[col], share)
        left -= widths[col]
        columns -= 1
    return widths


def _layout_table(rows: list[tuple[list[Text], bool]]) -> list[Text]:
    """Rows as lines of `cell │ cell`, columns padded by cell width, cells wrapped."""
    columns = max(len(cells) for cells, _ in rows)
    natural = [1] * columns
    for cells, _ in rows:
        for c, text in enumerate(cells):
            longest = max((cell_len(line) for line in text.plain.split("\n")), default=0)
            natural[c] = max(natural[c], min(longest, TABLE_WIDTH))
    widths = _fit(natural, TABLE_WIDTH - 3 * (columns - 1))
    sep = Text(" │ ", STYLE_BAR)
    lines: list[Text] = []
    for r, (cells, header) in enumerate(rows):
        wrapped = []
        for c in range(columns):
            text = cells[c] if c < len(cells) else Text()
            parts: list[Text] = []
            for line in text.split("\n", allow_blank=True) if text.plain else [Text()]:
                parts.extend(line.wrap(_MEASURE, widths[c]) if line.plain else [Text()])
            wrapped.append(parts)
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


class _TooDeep(Exception):
    """libxml2 stopped at its depth limit and dropped the rest of the page."""


def _parse(html: str) -> lxml.html.HtmlElement | None:
    # A parser per call: its error log is ours alone, whatever thread we run on. The
    # HTML parser loads no DTDs or external entities; no network, no huge trees.
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, recover=True
    )
    root = lxml.html.document_fromstring(_XML_DECL.sub("", html), parser=parser)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise _TooDeep
    body = root.find("body")
    return body if body is not None else root


_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(r"<(?:/?p|br|/?div|/?li|/?h[1-6]|/?tr)\b[^>]*>", re.IGNORECASE)


def _strip_tags(html: str) -> str:
    """Markup removed by pattern, for pages the parser gave up on."""
    html = _BLOCK_TAG.sub("\n", _SCRIPTS.sub(" ", html))
    return _TAG.sub(" ", html)


def _plain_paragraphs(text: str) -> Text:
    """Text without markup: its line breaks kept, runs of spaces collapsed."""
    text = clean(htmllib.unescape(text))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return Text(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip())


def render_html(html: str, *, base_url: str | None = None) -> RenderedArticle:
    """Styled text for an HTML fragment or page, links numbered. Never raises: on
    anything unexpected the text falls back to plain."""
    html = (html or "")[:MAX_HTML]
    links = _Links(base_url)
    if "<" not in html:
        return RenderedArticle(_plain_paragraphs(html), [])
    builder = _Builder(links)
    try:
        root = _parse(clean(html))
        if root is not None:
            try:
                builder.walk(root, 0)
            except _Full:
                builder.block(2)
                builder._emit("[… article truncated]", "dim")
        text = builder.out
        text.rstrip()
        return RenderedArticle(text, links.urls)
    except Exception:  # hostile markup must never take the reader down
        return RenderedArticle(_plain_paragraphs(_strip_tags(html)), [])


# -- whole articles ----------------------------------------------------------------------


def _local_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _size(length: int | None) -> str:
    if not length or length <= 0:
        return ""
    size = float(length)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def _render_article(article: models.Article) -> RenderedArticle:
    text = Text()
    text.append(clean_line(article.title) or "(untitled)", "bold")
    moment = article.published or article.updated
    meta = [
        clean_line(article.feed_title),
        clean_line(article.author),
        _local_time(moment) if moment else "",
    ]
    meta_line = " · ".join(part for part in meta if part)
    if meta_line:
        text.append("\n" + meta_line, "dim")
    link = safe_url(article.link)
    if link:
        text.append("\n")
        text.append(link, STYLE_LINK)
    text.append("\n" + RULE + "\n", STYLE_BAR)
    if article.full_text:
        text.append("Full text from the web page\n\n", "dim")
    elif article.full_text_error:
        reason = clean_line(article.full_text_error)
        text.append(f"Full text unavailable: {reason}; showing the feed's text\n\n", "dim")
    body = render_html(article.body_html, base_url=link)
    text.append_text(body.text)
    links = list(body.links)
    numbers = {url: n for n, url in enumerate(links, 1)}
    attachments = []
    for enclosure in article.enclosures:
        url = safe_url(enclosure.url)
        if url is None:
            continue
        if url not in numbers:
            links.append(url)
            numbers[url] = len(links)
        label = ", ".join(
            part
            for part in (
                clean_line(enclosure.title),
                clean_line(enclosure.type),
                _size(enclosure.length),
            )
            if part
        )
        attachments.append((label, numbers[url]))
    if attachments:
        text.append("\n\n")
        for label, number in attachments:
            text.append(f"[attachment{': ' + label if label else ''}]", STYLE_IMAGE)
            text.append(f" [{number}]\n", STYLE_NUMBER)
        text.rstrip()
    if links:
        text.append("\n\nLinks:", "bold")
        for number, url in enumerate(links, 1):
            text.append(f"\n[{number}] ", STYLE_NUMBER)
            text.append(url, STYLE_LINK)
    return RenderedArticle(text, links)


_cache: OrderedDict[tuple[int, int], RenderedArticle] = OrderedDict()
_cache_lock = threading.Lock()


def _cache_key(article: models.Article) -> tuple[int, int]:
    inputs = (
        article.body_html,
        article.title,
        article.feed_title,
        article.author,
        article.published,
        article.updated,
        article.link,
        article.full_text is not None,
        article.full_text_error,
        tuple(article.enclosures),
    )
    return article.id, hash(inputs)


def render_article(article: models.Article) -> RenderedArticle:
    """The reading pane's text for `article`: header (title; feed · author · local date;
    link), a rule, the body, attachments and the numbered "Links:" list. Cached (LRU)
    by article id and a hash of what is shown; callers get their own copy."""
    key = _cache_key(article)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
    if hit is None:
        hit = _render_article(article)
        with _cache_lock:
            _cache[key] = hit
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return RenderedArticle(hit.text.copy(), list(hit.links))


# -- output for the CLI ------------------------------------------------------------------


def _print(text: Text, width: int, *, colour: bool) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=max(width, 1),
        color_system="auto" if colour else None,
        force_terminal=colour,
        no_color=not colour,
        soft_wrap=False,
        emoji=False,
        markup=False,
        highlight=False,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
    )
    console.print(text)
    return buffer.getvalue()


def to_plain(text: Text, width: int) -> str:
    """`text` wrapped to `width` cells as plain text (CJK by cell width; long words and
    URLs broken)."""
    lines = _print(text, width, colour=False).split("\n")
    return "\n".join(line.rstrip() for line in lines).rstrip("\n") + "\n"


def to_ansi(text: Text, width: int) -> str:
    """`text` wrapped to `width` cells with ANSI styles, for a terminal."""
    return _print(text, width, colour=True)
