"""Articles split over several pages: which link is the next page (pagination.py), and
the reader's full text holding every page (fulltext.py), from a loopback server."""

from __future__ import annotations

import lxml.html
import pytest

from tests import feedserver
from tidings.core.fulltext import fetch_site_page
from tidings.core.models import Settings
from tidings.core.pagination import MAX_PAGES, find_pages, page_step, same_article_title

feed_server = feedserver.feed_server


@pytest.mark.parametrize(
    ("current", "candidate", "step"),
    [
        ("https://n.example/a/123.html", "https://n.example/a/123_2.html", 1),
        ("https://n.example/a/123.html", "https://n.example/a/123_1.html", 1),  # CMS from 1
        ("https://n.example/a/123_2.html", "https://n.example/a/123_3.html", 1),
        ("https://n.example/a/123_3.html", "https://n.example/a/123.html", -2),
        ("https://n.example/2024/my-story/", "https://n.example/2024/my-story/2/", 1),
        ("https://n.example/2024/my-story/", "https://n.example/2024/my-story/page/2", 1),
        ("https://n.example/s?id=7", "https://n.example/s?id=7&page=2", 1),
        ("https://n.example/s?id=7&page=2", "https://n.example/s?id=7&page=3", 1),
        ("https://N.example/a/123.html", "https://n.example/a/123-2.html", 1),
        # other articles
        ("https://n.example/news/2.html", "https://n.example/news/3.html", None),
        ("https://n.example/a/123.html", "https://n.example/a/124_2.html", None),
        ("https://n.example/s?id=7", "https://n.example/s?id=8&page=2", None),
        ("https://n.example/a/123.html", "https://other.example/a/123_2.html", None),
        ("https://n.example/?p=12", "https://n.example/?p=13", None),  # WordPress post ids
        ("https://n.example/a/123.html", "https://n.example/a/123.html", None),
    ],
)
def test_page_step(current, candidate, step):
    assert page_step(current, candidate) == step


def pages_of(html: str, base: str) -> tuple[str | None, set[str]]:
    return find_pages(lxml.html.document_fromstring(html), base)


def test_a_chinese_pager_gives_the_next_page_and_its_links():
    base = "https://n.example/a/123.html"
    html = """<html><body><div class="pages">
      <a href="123.html">1</a> <a href="123_2.html">2</a> <a href="123_3.html">3</a>
      <a href="123_2.html">下一页</a> <a href="123_3.html">尾页</a></div>
      <a href="124.html">下一篇：另一篇文章</a> <a href="124_2.html">下一页</a></body></html>"""
    next_page, pages = pages_of(html, base)
    assert next_page == "https://n.example/a/123_2.html"
    assert pages == {"https://n.example/a/123_2.html", "https://n.example/a/123_3.html"}


def test_the_next_page_needs_the_words_as_well_as_the_url():
    base = "https://n.example/2024/my-story/"
    assert pages_of('<a href="/2024/my-story/2/">Next page ›</a>', base)[0] == base + "2/"
    assert pages_of('<a href="/2024/my-story/2/" rel="next">»</a>', base)[0] == base + "2/"
    assert pages_of('<a href="/2024/my-story/2/">2</a>', base)[0] == base + "2/"
    assert pages_of('<a href="/2024/my-story/2/">Comments</a>', base)[0] is None
    assert pages_of('<a href="/2024/my-story/3/">3</a>', base)[0] is None  # not the next
    assert pages_of('<a href="/2024/my-story-2/">下一篇：My story, again</a>', base)[0] is None


def test_a_later_page_keeps_the_first_pages_title():
    assert same_article_title("央行宣布降息", "央行宣布降息(2)")
    assert same_article_title("央行宣布降息", "央行宣布降息 第2页")
    assert same_article_title("The long read", "The long read - Page 2")
    assert same_article_title("The long read", None)
    assert not same_article_title("央行宣布降息", "房价企稳")


