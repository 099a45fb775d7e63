"""Pilot tests of full text (f), the page's own links ("On the site") with Back, the
More from / Related panels (t, l, Enter, Back), full text after a refresh, and laying
the body out for the reading pane's width."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console

from tests import feedserver
from tidings.core.models import Config, FeedSpec, ParsedEntry, ParsedFeed, Settings
from tidings.core.store import Store
from tidings.tui.app import TidingsApp

feed_server = feedserver.feed_server

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def page(title: str, body: str, *, prev: str = "", next_: str = "") -> bytes:
    pager = ""
    if prev:
        pager += f'<a href="{prev}">上一篇：{prev.rsplit("/", 1)[-1]}的标题</a> '
    if next_:
        pager += f'<a href="{next_}">下一篇：{next_.rsplit("/", 1)[-1]}的标题</a>'
    return f"""<html><head><meta charset="utf-8"><title>{title}_示例新闻网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/a">国内</a></div>
<div class="article"><h1>{title}</h1>
<p>{body}这是第一段正文，内容足够长，包含多个句子，用来让提取器认出正文。</p>
<p>第二段同样是正文内容，记者在现场进行了采访，群众纷纷表示欢迎和支持。</p>
<p>第三段：多家银行表示将在下周起执行新的利率标准，购房者月供将有所减少。</p>
</div>
<div class="pager">{pager}</div>
<div class="footer">版权所有 示例新闻网</div></body></html>""".encode()


def one_article_store(db: Path, link: str, *, full_text: bool = False) -> Config:
    spec = FeedSpec("https://feed.example/rss", "示例新闻", full_text=full_text)
    with Store.open(db) as store:
        store.sync_feeds([spec])
        entry = ParsedEntry(
            id="e1",
            link=link,
            title="央行宣布降息",
            published=T0,
            content="<p>央行降息（摘要）。</p>",
        )
        store.record_fetch(spec.url, parsed=ParsedFeed(title="示例新闻", entries=[entry]))
    return Config(feeds=[spec], settings=Settings(refresh_on_startup=False))


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def shown(app: TidingsApp) -> str:
    """The reading pane's lines as plain text."""
    return "\n".join("".join(s.text for s in strip).rstrip() for strip in app.reader._lines)


def record_statuses(app: TidingsApp) -> list[str]:
    """Every status line message from now on."""
    seen: list[str] = []
    set_status = app.set_status

    def recording(message: str) -> None:
        seen.append(message)
        set_status(message)

    app.set_status = recording  # type: ignore[method-assign]
    return seen


def panel_text(app: TidingsApp) -> str:
    """The panels' entries as plain text."""
    console = Console(width=70, record=True, file=io.StringIO())
    for option in app.related_list._options:
        console.print(option.prompt)
    return console.export_text()


# -- f: full text -------------------------------------------------------------------------


