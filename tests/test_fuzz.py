"""Property-based tests over the feed parser, the HTML renderer and the sanitiser: they
never raise (beyond the parser's ParseError), never emit a control character, and
finish on inputs up to 1 MB."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.core.parse import ParseError, parse_feed
from tidings.core.render import render_html, to_ansi, to_plain
from tidings.core.sanitize import clean, clean_line, safe_url

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SGR = re.compile(r"\x1b\[[0-9;]*m")
MB = 1_000_000

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BIG = settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))

# Text that is mostly the characters that matter: controls, escapes, markup, bidi, CJK.
NASTY = st.sampled_from(
    list("\x1b\x07\x9b\x9c\x9d\x90\x00\r\n\t<>&;[]\\/'\"=")
    + ["\u202e", "\u2066", "\u200f", "\ufeff", "\U000e0041", "中", "😀", "\x85", "\x7f"]
    + ["\x1b]8;;", "\x1b[", "\x1b]52;c;", "\x1b\\", "<a href='", "<p>", "</", "&#27;", "&#x9b;"]
)
NASTY_TEXT = st.lists(st.one_of(NASTY, st.text(max_size=5)), max_size=60).map("".join)

TAGS = ["p", "div", "a", "b", "pre", "table", "tr", "td", "ul", "li", "img", "h1", "br", "code"]
HTML_PIECE = st.one_of(
    NASTY_TEXT,
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.tuples(st.sampled_from(["a href", "img src", "img alt"]), NASTY_TEXT).map(
        lambda p: f"<{p[0].split()[0]} {p[0].split()[1]}='{p[1]}'>"
    ),
)
HTML = st.lists(HTML_PIECE, max_size=40).map("".join)


def assert_no_controls(text: str) -> None:
    found = CONTROL.findall(text)
    assert not found, f"control characters {found!r} in {text[:200]!r}"


# -- sanitiser -------------------------------------------------------------------------


@FAST
@given(st.one_of(NASTY_TEXT, st.text()))
def test_clean_never_emits_controls(text):
    out = clean(text)
    assert_no_controls(out.replace("\n", "").replace("\t", ""))
    assert clean(out) == out  # idempotent
    line = clean_line(text)
    assert "\n" not in line and "\t" not in line
    assert_no_controls(line)


@FAST
@given(st.one_of(NASTY_TEXT, st.text()))
def test_safe_url_only_http_or_mailto(text):
    url = safe_url(text)
    if url is not None:
        assert url.split(":", 1)[0] in ("http", "https", "mailto")
        assert_no_controls(url)
        assert " " not in url and "\n" not in url


@BIG
@given(NASTY_TEXT.filter(bool))
def test_clean_one_megabyte(chunk):
    text = (chunk * (MB // len(chunk) + 1))[:MB]
    out = clean(text)
    assert_no_controls(out.replace("\n", "").replace("\t", ""))


# -- renderer --------------------------------------------------------------------------


@FAST
@given(HTML, st.one_of(st.none(), NASTY_TEXT, st.just("https://ok.example/")))
def test_render_html_never_raises_nor_emits_controls(html, base):
    rendered = render_html(html, base_url=base)
    assert_no_controls(to_plain(rendered.text, 60).replace("\n", ""))
    assert_no_controls(SGR.sub("", to_ansi(rendered.text, 60)).replace("\n", ""))
    for url in rendered.links:
        assert url.split(":", 1)[0] in ("http", "https", "mailto")


@BIG
@given(HTML.filter(bool))
def test_render_one_megabyte(chunk):
    html = (chunk * (MB // len(chunk) + 1))[:MB]
    rendered = render_html(html)
    assert_no_controls(to_plain(rendered.text[:20_000], 80).replace("\n", ""))


# -- feed parser -----------------------------------------------------------------------

FIELD = NASTY_TEXT


def _rss(title, items):
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description></item>"
        for t, link, d in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'


def _atom(title, items):
    body = "".join(
        f"<entry><title>{t}</title><link href='{link}'/><content type='html'>{d}</content></entry>"
        for t, link, d in items
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>{body}</feed>'


def _json(title, items):
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "items": [
                {"id": str(i), "title": t, "url": link, "content_html": d}
                for i, (t, link, d) in enumerate(items)
            ],
        }
    )


FEED = st.tuples(
    st.sampled_from([_rss, _atom, _json]),
    FIELD,
    st.lists(st.tuples(FIELD, FIELD, HTML), max_size=5),
    st.sampled_from(["utf-8", "gb18030", "latin-1", "shift_jis"]),
)


def _parse_ok(data: bytes, content_type: str | None = None) -> None:
    try:
        feed = parse_feed(data, content_type=content_type)
    except ParseError as exc:
        assert str(exc)
        return
    for entry in feed.entries:  # what the parser gives renders cleanly
        rendered = render_html(entry.content or entry.summary or "")
        assert_no_controls(to_plain(rendered.text, 60).replace("\n", ""))
        assert_no_controls(clean_line(entry.title))


@FAST
@given(FEED)
def test_parse_structured_feeds(spec):
    make, title, items, encoding = spec
    text = make(title, items)
    _parse_ok(text.encode(encoding, errors="replace"))


@FAST
@given(
    st.binary(max_size=2000),
    st.sampled_from([None, "application/rss+xml", "application/json", "text/html; charset=gbk"]),
)
def test_parse_random_bytes(data, content_type):
    _parse_ok(data, content_type)


@FAST
@given(st.binary(max_size=500))
def test_parse_feed_with_random_tail(tail):
    _parse_ok(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>' + tail
    )


@BIG
@given(FEED)
def test_parse_one_megabyte(spec):
    make, title, items, _ = spec
    items = (items or [("t", "https://ok.example/", "<p>x</p>")]) * 1
    one = make(title, items)
    # grow the feed to ~1 MB by repeating its items
    many = items * max(1, MB // max(1, len(one)))
    data = make(title, many).encode("utf-8", errors="replace")[: MB + 200_000]
    _parse_ok(data)
