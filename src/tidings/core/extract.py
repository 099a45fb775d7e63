"""Full-article extraction from a web page: body, metadata and the site's own links.

The page is parsed with lxml.html (no network, no huge trees), obvious boilerplate is
dropped by tag, role and class/id words (nav, footer, share, comment, related, ad...),
and the article container is chosen by a CJK-aware text-density score (characters and
sentence punctuation, not words), preferring <article>, itemprop=articleBody and common
content classes when they hold the text. The container is rebuilt with a small tag
whitelist, so scripts, styles and event handlers never reach the output.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from tidings.core.models import SiteLink

MAX_CHARS = 4_000_000  # pages above this are cut before parsing
MAX_RELATED = 20


class ExtractError(Exception):
    """The page holds nothing that looks like an article."""


@dataclass
class Extracted:
    title: str | None
    author: str | None
    published: datetime | None
    lead_image: str | None
    html: str  # clean body: headings, paragraphs, lists, tables, quotes, pre, links, images
    text: str  # plain text of the body
    site_links: list[SiteLink] = field(default_factory=list)


# -- text helpers ---------------------------------------------------------------------------

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_WS_RE = re.compile(r"\s+")
_PUNCT_RE = re.compile(r"[，。！？；、,.!?;:：]")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _norm(text: str | None) -> str:
    return _WS_RE.sub(" ", text or "").strip()


def _text(el: etree._Element) -> str:
    return _norm(" ".join(el.itertext()))


def _tokens_of(el: etree._Element) -> set[str]:
    """Lower-cased words of an element's class and id (camelCase, - and _ split)."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not raw.strip():
        return set()
    raw = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", raw)
    return {t for t in re.split(r"[^a-zA-Z0-9]+", raw.lower()) if t}


# -- boilerplate patterns ---------------------------------------------------------------

_DROP_TAGS = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "svg", "canvas",
    "form", "button", "input", "select", "textarea", "object", "embed", "nav", "aside",
    "footer", "header", "dialog", "menu", "link", "meta", "audio", "video", "map",
}  # fmt: skip
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu"}
_STRONG_NEG = {
    "nav", "navbar", "navigation", "menu", "menubar", "footer", "sidebar", "comment", "comments",
    "reply", "share", "sharing", "social", "sns", "bshare", "jiathis", "related", "recommend",
    "recommended", "ad", "ads", "advert", "advertisement", "adv", "sponsor", "promo", "banner",
    "breadcrumb", "breadcrumbs", "crumb", "crumbs", "copyright", "report", "jubao", "feedback",
    "pagination", "pager", "prevnext", "toolbar", "widget", "latest", "recent", "popular", "hot",
    "rank", "ranking", "login", "subscribe", "newsletter", "popup", "modal", "cookie", "gotop",
    "backtop", "masthead", "topbar", "byline", "dateline", "pubtime", "source", "editor-name",
    "tags", "keywords", "print", "fontsize", "zihao", "errata", "jiucuo", "qrcode", "ewm",
}  # fmt: skip
_WEAK_NEG = {"side", "foot", "bottom", "top", "header", "head", "more", "meta", "info", "tag",
             "author", "date", "time", "search", "extra", "links", "list", "aux", "tool", "tools"}  # fmt: skip
_POSITIVE = {"article", "body", "content", "entry", "main", "post", "story", "text", "blog",
             "detail", "editor", "trs", "con", "zw", "txt", "news", "cont"}  # fmt: skip
_PREFERRED = {
    "content", "article-content", "article_content", "articlecontent", "post-body",
    "post-content", "entry-content", "article-body", "articlebody", "story-body", "trs_editor",
    "main-content", "news-content", "news_content", "detail-content", "text", "zoom",
    "article-text", "content-body", "post-text", "newstext", "art_content", "contentarea",
}  # fmt: skip
_BOILER_TEXT_RE = re.compile(
    r"^(?:分享到|分享至|分享：|举报|反馈|【纠错】|纠错|责任编辑|编辑[:：]|来源[:：]|作者[:：]|"
    r"打印|关闭窗口|返回顶部|扫一扫|【字号|字号[:：]|相关阅读|相关新闻|推荐阅读|"
    r"(?:share(?: this| on \w+)?|tweet|email(?: this)?|print(?: this)?|advertisement|广告)\W*$|"
    r"copyright\b|©|\(c\)|all rights reserved|(?:edited|editing|reporting) by\b)",
    re.IGNORECASE,
)
_BOILER_ANY_RE = re.compile(r"ICP备|ICP证|版权所有|all rights reserved|公网安备", re.IGNORECASE)

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


