"""Parsing feeds: every format, hostile bytes, sloppy XML and legacy charsets."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.core.models import Enclosure
from tidings.core.parse import ParseError, parse_feed

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
ZH = "北京今天天气晴朗，气温二十五度。市民纷纷外出游玩，公园里人山人海，热闹非凡。"
ZH_TW = "台北今天天氣晴朗，氣溫二十五度。市民紛紛外出遊玩，公園裡人山人海，熱鬧非凡。"
JA = "今日の東京は晴れです。気温は二十五度で、多くの人が公園に出かけました。"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def cjk_rss(text: str, prolog: str = '<?xml version="1.0"?>') -> str:
    return (
        f'{prolog}\n<rss version="2.0"><channel><title>{text[:6]}</title>'
        f"<link>http://cn.example.com/</link>"
        f"<item><title>{text[:10]}</title><link>/a/1</link>"
        f"<description>&lt;p&gt;{text}&lt;/p&gt;</description></item></channel></rss>"
    )


# -- formats -------------------------------------------------------------------


def test_rss20() -> None:
    feed = parse_feed(fixture("rss20.xml"), url="https://example.com/feed.xml")
    assert (feed.format, feed.title, feed.link) == (
        "rss20",
        "Example & Co News",
        "https://example.com/",
    )
    first, second = feed.entries
    assert first.id == "tag:example.com,2024:1"
    assert first.link == "https://example.com/2024/05/first"
    assert first.title == "First bold story & more"
    assert first.author == "Jane Doe"
    assert first.published == utc(2024, 5, 1, 0, 30)
    assert first.categories == ["World", "Asia"]
    assert first.summary == "<p>Short <em>summary</em></p>"
    assert first.content == '<p>Full <a href="https://example.com/x">body</a> text &amp; more.</p>'
    assert first.enclosures == [
        Enclosure("https://example.com/a.mp3", "audio/mpeg", 12345),
        Enclosure("https://example.com/pic.jpg", "image/jpeg"),
        Enclosure("https://example.com/thumb.png", "image/png"),
    ]
    # a permalink guid stands in for the missing <link>
    assert second.link == second.id == "https://example.com/2024/05/second"
    assert second.author == "John Roe"
    assert second.published == utc(2024, 5, 2, 15, 0)


def test_rss10_rdf() -> None:
    feed = parse_feed(fixture("rss10.rdf"))
    assert (feed.format, feed.title, feed.link) == ("rss10", "RDF Site", "https://rdf.example.org/")
    (entry,) = feed.entries
    assert entry.id == entry.link == "https://rdf.example.org/one"
    assert (entry.title, entry.author, entry.categories) == ("One", "Taro", ["Tech"])
    assert entry.summary == "First RDF item"
    assert entry.published == utc(2024, 5, 1, 3, 0)


def test_rss091_latin1() -> None:
    feed = parse_feed(fixture("rss091.xml"))
    assert feed.format == "rss09x"
    assert feed.entries[0].title == "Café opens"
    assert feed.entries[0].summary == "A new café."
    assert feed.entries[0].id == "http://old.example.net/cafe"


def test_rss090_rdf() -> None:
    data = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://my.netscape.com/rdf/simple/0.9/">
      <channel><title>Netscape</title><link>http://ns.example/</link></channel>
      <item><title>Old</title><link>http://ns.example/old</link></item></rdf:RDF>"""
    feed = parse_feed(data)
    assert feed.format == "rss09x"
    assert [(e.title, e.link) for e in feed.entries] == [("Old", "http://ns.example/old")]


def test_atom10() -> None:
    feed = parse_feed(fixture("atom10.xml"), url="https://blog.example.org/feed.atom")
    assert (feed.format, feed.title, feed.link) == (
        "atom10",
        "Atom Blog",
        "https://blog.example.org/",
    )
    first, second = feed.entries
    assert first.id == "tag:blog.example.org,2024:1"
    assert first.link == "https://blog.example.org/posts/hello"  # rel=alternate, xml:base
    assert first.title == "Hello world"
    assert first.author == "Ada"
    assert first.published == utc(2024, 5, 1, 0, 30)
    assert first.updated == utc(2024, 5, 2, 0, 30)
    assert first.categories == ["Python", "tui"]
    assert first.summary == "<p>Summary &amp; all</p>"
    assert first.content == '<p>Hi <b>there</b> <a href="https://blog.example.org/x">link</a></p>'
    assert first.enclosures == [
        Enclosure("https://blog.example.org/audio/hello.ogg", "audio/ogg", 99)
    ]
    assert second.link == "https://other.example.org/dir/page.html"  # entry xml:base
    assert second.title == "Plain text title"
    assert second.published is None and second.updated == utc(2024, 5, 2)
    assert second.content == "<p>Line one<br>with &lt;angle&gt; brackets</p>"


