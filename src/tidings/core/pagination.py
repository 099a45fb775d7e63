"""Articles split over several pages ("1 2 3 下一页", "Next page ›"): which link on a page
leads to the article's next page, and which of the site's links are only its pages.

A link is the next page when both its URL and its words say so:
- the URL is the same article's with the page number one higher: `123.html` ->
  `123_2.html` (or `123_1.html`, where a CMS counts the second page as 1), `123_2` ->
  `123_3`, `slug/` -> `slug/2/` or `slug/page/2/`, `?id=7` -> `?id=7&page=2`;
- its text is a next-page word (下一页, 下页, 次へ, 다음, Next, Next page, ›, »), or the page
  number itself, or it is marked rel="next".
"下一篇" (next article) links never qualify: they lead to another article.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from lxml import etree

from tidings.core.page_text import abs_url, el_text

MAX_PAGES = 10  # pages of one article fetched at most, the first included

_PAGE_KEYS = ("page", "pg", "pageno", "page_no", "pagenum", "pagenumber", "paged", "curpage")
# "123_2.html", "slug-2", "slug/2/", "slug/page/2"; not "news/2.html", where the number
# is more often the article's own
_PATH_RE = re.compile(
    r"^(?P<base>.*?)(?:(?P<sep>[_-])(?P<n>\d{1,2})(?P<ext>\.[A-Za-z]{2,5})?"
    r"|/(?:page/)?(?P<d>\d{1,2}))/?$"
)
_NEXT_TEXT_RE = re.compile(
    r"^(?:下一页|下页|后一页|下一頁|次へ|次のページ|다음|다음 페이지|next(?: page)?)?"
    r"\s*[›»>→]*$",
    re.IGNORECASE,
)
_PAGE_TEXT_RE = re.compile(  # any link of a pager: to the next, previous, first or last page
    r"^[«‹<←\s]*(?:下一页|下页|后一页|下一頁|上一页|上页|前一页|上一頁|首页|尾页|末页|次へ|前へ|"
    r"次のページ|前のページ|다음|이전|next(?: page)?|prev(?:ious)?(?: page)?|first|last|"
    r"第\s*\d+\s*页|\d+)?[\s›»>→]*$",
    re.IGNORECASE,
)


def page_of(url: str) -> tuple[tuple[str, str, str], int | None] | None:
    """(the article's key, its page number) for a URL, the number None where the URL
    carries none (a first page); None for a URL that is not http(s)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.lower()
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (key, value) in enumerate(query):
        if key.lower() in _PAGE_KEYS and value.isdigit():
            rest = urlencode(query[:i] + query[i + 1 :])
            return (host, parts.path.rstrip("/"), rest), int(value)
    m = _PATH_RE.match(parts.path)
    if m:
        n = int(m["n"] or m["d"])
        return (host, m["base"] + (m["ext"] or ""), parts.query), n
    return (host, parts.path.rstrip("/"), parts.query), None


def page_step(current: str, candidate: str) -> int | None:
    """How many pages on from `current` the link `candidate` leads in the same article
    (1: the next page), or None when it is not a page of the same article."""
    here, there = page_of(current), page_of(candidate)
    if here is None or there is None or here[0] != there[0] or here[1] == there[1]:
        return None
    n, m = here[1], there[1]
    if n is None:  # the first page: the second is numbered 2, or 1 by some CMSs
        return 1 if m in (1, 2) else (m - 1 if m is not None else None)
    if m is None:
        return 1 - n  # back to the first page
    return m - n


def is_page_word(text: str, number: int | None) -> bool:
    """The text of a link to page `number` (a next-page word, or the number)."""
    text = text.strip()
    if not text or len(text) > 20:
        return False
    if text.isdigit():
        return number is not None and int(text) == number
    return bool(_NEXT_TEXT_RE.match(text))


def find_pages(root: etree._Element, base: str | None) -> tuple[str | None, set[str]]:
    """The URL of the article's next page, if the page links to one, and the URLs of
    all its pager's links (other pages of this article, not other articles)."""
    here = page_of(base) if base else None
    if base is None or here is None:
        return None, set()
    number = (here[1] or 1) + 1
    best: tuple[int, str] | None = None
    pages: set[str] = set()
    for a in root.iter("a"):
        url = abs_url(base, a.get("href"))
        step = page_step(base, url) if url else None
        if url is None or step is None:
            continue
        text = el_text(a)
        rel = (a.get("rel") or "").lower().split()
        if (text.strip() and _PAGE_TEXT_RE.match(text)) or {"next", "prev", "previous"} & set(rel):
            pages.add(url)
        if step == 1 and ("next" in rel or is_page_word(text, number)):
            there = page_of(url)
            rank = there[1] if there is not None and there[1] is not None else 99
            if best is None or rank < best[0]:  # "_1" before "_2" where both are offered
                best = (rank, url)
    return (best[1] if best is not None else None), pages


def same_article_title(first: str | None, other: str | None) -> bool:
    """A later page keeps the first page's title (perhaps with "(2)", "第2页", "- Page 2")."""
    if not first or not other:
        return True
    a, b = _title_key(first), _title_key(other)
    return not a or not b or a.startswith(b) or b.startswith(a)


def _title_key(title: str) -> str:
    title = re.sub(r"[（(]?\s*(?:第\s*\d+\s*页|page\s*\d+|\d+)\s*[)）]?", " ", title, flags=re.I)
    return re.sub(r"[\W_]+", "", title).lower()
