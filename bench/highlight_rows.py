#!/usr/bin/env python3
"""What feeds.yaml's highlight: rules cost the article list, on a big store:

    bench/make_store.py /tmp/big.db --articles 100000
    bench/highlight_rows.py /tmp/big.db

Times (1) the page query (Store.list_articles, a page of 200 rows) without and with
the marks of `articles:` rules, and (2) drawing a screenful of rows (ArticleList's
render_line, the reader open headless at 120x40) without and with text and row rules,
per row, best of several rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from timing import best  # noqa: E402  (bench/timing.py)

from tidings.core.models import ColorSpec, Config, HighlightRule, View  # noqa: E402
from tidings.core.store import Store  # noqa: E402
from tidings.tui.app import TidingsApp  # noqa: E402
from tidings.tui.highlights import NONE, Highlights  # noqa: E402

RULES = (
    HighlightRule("text", "storm|market|台风|经济", ColorSpec("red", None, ("bold",))),
    HighlightRule("text", r"\d+", ColorSpec("yellow")),
    HighlightRule("articles", "title:climate is:unread", ColorSpec("white", "red")),
    HighlightRule("articles", "(tag:fav OR feed:7) newer:30d", ColorSpec("cyan")),
    HighlightRule("articles", "is:starred", ColorSpec("yellow", "blue")),
)


def page_query(path: Path) -> None:
    store = Store.open(path)
    marks = Highlights(RULES).articles.marks_sql()
    for offset in (0, 50_000):
        plain = best(lambda o=offset: store.list_articles(View(), o, 200))
        marked = best(lambda o=offset: store.list_articles(View(), o, 200, marks))
        rows = store.list_articles(View(), offset, 200, marks)
        hits = sum(1 for r in rows if r.marks)
        print(
            f"page of 200 at {offset:>6}: {plain * 1000:6.2f} ms plain,"
            f" {marked * 1000:6.2f} ms with marks ({hits} rows marked)"
        )
    store.close()


async def drawing(path: Path) -> None:
    config = Config()
    config.highlights = RULES
    app = TidingsApp(config, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        articles = app.articles
        for _ in range(100):  # the first page
            if articles.row(0) is not None:
                break
            await pilot.pause(0.05)
        height = articles.scrollable_content_region.height
        lit = Highlights(RULES)

        def draw() -> None:
            for _ in range(20):
                for y in range(height):
                    articles.render_line(y)

        results = {}
        for name, rules in (("none", NONE), ("rules", lit)):
            articles.highlights = rules
            results[name] = best(draw) / (20 * height)
        print(
            f"a row drawn: {results['none'] * 1e6:6.1f} µs without rules,"
            f" {results['rules'] * 1e6:6.1f} µs with 2 text and 3 articles: rules"
            f" ({height} rows a screen: {results['rules'] * height * 1000:.2f} ms;"
            " j repaints 2 rows)"
        )
        app.exit()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path)
    args = ap.parse_args()
    page_query(args.path)
    asyncio.run(drawing(args.path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