def test_atom03() -> None:
    feed = parse_feed(fixture("atom03.xml"))
    assert (feed.format, feed.title, feed.link) == (
        "atom03",
        "Old Atom",
        "http://atom03.example.com/",
    )
    (entry,) = feed.entries
    assert entry.link == "http://atom03.example.com/e1"
    assert entry.author == "Mark"
    assert entry.published == utc(2005, 7, 31, 12, 29, 29)
    assert entry.updated == utc(2005, 8, 1, 12, 29, 29)
    assert entry.content == "<p>Escaped <b>HTML</b></p>"


def test_atom_xhtml_with_prefixes_serialises_plain_html() -> None:
    data = b"""<feed xmlns="http://www.w3.org/2005/Atom" xmlns:h="http://www.w3.org/1999/xhtml">
      <title type="xhtml"><h:div>Title <h:b>bold</h:b></h:div></title>
      <entry><id>1</id><title>t</title>
      <content type="xhtml"><h:div><h:p>One &amp; <h:img src="a.png" alt="x"/></h:p></h:div></content>
      </entry></feed>"""
    feed = parse_feed(data, url="https://x.example/")
    assert feed.title == "Title bold"
    assert feed.entries[0].content == '<p>One &amp; <img src="a.png" alt="x"/></p>'


def test_json_feed_10() -> None:
    feed = parse_feed(fixture("json10.json"), content_type="application/feed+json")
    assert (feed.format, feed.title, feed.link) == (
        "json10",
        "JSON One",
        "https://json.example.com/",
    )
    first, second = feed.entries
    assert (first.id, first.link, first.title) == (
        "1",
        "https://json.example.com/one",
        "One & only",
    )
    assert first.author == "Item Author"  # 1.0: `author` object
    assert first.content == "<p>Hello</p>"
    assert first.summary == "A &lt;summary&gt;"
    assert first.published == utc(2024, 5, 1, 0, 30)
    assert first.categories == ["a", "b"]
    assert first.enclosures == [Enclosure("https://json.example.com/a.mp3", "audio/mpeg", 42)]
    assert second.author == "Feed Author"  # falls back to the feed's author
    assert second.content == "<p>Line &lt;one&gt;</p><p>Para two</p>"
    assert second.updated == utc(2024, 5, 2)


def test_json_feed_11() -> None:
    feed = parse_feed(fixture("json11.json"))
    assert (feed.format, feed.title) == ("json11", "JSON 1.1")
    first, second = feed.entries
    assert first.title == "第一条"
    assert first.author == "张三, 李四"  # 1.1: `authors` list
    assert first.published == utc(2024, 5, 1, 0, 30)  # "language": "zh-CN": Beijing time
    assert second.author == "Feed People"
    assert second.content == "<p>no author here</p>"


# -- links, ids, dates ----------------------------------------------------------


def test_relative_links_resolve_against_feed_url() -> None:
    data = b"""<rss version="2.0"><channel><title>t</title><link>/</link>
      <item><title>a</title><link>../b/c.html</link></item>
      <item><title>j</title><link>javascript:alert(1)</link></item></channel></rss>"""
    feed = parse_feed(data, url="https://news.example.cn/feeds/x/rss.xml")
    assert feed.link == "https://news.example.cn/"
    assert feed.entries[0].link == "https://news.example.cn/feeds/b/c.html"
    assert feed.entries[0].id == "https://news.example.cn/feeds/b/c.html"
    assert feed.entries[1].link is None


