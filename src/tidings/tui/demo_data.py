"""A small, fixed set of feeds and articles (English, Chinese, Japanese) for the
screenshot, the snapshot tests and trying the reader without a network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tidings.core.models import Config, FeedSpec, ParsedEntry, ParsedFeed, Settings, View
from tidings.core.store import Store

START = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)

_BODY = """<p>{lead}</p>
<h2>{h2}</h2>
<p>Read the <a href="https://example.org/report/{n}">full report</a> or the
<a href="https://example.org/data/{n}.csv">data</a>.</p>
<ul><li>{item1}</li><li>{item2}</li></ul>
<blockquote><p>{quote}</p></blockquote>
<pre><code>tidings --config feeds.yaml</code></pre>
<table><tr><th>City</th><th>Value</th></tr><tr><td>{city}</td><td>{n}</td></tr></table>
<p><img src="https://example.org/img/{n}.png" alt="{alt}"></p>"""

FEEDS: list[tuple[FeedSpec, str, list[tuple[str, str]]]] = [
    (
        FeedSpec("https://news.example.org/world.xml", "World Desk", "News", ("daily",)),
        "en",
        [
            ("Ministers agree on a new river treaty after a long night", "Rivers"),
            ("Storm season ends early, forecasters say", "Weather"),
            ("City council votes to open libraries on Sundays", "Libraries"),
            ("Rail strike called off as talks resume", "Transport"),
            ("A quiet harbour town becomes a film set", "Culture"),
            ("Scientists map the ocean floor near the ridge", "Science"),
        ],
    ),
    (
        FeedSpec("https://zh.example.org/rss.xml", "示例新闻", "News", ("daily", "中文")),
        "zh",
        [
            ("长江流域今年秋季降雨偏少，多地启动抗旱措施", "抗旱"),
            ("北京地铁新线开通，早高峰客流分流明显", "交通"),
            ("科学家发现一种新的深海鱼类", "科学"),
            ("春节档电影预售开启，动画片受欢迎", "文化"),
            ("上海举办国际进口博览会 🎉 参展企业创新高", "经济"),
        ],
    ),
    (
        FeedSpec("https://tech.example.org/feed.atom", "Tech Notes", "Tech", ("tech",)),
        "en",
        [
            ("SQLite WAL mode explained for application developers", "Databases"),
            ("Terminal UIs over SSH: counting bytes per keypress", "Terminals"),
            ("東京で開かれた開発者会議の報告", "会議"),
            ("Unicode width tables and why CJK text needs them", "Unicode"),
        ],
    ),
]


def _entry(lang: str, n: int, title: str, topic: str, when: datetime) -> ParsedEntry:
    if lang == "zh":
        body = _BODY.format(
            lead=f"新华社消息：{title}。记者从有关部门了解到，相关工作正在有序推进。",
            h2="背景",
            item1="第一，加强监测预报。",
            item2="第二，保障群众生活用水。",
            quote="“我们会尽全力做好服务。”",
            city="北京",
            alt=f"{topic}现场照片",
            n=n,
        )
    else:
        body = _BODY.format(
            lead=f"{title}. Officials said on Friday that the work would continue next week.",
            h2="Background",
            item1="First, more measurements.",
            item2="Second, a public meeting in spring.",
            quote="We will keep everyone informed.",
            city="Lisbon",
            alt=f"{topic} photo",
            n=n,
        )
    return ParsedEntry(
        id=f"demo-{n}",
        link=f"https://example.org/articles/{n}",
        title=title,
        author="Demo Reporter" if lang != "zh" else "记者 李明",
        published=when,
        content=body,
        categories=[topic],
    )


def fill_demo_store(db_path: str | Path) -> Config:
    """Write the demo feeds and articles into the database; return a matching Config.
    Articles are dated from START onwards (fixed), the newest a few unread."""
    specs = [spec for spec, _, _ in FEEDS]
    n = 0
    with Store.open(db_path) as store:
        store.sync_feeds(specs)
        for spec, lang, items in FEEDS:
            entries = []
            for title, topic in items:
                n += 1
                when = START + timedelta(hours=5 * n)
                entries.append(_entry(lang, n, title, topic, when))
            store.record_fetch(spec.url, parsed=ParsedFeed(title=spec.title, entries=entries))
        read_ids = [a.id for a in store.list_articles(View(), 0, 1000)][::3]
        store.set_read(read_ids, True)
    return Config(feeds=specs, settings=Settings(refresh_on_startup=False))
