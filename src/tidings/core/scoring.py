"""Choosing the article container by a CJK-aware text-density score: characters and
sentence punctuation, not words, with preferred containers (<article>,
itemprop=articleBody, common content classes) taken when they hold the text, and
sibling parts of a split body merged back."""

from __future__ import annotations

import copy

from lxml import etree

from tidings.core.boilerplate import POSITIVE, is_preferred
from tidings.core.page_text import PUNCT_RE, class_words, el_text, link_density, norm
from tidings.core.rebuild import INLINE_TAGS

_PARA_TAGS = ("p", "pre", "td", "div", "blockquote", "li", "section")


def choose_container(body: etree._Element) -> etree._Element | None:
    scores: dict[etree._Element, float] = {}
    for el in body.iter(*_PARA_TAGS):
        text = el_text(el) if el.tag in ("p", "pre", "li") else _own_text(el)
        size = len(text.replace(" ", ""))
        if size < 15:
            continue
        score = 1 + len(PUNCT_RE.findall(text)) + min(size // 60, 4)
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
        final = score * (1 - link_density(el, len(el_text(el))))
        if final > best_score:
            best, best_score = el, final
    assert best is not None
    best_len = len(el_text(best))
    for anc in [best, *best.iterancestors()]:  # a preferred container around the best
        if is_preferred(anc):
            anc_len = len(el_text(anc))
            if anc_len <= best_len * 1.6 and link_density(anc, anc_len) < 0.3:
                return anc
            break
    for el in best.iter():  # or a preferred container inside it holding most of its text
        if el is not best and isinstance(el.tag, str) and is_preferred(el):
            if len(el_text(el)) >= best_len * 0.7:
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
        text = el_text(k)
        density = link_density(k, len(text))
        score = scores.get(k, 0.0) * (1 - density)
        para = (
            k.tag == "p"
            and density < 0.25
            and (len(text) > 80 or PUNCT_RE.search(text[-1:] or " "))
        )
        twin = k.tag == best.tag and (k.get("class") or "") == (best.get("class") or "") != ""
        keep.append((twin and score >= threshold) or bool(para))
    idx = [i for i, kept in enumerate(keep) if kept]
    for i in range(idx[0], idx[-1] + 1):  # headings, lists, figures between kept parts
        if (
            not keep[i]
            and kids[i].tag in _GAP_TAGS
            and link_density(kids[i], len(el_text(kids[i]))) < 0.5
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
        if isinstance(child.tag, str) and child.tag in INLINE_TAGS | {"span", "font"}:
            parts.append(" ".join(child.itertext()))
        parts.append(child.tail or "")
    return norm(" ".join(parts))


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
    if is_preferred(el):
        score += 25
    elif class_words(el) & POSITIVE:
        score += 10
    return score