def test_dates_with_offsets_become_utc() -> None:
    data = b"""<rss version="2.0"><channel><title>t</title>
      <item><title>a</title><pubDate>Wed, 01 May 2024 08:30:00 +0800</pubDate></item>
      <item><title>b</title><pubDate>2024-05-01 08:30:00</pubDate></item>
      <item><title>c</title><pubDate>not a date</pubDate></item></channel></rss>"""
    assert [e.published for e in parse_feed(data).entries] == [
        utc(2024, 5, 1, 0, 30),
        utc(2024, 5, 1, 8, 30),
        None,
    ]


def zh_dated_rss(language: str = "<language>zh-cn</language>", titles: str = ZH) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0"><channel><title>{titles[:6]}</title>{language}
      <item><title>{titles[:20]}</title><description>{titles}</description>
        <pubDate>2024-05-01 08:30:00</pubDate></item>
      <item><title>{titles[20:]}</title><description>{titles}</description>
        <pubDate>Wed, 01 May 2024 08:30:00 CST</pubDate></item>
    </channel></rss>""".encode()


def test_chinese_feed_dates_are_beijing_time() -> None:
    feed = parse_feed(zh_dated_rss())
    assert [e.published for e in feed.entries] == [utc(2024, 5, 1, 0, 30)] * 2


@pytest.mark.parametrize(
    "language", ["<language>zh_CN</language>", "<dc:language>zh</dc:language>"]
)
def test_chinese_language_spellings(language: str) -> None:
    data = zh_dated_rss(language, titles="News " * 20).replace(
        b"<rss ", b'<rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
    )
    assert [e.published for e in parse_feed(data).entries] == [utc(2024, 5, 1, 0, 30)] * 2


def test_chinese_feed_without_language_is_told_by_its_script() -> None:
    feed = parse_feed(zh_dated_rss(language=""))
    assert [e.published for e in feed.entries] == [utc(2024, 5, 1, 0, 30)] * 2
    gbk = zh_dated_rss(language="").replace(b"utf-8", b"gbk").decode().encode("gbk")
    assert [e.published for e in parse_feed(gbk).entries] == [utc(2024, 5, 1, 0, 30)] * 2


@pytest.mark.parametrize("language", ["<language>en-us</language>", ""])
def test_english_feed_dates_stay_utc_and_cst_is_us_central(language: str) -> None:
    titles = (
        "Premier Li Qiang (李强) met Chancellor Olaf Scholz in Berlin on Wednesday, the state "
        "news agency Xinhua (新华社) reported. The two leaders discussed tariffs on electric "
        "vehicles before President Xi Jinping (习近平) flies to Paris next month. "
    )
    feed = parse_feed(zh_dated_rss(language, titles=titles))
    assert [e.published for e in feed.entries] == [
        utc(2024, 5, 1, 8, 30),
        utc(2024, 5, 1, 14, 30),  # CST: US Central, -06:00
    ]


def test_declared_english_wins_over_chinese_text() -> None:
    feed = parse_feed(zh_dated_rss("<language>en</language>"))
    assert [e.published for e in feed.entries] == [utc(2024, 5, 1, 8, 30), utc(2024, 5, 1, 14, 30)]


def test_rss10_dc_language_reaches_the_items_beside_the_channel() -> None:
    data = b"""<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
             xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://rdf.example.jp/"><title>RDF</title>
        <link>https://rdf.example.jp/</link><dc:language>ja</dc:language></channel>
      <item rdf:about="https://rdf.example.jp/one"><title>One</title>
        <link>https://rdf.example.jp/one</link><dc:date>2024-05-01T08:30:00</dc:date></item>
    </rdf:RDF>"""
    feed = parse_feed(data)
    assert feed.format == "rss10"
    assert feed.entries[0].published == utc(2024, 4, 30, 23, 30)


def test_atom_xml_lang_ja_takes_naive_times_as_japan_time() -> None:
    data = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja"><title>Tech</title>
      <entry><id>1</id><title>One</title><updated>2024-05-01T08:30:00</updated>
        <published>2024-05-01 08:30:00</published></entry>
      <entry><id>2</id><title>Two</title><updated>2024-05-01T08:30:00+08:00</updated></entry>
    </feed>"""
    first, second = parse_feed(data).entries
    assert first.published == first.updated == utc(2024, 4, 30, 23, 30)
    assert second.updated == utc(2024, 5, 1, 0, 30)  # an offset given is kept