def _is_boilerplate(el: etree._Element) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _DROP_TAGS:
        return True
    if (el.get("role") or "").lower() in _DROP_ROLES:
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    toks = _tokens_of(el)
    if not toks:
        return False
    if toks & _STRONG_NEG or any(t.startswith(("advert", "sidebar", "comment")) for t in toks):
        return True
    return bool(toks & _WEAK_NEG) and not (toks & _POSITIVE)


def _is_preferred(el: etree._Element) -> bool:
    if el.tag == "article" or (el.get("itemprop") or "").lower() == "articlebody":
        return True
    names = {(el.get("id") or "").lower()} | {c.lower() for c in (el.get("class") or "").split()}
    return bool(names & _PREFERRED)


# -- parsing -------------------------------------------------------------------------------


def _parse(html: str) -> etree._Element:
    html = _CONTROL_RE.sub("", html[:MAX_CHARS])
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=False
    )
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError("no article found on the page") from exc
    return root


def _abs_url(base: str | None, href: str | None) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    url = urljoin(base, href) if base else href
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return None
    return url


# -- metadata ------------------------------------------------------------------------------

_TITLE_SEP_RE = re.compile(r"\s+[-|–—·]\s+|_|\s*[|｜]\s*|\s+--\s+")


def _meta(root: etree._Element, *names: str) -> str | None:
    for name in names:
        for el in root.iter("meta"):
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
            if key == name and _norm(el.get("content")):
                return _norm(el.get("content"))
    return None


def _title(root: etree._Element) -> str | None:
    doc_title = _norm(root.findtext(".//title"))
    h1s = [_text(h) for h in root.iter("h1")]
    h1s = [h for h in h1s if h]
    for h in h1s:  # the <h1> that the <title> starts with is the article's title
        if doc_title and (doc_title.startswith(h) or h in doc_title):
            return h
    og = _meta(root, "og:title", "twitter:title")
    if og:
        return _TITLE_SEP_RE.split(og)[0].strip() or og
    if doc_title:
        parts = [p.strip() for p in _TITLE_SEP_RE.split(doc_title) if p.strip()]
        return parts[0] if parts else doc_title
    return h1s[0] if h1s else None


_CN_DATE_RE = re.compile(
    r"(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
)


def _parse_date(value: str | None, cjk: bool) -> datetime | None:
    value = _norm(value)
    if not value:
        return None
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        m = _CN_DATE_RE.search(value)
        if m:
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
            try:
                dt = datetime(y, mo, d, h, mi, s)
            except ValueError:
                return None
    if dt is None:
        return None
    if dt.tzinfo is None:  # naive: Chinese sites mean Beijing time, others we take as UTC
        dt = dt.replace(tzinfo=timezone(timedelta(hours=8)) if cjk else UTC)
    return dt.astimezone(UTC)


def _published(root: etree._Element, cjk: bool) -> datetime | None:
    value = _meta(
        root, "article:published_time", "og:published_time", "datepublished", "pubdate",
        "publishdate", "publish_date", "dc.date", "dc.date.issued", "date", "sailthru.date",
    )  # fmt: skip
    if value is None:
        for el in root.iter():
            if (el.get("itemprop") or "").lower() == "datepublished":
                value = el.get("content") or el.get("datetime") or _text(el)
                break
    if value is None:
        t = next((t for t in root.iter("time") if t.get("datetime")), None)
        value = t.get("datetime") if t is not None else None
    if value is None:
        for el in root.iter("span", "div", "p", "em"):
            if _tokens_of(el) & {"date", "time", "pubtime", "pubdate", "publish", "info"}:
                if m := _CN_DATE_RE.search(_text(el)):
                    value = m.group(0)
                    break
    return _parse_date(value, cjk)


