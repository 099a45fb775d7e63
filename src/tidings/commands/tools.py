"""Debugging sub-commands: parse a feed, extract an article page."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tidings.commands.context import EXIT_OK, EXIT_USAGE, CommandError, Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("parse", help="print a feed file or URL, parsed, as JSON")
    p.add_argument("source", metavar="FILE|URL")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser(
        "extract",
        help="print the article extracted from a saved page or URL (a URL with its later pages)",
    )
    p.add_argument("source", metavar="FILE|URL")
    p.add_argument("--html", action="store_true", help="print the extracted HTML body instead")
    p.set_defaults(func=cmd_extract)


def load_source(ctx: Context, source: str) -> tuple[bytes, str | None, str | None]:
    """(body, content type, url) of a local file or an http(s) URL, with the usual caps."""
    if source.startswith(("http://", "https://")):
        import asyncio

        from tidings.core.fetch import Fetcher

        settings = ctx.settings()

        async def go():
            async with Fetcher(settings) as fetcher:
                return await fetcher.fetch(source)

        result = asyncio.run(go())
        if result.status != "ok":
            raise CommandError(f"{source}: {result.error}")
        return result.body, result.content_type, result.final_url or source
    path = Path(source.removeprefix("file://"))
    try:
        return path.read_bytes(), None, None
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}", EXIT_USAGE) from None


def _iso(dt) -> str | None:
    return dt.isoformat().replace("+00:00", "Z") if dt else None


def cmd_parse(ctx: Context, args: argparse.Namespace) -> int:
    from tidings.core.parse import ParseError, parse_feed
    from tidings.core.sanitize import clean, clean_line

    data, ctype, url = load_source(ctx, args.source)
    try:
        feed = parse_feed(data, content_type=ctype, url=url)
    except ParseError as exc:
        raise CommandError(f"{args.source}: {exc}") from None

    def line(s):
        return clean_line(s) or None

    out = {
        "title": line(feed.title),
        "link": line(feed.link),
        "format": feed.format,
        "encoding": feed.encoding,
        "entries": [
            {
                "id": line(e.id),
                "link": line(e.link),
                "title": line(e.title),
                "author": line(e.author),
                "published": _iso(e.published),
                "updated": _iso(e.updated),
                "summary": clean(e.summary) or None,
                "content": clean(e.content) or None,
                "categories": [clean_line(c) for c in e.categories],
                "enclosures": [
                    {"url": line(x.url), "type": line(x.type), "length": x.length}
                    for x in e.enclosures
                ],
            }
            for e in feed.entries
        ],
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def cmd_extract(ctx: Context, args: argparse.Namespace) -> int:
    from tidings.core.extract import ExtractError, extract_from_bytes
    from tidings.core.sanitize import clean, clean_line

    if args.source.startswith(("http://", "https://")):  # its later pages too (下一页)
        from tidings.core.fulltext import fetch_site_page

        result = fetch_site_page(args.source, ctx.settings())
        if result.extracted is None:
            raise CommandError(f"{args.source}: {result.error}")
        article = result.extracted
    else:
        data, ctype, url = load_source(ctx, args.source)
        try:
            article = extract_from_bytes(data, content_type=ctype, url=url)
        except ExtractError as exc:
            raise CommandError(f"{args.source}: {exc}") from None
    if args.html:
        sys.stdout.write(clean(article.html) + "\n")
        return EXIT_OK
    if article.title:
        print(clean_line(article.title))
        print()
    print(clean(article.text).strip())
    return EXIT_OK
