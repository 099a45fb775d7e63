"""Hostile input, terminal side: escape sequences, controls and bidi overrides in every
feed field and in extracted pages never reach the terminal raw, and text stays readable.

Each feed field gets its own marker word so a test can check both that the attack is
gone and that the words around it survived."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from tests.feedserver import feed_server  # noqa: F401
from tidings import cli
from tidings.core import models
from tidings.core.extract import extract_article
from tidings.core.render import render_article, render_html, to_ansi, to_plain
from tidings.core.sanitize import clean, clean_line

# Every attack: (name, payload). Each payload sits between two readable words.
ATTACKS = [
    ("osc-title-bel", "\x1b]2;pwned-title\x07"),
    ("osc-title-st", "\x1b]0;pwned-title\x1b\\"),
    ("osc8-link", "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"),
    ("osc52-clipboard", "\x1b]52;c;cm0gLXJmIH4vCg==\x07"),
    ("csi-clear", "\x1b[2J\x1b[H"),
    ("csi-sgr-hidden", "\x1b[8m\x1b[31;1m"),
    ("csi-c1", "\x9b2J\x9b31m"),
    ("osc-c1", "\x9d0;pwned-title\x9c"),
    ("dcs", "\x1bPq#0;2;0;0;0\x1b\\"),
    ("unterminated-osc", "\x1b]2;pwned-title\n"),  # runs to the line end by design
    ("c0-controls", "\x00\x07\x08\x0b\x0c\x0e\x1a\x7f"),
    ("c1-controls", "\x80\x85\x8d\x9a"),
    ("bidi-override", "\u202e\u202d\u2066\u2067\u2068\u2069\u200f"),
    ("lone-esc", "\x1b"),
]

# What must never appear in output a user sees (plain output: no ESC at all).
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
# In ANSI output, rich's own SGR style codes are allowed; nothing else.
SGR = re.compile(r"\x1b\[[0-9;]*m")


def assert_clean(text: str, *, ansi: bool = False, payload_gone: bool = True) -> None:
    """No raw control character; and (unless told) no leftover of the sequence's payload.

    A raw ESC inside feed XML is a character XML forbids: the parser drops the ESC alone,
    so the rest ("]2;pwned-title") stays as harmless visible text. That is checked with
    payload_gone=False."""
    if ansi:
        text = SGR.sub("", text)
    bad = FORBIDDEN.findall(text)
    assert not bad, f"raw control characters reached the output: {bad!r} in {text[:300]!r}"
    if not payload_gone:
        return
    assert "pwned-title" not in text
    assert "evil.example" not in text
    assert "cm0gLXJmIH4vCg" not in text


# -- the sanitiser and renderer directly -----------------------------------------------


@pytest.mark.parametrize(("name", "payload"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_clean_removes_attack_and_keeps_words(name, payload):
    text = f"Breaking{payload}News 新闻"
    out = clean(text)
    assert_clean(out)
    assert out.replace(" ", "").startswith("Breaking")
    assert "ews 新闻" in out  # a lone ESC takes the next character with it, as a terminal does
    assert clean_line(text).startswith("Breaking")


@pytest.mark.parametrize(("name", "payload"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_render_html_plain_and_ansi(name, payload):
    html = (
        f"<h1>Head{payload}line</h1><p>Para{payload}graph <a href='https://ok.example/a'>"
        f"link{payload}text</a></p><pre>code{payload}block</pre>"
        f"<img alt='alt{payload}text' src='https://ok.example/i.png'>"
        f"<table><tr><td>cell{payload}one</td></tr></table>"
    )
    rendered = render_html(html, base_url="https://ok.example/")
    for out in (to_plain(rendered.text, 80),):
        assert_clean(out)
        assert "Head" in out and "Para" in out and "cell" in out
    assert_clean(to_ansi(rendered.text, 80), ansi=True)
    assert_clean(rendered.text.plain)
    for link in rendered.links:
        assert_clean(link)


def _hostile_article(payload: str) -> models.Article:
    return models.Article(
        id=1,
        feed_id=1,
        feed_title=f"Feed{payload}Title",
        feed_url="https://ok.example/feed",
        category=f"cat{payload}egory",
        guid="g1",
        link=f"https://ok.example/a{payload}b",
        title=f"Item{payload}Title",
        author=f"Auth{payload}or",
        published=datetime(2024, 1, 2, tzinfo=UTC),
        updated=None,
        summary=None,
        content=f"<p>Body{payload}text</p>",
        enclosures=[
            models.Enclosure(
                url=f"https://ok.example/e{payload}.mp3",
                type=f"audio/mpeg{payload}",
                length=1000,
                title=f"Encl{payload}name",
            )
        ],
    )


@pytest.mark.parametrize(("name", "payload"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_render_article_every_field(name, payload):
    rendered = render_article(_hostile_article(payload))
    plain = to_plain(rendered.text, 100)
    assert_clean(plain)
    assert_clean(to_ansi(rendered.text, 100), ansi=True)
    for word in ("Item", "Feed", "Auth", "Body", "Encl"):
        assert word in plain


@pytest.mark.parametrize(("name", "payload"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_extracted_page(name, payload):
    para = (
        f"This is a long paragraph of article{payload} text, written to look like a real "
        "story. It has several sentences, commas, and full stops. "
    )
    page = (
        f"<html><head><title>Page{payload}Title</title>"
        f"<meta name='author' content='Auth{payload}or'></head><body><article>"
        f"<h1>Page{payload}Title</h1>" + f"<p>{para * 3}</p>" * 4 + "</article></body></html>"
    )
    extracted = extract_article(page, "https://ok.example/story")
    article = _hostile_article("")
    article.full_text = extracted.html
    article.title = extracted.title or "x"
    article.author = extracted.author
    rendered = render_article(article)
    plain = to_plain(rendered.text, 100)
    assert_clean(plain)
    assert_clean(to_ansi(rendered.text, 100), ansi=True)
    assert "paragraph of article" in plain


# -- end to end through the CLI ----------------------------------------------------------


def _json_feed(payload: str, base: str) -> bytes:
    p = payload
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Feed{p}Title",
        "home_page_url": f"{base}/home{p}",
        "items": [
            {
                "id": "item-1",
                "url": f"{base}/story{p}1",
                "title": f"Item{p}Title",
                "authors": [{"name": f"Auth{p}or"}],
                "content_html": f"<p>Body{p}text and <a href='{base}/x{p}'>a{p}link</a></p>",
                "date_published": "2024-01-02T03:04:05Z",
                "attachments": [
                    {
                        "url": f"{base}/file{p}.mp3",
                        "mime_type": "audio/mpeg",
                        "title": f"Encl{p}name",
                    }
                ],
            }
        ],
    }
    return json.dumps(doc).encode()


def _rss_feed(payload: str, base: str) -> bytes:
    """RSS where XML allows it: C1 / bidi raw, C0 and ESC as character references and in
    CDATA (which recovering parsers may let through)."""
    esc_ref = "".join(f"&#{ord(c)};" if ord(c) < 0x20 else c for c in payload)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Feed{esc_ref}Title</title><link>{base}/</link>
<item><guid>rss-1</guid><title>Item{esc_ref}Title</title>
<link>{base}/story{esc_ref}2</link><dc:creator>Auth{esc_ref}or</dc:creator>
<description><![CDATA[<p>Body{payload}text</p>]]></description>
<enclosure url="{base}/e{esc_ref}.mp3" type="audio/mpeg" length="10"/>
</item></channel></rss>""".encode("utf-8", "surrogatepass")


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("name", "payload"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_cli_output_end_to_end(name, payload, feed_server, tmp_path, capsys):  # noqa: F811
    base = feed_server.base
    feed_server.add("/f.json", body=_json_feed(payload, base), content_type="application/feed+json")
    feed_server.add("/f.xml", body=_rss_feed(payload, base))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - {base}/f.json\n  - {base}/f.xml\n")
    db = tmp_path / "t.db"
    g = ["--config", str(cfg), "--db", str(db)]
    code, out, err = _cli(capsys, *g, "fetch", f"{base}/f.json")  # article 1: the JSON one
    assert "Traceback" not in err
    assert_clean(out + err)
    code, out, err = _cli(capsys, *g, "fetch")
    assert "Traceback" not in err
    assert_clean(out + err, payload_gone=False)
    outputs = []
    for argv in (["list"], ["list", "--json"], ["unread"], ["unread", "--json"]):
        code, out, err = _cli(capsys, *g, *argv)
        assert code == 0, err
        assert "Traceback" not in err
        outputs.append(out + err)
    for ref in ("1", "2"):
        code, out, err = _cli(capsys, *g, "show", ref, "--width", "100")
        assert code == 0, err
        outputs.append(out + err)
    for text in outputs:
        assert_clean(text, payload_gone=False)
    # the JSON Feed's fields (where ESC is legal JSON) lose the whole sequence
    code, out, err = _cli(capsys, *g, "show", "1", "--width", "100")
    assert_clean(out.split("Links:")[0])
    joined = "\n".join(outputs)
    for word in ("Item", "itle", "Body", "Feed", "Auth"):
        assert word in joined
    assert "Encl" in joined  # the JSON Feed attachment name is shown


ALL_PAYLOADS = "".join(p for _, p in ATTACKS if "\n" not in p)


async def test_tui_screen_has_no_raw_escapes(tmp_path):
    """The reader's screen (feed tree, article list, reading pane) shows hostile fields
    without any raw escape or control character."""
    app_module = pytest.importorskip("tidings.tui.app")
    from tidings.core.models import Config, FeedSpec, ParsedEntry, ParsedFeed, Settings
    from tidings.core.store import Store

    p = ALL_PAYLOADS
    spec = FeedSpec(url="https://ok.example/feed")
    db = tmp_path / "t.db"
    with Store.open(db) as store:
        store.sync_feeds([spec])
        store.record_fetch(
            spec.url,
            parsed=ParsedFeed(
                title=f"Feed{p}Title",
                entries=[
                    ParsedEntry(
                        id="1",
                        link=f"https://ok.example/a{p}",
                        title=f"Item{p}Title",
                        author=f"Auth{p}or",
                        published=datetime(2024, 1, 2, tzinfo=UTC),
                        content=f"<p>Body{p}text <a href='https://ok.example/{p}'>li{p}nk</a></p>",
                        enclosures=[
                            models.Enclosure(url="https://ok.example/e.mp3", title=f"En{p}cl")
                        ],
                    )
                ],
            ),
        )
    config = Config(feeds=[spec], settings=Settings(refresh_on_startup=False))
    app = app_module.make_app(config, db, refresh_on_start=False)
    screens = []
    async with app.run_test(size=(120, 40)) as pilot:
        for keys in ((), ("j", "enter")):
            if keys:
                await pilot.press(*keys)
            for _ in range(4):
                await app.workers.wait_for_complete()
                await pilot.pause()
            screens.append(app.export_screenshot())
    for svg in screens:
        bad = FORBIDDEN.findall(svg.replace("\n", ""))
        assert not bad, f"raw control characters on screen: {bad!r}"
        assert "pwned-title" not in svg and "evil.example" not in svg
    assert "Item" in "".join(screens)
    assert "Body" in screens[-1], "the reading pane did not open"
