"""Full articles from the web page (issue 5): `full_text: true` feeds and the CLI."""

from __future__ import annotations

import threading
import time

from tests import feedserver
from tidings.cli import main
from tidings.core.fulltext import PageResult, fetch_article_full_text, fetch_site_page
from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, Settings
from tidings.core.store import Store

feed_server = feedserver.feed_server

PAGE = """<html><head><meta charset="gbk"><title>央行宣布降息_示例新闻网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/a">国内</a> <a href="/b">国际</a></div>
<div class="article"><h1>央行宣布降息</h1>
<p>中国人民银行今天宣布下调贷款市场报价利率，这是今年以来的第二次降息。</p>
<p>分析人士认为，此举旨在提振消费和投资，稳定经济增长预期。</p>
<p>多家银行表示将在下周起执行新的利率标准，购房者月供将有所减少。</p>
</div>
<div class="share">分享到：微博 微信</div><div class="report">举报/反馈</div>
<div class="pager"><a href="/news/1.html">上一篇：股市收盘上涨</a> <a href="/news/3.html">下一篇：房价企稳</a></div>
<div class="footer">版权所有 示例新闻网 京ICP备12345678号</div>
</body></html>""".encode("gb18030")


def feed_xml(link: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>摘要新闻</title><link>http://x/</link>
<item><guid>r1</guid><title>央行宣布降息</title><link>{link}</link>
<description>央行降息。</description></item></channel></rss>""".encode()


def test_fetch_extracts_full_text_and_show_marks_it(feed_server, tmp_path, capsys):
    page = feed_server.add("/news/2.html", body=PAGE, content_type="text/html")
    feed = feed_server.add("/feed.xml", body=feed_xml(page))
    broken = feed_server.add(
        "/feed2.xml", body=feed_xml(feed_server.url("/missing.html")).replace(b"r1", b"r2")
    )
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        f"feeds:\n  - url: {feed}\n    full_text: true\n  - url: {broken}\n    full_text: true\n"
    )
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch"]) == 0
    out, err = capsys.readouterr()
    assert "full text: 1 page extracted, 1 failed" in out
    assert "HTTP 404" in err
    assert main([*args, "show", page, "--width", "80"]) == 0
    shown = capsys.readouterr().out
    assert "Full text from the web page" in shown
    assert "多家银行表示将在下周起执行新的利率标准" in shown
    assert "举报" not in shown and "ICP" not in shown and "首页" not in shown
    # The extracted text is searchable.
    assert main([*args, "search", "购房者"]) == 0
    # The failed one falls back to the feed's text with the reason.
    missing = feed_server.url("/missing.html")
    assert main([*args, "show", missing]) == 0
    shown = capsys.readouterr().out
    assert "Full text unavailable" in shown and "央行降息" in shown
    # Site links are kept with the article.
    with Store.open(tmp_path / "d.db") as store:
        article = store.find_article(page)
        kinds = {(s.kind, s.title) for s in article.site_links}
        assert ("prev", "股市收盘上涨") in kinds and ("next", "房价企稳") in kinds


def test_site_page_opens_as_article(feed_server):
    page = feed_server.add("/news/2.html", body=PAGE, content_type="text/html")
    result = fetch_site_page(page, Settings())
    assert result.error is None
    assert result.extracted.title == "央行宣布降息"
    assert fetch_site_page("javascript:alert(1)", Settings()).error == "not an http(s) link"


def test_a_page_still_coming_is_abandoned_when_the_reader_quits(feed_server, tmp_path):
    # Q during f: the reader waited up to read_timeout (20 s) for the page; now it gives
    # up within a tenth of a second and stores no error for the article.
    slow = feed_server.add("/slow.html", body=PAGE, content_type="text/html", delay=60)
    db = tmp_path / "d.db"
    with Store.open(db) as store:
        store.sync_feeds([FeedSpec("https://s.example/feed")])
        entry = ParsedEntry(id="1", title="Slow", link=slow, summary="s")
        store.record_fetch("https://s.example/feed", parsed=ParsedFeed(title="S", entries=[entry]))
    stop = threading.Event()
    results: list[PageResult] = []
    worker = threading.Thread(
        target=lambda: results.append(fetch_article_full_text(db, 1, Settings(), stop=stop))
    )
    worker.start()
    deadline = time.monotonic() + 30
    while not feed_server.seen("/slow.html") and time.monotonic() < deadline:
        worker.join(0.01)  # the request is on its way to the server
    assert feed_server.seen("/slow.html")
    stop.set()
    began = time.monotonic()
    worker.join(10)
    assert not worker.is_alive() and time.monotonic() - began < 5
    assert results[0].error == "stopped"
    with Store.open(db) as store:
        article = store.get_article(1)
        assert article.full_text is None and article.full_text_error is None