_BY_RE = re.compile(r"^(?:by|作者[:：]?|文[/:：]|记者[:：]?)\s*", re.IGNORECASE)


def _author(root: etree._Element) -> str | None:
    value = _meta(root, "author", "article:author", "byl", "dc.creator", "twitter:creator")
    if value and not value.startswith(("http://", "https://")):
        return _BY_RE.sub("", value).strip() or None
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if (el.get("itemprop") or "").lower() == "author" or (el.get("rel") or "") == "author":
            text = _text(el)
        elif _tokens_of(el) & {"byline", "author"}:
            text = _text(el)
        else:
            continue
        if 0 < len(text) <= 60:
            return _BY_RE.sub("", text).strip() or None
    return None


# -- site links ----------------------------------------------------------------------------


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
    text = _text(a)
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
    before = _norm(before)[-12:]
    for kind, words in (("prev", _PREV_WORDS), ("next", _NEXT_WORDS)):
        if re.search(rf"(?:{words})\s*[:：]?\s*$", before, re.IGNORECASE):
            return kind, text
    return None


def _site_links(root: etree._Element, base: str | None) -> list[SiteLink]:
    out: list[SiteLink] = []
    seen: set[str] = set()
    here = base.split("#")[0] if base else None

    def add(kind: str, href: str | None, title: str) -> None:
        url = _abs_url(base, href)
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
        url = _abs_url(base, a.get("href"))
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
        if related >= MAX_RELATED or len(label) > 3 or not _RELATED_LABEL_RE.match(_text(label)):
            continue
        if label.find(".//a") is not None and _text(label.find(".//a")) == _text(label):
            continue  # a label that is itself a link is not a section title
        container = label.getparent()
        for _ in range(2):
            if container is None or container.tag in ("body", "html"):
                break
            end = order[label] + sum(1 for _ in label.iter())  # anchors after the label
            anchors = [a for a in container.iter("a") if order.get(a, 0) >= end]
            if anchors:
                for a in anchors:
                    title = _text(a)
                    if len(title) >= 4 and related < MAX_RELATED and _prev_next(a) is None:
                        before = len(out)
                        add("related", a.get("href"), title)
                        related += len(out) - before
                break
            container = container.getparent()
    return out


# -- body ----------------------------------------------------------------------------------

_BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "table", "thead",
               "tbody", "tfoot", "tr", "th", "td", "blockquote", "pre", "figure", "figcaption",
               "caption", "dl", "dt", "dd", "hr"}  # fmt: skip
_INLINE_TAGS = {"a", "img", "br", "em", "strong", "b", "i", "code", "sub", "sup", "u", "s", "q",
                "small", "mark", "abbr", "cite"}  # fmt: skip
_FLOW_UNWRAP = {"div", "section", "article", "main", "center", "span", "font", "body"}
_PARA_TAGS = ("p", "pre", "td", "div", "blockquote", "li", "section")


def _strip_boilerplate(root: etree._Element, total: int) -> None:
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            if el.getparent() is not None:
                el.drop_tree()
            continue
        if el.tag in ("html", "body", "head") or el.getparent() is None:
            continue
        if _is_boilerplate(el):
            if el.tag not in _DROP_TAGS and len(_text(el)) > max(total * 0.6, 400):
                continue  # a page-wide wrapper that happens to say "sidebar": keep
            el.drop_tree()


def _link_density(el: etree._Element, text_len: int) -> float:
    if not text_len:
        return 1.0
    return min(1.0, sum(len(_text(a)) for a in el.iter("a")) / text_len)