def test_atom_entry_xml_lang_overrides_the_feeds() -> None:
    data = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Mixed</title>
      <entry xml:lang="zh-CN"><id>1</id><title>One</title><updated>2024-05-01 08:30</updated></entry>
      <entry><id>2</id><title>Two</title><updated>2024-05-01 08:30</updated></entry>
      <entry xml:lang="ko"><id>3</id><title>Three</title><updated>2024-05-01 08:30</updated></entry>
    </feed>"""
    zh, en, ko = parse_feed(data).entries
    assert zh.updated == utc(2024, 5, 1, 0, 30)
    assert en.updated == utc(2024, 5, 1, 8, 30)
    assert ko.updated == utc(2024, 4, 30, 23, 30)


def test_atom_without_lang_in_korean_is_told_by_its_script() -> None:
    ko = "오늘 서울은 맑습니다. 기온은 이십오 도이며 많은 시민이 공원에 나갔습니다."
    data = f"""<feed xmlns="http://www.w3.org/2005/Atom"><title>{ko[:8]}</title>
      <entry><id>1</id><title>{ko}</title><updated>2024-05-01 08:30</updated></entry>
    </feed>""".encode()
    assert parse_feed(data).entries[0].updated == utc(2024, 4, 30, 23, 30)


def test_json_feed_language_and_escaped_script() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON",
        "language": "zh-CN",
        "items": [{"id": "1", "title": "One", "date_published": "2024-05-01 08:30:00"}],
    }
    assert parse_feed(json.dumps(doc).encode()).entries[0].published == utc(2024, 5, 1, 0, 30)
    doc["language"] = "en"
    assert parse_feed(json.dumps(doc).encode()).entries[0].published == utc(2024, 5, 1, 8, 30)
    del doc["language"]  # the script of titles written as \\uXXXX escapes still tells
    doc["items"][0]["title"] = ZH
    assert "\\u" in json.dumps(doc)
    assert parse_feed(json.dumps(doc).encode()).entries[0].published == utc(2024, 5, 1, 0, 30)


# -- charsets -------------------------------------------------------------------


def check_zh(data: bytes, content_type: str | None = None, text: str = ZH) -> str:
    feed = parse_feed(data, content_type=content_type, url="http://cn.example.com/rss")
    entry = feed.entries[0]
    assert feed.title == text[:6]
    assert entry.title == text[:10]
    assert entry.summary == f"<p>{text}</p>"
    assert entry.link == "http://cn.example.com/a/1"
    return feed.encoding or ""


def test_gbk_declared_in_prolog() -> None:
    data = cjk_rss(ZH, '<?xml version="1.0" encoding="GB2312"?>').encode("gbk")
    assert check_zh(data) == "gb18030"


def test_gbk_declared_only_by_content_type() -> None:
    assert check_zh(cjk_rss(ZH).encode("gbk"), "text/xml; charset=gbk") == "gb18030"


def test_undeclared_gbk() -> None:
    check_zh(cjk_rss(ZH).encode("gbk"))


def test_big5() -> None:
    data = cjk_rss(ZH_TW, '<?xml version="1.0" encoding="big5"?>').encode("big5")
    check_zh(data, text=ZH_TW)


def test_shift_jis() -> None:
    data = cjk_rss(JA, '<?xml version="1.0" encoding="Shift_JIS"?>').encode("shift_jis")
    check_zh(data, text=JA)


def test_utf16_with_bom() -> None:
    data = cjk_rss(ZH, '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")
    check_zh(data)


def test_wrong_declared_charset() -> None:
    data = cjk_rss(ZH, '<?xml version="1.0" encoding="UTF-8"?>').encode("gbk")
    check_zh(data, "application/xml; charset=utf-8")
    data = cjk_rss(ZH, '<?xml version="1.0" encoding="gbk"?>').encode("utf-8")
    assert check_zh(data) == "utf-8"


# -- hostile and broken XML ------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Bomb &lol9;</title>
<item><title>Laughs &lol9; here</title><link>http://a.example/1</link>
<description>x &lol9; y</description></item></channel></rss>"""