def page(n: int, of: int, *, title: str = "央行宣布降息", pager: bool = True) -> bytes:
    links = " ".join(
        f'<a href="/a/123{"" if i == 1 else f"_{i}"}.html">{i}</a>' for i in range(1, of + 1)
    )
    if n < of:
        links += f' <a href="/a/123_{n + 1}.html">下一页</a>'
    body = "".join(
        f"<p>第{n}页第{k}段：中国人民银行今天宣布下调贷款市场报价利率，多家银行表示将执行。</p>"
        for k in range(1, 4)
    )
    return f"""<html><head><meta charset="gbk"><title>{title}_示例新闻网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/b">国际</a></div>
<div class="article"><h1>{title}</h1>{body}</div>
<div class="pages">{links if pager else ""}</div>
<div class="pager"><a href="/a/100.html">上一篇：股市收盘上涨</a></div>
</body></html>""".encode("gb18030")


def add_pages(server, of: int, **kw) -> str:
    for n in range(1, of + 1):
        path = "/a/123.html" if n == 1 else f"/a/123_{n}.html"
        server.add(path, body=page(n, of, **kw), content_type="text/html")
    return server.url("/a/123.html")


def test_an_article_over_three_pages_is_stored_whole_in_order(feed_server):
    result = fetch_site_page(add_pages(feed_server, 3), Settings())
    assert result.error is None and result.extracted is not None
    text = result.extracted.text
    starts = [text.index(f"第{n}页第1段") for n in (1, 2, 3)]
    assert starts == sorted(starts)
    assert text.count("第2页第3段") == 1
    assert "下一页" not in text and "首页" not in text
    urls = [link.url for link in result.extracted.site_links]
    assert urls == [feed_server.url("/a/100.html")]  # the previous article, not the pages
    assert sum(feed_server.hits.get(f"/a/123_{n}.html", 0) for n in (2, 3)) == 2


def test_a_page_that_fails_ends_the_article_with_a_note(feed_server):
    first = add_pages(feed_server, 3)
    feed_server.add("/a/123_3.html", body=b"gone", status=404, content_type="text/html")
    result = fetch_site_page(first, Settings())
    assert result.extracted is not None
    text = result.extracted.text
    assert "第2页第1段" in text and "第3页" not in text
    last = text.rstrip().splitlines()[-1]
    assert last.startswith("[Page 3 of the article could not be fetched: HTTP 404")


def test_a_next_page_with_another_title_is_not_appended(feed_server):
    first = add_pages(feed_server, 2)
    feed_server.add("/a/123_2.html", body=page(2, 2, title="房价企稳"), content_type="text/html")
    result = fetch_site_page(first, Settings())
    assert result.extracted is not None and "第2页" not in result.extracted.text


def test_pages_are_fetched_at_most_max_pages(feed_server):
    first = add_pages(feed_server, MAX_PAGES + 3)
    result = fetch_site_page(first, Settings())
    assert result.extracted is not None
    assert f"第{MAX_PAGES}页第1段" in result.extracted.text
    assert f"第{MAX_PAGES + 1}页" not in result.extracted.text


def test_tidings_extract_of_a_url_prints_every_page(feed_server, tmp_path, capsys):
    from tidings.cli import main

    config = tmp_path / "feeds.yaml"
    config.write_text("feeds: []\n")
    assert main(["--config", str(config), "extract", add_pages(feed_server, 2)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("央行宣布降息\n") and "第1页第3段" in out and "第2页第3段" in out


def test_a_next_page_that_redirects_back_is_not_taken_twice(feed_server):
    first = add_pages(feed_server, 2)
    feed_server.add("/a/123_2.html", redirect=feed_server.url("/a/123.html"))
    result = fetch_site_page(first, Settings())
    assert result.extracted is not None
    assert (
        result.extracted.text.count("第1页第1段") == 1 and "could not" not in result.extracted.text
    )
