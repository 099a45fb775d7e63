"""How long tidings.core.parse.parse_feed takes per feed (median of many runs).

Generates a 50-item RSS 2.0 feed with ~4 KB HTML bodies, the same as Atom and as JSON
Feed, plus the RSS feed in GBK, and prints milliseconds per feed. If fastfeedparser or
feedparser are installed, their figures for the same bytes are printed beside ours.

    .venv/bin/python bench/parse_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from tidings.core.parse import parse_feed

ITEMS = 50
START = datetime(2024, 5, 1, tzinfo=UTC)


def body(i: int) -> str:
    para = (
        f"<p>Paragraph about story {i}: the <b>quick</b> brown fox jumps over the lazy dog, "
        f'and <a href="https://example.com/ref/{i}">a link</a> &amp; some more text here.</p>\n'
    )
    out = f"<h2>Story {i}</h2>\n"
    while len(out) < 4000:
        out += para
    return out + '<img src="https://example.com/img.png" alt="pic">'


def rss(title: str = "Bench feed") -> str:
    items = []
    for i in range(ITEMS):
        when = (START - timedelta(hours=i)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        items.append(
            f"<item><title>{title} item {i} &amp; more</title>"
            f"<link>https://example.com/posts/{i}</link><guid>https://example.com/posts/{i}</guid>"
            f"<pubDate>{when}</pubDate><author>a@example.com (Author {i})</author>"
            f"<category>news</category><description>{html.escape(body(i)[:300])}</description>"
            f"<content:encoded><![CDATA[{body(i)}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>https://example.com/</link>{''.join(items)}</channel></rss>"
    )


def atom() -> str:
    entries = []
    for i in range(ITEMS):
        when = (START - timedelta(hours=i)).isoformat()
        entries.append(
            f"<entry><title>Entry {i}</title><id>tag:example.com,2024:{i}</id>"
            f'<link rel="alternate" href="/posts/{i}"/><updated>{when}</updated>'
            f"<author><name>Author {i}</name></author>"
            f'<summary type="html">{html.escape(body(i)[:300])}</summary>'
            f'<content type="html">{html.escape(body(i))}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xml:base="https://example.com/"><title>Bench</title>'
        f'<link href="https://example.com/"/>{"".join(entries)}</feed>'
    )


def json_feed() -> str:
    items = [
        {
            "id": str(i),
            "url": f"https://example.com/posts/{i}",
            "title": f"Item {i}",
            "content_html": body(i),
            "date_published": (START - timedelta(hours=i)).isoformat(),
            "authors": [{"name": f"Author {i}"}],
        }
        for i in range(ITEMS)
    ]
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "Bench", "items": items}
    )


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()

    feeds = {
        "RSS 2.0 (utf-8)": (rss().encode(), None),
        "RSS 2.0 (GBK)": (
            rss("新闻").replace('encoding="utf-8"', 'encoding="gbk"').encode("gbk"),
            None,
        ),
        "Atom 1.0": (atom().encode(), None),
        "JSON Feed 1.1": (json_feed().encode(), "application/feed+json"),
    }
    others: dict[str, Callable[[bytes], object]] = {}
    try:
        import fastfeedparser

        others["fastfeedparser"] = fastfeedparser.parse
    except ImportError:
        print("fastfeedparser: not installed")
    try:
        import feedparser

        others["feedparser"] = feedparser.parse
    except ImportError:
        print("feedparser: not installed")

    print(f"{ITEMS} items per feed, median of {args.runs} runs, ms per feed")
    for name, (data, ctype) in feeds.items():
        n = len(parse_feed(data, content_type=ctype, url="https://example.com/feed").entries)
        ours = median_ms(lambda d=data, c=ctype: parse_feed(d, content_type=c), args.runs)
        line = f"{name:<18} {len(data) / 1024:7.0f} KB  tidings {ours:7.2f} ms ({n} entries)"
        for other, fn in others.items():
            try:
                ms = median_ms(lambda d=data, f=fn: f(d), max(args.runs // 10, 5))
                line += f"  {other} {ms:7.2f} ms"
            except Exception as exc:  # noqa: BLE001 - a rival failing is a figure too
                line += f"  {other} failed ({type(exc).__name__})"
        print(line)


if __name__ == "__main__":
    main()
