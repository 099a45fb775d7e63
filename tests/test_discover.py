"""Finding a feed from a site's address (core.discover), over a loopback server."""

from __future__ import annotations

import threading
import time

import pytest

from tests.feedserver import Route, feed_server  # noqa: F401  (fixture)
from tidings.core.discover import (
    GUESSES,
    discover,
    feed_links,
    fetch_choice,
    guess_dirs,
    typed_bare,
    web_address,
)
from tidings.core.models import Settings

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Loop News</title><link>http://x/</link>
<item><guid>1</guid><title>One</title><link>http://x/1</link></item>
<item><guid>2</guid><title>Two</title><link>http://x/2</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Comments</title><id>urn:c</id>
<entry><id>urn:c1</id><title>c1</title><updated>2026-01-01T00:00:00Z</updated></entry>
</feed>"""

GBK_RSS = """<?xml version="1.0" encoding="GBK"?>
<rss version="2.0"><channel><title>南方新闻</title><link>http://x/</link>
<item><guid>g1</guid><title>台风登陆沿海地区</title><link>http://x/1</link></item>
</channel></rss>""".encode("gbk")

HTML = "text/html; charset=utf-8"


def page(*links: str, head: str = "") -> bytes:
    return (
        "<!DOCTYPE html><html><head><title>A site</title>"
        + head
        + "".join(links)
        + "</head><body><p>Hello</p></body></html>"
    ).encode()


def alternate(href: str, kind: str = "application/rss+xml", title: str = "") -> str:
    title_attr = f' title="{title}"' if title else ""
    return f'<link rel="alternate" type="{kind}"{title_attr} href="{href}">'


def test_a_feed_url_is_the_feed(feed_server):  # noqa: F811
    url = feed_server.add("/rss.xml", body=RSS, etag='"v1"')
    found = discover(url)
    assert found.error is None and found.feed is not None
    assert (found.feed.url, found.feed.title, found.feed.entries) == (url, "Loop News", 2)
    assert found.feed.result.etag == '"v1"'
    assert feed_server.hits == {"/rss.xml": 1}


def test_a_feed_that_moved_for_good_is_taken_where_it_lives_now(feed_server):  # noqa: F811
    new = feed_server.add("/new.xml", body=RSS)
    old = feed_server.add("/old.xml", redirect="/new.xml", status=301)
    assert discover(old).feed.url == new
    moved = feed_server.add("/moved.xml", redirect="/new.xml", status=302)
    assert discover(moved).feed.url == moved  # for now only: the address stays


def test_a_page_with_one_relative_feed_link(feed_server):  # noqa: F811
    feed_server.add("/blog/feed.xml", body=RSS)
    url = feed_server.add("/blog/", body=page(alternate("feed.xml")), content_type=HTML)
    found = discover(url)
    assert found.feed is not None and found.feed.url == feed_server.url("/blog/feed.xml")
    assert found.feed.title == "Loop News"


def test_a_page_behind_a_redirect_resolves_links_from_where_it_ended(feed_server):  # noqa: F811
    feed_server.add("/new/feed.xml", body=RSS)
    feed_server.add("/new/", body=page(alternate("feed.xml")), content_type=HTML)
    url = feed_server.add("/old", redirect="/new/", status=302)
    found = discover(url)
    assert found.feed is not None and found.feed.url == feed_server.url("/new/feed.xml")


def test_a_page_offering_two_feeds_lists_both_with_their_titles(feed_server):  # noqa: F811
    feed_server.add("/comments.atom", body=ATOM, content_type="application/atom+xml")
    links = (
        alternate("/rss.xml", title="Posts"),
        alternate("/comments.atom", "application/atom+xml", "Comments &amp; replies"),
        alternate("/wp-json/wp/v2/pages/2", "application/json"),  # WordPress's API: no feed
        alternate("/rss.xml", title="Posts again"),  # the same feed once
        '<link rel="alternate" hreflang="fr" href="/fr/">',  # not a feed
    )
    url = feed_server.add("/", body=page(*links), content_type=HTML)
    found = discover(url)
    assert found.feed is None and found.error is None
    assert [(c.url, c.title, c.kind) for c in found.choices] == [
        (feed_server.url("/rss.xml"), "Posts", "RSS"),
        (feed_server.url("/comments.atom"), "Comments & replies", "Atom"),
    ]
    chosen = fetch_choice(found.choices[1])
    assert chosen.feed is not None and chosen.feed.title == "Comments"
    assert chosen.feed.entries == 1


def test_links_honour_base_and_drop_what_is_not_web(feed_server):  # noqa: F811
    body = page(
        alternate("javascript:alert(1)"),
        alternate("feed.json", "application/feed+json", "JSON \x1b]2;pwned\x07feed"),
        head='<base href="https://cdn.example/site/">',
    )
    links = feed_links(body, HTML, "https://example.org/")
    assert [(link.url, link.title) for link in links] == [
        ("https://cdn.example/site/feed.json", "JSON feed")
    ]


def test_a_gbk_page_and_its_gbk_feed_read_right(feed_server):  # noqa: F811
    feed_server.add("/rss.xml", body=GBK_RSS, content_type="application/xml")
    body = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
        "<title>南方网</title>"
        '<link rel="alternate" type="application/rss+xml" title="南方网 新闻" href="/rss.xml">'
        "</head><body><p>新闻</p></body></html>"
    ).encode("gbk")
    url = feed_server.add("/", body=body, content_type="text/html")
    links = feed_links(body, "text/html", url)
    assert [link.title for link in links] == ["南方网 新闻"]
    found = discover(url)
    assert found.feed is not None and found.feed.title == "南方新闻"
    assert found.feed.feed.entries[0].title == "台风登陆沿海地区"


def test_no_link_but_feed_works(feed_server):  # noqa: F811
    feed_server.add("/feed", body=RSS)
    url = feed_server.add("/", body=page(), content_type=HTML)
    found = discover(url)
    assert found.feed is not None and found.feed.url == feed_server.url("/feed")
    assert {r.path for r in feed_server.requests} <= {"/", *GUESSES}


def test_a_later_usual_place_is_found_too(feed_server):  # noqa: F811
    feed_server.add("/feed", body=page(), content_type=HTML)  # a soft 404: the home page
    feed_server.add("/index.xml", body=RSS)
    url = feed_server.add("/", body=page(), content_type=HTML)
    found = discover(url)
    assert found.feed is not None and found.feed.url == feed_server.url("/index.xml")


def test_a_blog_in_a_directory_has_its_feed_looked_for_there_first(feed_server):  # noqa: F811
    feed_server.add("/blog/feed", body=RSS)
    feed_server.add("/feed", body=RSS.replace(b"<title>", b"<title>Host "))  # the site's
    url = feed_server.add("/blog/", body=page(), content_type=HTML)
    found = discover(url)
    assert found.feed is not None and found.feed.url == feed_server.url("/blog/feed")
    assert guess_dirs("/blog/2024/post.html") == ["/blog/2024", ""]
    assert guess_dirs("/") == guess_dirs("") == guess_dirs("/index.html") == [""]


def test_nothing_found_in_a_directory_says_where_it_looked(feed_server):  # noqa: F811
    url = feed_server.add("/news/", body=page(), content_type=HTML)
    found = discover(url)
    assert found.feed is None
    assert f"under /news/ and on {feed_server.url('/')[7:-1]})" in found.error
    assert len(feed_server.requests) == 1 + 2 * len(GUESSES)


def test_nothing_found_says_so_and_what_was_tried(feed_server):  # noqa: F811
    url = feed_server.add("/", body=page(), content_type=HTML)
    found = discover(url)
    assert found.feed is None and not found.choices
    assert found.error.startswith("not a feed, and no feed link found on the page")
    assert "/feed, /rss" in found.error
    assert len(feed_server.requests) == 1 + len(GUESSES)


def test_not_html_and_not_a_feed_says_why(feed_server):  # noqa: F811
    url = feed_server.add("/x", body=b"just words", content_type="text/plain")
    found = discover(url)
    assert found.error.startswith("not a feed (not a feed: the response is neither XML nor JSON)")


def test_a_404_is_told(feed_server):  # noqa: F811
    found = discover(feed_server.url("/nothing"))
    assert found.error == "HTTP 404 Not Found"
    assert len(feed_server.requests) == 1  # no guessing around a missing page


def test_a_broken_feed_link_is_told(feed_server):  # noqa: F811
    url = feed_server.add("/", body=page(alternate("/gone.xml")), content_type=HTML)
    found = discover(url)
    assert found.error == (
        f"the page's feed link {feed_server.url('/gone.xml')} failed: HTTP 404 Not Found"
    )


def test_a_huge_page_is_cut_at_the_cap(feed_server):  # noqa: F811
    url = feed_server.add(
        "/", responses=[Route(body=b"<p>" * 1000, endless=True, content_type=HTML)]
    )
    found = discover(url, Settings(max_bytes=100_000))
    assert found.error == "response larger than 100 KB (feeds.yaml's settings: max_bytes)"


def test_a_slow_site_times_out(feed_server):  # noqa: F811
    url = feed_server.add("/", body=page(), content_type=HTML, delay=30)
    found = discover(url, Settings(total_timeout=0.3, read_timeout=0.3))
    assert found.error is not None and "timed out" in found.error


def test_a_bare_host_without_https_is_tried_over_http(feed_server):  # noqa: F811
    url = feed_server.add("/rss.xml", body=RSS)
    typed = url.removeprefix("http://")
    assert typed_bare(typed) and not typed_bare(url)
    https, _ = web_address(typed)
    found = discover(https, http_fallback=True)
    assert found.feed is not None and found.feed.url == url
    found = discover(https)  # typed with https://: that is what was meant
    assert found.feed is None and found.error.startswith("TLS error")


def test_a_lookup_is_abandoned_when_told_to_stop(feed_server):  # noqa: F811
    # The reader quitting: a slow site must not hold it up until its timeouts.
    url = feed_server.add("/", body=page(), content_type=HTML, delay=30)
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    assert discover(url, stop=stop).error == "stopped"
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("https://example.org/blog/", "https://example.org/blog/"),
        ("  example.org/blog ", "https://example.org/blog"),
        ("localhost:8080", "https://localhost:8080"),
        ("http://例子.中国/rss", "http://例子.中国/rss"),
        ("feed://example.org/rss", "http://example.org/rss"),  # a browser's subscribe link
        ("feed:https://example.org/rss", "https://example.org/rss"),
    ],
)
def test_a_typed_address(typed, url):
    assert web_address(typed) == (url, None)
    assert not typed_bare(typed) or "://" not in typed  # feed:https:// is not tried over http


@pytest.mark.parametrize(
    "typed", ["", "news", "javascript:alert(1)", "ftp://x.example/f", "a b.org"]
)
def test_what_is_no_web_address(typed):
    url, reason = web_address(typed)
    assert url is None and reason
