"""Full-article extraction: what a reader sees of a saved web page."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tidings.core.extract import ExtractError, extract_article, extract_from_bytes
from tidings.core.models import SiteLink

PAGES = Path(__file__).parent / "fixtures" / "pages"
URL = "https://www.example.com/2024/05/02/harbour-tunnel.html"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def test_gbk_page_with_only_meta_charset_decodes_and_extracts():
    ex = extract_from_bytes(page("gbk_meta.html"), url="https://news.example.cn/a/1.html")
    assert ex.title == "全市新建十二所中小学"
    assert "新增学位一万八千个" in ex.text
    assert "“入学难”问题" in ex.text
    assert ex.text.count("\n") == 2  # three paragraphs
    assert ex.published == datetime(2024, 3, 5, 2, 20, tzinfo=UTC)  # Beijing time, as UTC


def test_gb2312_page_declared_by_http_equiv():
    ex = extract_from_bytes(page("gb2312_http_equiv.html"))
    assert ex.title == "全市新建十二所中小学"
    assert "家长陈先生说：“孩子以后上学不用再跑那么远了，我们很高兴。”" in ex.text


def test_http_charset_wins_when_page_declares_nothing():
    data = page("gbk_meta.html").replace(b'<meta charset="gbk">', b"")
    ex = extract_from_bytes(data, content_type="text/html; charset=GBK")
    assert "新增学位一万八千个" in ex.text


@pytest.mark.parametrize("name", ["gbk_meta.html", "gb2312_http_equiv.html"])
def test_boilerplate_is_left_out(name):
    ex = extract_from_bytes(page(name))
    for junk in ("举报", "分享到", "微博", "首页", "国际", "当前位置", "版权所有", "ICP",
                 "Copyright", "网友评论", "支持一下", "来源：江南日报"):  # fmt: skip
        assert junk not in ex.text, junk
        assert junk not in ex.html, junk


def test_structure_is_kept_with_absolute_links_and_images():
    ex = extract_article(page("structure.html").decode(), URL)
    html = ex.html
    assert "<h2>Who can use it</h2>" in html
    assert "<li>Opening hours: 5am to midnight, every day.</li>" in html
    assert "<th>Vehicle</th>" in html and "<td>£2.50</td>" in html
    assert (
        '<img src="https://www.example.com/img/tunnel-mouth.jpg" alt="The tunnel mouth at Quay Street">'
        in html
    )
    assert '<a href="https://www.example.com/guides/cycle-routes.html">bridge route</a>' in html
    assert "<blockquote>" in html
    assert "<h1>" not in html  # the title is not repeated in the body
    assert "Previous" not in ex.text and "All rights reserved" not in ex.text
    assert "Home" not in ex.text
    assert ex.text.splitlines()[0].startswith("The harbour tunnel opened")
    assert "Car  £2.50" in ex.text


def test_metadata():
    ex = extract_article(page("structure.html").decode(), URL)
    assert ex.title == "Harbour tunnel opens after six years"
    assert ex.author == "Sam Okafor"
    assert ex.published == datetime(2024, 5, 2, 7, 30, tzinfo=UTC)
    assert ex.lead_image == "https://www.example.com/img/tunnel-lead.jpg"


def test_prev_next_and_related_site_links_with_titles():
    ex = extract_article(page("structure.html").decode(), URL)
    links = ex.site_links
    assert SiteLink("prev", "https://www.example.com/2024/04/30/council-budget.html",
                    "Council budget passes narrowly") in links  # fmt: skip
    assert SiteLink("next", "https://www.example.com/2024/05/03/ferry-timetable.html",
                    "Ferry timetable cut as tunnel opens") in links  # fmt: skip
    related = [link for link in links if link.kind == "related"]
    assert related == [
        SiteLink(
            "related",
            "https://www.example.com/2023/11/02/tunnel-delay.html",
            "Tunnel opening delayed again",
        ),
        SiteLink(
            "related", "https://other.example.org/harbour-history", "A short history of the harbour"
        ),
    ]


def test_chinese_prev_next_labels_give_the_linked_titles():
    html = """<html><head><meta charset="utf-8"><title>某某新闻_网站</title></head><body>
    <div class="article-content"><p>这是一篇正常的新闻正文，内容足够长，包含多个句子。这里是第二句话，用来凑足长度。</p>
    <p>第二段同样是正文内容，记者在现场进行了采访，群众纷纷表示欢迎。</p></div>
    <div class="page"><a href="/n/1.html">上一篇：旧闻一则</a><br>下一篇：<a href="/n/3.html">新闻三则</a></div>
    <div class="list"><h3>最近更新</h3><ul><li><a href="/n/9.html">最新的一条新闻</a></li></ul></div>
    </body></html>"""
    ex = extract_article(html, "https://news.example.cn/n/2.html")
    assert ex.site_links == [
        SiteLink("prev", "https://news.example.cn/n/1.html", "旧闻一则"),
        SiteLink("next", "https://news.example.cn/n/3.html", "新闻三则"),
        SiteLink("related", "https://news.example.cn/n/9.html", "最新的一条新闻"),
    ]
    assert "上一篇" not in ex.text and "最新的一条新闻" not in ex.text


def test_page_without_an_article_raises():
    with pytest.raises(ExtractError, match="no article found on the page"):
        extract_article(page("no_article.html").decode(), URL)
    with pytest.raises(ExtractError):
        extract_article("", URL)


def test_hostile_page_leaks_no_script_or_escapes():
    ex = extract_article(page("hostile.html").decode(), URL)
    assert "The first paragraph" in ex.text and "carries on" in ex.text
    for leak in ("alert", "pwned", "leak-in-body", "noscript-leak", "hidden-leak", "steal",
                 "onclick", "onerror", "javascript:", "<script", "<iframe", "color:red"):  # fmt: skip
        assert leak not in ex.html, leak
        assert leak not in ex.text, leak
    assert "\x1b" not in ex.text and "\x07" not in ex.text and "\x1b" not in ex.html
    assert "click me" in ex.text  # the link's words stay, the javascript: link goes


def test_relative_links_follow_the_base_element_and_blank_prev_next_has_no_title():
    html = """<html><head><base href="https://cdn.example.net/news/"></head><body>
    <div class="entry-content"><p>A paragraph long enough to be an article, with a comma, and a stop.</p>
    <p>Another paragraph; it has <a href="more.html">a link</a> and an <img src="pic.png" alt="A pic">.</p></div>
    <a href="older.html">Older posts</a> <a href="#top">Next</a></body></html>"""
    ex = extract_article(html, "https://www.example.net/news/today.html")
    assert '<a href="https://cdn.example.net/news/more.html">a link</a>' in ex.html
    assert ex.lead_image == "https://cdn.example.net/news/pic.png"
    assert ex.site_links == [SiteLink("prev", "https://cdn.example.net/news/older.html", "")]


def test_deeply_nested_markup_does_not_crash():
    body = "<p>" + "正文内容，足够长的一句话。" * 10 + "</p>"
    html = f"<html><body><div class='content'>{body}{'<div><span>' * 5000}深处{'</span></div>' * 5000}</div></body></html>"
    ex = extract_article(html)
    assert ex.text.startswith("正文内容，足够长的一句话。")


def test_body_sentences_that_start_like_boilerplate_stay():
    html = """<html><body><div class="article-body">
    <p>Share prices fell 3% on Monday.</p>
    <p>Printing presses ran all night, and the paper reached the shops at dawn, a first for the town.</p>
    <p class="share">Share this</p></div></body></html>"""
    ex = extract_article(html)
    assert ex.text == (
        "Share prices fell 3% on Monday.\n"
        "Printing presses ran all night, and the paper reached the shops at dawn, a first for the town."
    )


def _dated_page(lang: str, text: str, when: str) -> str:
    para = f"<p>{text}</p>" * 6
    return (
        f'<html lang="{lang}"><head><title>T</title></head><body><article><h1>T</h1>'
        f'<p class="date">{when}</p>{para}</article></body></html>'
    )


ZH_TEXT = "记者从市交通运输局获悉，全市公交线路将于下月起陆续调整，新增站点十余个，方便市民出行。"
JA_TEXT = "市の交通局によると、来月からバスの路線が順次見直され、新しい停留所が十か所ほど増える。"
EN_TEXT = "The city's transport office said bus routes will change from next month, with new stops."


@pytest.mark.parametrize(
    ("lang", "text", "when", "hour"),
    [
        ("zh-CN", ZH_TEXT, "2024-05-01 08:30", 0),  # Beijing time
        ("en", ZH_TEXT, "发布时间：2024年05月01日 08:30", 0),  # a template's lang="en"
        ("ja", JA_TEXT, "2024/05/01 09:30", 0),  # Japan time, not Beijing's
        ("", JA_TEXT, "2024-05-01T09:30:00", 0),  # no lang: the script says Japanese
        ("en", EN_TEXT, "2024-05-01 08:30", 8),  # a local time on an English page: UTC
        ("zh", ZH_TEXT, "2024-05-01T08:30:00+02:00", 6),  # an offset given wins
    ],
)
def test_a_page_date_without_an_offset_is_read_in_the_pages_zone(lang, text, when, hour):
    ex = extract_article(_dated_page(lang, text, when), "https://news.example/a")
    assert ex.published == datetime(2024, 5, 1, hour, 30, tzinfo=UTC)