@pytest.mark.parametrize("lead", ["", "<!--" + "pad " * 2000 + "-->\n"])
def test_billion_laughs_is_not_expanded(lead: str) -> None:
    # With a long comment first, the DOCTYPE is left for lxml, which must not expand it.
    data = BILLION_LAUGHS.replace("<!DOCTYPE", lead + "<!DOCTYPE").encode()
    feed = parse_feed(data)
    entry = feed.entries[0]
    assert "lol" not in (entry.title or "").replace("&lol9;", "")
    assert "lollol" not in (entry.summary or "")
    assert entry.link == "http://a.example/1"


def test_external_file_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    for target in (secret.as_uri(), "file:///etc/passwd"):
        data = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{target}">]>
<rss version="2.0"><channel><title>t &xxe;</title><item><title>a &xxe;</title>
<link>http://a.example/1</link><description>pw: &xxe; end</description></item>
</channel></rss>""".encode()
        feed = parse_feed(data)
        everything = repr(feed)
        assert "TOP-SECRET-CONTENT" not in everything
        assert "root:" not in everything
        assert feed.entries[0].summary is not None and feed.entries[0].summary.startswith("pw:")


@pytest.fixture
def dtd_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            body = b'<!ENTITY ext "FROM-NETWORK">'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def test_external_dtd_and_entities_are_never_fetched(dtd_server: tuple[str, list[str]]) -> None:
    base, hits = dtd_server
    for lead in ("", "<!--" + "pad " * 2000 + "-->\n"):
        data = f"""<?xml version="1.0"?>{lead}
<!DOCTYPE rss SYSTEM "{base}/evil.dtd" [<!ENTITY % p SYSTEM "{base}/p.dtd"> %p;
<!ENTITY net SYSTEM "{base}/net">]>
<rss version="2.0"><channel><title>t</title><item><title>a &ext; &net;</title>
<link>http://a.example/1</link></item></channel></rss>""".encode()
        feed = parse_feed(data)
        assert "FROM-NETWORK" not in repr(feed)
        assert feed.entries[0].link == "http://a.example/1"
    assert hits == []


def test_malformed_xml_is_recovered() -> None:
    data = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        b"<title>AT&T News &nbsp;&copy; 2024 &bogus;\x01\x0b</title>"
        b"<item><title>Tom & Jerry &mdash; live</title><link>http://x.example/1?a=1&b=2</link>"
        b"<description><![CDATA[<p>keep &nbsp; & raw</p>]]></description></item>"
        b"<item><title>Unclosed \x1b[31mred</title><link>http://x.example/2</link>"
        b"<description>cut here"
    )
    feed = parse_feed(data)
    assert feed.title == "AT&T News © 2024 &bogus;"  # whitespace (and nbsp) collapsed
    first, second = feed.entries
    assert first.title == "Tom & Jerry — live"
    assert first.link == "http://x.example/1?a=1&b=2"
    assert first.summary == "<p>keep &nbsp; & raw</p>"
    assert second.title == "Unclosed red"
    assert second.link == "http://x.example/2"


def test_unescaped_html_in_description_is_kept_as_html() -> None:
    data = b"""<rss version="2.0"><channel><title>t</title><item><title>a</title>
      <description><p>Raw <b>markup</b><br/></p></description></item></channel></rss>"""
    assert parse_feed(data).entries[0].summary == "<p>Raw <b>markup</b><br/></p>"


@pytest.mark.parametrize(
    ("data", "content_type", "reason"),
    [
        (b"", None, "empty response"),
        (b"  \r\n\t ", None, "empty response"),
        (b"\xef\xbb\xbf", None, "empty response"),
        (
            b"<!DOCTYPE html>\n<html><head><title>Home</title></head><body>hi</body></html>",
            "text/html",
            "not a feed: got an HTML page",
        ),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"/>', None, "HTML page"),
        (b"  <HTML><body>x", None, "not a feed: got an HTML page"),
        (b"Just some text", "text/plain", "neither XML nor JSON"),
        (b'<?xml version="1.0"?><sitemap/>', None, "<sitemap>"),
        (b'{"hello": "world"}', "application/json", "JSON without an items list"),
        (b"{broken", None, "invalid JSON"),
        (b"[1, 2]", "application/feed+json", "JSON without an items list"),
    ],
)
def test_not_a_feed(data: bytes, content_type: str | None, reason: str) -> None:
    with pytest.raises(ParseError, match=reason.replace("(", r"\(")):
        parse_feed(data, content_type=content_type)


