"""Small helpers over a parsed page (lxml): normalised text of an element, the words
of its class and id, link density, absolute http(s) URLs."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

_WS_RE = re.compile(r"\s+")
PUNCT_RE = re.compile(r"[，。！？；、,.!?;:：]")


def norm(text: str | None) -> str:
    return _WS_RE.sub(" ", text or "").strip()


def el_text(el: etree._Element) -> str:
    return norm(" ".join(el.itertext()))


def class_words(el: etree._Element) -> set[str]:
    """Lower-cased words of an element's class and id (camelCase, - and _ split)."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not raw.strip():
        return set()
    raw = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", raw)
    return {t for t in re.split(r"[^a-zA-Z0-9]+", raw.lower()) if t}


def link_density(el: etree._Element, text_len: int) -> float:
    if not text_len:
        return 1.0
    return min(1.0, sum(len(el_text(a)) for a in el.iter("a")) / text_len)


def abs_url(base: str | None, href: str | None) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    url = urljoin(base, href) if base else href
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return None
    return url
