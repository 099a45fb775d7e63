"""Rebuilding the chosen container with a small tag whitelist (headings, paragraphs,
lists, tables, quotes, pre, absolute links and images), so scripts, styles and event
handlers never reach the output; and the plain text of the result."""

from __future__ import annotations

from lxml import etree

from tidings.core.page_text import abs_url, el_text, norm

_BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "table", "thead",
               "tbody", "tfoot", "tr", "th", "td", "blockquote", "pre", "figure", "figcaption",
               "caption", "dl", "dt", "dd", "hr"}  # fmt: skip
INLINE_TAGS = {"a", "img", "br", "em", "strong", "b", "i", "code", "sub", "sup", "u", "s", "q",
                "small", "mark", "abbr", "cite"}  # fmt: skip
_FLOW_UNWRAP = {"div", "section", "article", "main", "center", "span", "font", "body"}


def rebuild(src: etree._Element, base: str | None) -> etree._Element:
    """Rebuild `src` with the whitelist: block tags, inline tags, absolute links/images."""
    out = etree.Element("div")
    pending: list[etree._Element | None] = [None]  # open <p> for loose inline content

    def para() -> etree._Element:
        if pending[0] is None:
            pending[0] = etree.SubElement(out, "p")
        return pending[0]

    def flush() -> None:
        p = pending[0]
        if p is not None and not norm("".join(p.itertext())) and p.find(".//img") is None:
            out.remove(p)
        pending[0] = None

    def add_text(parent: etree._Element, text: str | None) -> None:
        if not text:
            return
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def inline(node: etree._Element, parent: etree._Element) -> None:
        """Copy node's content into parent (inside a block)."""
        add_text(parent, node.text)
        for child in node:
            if isinstance(child.tag, str):
                copy_inline(child, parent)
            add_text(parent, child.tail)

    def copy_inline(child: etree._Element, parent: etree._Element) -> None:
        tag = child.tag
        if tag == "img":
            img = _image(child, base)
            if img is not None:
                parent.append(img)
        elif tag == "br":
            etree.SubElement(parent, "br")
        elif tag == "a":
            url = abs_url(base, child.get("href"))
            if url:
                new = etree.SubElement(parent, "a", href=url)
                inline(child, new)
            else:
                inline(child, parent)
        elif tag in INLINE_TAGS:
            inline(child, etree.SubElement(parent, tag))
        elif tag in _BLOCK_TAGS and tag not in ("li", "td", "th", "tr", "dt", "dd"):
            block(child, parent)
        else:
            inline(child, parent)

    def block(node: etree._Element, parent: etree._Element) -> None:
        new = etree.SubElement(parent, node.tag)
        if node.tag in ("ul", "ol", "table", "thead", "tbody", "tfoot", "tr", "dl"):
            for child in node:
                if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS:
                    block(child, new) if child.tag != "table" or node.tag != "table" else None
        elif node.tag in ("td", "th"):
            for attr in ("colspan", "rowspan"):
                if node.get(attr, "").isdigit():
                    new.set(attr, node.get(attr))
            inline(node, new)
        elif node.tag == "pre":
            new.text = "".join(node.itertext())
        else:
            inline(node, new)

    def flow(node: etree._Element) -> None:
        if pending[0] is not None or node.text:
            add_text(para(), node.text) if norm(node.text) else None
        for child in node:
            if not isinstance(child.tag, str):
                continue
            tag = child.tag
            if tag in ("td", "th", "tr", "li", "dt", "dd", "thead", "tbody", "tfoot", "caption"):
                flush()  # a stray part of a table or list: its content is the flow
                flow(child)
                flush()
            elif tag in _BLOCK_TAGS:
                flush()
                if tag == "hr":
                    etree.SubElement(out, "hr")
                elif tag == "table" and _is_layout_table(child):
                    flow_table(child)
                else:
                    block(child, out)
            elif tag in _FLOW_UNWRAP or tag not in INLINE_TAGS:
                if tag in _FLOW_UNWRAP and _has_block(child):
                    flush()
                    flow(child)
                    flush()
                elif tag in ("div", "section", "article", "main", "center"):
                    flush()
                    inline(child, para())
                    flush()
                else:
                    inline(child, para())
            elif tag == "br":
                flush()
            else:
                copy_inline(child, para())
            if norm(child.tail):
                add_text(para(), child.tail)

    def flow_table(table: etree._Element) -> None:
        for cell in table.iter("td", "th"):
            if cell.find(".//td") is None:
                flush()
                flow(cell)
                flush()

    flow(src)
    flush()
    return out


def _has_block(el: etree._Element) -> bool:
    return any(
        isinstance(d.tag, str) and (d.tag in _BLOCK_TAGS or d.tag in ("div", "section"))
        for d in el.iterdescendants()
    )


def _is_layout_table(table: etree._Element) -> bool:
    """A table used for page layout (long text in cells, nested tables), not data."""
    if table.find(".//table") is not None:
        return True
    return any(len(el_text(td)) > 200 or td.find(".//p") is not None for td in table.iter("td"))


def _image(img: etree._Element, base: str | None) -> etree._Element | None:
    src = None
    for attr in ("data-src", "data-original", "data-lazy-src", "src"):
        src = abs_url(base, img.get(attr))
        if src:
            break
    if not src or img.get("width") in ("0", "1") or img.get("height") in ("0", "1"):
        return None
    new = etree.Element("img", src=src)
    alt = norm(img.get("alt"))
    if alt:
        new.set("alt", alt)
    return new


def _inline_text(el: etree._Element) -> str:
    """Text as a reader sees it: inline tags add no spaces, <br> breaks the line."""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.tag == "br":
            parts.append("\n")
        parts.append(e.text or "")
        for c in e:
            walk(c)
            parts.append(c.tail or "")

    walk(el)
    lines = (norm(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def plain_text(body: etree._Element) -> str:
    lines: list[str] = []
    for el in body.iter(
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "li",
        "pre",
        "tr",
        "dt",
        "dd",
        "figcaption",
        "caption",
    ):
        if el.tag == "pre":
            lines.append("".join(el.itertext()).strip("\n"))
        elif el.tag == "tr":
            lines.append("  ".join(_inline_text(c) for c in el if isinstance(c.tag, str)))
        elif el.tag in ("p", "li") and (
            el.find(".//p") is not None or el.find(".//li") is not None
        ):
            continue  # its inner paragraphs speak for it
        else:
            lines.append(_inline_text(el))
    return "\n".join(line for line in lines if line.strip())