async def test_f_fetches_the_page_and_shows_the_full_text_with_its_mark(tmp_path, feed_server):
    url = feed_server.add(
        "/news/2.html",
        body=page(
            "央行宣布降息",
            "中国人民银行今天宣布下调利率。",
            prev="/news/1.html",
            next_="/news/3.html",
        ),
        content_type="text/html",
    )
    db = tmp_path / "t.db"
    app = TidingsApp(one_article_store(db, url), db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "央行降息（摘要）" in shown(app)
        statuses = record_statuses(app)
        await pilot.press("f")
        await settle(pilot)
        assert statuses[0] == "Fetching full text…"
        text = shown(app)
        assert "Full text from the web page" in text
        assert "中国人民银行今天宣布下调利率" in text and "购房者月供" in text
        assert "首页" not in text and "版权所有" not in text
        # The site's own links after the body, with the list's previous / next kept.
        assert "上一篇 Previous (p)" in text and "下一篇 Next (n)" in text
        tail = text[text.index("On the site") :]
        assert "上一篇 1.html的标题" in tail and "下一篇 3.html的标题" in tail
    with Store.open(db) as store:
        assert store.get_article(app.article.id).full_text


async def test_f_again_toggles_between_the_page_and_the_feeds_own_text(tmp_path, feed_server):
    url = feed_server.add("/news/2.html", body=page("央行宣布降息", "中国人民银行今天宣布下调利率。"),
                          content_type="text/html")  # fmt: skip
    db = tmp_path / "t.db"
    app = TidingsApp(one_article_store(db, url), db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)
        assert "中国人民银行今天宣布下调利率" in shown(app)
        assert app.status_message == "Full text fetched from the web page (f: the feed's own)."
        fetched = len(feed_server.requests)
        await pilot.press("f")  # the feed's own text, said so
        await settle(pilot)
        assert "央行降息（摘要）" in shown(app) and "中国人民银行" not in shown(app)
        assert "Full text from the web page" not in shown(app)
        assert app.status_message == "The feed's own text (f: the full text from the web page)."
        await pilot.press("f")  # the page's again, stored: not fetched again
        await settle(pilot)
        assert "中国人民银行今天宣布下调利率" in shown(app)
        assert app.status_message == "The full text from the web page (f: the feed's own)."
        assert len(feed_server.requests) == fetched


async def test_f_from_the_list_opens_the_article_with_its_full_text(tmp_path, feed_server):
    url = feed_server.add(
        "/p.html", body=page("央行宣布降息", "列表里按下。"), content_type="text/html"
    )
    db = tmp_path / "t.db"
    app = TidingsApp(one_article_store(db, url), db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert app.article is None and app.focused is app.articles
        await pilot.press("f")
        await settle(pilot)
        assert app.article is not None
        assert "Full text from the web page" in shown(app) and "列表里按下" in shown(app)


async def test_f_failure_falls_back_to_the_feed_text_with_the_reason(tmp_path, feed_server):
    url = feed_server.add("/gone.html", status=404, body=b"no", content_type="text/html")
    db = tmp_path / "t.db"
    app = TidingsApp(one_article_store(db, url), db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert "Full text unavailable" in app.status_message and "404" in app.status_message
        text = shown(app)
        assert "Full text unavailable: " in text and "showing the feed's text" in text
        assert "央行降息（摘要）" in text


# -- the site's own links --------------------------------------------------------------------


async def test_site_links_open_pages_as_articles_and_back_returns(tmp_path, feed_server):
    prev = feed_server.add(
        "/news/1.html",
        body=page("股市收盘上涨", "前一篇的正文。", next_="/news/2.html"),
        content_type="text/html",
    )
    url = feed_server.add(
        "/news/2.html",
        body=page("央行宣布降息", "本篇正文。", prev="/news/1.html", next_="/news/3.html"),
        content_type="text/html",
    )
    feed_server.add(
        "/news/3.html",
        body=page("房价企稳", "后一篇的正文。", prev="/news/2.html"),
        content_type="text/html",
    )
    db = tmp_path / "t.db"
    app = TidingsApp(one_article_store(db, url), db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)
        stored = app.article.id
        # ] opens the site's next page, as an article that is not stored.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.article.id < 0 and app.article.title == "房价企稳"
        assert app.article.link == feed_server.url("/news/3.html")
        assert "后一篇的正文" in shown(app) and "127.0.0.1" in shown(app)
        # Back, then from the keyboard: to the end, j onto the first entry, Enter.
        await pilot.press("backspace")
        await settle(pilot)
        assert app.article.id == stored
        await pilot.press("G", "j")
        assert app.reader.selected is not None
        await pilot.press("enter")
        await settle(pilot)
        assert app.article.title == "股市收盘上涨" and app.article.link == prev
        # m on a page from the site says it is not stored.
        await pilot.press("m")
        assert "not stored" in app.status_message
        await pilot.press("h")
        await settle(pilot)
        assert app.article.id == stored
        # A click on an "On the site" line opens it too.
        reader = app.reader
        index = next(i for i, e in enumerate(reader.entries) if e.link is not None)
        line = reader.entry_line(index)  # where it is shown
        reader.scroll_to(0, line, animate=False, immediate=True)
        await pilot.pause()
        await pilot.click(reader, offset=(3, line - int(reader.scroll_y)))
        await settle(pilot)
        assert app.article.id < 0


async def test_a_site_link_to_a_stored_article_opens_the_stored_one(tmp_path, feed_server):
    url = feed_server.add(
        "/news/2.html",
        body=page("央行宣布降息", "本篇正文。", next_="/news/2.html"),
        content_type="text/html",
    )
    db = tmp_path / "t.db"
    app = TidingsApp(one_article_store(db, url), db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)
        stored = app.article.id
        hits = len(feed_server.seen("/news/2.html"))
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.article.id == stored and len(feed_server.seen("/news/2.html")) == hits


async def test_a_site_link_that_fails_says_why(tmp_path, feed_server):
    url = feed_server.add(
        "/news/2.html",
        body=page("央行宣布降息", "本篇正文。", next_="/news/404.html"),
        content_type="text/html",
    )
    db = tmp_path / "t.db"
    app = TidingsApp(one_article_store(db, url), db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)
        stored = app.article.id
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.status_message.startswith("Could not open") and "404" in app.status_message
        assert app.article.id == stored
        # Whole on the status line: narrower than the line, wider than the room beside
        # the counts, it was cut there ("HTTP 404 File not …All: 1").
        status = app.main_screen.query_one("#status")
        await pilot.pause()
        lines = str(status.render()).splitlines()
        assert lines[0].rstrip() == app.status_message
        assert len(lines) == 2 and lines[1].rstrip().endswith(" All: 1 · 0 unread  ? help")
        await pilot.press("left_square_bracket")
        assert "no 上一篇" in app.status_message


# -- full text after a refresh ------------------------------------------------------------------


async def test_refresh_fetches_full_text_for_full_text_feeds(tmp_path, feed_server):
    url = feed_server.add(
        "/news/2.html", body=page("央行宣布降息", "刷新之后的全文。"), content_type="text/html"
    )
    rss = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>摘要新闻</title>
<item><guid>r1</guid><title>央行宣布降息</title><link>{url}</link><description>央行降息。</description></item>
</channel></rss>""".encode()
    feed = feed_server.add("/feed.xml", body=rss)
    config = Config(
        feeds=[FeedSpec(feed, "摘要新闻", full_text=True)],
        settings=Settings(refresh_on_startup=False),
    )
    db = tmp_path / "t.db"
    with Store.open(db) as store:
        store.sync_feeds(config.feeds)
    app = TidingsApp(config, db, refresh_on_start=True)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert app.status_message.endswith("full text for 1 article")
        await pilot.press("enter")
        await settle(pilot)
        assert "Full text from the web page" in shown(app) and "刷新之后的全文" in shown(app)


# -- More from / Related panels ---------------------------------------------------------------------

STORY = (
    "<p>The harbour ferry strike ended on Tuesday after crews accepted a new pay offer from "
    "the operator, restoring crossings between Northport and the islands.</p>"
)


def story_store(db: Path) -> Config:
    specs = [
        FeedSpec(f"https://{n}.example/feed", n, category="News")
        for n in ("Alpha", "Beta", "Gamma")
    ]
    with Store.open(db) as store:
        store.sync_feeds(specs)
        for i, spec in enumerate(specs):
            entries = [
                ParsedEntry(
                    id=f"{spec.title}-ferry",
                    link=f"https://{spec.title}.example/ferry",
                    title="Harbour ferry strike ends after pay offer",
                    published=T0 - timedelta(hours=i),
                    content=STORY,
                ),
                ParsedEntry(
                    id=f"{spec.title}-other",
                    link=f"https://{spec.title}.example/other",
                    title=f"{spec.title} council budget vote",
                    published=T0 - timedelta(days=2, hours=i),
                    content=f"<p>The {spec.title} council voted on library funding and road repairs.</p>",
                ),
            ]
            store.record_fetch(spec.url, parsed=ParsedFeed(title=spec.title, entries=entries))
    return Config(feeds=specs, settings=Settings(refresh_on_startup=False))


async def test_related_panel_groups_copies_and_enter_and_back_work(tmp_path):
    db = tmp_path / "t.db"
    app = TidingsApp(story_store(db), db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = app.article
        assert first.title == "Harbour ferry strike ends after pay offer"
        text = panel_text(app)
        assert f"More from {first.feed_title}" in text and "Related" in text
        assert "also in: " in text
        related_part = text[text.index("Related") : text.index("More from")]
        assert "Harbour ferry strike" in related_part
        assert re.search(r"(Beta|Gamma) · \d{4}-\d\d-\d\d *\n *also in: (Gamma|Beta)", related_part)
        # l goes to the panels; Enter on an entry opens it; h comes back.
        await pilot.press("l")
        assert app.focused is app.related_list
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.article.id != first.id
        await pilot.press("h")
        await settle(pilot)
        assert app.article.id == first.id


async def test_t_hides_and_shows_the_panels(tmp_path):
    db = tmp_path / "t.db"
    app = TidingsApp(story_store(db), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.related_list.region.height > 0  # below the article when narrow
        await pilot.press("t")
        await pilot.pause()
        assert app.related_list.region.height == 0
        await pilot.press("tab")  # the panels are out of the Tab order while hidden
        assert app.focused is not app.related_list
        await pilot.press("l")  # l shows them again and goes there
        await pilot.pause()
        assert app.focused is app.related_list and app.related_list.region.height > 0
        # and the status line no longer says "Panels hidden (t shows them)."
        assert app.status_message == "Panels shown."


async def test_panels_stand_beside_the_article_when_wide(tmp_path):
    db = tmp_path / "t.db"
    app = TidingsApp(story_store(db), db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader, panel = app.reader.region, app.related_list.region
        assert panel.x >= reader.right and panel.height > 20


# -- width ------------------------------------------------------------------------------------------


async def test_the_body_is_laid_out_for_the_pane_width_and_again_after_a_resize(tmp_path):
    db = tmp_path / "t.db"
    app = TidingsApp(story_store(db), db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.rendered_width == app.reader.text_width
        await pilot.resize_terminal(170, 50)
        await pilot.pause()
        assert app.reader.text_width != app.reader.rendered_width
        app.reader._width_settled()  # what the debounce timer calls
        await settle(pilot)
        assert app.reader.rendered_width == app.reader.text_width
        longest = max(len("".join(s.text for s in strip).rstrip()) for strip in app.reader._lines)
        assert longest <= app.reader.text_width


async def test_a_resize_keeps_the_place_in_a_long_article(tmp_path):
    # Reading "Section 40" of 80 at 80x24, a resize to 60x20 showed Section 24, and back
    # to 80x24 Section 21: the place was taken from the old layout folded again at the
    # new width (many more lines), so each resize lost ground towards the top.
    db = tmp_path / "long.db"
    spec = FeedSpec("https://long.example/feed", "Long")
    lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 15
    body = "".join(f"<h2>Section {i}</h2><p>{lorem}</p>" for i in range(80))
    with Store.open(db) as store:
        store.sync_feeds([spec])
        entry = ParsedEntry(id="long", link="https://long.example/1", title="Long", content=body)
        store.record_fetch(spec.url, parsed=ParsedFeed(title="Long", entries=[entry]))
    config = Config(feeds=[spec], settings=Settings(refresh_on_startup=False))
    app = TidingsApp(config, db)

    def section_at_top() -> int:
        reader = app.reader
        top = int(reader.scroll_y)
        for line in reversed(reader._lines[: top + 1]):
            text = "".join(s.text for s in line).strip()
            if text.startswith("Section "):
                return int(text.split()[1])
        return -1

    async def resize(width: int, height: int) -> None:
        await pilot.resize_terminal(width, height)
        await pilot.pause()
        app.reader._width_settled()  # what the debounce timer calls
        await settle(pilot)

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        heading = next(
            n
            for n, line in enumerate(app.reader._lines)
            if "".join(s.text for s in line).strip() == "Section 40"
        )
        app.reader.scroll_to(0, heading + 1, animate=False, immediate=True)
        await settle(pilot)
        assert section_at_top() == 40
        await resize(60, 20)
        assert section_at_top() in (39, 40)
        await resize(80, 24)
        assert section_at_top() in (39, 40)
        await resize(200, 50)
        assert section_at_top() in (39, 40)


async def test_a_slow_full_text_does_not_pull_the_reader_back(tmp_path, monkeypatch):
    """f on a slow page, then n: when the page comes (or fails) the reader stays on the
    article it moved to, and the status line says what came."""
    import threading

    from tidings.core.fulltext import PageResult
    from tidings.tui import site_pages

    spec = FeedSpec("https://feed.example/rss", "示例新闻")
    db = tmp_path / "t.db"
    with Store.open(db) as store:
        store.sync_feeds([spec])
        entries = [
            ParsedEntry(id=f"e{i}", link=f"https://news.example/{i}.html", title=title,
                        published=T0 - timedelta(hours=i), content="<p>摘要。</p>")
            for i, title in enumerate(["很慢的网页", "下一条新闻"])
        ]  # fmt: skip
        store.record_fetch(spec.url, parsed=ParsedFeed(title="示例新闻", entries=entries))
    release = threading.Event()

    def slow_fetch(*args, **kwargs) -> PageResult:
        release.wait(30)
        return PageResult(
            "https://news.example/0.html", error="timed out after 20 s waiting for data"
        )

    monkeypatch.setattr(site_pages, "fetch_article_full_text", slow_fetch)
    app = TidingsApp(Config(feeds=[spec], settings=Settings(refresh_on_startup=False)), db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.article.title == "很慢的网页"
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("n")
        while app.article.title != "下一条新闻":
            await pilot.pause()
        release.set()
        await settle(pilot)
        assert app.article.title == "下一条新闻"
        assert app.status_message == (
            "Full text of 很慢的网页 unavailable: timed out after 20 s waiting for data"
        )


async def test_a_site_link_to_a_stored_article_read_in_full_text_comes_in_full_text(
    tmp_path, feed_server
):
    # Reading in full text (f), ] to the next page, which the store has from the feed as
    # a summary: it comes in full text too, not as the summary.
    second = feed_server.add(
        "/news/3.html", body=page("第二篇新闻", "第二篇的全文。"), content_type="text/html"
    )
    first = feed_server.add(
        "/news/2.html",
        body=page("央行宣布降息", "本篇正文。", next_=second),
        content_type="text/html",
    )
    db = tmp_path / "t.db"
    config = one_article_store(db, first)
    with Store.open(db) as store:
        entry = ParsedEntry(
            id="e2",
            link=second,
            title="第二篇新闻",
            published=T0 - timedelta(hours=1),
            content="<p>摘要而已。</p>",
        )
        store.record_fetch(
            config.feeds[0].url, parsed=ParsedFeed(title="示例新闻", entries=[entry])
        )
    app = TidingsApp(config, db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)
        assert "本篇正文" in shown(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.article.title == "第二篇新闻" and app.article.id > 0  # the stored one
        assert "第二篇的全文" in shown(app) and "摘要而已" not in shown(app)