def test_rss_with_lots_of_items_keeps_order() -> None:
    items = "".join(f"<item><title>n{i}</title><guid>g{i}</guid></item>" for i in range(200))
    feed = parse_feed(f'<rss version="2.0"><channel>{items}</channel></rss>'.encode())
    assert [e.id for e in feed.entries] == [f"g{i}" for i in range(200)]
    assert feed.entries[0].link is None


def test_junk_before_the_feed_is_skipped() -> None:
    data = (
        b"<br />\n<b>Warning</b>:  mysql_connect() in /var/www/rss.php on line 3<br />\n"
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>a</title><link>http://j.example/a</link></item></channel></rss>"
    )
    feed = parse_feed(data)
    assert (feed.title, [e.link for e in feed.entries]) == ("T", ["http://j.example/a"])


def test_control_characters_do_not_abort_parsing() -> None:
    data = "<rss version='2.0'><channel><title>t\x00\x08\ufffe</title>" + "".join(
        f"<item><title>n{i}\x0c\x1f</title><description>d\x1b]2;pwned\x07{i}</description></item>"
        for i in range(3)
    )
    feed = parse_feed((data + "</channel></rss>").encode())
    assert feed.title == "t"
    assert [e.title for e in feed.entries] == ["n0", "n1", "n2"]
    assert all("\x1b" not in (e.summary or "") for e in feed.entries)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=300).map(str.encode))
def test_any_bytes_give_a_feed_or_parse_error(data: bytes) -> None:
    try:
        feed = parse_feed(data)
    except ParseError:
        return
    assert feed.format


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_title_text_parses(title: str) -> None:
    body = f"<rss version='2.0'><channel><item><title>{title}</title></item></channel></rss>"
    feed = parse_feed(body.encode("utf-8", "surrogatepass"))
    assert len(feed.entries) <= 1


def test_xhtml_text_only_content_stays_escaped() -> None:
    data = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id>
      <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">a &lt; b &amp; c</div></content>
      </entry></feed>"""
    assert parse_feed(data).entries[0].content == "a &lt; b &amp; c"


def test_atom_title_naming_a_tag_keeps_it() -> None:
    """A text title is text: `<dialog>` in it is a word, not a tag to strip; an HTML title
    is unescaped once, so the tag it escaped stays and only its real markup goes."""
    data = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><id>1</id><title>The &lt;dialog&gt; element &amp; you</title></entry>
      <entry><id>2</id><title type="html">The &amp;lt;dialog&amp;gt; element &lt;b&gt;now&lt;/b&gt;</title></entry>
      <entry><id>3</id><title>Tom &amp;amp; Jerry</title></entry>
      </feed>"""
    titles = [e.title for e in parse_feed(data).entries]
    assert titles == ["The <dialog> element & you", "The <dialog> element now", "Tom & Jerry"]


def test_an_html_page_is_named_by_its_title() -> None:
    """A bot check or a login page in place of the feed says which it is."""
    page = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body>"
    with pytest.raises(ParseError) as caught:
        parse_feed(page, content_type="text/html")
    assert str(caught.value) == (
        'not a feed: got an HTML page titled "Just a moment..." (a login or bot-check page,'
        " or the site's page rather than its feed)"
    )


def test_atom_xml_base_resolves_the_content_links() -> None:
    """The links of an entry's content are relative to the xml:base in force there, not to
    the entry's own link (a post at /blog/posts/1 whose images live under /blog/)."""
    data = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://ex.org/blog/">
      <title>T</title><entry><id>1</id><title>t</title><link href="posts/1"/>
      <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p><a href="rel/a">a</a>
      <img src='img/x.png'/><a href="#n">n</a><a href="https://o.org/">o</a></p></div></content>
      <summary type="html" xml:base="/s/">&lt;a href="b"&gt;b&lt;/a&gt;</summary></entry></feed>"""
    (entry,) = parse_feed(data, url="https://ex.org/feed.atom").entries
    assert entry.link == "https://ex.org/blog/posts/1"
    assert 'href="https://ex.org/blog/rel/a"' in entry.content
    assert 'src="https://ex.org/blog/img/x.png"' in entry.content
    assert 'href="#n"' in entry.content and 'href="https://o.org/"' in entry.content
    assert entry.summary == '<a href="https://ex.org/s/b">b</a>'
