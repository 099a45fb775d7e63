"""What is not the article: tags, roles and class/id words of boilerplate (nav, footer,
share, comment, related, ad...), the words of likely content containers, and the
clean-up of lines (bylines, share prompts, copyright) left inside the chosen body."""

from __future__ import annotations

import re

from lxml import etree

from tidings.core.page_text import class_words, el_text, link_density

DROP_TAGS = {
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
POSITIVE = {"article", "body", "content", "entry", "main", "post", "story", "text", "blog",
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


def is_boilerplate(el: etree._Element) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in DROP_TAGS:
        return True
    if (el.get("role") or "").lower() in _DROP_ROLES:
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    toks = class_words(el)
    if not toks:
        return False
    if toks & _STRONG_NEG or any(t.startswith(("advert", "sidebar", "comment")) for t in toks):
        return True
    return bool(toks & _WEAK_NEG) and not (toks & POSITIVE)


def is_preferred(el: etree._Element) -> bool:
    if el.tag == "article" or (el.get("itemprop") or "").lower() == "articlebody":
        return True
    names = {(el.get("id") or "").lower()} | {c.lower() for c in (el.get("class") or "").split()}
    return bool(names & _PREFERRED)


def strip_boilerplate(root: etree._Element, total: int) -> None:
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            if el.getparent() is not None:
                el.drop_tree()
            continue
        if el.tag in ("html", "body", "head") or el.getparent() is None:
            continue
        if is_boilerplate(el):
            if el.tag not in DROP_TAGS and len(el_text(el)) > max(total * 0.6, 400):
                continue  # a page-wide wrapper that happens to say "sidebar": keep
            el.drop_tree()


_CLEAN_TAGS = ("h1", "h2", "h3", "p", "div", "span", "li", "td", "ul", "ol", "dl", "table", "em",
               "strong", "b", "font")  # fmt: skip


def clean_container(el: etree._Element, title: str | None) -> None:
    """Drop title repeats, byline/share/copyright lines and link lists inside the body."""
    for node in list(el.iter(*_CLEAN_TAGS)):
        if node is el or node.getparent() is None:
            continue
        text = el_text(node)
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
            if len(links) >= 3 and link_density(node, len(text)) > 0.6:
                node.drop_tree()
