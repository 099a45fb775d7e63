"""The site's own links on an article page: previous / next article (from <link rel>,
anchors with rel, or "上一篇 / Previous" wording, with the linked title) and the
entries of "related / latest" sections."""

from __future__ import annotations

import re

from lxml import etree

from tidings.core.models import SiteLink
from tidings.core.page_text import abs_url, el_text, norm

MAX_RELATED = 20


_PREV_WORDS = "上一篇|上一页|上一条|上篇|previous|prev|older"
_NEXT_WORDS = "下一篇|下一页|下一条|下篇|next|newer"
_END_WORD = r"(?=$|[\s:：»›→<>\-–—|（(])"
_PREV_RE = re.compile(rf"^[«‹←<\s]*({_PREV_WORDS}){_END_WORD}", re.IGNORECASE)
_NEXT_RE = re.compile(rf"^[«‹←<\s]*({_NEXT_WORDS}){_END_WORD}", re.IGNORECASE)
_RELATED_LABEL_RE = re.compile(
    r"^(?:相关阅读|相关新闻|相关文章|相关报道|相关链接|最近更新|最新文章|最新新闻|最新资讯|延伸阅读|"
    r"推荐阅读|热点推荐|related(?: stories| articles| news| content| posts)?|more stories|"
    r"more from|latest(?: news| stories| articles| posts)?|recent posts|read more|"
    r"you may also like|further reading)\s*[:：]?$",
    re.IGNORECASE,
)


_NOT_TITLES = {"", "post", "posts", "page", "article", "articles", "story", "stories", "entry",
               "entries", "篇", "页", "没有了", "无", "none"}  # fmt: skip


def _link_title(text: str, pattern: re.Pattern[str]) -> str:
    """The linked article's title from "上一篇：Title" / "« Previous: Title" ("" if none)."""
    rest = pattern.sub("", text, count=1)
    rest = re.sub(r"^[\s:：\-–—«»‹›<>←→]+|[\s«»‹›<>←→]+$", "", rest)
    return "" if rest.lower() in _NOT_TITLES else rest


def _prev_next(a: etree._Element) -> tuple[str, str] | None:
    """("prev"|"next", title) for an anchor that is a previous/next link, else None."""
    rel = (a.get("rel") or "").lower().split()
    text = el_text(a)
    if "prev" in rel or "previous" in rel:
        return "prev", _link_title(text, _PREV_RE)
    if "next" in rel:
        return "next", _link_title(text, _NEXT_RE)
    if len(text) > 200:
        return None
    for kind, pattern in (("prev", _PREV_RE), ("next", _NEXT_RE)):
        if pattern.match(text):
            return kind, _link_title(text, pattern)
    # "上一篇：<a>Title</a>": the marker sits in the text just before the anchor
    prev = a.getprevious()
    before = (prev.tail if prev is not None else a.getparent().text) or ""
    before = norm(before)[-12:]
    for kind, words in (("prev", _PREV_WORDS), ("next", _NEXT_WORDS)):
        if re.search(rf"(?:{words})\s*[:：]?\s*$", before, re.IGNORECASE):
            return kind, text
    return None


def find_site_links(root: etree._Element, base: str | None) -> list[SiteLink]:
    out: list[SiteLink] = []
    seen: set[str] = set()
    here = base.split("#")[0] if base else None

    def add(kind: str, href: str | None, title: str) -> None:
        url = abs_url(base, href)
        if url and url.split("#")[0] != here and url not in seen:
            seen.add(url)
            out.append(SiteLink(kind, url, title))

    for el in root.iter("link"):
        rel = (el.get("rel") or "").lower().split()
        if "prev" in rel or "previous" in rel:
            add("prev", el.get("href"), "")
        elif "next" in rel:
            add("next", el.get("href"), "")
    for a in root.iter("a"):
        found = _prev_next(a)
        if found is None:
            continue
        kind, title = found
        url = abs_url(base, a.get("href"))
        if url is None:
            continue
        if url in seen:  # a <link rel> gave the URL but no title: fill it in
            out = [
                SiteLink(s.kind, s.url, title) if s.url == url and not s.title else s for s in out
            ]
        else:
            add(kind, url, title)
    order = {el: i for i, el in enumerate(root.iter())}
    related = 0
    for label in root.iter(
        "h2", "h3", "h4", "h5", "h6", "div", "span", "p", "strong", "b", "dt", "li", "em"
    ):
        if related >= MAX_RELATED or len(label) > 3 or not _RELATED_LABEL_RE.match(el_text(label)):
            continue
        if label.find(".//a") is not None and el_text(label.find(".//a")) == el_text(label):
            continue  # a label that is itself a link is not a section title
        container = label.getparent()
        for _ in range(2):
            if container is None or container.tag in ("body", "html"):
                break
            end = order[label] + sum(1 for _ in label.iter())  # anchors after the label
            anchors = [a for a in container.iter("a") if order.get(a, 0) >= end]
            if anchors:
                for a in anchors:
                    title = el_text(a)
                    if len(title) >= 4 and related < MAX_RELATED and _prev_next(a) is None:
                        before = len(out)
                        add("related", a.get("href"), title)
                        related += len(out) - before
                break
            container = container.getparent()
    return out