def _choose(body: etree._Element) -> etree._Element | None:
    scores: dict[etree._Element, float] = {}
    for el in body.iter(*_PARA_TAGS):
        text = _text(el) if el.tag in ("p", "pre", "li") else _own_text(el)
        size = len(text.replace(" ", ""))
        if size < 15:
            continue
        score = 1 + len(_PUNCT_RE.findall(text)) + min(size // 60, 4)
        if el.tag == "li":
            score *= 0.5
        chain = _ancestors(el, 3)
        if el.tag in ("div", "td") and size > 400:  # a <br>-separated body in one cell
            chain = [el, *chain[:2]]
        for depth, anc in enumerate(chain):
            if anc is None:
                break
            if anc not in scores:
                scores[anc] = _initial(anc)
            scores[anc] += score / (1, 2, 3)[depth]
    if not scores:
        return None
    best, best_score = None, -1e9
    for el, score in scores.items():
        final = score * (1 - _link_density(el, len(_text(el))))
        if final > best_score:
            best, best_score = el, final
    assert best is not None
    best_len = len(_text(best))
    for anc in [best, *best.iterancestors()]:  # a preferred container around the best
        if _is_preferred(anc):
            anc_len = len(_text(anc))
            if anc_len <= best_len * 1.6 and _link_density(anc, anc_len) < 0.3:
                return anc
            break
    for el in best.iter():  # or a preferred container inside it holding most of its text
        if el is not best and isinstance(el.tag, str) and _is_preferred(el):
            if len(_text(el)) >= best_len * 0.7:
                return el
    return _with_siblings(best, best_score, scores)


_GAP_TAGS = {"h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "table", "figure", "blockquote", "pre"}


def _with_siblings(best: etree._Element, best_score: float, scores: dict) -> etree._Element:
    """The best container plus siblings that carry the same article: its twins (same tag
    and class: a body split in parts around an ad) and plain paragraphs; `best` itself
    when it stands alone. Unlike siblings (comments, lists) are never merged."""
    parent = best.getparent()
    if parent is None or best.tag == "body":
        return best
    kids = [k for k in parent if isinstance(k.tag, str)]
    threshold = max(10.0, best_score * 0.2)
    keep = []
    for k in kids:
        if k is best:
            keep.append(True)
            continue
        text = _text(k)
        density = _link_density(k, len(text))
        score = scores.get(k, 0.0) * (1 - density)
        para = (
            k.tag == "p"
            and density < 0.25
            and (len(text) > 80 or _PUNCT_RE.search(text[-1:] or " "))
        )
        twin = k.tag == best.tag and (k.get("class") or "") == (best.get("class") or "") != ""
        keep.append((twin and score >= threshold) or bool(para))
    idx = [i for i, kept in enumerate(keep) if kept]
    for i in range(idx[0], idx[-1] + 1):  # headings, lists, figures between kept parts
        if (
            not keep[i]
            and kids[i].tag in _GAP_TAGS
            and _link_density(kids[i], len(_text(kids[i]))) < 0.5
        ):
            keep[i] = True
    if sum(keep) == 1:
        return best
    merged = etree.Element("div")
    for k, kept in zip(kids, keep, strict=True):
        if kept:
            merged.append(copy.deepcopy(k))
    for k in merged:
        k.tail = None
    return merged


_NOT_CANDIDATES = {
    "tr",
    "tbody",
    "thead",
    "tfoot",
    "font",
    "span",
    "b",
    "strong",
    "em",
    "center",
    "p",
    "a",
}


def _own_text(el: etree._Element) -> str:
    """Text directly in `el` and its inline children, not in its blocks."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in _INLINE_TAGS | {"span", "font"}:
            parts.append(" ".join(child.itertext()))
        parts.append(child.tail or "")
    return _norm(" ".join(parts))


def _ancestors(el: etree._Element, n: int) -> list[etree._Element | None]:
    """The `n` nearest ancestors that can hold an article (table rows, fonts skipped)."""
    out: list[etree._Element | None] = []
    for anc in el.iterancestors():
        if len(out) == n:
            break
        if anc.tag not in _NOT_CANDIDATES:
            out.append(anc)
    return out


def _initial(el: etree._Element) -> float:
    score = {
        "article": 10.0,
        "div": 5.0,
        "td": 3.0,
        "section": 3.0,
        "pre": 3.0,
        "blockquote": 3.0,
    }.get(el.tag, 0.0)
    if _is_preferred(el):
        score += 25
    elif _tokens_of(el) & _POSITIVE:
        score += 10
    return score


_CLEAN_TAGS = ("h1", "h2", "h3", "p", "div", "span", "li", "td", "ul", "ol", "dl", "table", "em",
               "strong", "b", "font")  # fmt: skip


def _clean_container(el: etree._Element, title: str | None) -> None:
    """Drop title repeats, byline/share/copyright lines and link lists inside the body."""
    for node in list(el.iter(*_CLEAN_TAGS)):
        if node is el or node.getparent() is None:
            continue
        text = _text(node)
        if title and text == title:
            node.drop_tree()
        elif (
            node.find(".//img") is None
            and len(text) < 90
            and (_BOILER_TEXT_RE.match(text) or _BOILER_ANY_RE.search(text))
        ):
            node.drop_tree()
        elif node.tag in ("ul", "ol", "dl", "div", "table") and node.find(".//img") is None:
            links = node.findall(".//a")
            if len(links) >= 3 and _link_density(node, len(text)) > 0.6:
                node.drop_tree()


def _build(src: etree._Element, base: str | None) -> etree._Element:
    """Rebuild `src` with the whitelist: block tags, inline tags, absolute links/images."""
    out = etree.Element("div")
    pending: list[etree._Element | None] = [None]  # open <p> for loose inline content

    def para() -> etree._Element:
        if pending[0] is None:
            pending[0] = etree.SubElement(out, "p")
        return pending[0]

    def flush() -> None:
        p = pending[0]
        if p is not None and not _norm("".join(p.itertext())) and p.find(".//img") is None:
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
            url = _abs_url(base, child.get("href"))
            if url:
                new = etree.SubElement(parent, "a", href=url)
                inline(child, new)
            else:
                inline(child, parent)
        elif tag in _INLINE_TAGS:
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
            add_text(para(), node.text) if _norm(node.text) else None
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
            elif tag in _FLOW_UNWRAP or tag not in _INLINE_TAGS:
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
            if _norm(child.tail):
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
    return any(len(_text(td)) > 200 or td.find(".//p") is not None for td in table.iter("td"))


def _image(img: etree._Element, base: str | None) -> etree._Element | None:
    src = None
    for attr in ("data-src", "data-original", "data-lazy-src", "src"):
        src = _abs_url(base, img.get(attr))
        if src:
            break
    if not src or img.get("width") in ("0", "1") or img.get("height") in ("0", "1"):
        return None
    new = etree.Element("img", src=src)
    alt = _norm(img.get("alt"))
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
    lines = (_norm(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _plain_text(body: etree._Element) -> str:
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


# -- entry points --------------------------------------------------------------------------


def extract_article(html: str, url: str | None = None) -> Extracted:
    """The article on a page: metadata, clean body HTML and text, the site's own links."""
    root = _parse(html)
    base_el = root.find(".//base[@href]")
    base = _abs_url(url, base_el.get("href")) if base_el is not None else None
    base = base or url
    body = root.find("body")
    if body is None:
        raise ExtractError("no article found on the page")
    title = _title(root)
    page_text = _text(body)
    cjk = len(_CJK_RE.findall(page_text[:5000])) > 50
    published = _published(root, cjk)
    author = _author(root)
    lead_image = _abs_url(base, _meta(root, "og:image", "og:image:url", "twitter:image"))
    site_links = _site_links(root, base)

    _strip_boilerplate(body, len(page_text))
    container = _choose(body)
    if container is None:
        raise ExtractError("no article found on the page")
    _clean_container(container, title)
    out = _build(container, base)
    text = _plain_text(out)
    if len(text.replace(" ", "")) < 40 or len(_PUNCT_RE.findall(text)) < 2:
        raise ExtractError("no article found on the page")
    if lead_image is None:
        first = out.find(".//img")
        lead_image = first.get("src") if first is not None else None
    body_html = "".join(etree.tostring(c, encoding="unicode", method="html") for c in out)
    return Extracted(title, author, published, lead_image, body_html, text, site_links)


def extract_from_bytes(
    data: bytes, *, content_type: str | None = None, url: str | None = None
) -> Extracted:
    """Decode the page's bytes (HTTP charset, then <meta>), then extract the article."""
    from tidings.core.encoding import decode_html

    text, _encoding = decode_html(data, content_type)
    return extract_article(text, url)
