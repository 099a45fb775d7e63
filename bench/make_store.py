#!/usr/bin/env python3
"""Build a realistic tidings store, fast and deterministically, for benchmarks.

    bench/make_store.py PATH --articles 100000 --feeds 1000 [--timings]

Feeds are half English, half Chinese; titles and bodies are generated from a fixed
seed, through Store.record_fetch (so the FTS index and counts are the real ones).
About 70% of articles end up read and 2% starred. Prints how long it took; with
--timings it also times the queries the reader makes (first page, deep page, count,
neighbours, searches) on the finished store.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, View  # noqa: E402
from tidings.core.store import Store  # noqa: E402

EN_WORDS = (
    "market government climate energy election science health court policy city water"
    " school research company space report minister bank storm trade data security"
    " python network river museum football music film border village price vaccine"
    " ocean satellite farmer budget railway hospital student festival mountain border"
).split()
ZH_WORDS = (
    "中国 经济 政府 市场 科技 发展 国际 社会 文化 教育 环境 能源 银行 城市 农村 医疗 "
    "公司 研究 数据 安全 气候 选举 法院 体育 电影 音乐 铁路 医院 学生 节日 山区 价格 "
    "疫苗 海洋 卫星 农民 预算 人民 新闻 报道 北京 上海 台湾 香港 改革 投资 企业 网络"
).split()
CATEGORIES = ("News", "Tech", "Science", "World", "Culture", None)
TAGS = ("daily", "long", "zh", "en", "fav")
START = datetime(2025, 1, 1, tzinfo=UTC)


def sentence(rng: random.Random, chinese: bool, n: int) -> str:
    words = rng.choices(ZH_WORDS if chinese else EN_WORDS, k=n)
    if chinese:
        return "".join(words) + "。"
    return " ".join(words).capitalize() + "."


def make_feed(rng: random.Random, index: int, count: int, chinese: bool) -> ParsedFeed:
    entries = []
    for j in range(count):
        title = sentence(rng, chinese, rng.randint(3, 8)).rstrip("。.")
        paras = "".join(
            f"<p>{sentence(rng, chinese, rng.randint(8, 25))}</p>" for _ in range(rng.randint(2, 6))
        )
        when = START + timedelta(seconds=rng.randint(0, 300 * 86400))
        entries.append(
            ParsedEntry(
                id=f"urn:feed{index}:entry{j}",
                link=f"https://example{index % 50}.test/feed{index}/{j}.html",
                title=title,
                author=f"Author {rng.randint(1, 40)}",
                published=when,
                summary=paras[:200],
                content=paras,
                categories=rng.sample(TAGS, 2),
            )
        )
    site = f"https://example{index % 50}.test/feed{index}/"
    name = ("新闻频道 " if chinese else "Channel ") + str(index)
    return ParsedFeed(title=name, link=site, format="rss20", entries=entries)


def build(path: Path, articles: int, feeds: int, seed: int) -> None:
    rng = random.Random(seed)
    specs = [
        FeedSpec(
            url=f"https://example{i % 50}.test/feed{i}.xml",
            category=CATEGORIES[i % len(CATEGORIES)],
            tags=tuple(rng.sample(TAGS, rng.randint(0, 2))),
        )
        for i in range(feeds)
    ]
    per_feed = [articles // feeds + (1 if i < articles % feeds else 0) for i in range(feeds)]
    store = Store.open(path)
    try:
        store.sync_feeds(specs)
        for i, spec in enumerate(specs):
            parsed = make_feed(rng, i, per_feed[i], chinese=i % 2 == 1)
            store.record_fetch(spec.url, parsed=parsed, etag=f'"{i}"')
        ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY id")]
        store.set_read([i for i in ids if rng.random() < 0.7])
        store.set_starred([i for i in ids if rng.random() < 0.02])
        store.conn.execute("PRAGMA optimize")
    finally:
        store.close()


def timed(label: str, fn, repeat: int = 5) -> None:
    best = float("inf")
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    size = len(result) if isinstance(result, list | tuple) else result
    print(f"  {label:<42} {best * 1000:8.2f} ms   ({size if not hasattr(size, 'id') else 1})")


def as_entry(a) -> ParsedEntry:
    """A stored article as the parser would hand it back (unchanged)."""
    return ParsedEntry(
        id=a.guid,
        link=a.link,
        title=a.title,
        author=a.author,
        published=a.published,
        updated=a.updated,
        summary=a.summary,
        content=a.content,
        categories=a.categories,
    )


def timings(path: Path) -> None:
    store = Store.open(path)
    try:
        everything, unread = View(), View(unread_only=True)
        total = store.count_articles(everything)
        mid = store.list_articles(everything, total // 2, 1)[0].id
        feeds = store.feeds()
        feed, zh_feed = feeds[len(feeds) // 2], feeds[min(len(feeds) - 1, len(feeds) // 2 + 1)]
        oldest = store.list_articles(View(feed_id=feed.id), feed.total - 1, 1)[0].id
        print(f"queries on {total} articles (best of 5):")
        timed("feeds() with counts", store.feeds)
        timed('first page of "All" (100)', lambda: store.list_articles(everything, 0, 100))
        timed("page at offset 50,000 (100)", lambda: store.list_articles(everything, 50_000, 100))
        timed("first page of unread (100)", lambda: store.list_articles(unread, 0, 100))
        timed("unread page at offset 10,000", lambda: store.list_articles(unread, 10_000, 100))
        timed("one feed, first page", lambda: store.list_articles(View(feed_id=feed.id), 0, 100))
        timed(
            'category "Tech", offset 5,000',
            lambda: store.list_articles(View(category="Tech"), 5_000, 100),
        )
        timed('tag "fav", first page', lambda: store.list_articles(View(tag="fav"), 0, 100))
        timed("count All", lambda: store.count_articles(everything))
        timed("count unread", lambda: store.count_articles(unread))
        timed(
            'count category "Tech" unread',
            lambda: store.count_articles(View(category="Tech", unread_only=True)),
        )
        timed("position_of (middle)", lambda: store.position_of(everything, mid))
        timed("neighbours (middle)", lambda: store.neighbours(everything, mid))
        timed("neighbours in unread view", lambda: store.neighbours(unread, mid))
        timed("next_unread (middle)", lambda: store.next_unread(everything, mid))
        timed(
            "next_unread, feed view, crossing feeds",
            lambda: store.next_unread(View(feed_id=feed.id), oldest),
        )
        for sort in ("title", "author", "feed"):  # Ctrl+G (core.views.SORTS)
            by = View(sort=sort)
            timed(f"sorted by {sort}: first page", lambda by=by: store.list_articles(by, 0, 100))
            timed("  offset 50,000", lambda by=by: store.list_articles(by, 50_000, 100))
            timed(
                "  unread, first page",
                lambda by=by: store.list_articles(replace(by, unread_only=True), 0, 100),
            )
            timed("  position_of (middle)", lambda by=by: store.position_of(by, mid))
            timed("  neighbours (middle)", lambda by=by: store.neighbours(by, mid))
            timed("  next_unread (middle)", lambda by=by: store.next_unread(by, mid))
        url = feeds[0].url
        stored = store.list_articles(View(feed_id=feeds[0].id), 0, 100)
        again = ParsedFeed(entries=[as_entry(store.get_article(a.id)) for a in stored])
        timed("record_fetch, 100 unchanged entries", lambda: store.record_fetch(url, parsed=again))
        timed('search "中国" (2-char Chinese)', lambda: store.search("中国"))
        timed('search "satellite" (English)', lambda: store.search("satellite"))
        timed('search "中" (1-char, LIKE fallback)', lambda: store.search("中"))
        timed('search "中国", unread only', lambda: store.search("中国", unread_only=True))
        timed('search "中国", one Chinese feed', lambda: store.search("中国", feed_id=zh_feed.id))
        timed(
            'view search "京" (1-char), first page', lambda: store.list_articles(View(search="京"))
        )
        timed('view search "budget", count', lambda: store.count_articles(View(search="budget")))
        timed(
            'view search "budget", first page', lambda: store.list_articles(View(search="budget"))
        )
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--feeds", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true", help="replace PATH if it exists")
    ap.add_argument("--timings", action="store_true", help="time the reader's queries after")
    ap.add_argument("--only-timings", action="store_true", help="time queries on an existing PATH")
    args = ap.parse_args(argv)
    if args.feeds < 1 or args.articles < 0:
        ap.error("--feeds must be >= 1 and --articles >= 0")
    if not args.only_timings:
        if args.path.exists():
            if not args.force:
                ap.error(f"{args.path} exists (use --force to replace it)")
            for suffix in ("", "-wal", "-shm"):
                Path(str(args.path) + suffix).unlink(missing_ok=True)
        t0 = time.perf_counter()
        build(args.path, args.articles, args.feeds, args.seed)
        took = time.perf_counter() - t0
        size = args.path.stat().st_size / 1e6
        print(
            f"built {args.path}: {args.articles} articles in {args.feeds} feeds"
            f" in {took:.1f} s ({size:.0f} MB)"
        )
    if args.timings or args.only_timings:
        timings(args.path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
