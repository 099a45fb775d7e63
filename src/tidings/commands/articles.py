"""Article sub-commands: search, related, show, save, unread, mark.

Plain text by default (one article a line: date, feed, title, link), JSON Lines with
--json. Exit 0 on success, 1 when nothing is found, 2 on bad usage."""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
from datetime import UTC, datetime, timedelta

from tidings.commands.context import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    Context,
)
from tidings.core.plural import counted


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="full-text search over all articles (Chinese too)")
    p.add_argument(
        "query",
        metavar="QUERY",
        nargs="+",
        help='words (all must be there), "a phrase", -word to leave out, a OR b,'
        " operators (is:unread, feed:bbc, tag:tech, title:x, newer:3d...; see README), as"
        " one argument or several; a query starting with - goes after --",
    )
    p.add_argument("--feed", metavar="FEED", help="only this feed (URL or title)")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument(
        "--limit", type=int, default=50, metavar="N", help="at most N, best first (default 50)"
    )
    p.add_argument("--json", action="store_true", help="JSON Lines output")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("related", help="articles related to one (the reader's Related panel)")
    p.add_argument("ref", metavar="URL|ID")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N (default 10)")
    p.add_argument("--more-from", action="store_true", help='print the "More from" panel instead')
    p.add_argument("--json", action="store_true", help="JSON Lines output")
    p.set_defaults(func=cmd_related)

    p = sub.add_parser("show", help="print an article as the reading pane shows it")
    p.add_argument("ref", metavar="URL|ID")
    p.add_argument(
        "--width", type=int, default=None, metavar="N", help="wrap width (default: terminal)"
    )
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("save", help="save an article as a text file (the reader's S)")
    p.add_argument("ref", metavar="URL|ID")
    p.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="file, or directory for a name made from the title (default: settings.save_dir,"
        " else the downloads dir); a directory written with a trailing / and save_dir are"
        " made if missing; - prints the text instead",
    )
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    p.set_defaults(func=cmd_save)

    p = sub.add_parser("unread", help="list unread articles (for status bars and mails)")
    p.add_argument("--feed", metavar="FEED", help="only this feed (URL or title)")
    p.add_argument("--count", action="store_true", help="print only the number")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="at most N (0: all)")
    p.add_argument("--json", action="store_true", help="JSON Lines output")
    p.set_defaults(func=cmd_unread)

    p = sub.add_parser("mark", help="mark articles read, unread, starred or unstarred")
    p.add_argument("state", choices=["read", "unread", "star", "unstar"])
    p.add_argument("refs", nargs="*", metavar="URL|ID")
    p.add_argument("--feed", metavar="FEED", help="all articles of this feed")
    p.add_argument("--older-than", metavar="AGE", help="articles older than AGE, e.g. 30d, 12h, 2w")
    p.set_defaults(func=cmd_mark)


# -- helpers -------------------------------------------------------------------


def feed_id_for(ctx: Context, name: str | None) -> int | None:
    """The store's id of the feed `name` names (commands.feed_lookup's way, or by id)."""
    if not name:
        return None
    from tidings.commands.feed_lookup import matching, too_many

    feeds = ctx.store().feeds()
    state = ctx.store().fetch_state(name)  # a URL the feed moved from too
    if state is not None and any(f.id == state.feed_id for f in feeds):
        return state.feed_id
    hits = matching(name, feeds, lambda f: (f.url, str(f.id)), lambda f: f.title)
    if len(hits) > 1:
        raise too_many(name, ((f.title, f.url) for f in hits))
    if not hits:
        raise CommandError(f"no feed matches {name!r} (`tidings list` shows them)", EXIT_USAGE)
    return hits[0].id


def find(ctx: Context, ref: str):
    article = ctx.store().find_article(ref)
    if article is None:
        raise CommandError(f"no article with id or link {ref!r}", EXIT_NOT_FOUND)
    return article


def _date(dt: datetime | None) -> str:
    return dt.astimezone().strftime("%Y-%m-%d %H:%M") if dt else "????-??-?? ??:??"


def summary_dict(a, **extra) -> dict:
    from tidings.core.sanitize import clean_line

    d = {
        "id": a.id,
        "date": a.published.isoformat().replace("+00:00", "Z") if a.published else None,
        "feed": clean_line(a.feed_title),
        "title": clean_line(a.title),
        "link": clean_line(a.link) or None,
        "read": a.read,
        "starred": a.starred,
    }
    d.update(extra)
    return d


def print_summaries(items, as_json: bool, extras=None) -> int:
    from tidings.core.sanitize import clean_line

    out = sys.stdout
    for i, a in enumerate(items):
        extra = extras[i] if extras else {}
        if as_json:
            out.write(json.dumps(summary_dict(a, **extra), ensure_ascii=False) + "\n")
        else:
            mark = "N" if not a.read else " "
            star = "*" if a.starred else " "
            tail = "".join(f"  ({v})" for k, v in extra.items() if k == "also_in" and v)
            out.write(
                f"{mark}{star} {_date(a.published)}  {clean_line(a.feed_title)}  "
                f"{clean_line(a.title)}  {clean_line(a.link) or ''}{tail}\n"
            )
    out.flush()
    return EXIT_OK if items else EXIT_NOT_FOUND


# -- commands ------------------------------------------------------------------


def cmd_search(ctx: Context, args: argparse.Namespace) -> int:
    feed_id = feed_id_for(ctx, args.feed)
    from tidings.core.search_query import QueryError

    query = " ".join(args.query)  # `tidings search 台风 OR typhoon` as one query
    try:
        items = ctx.store().search(query, args.limit, feed_id=feed_id, unread_only=args.unread)
    except QueryError as exc:  # an operator's bad value: after:yesterday
        raise CommandError(str(exc), EXIT_USAGE) from None
    return print_summaries(items, args.json)


def cmd_related(ctx: Context, args: argparse.Namespace) -> int:
    from tidings.core import related
    from tidings.core.sanitize import clean_line

    store = ctx.store()
    article = find(ctx, args.ref)
    if args.more_from:
        heading, items = related.more_from(store, article.id, args.limit)
        if not args.json and items:
            print(clean_line(heading))
        return print_summaries(items, args.json)
    found = related.related(store, article.id, args.limit)
    extras = [
        {"score": round(r.score, 4), "also_in": ", ".join(clean_line(x) for x in r.also_in)}
        if not args.json
        else {"score": round(r.score, 4), "also_in": [clean_line(x) for x in r.also_in]}
        for r in found
    ]
    if not args.json:
        extras = [{"also_in": f"also in: {e['also_in']}"} if e["also_in"] else {} for e in extras]
    return print_summaries([r.article for r in found], args.json, extras)


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    import shutil

    from rich.text import Text

    from tidings.core.models import View
    from tidings.core.render import render_article, to_ansi, to_plain
    from tidings.core.sanitize import clean_line

    store = ctx.store()
    article = find(ctx, args.ref)
    width = args.width or shutil.get_terminal_size((80, 24)).columns
    if width < 20:
        raise CommandError("--width must be at least 20", EXIT_USAGE)
    rendered = render_article(article, width=width)
    text = rendered.text.copy()
    # As the reader shows them when the article is opened from its feed: that feed's
    # neighbours, in the order feeds.yaml's article_order asks for.
    oldest = ctx.settings().article_order == "oldest"
    prev, nxt = store.neighbours(View(feed_id=article.feed_id, oldest_first=oldest), article.id)
    text.append("\n")
    text.append("上一篇 Previous: ", style="bold")
    text.append(clean_line(prev.title) if prev else "(none)")
    text.append("\n")
    text.append("下一篇 Next: ", style="bold")
    text.append(clean_line(nxt.title) if nxt else "(none)")
    text.append("\n")
    render = to_ansi if sys.stdout.isatty() else to_plain
    sys.stdout.write(render(Text.assemble(text), width))
    sys.stdout.flush()
    return EXIT_OK


def cmd_save(ctx: Context, args: argparse.Namespace) -> int:
    """The reader's S without the reader: the same text, the same file name, the same
    write (whole or not at all; an existing file replaced only with --force)."""
    from pathlib import Path

    from tidings.core import paths
    from tidings.core.article_text import article_text
    from tidings.core.save_file import (
        NoDirectory,
        SaveError,
        TargetExists,
        file_name,
        resolve_target,
        write_file,
    )

    article = find(ctx, args.ref)
    text = article_text(article)
    if args.path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return EXIT_OK
    name = file_name(article.title, article.id)
    if args.path is None:
        target = paths.save_dir(ctx.config().settings.save_dir) / name
    else:
        target = resolve_target(args.path, Path.cwd(), name)  # relative: to here, as cp
    # a directory named as one (save_dir, or PATH ending in /) is made, as mkdir -p
    make_dirs = args.path is None or args.path.endswith(("/", os.sep))
    try:
        write_file(target, text, overwrite=args.force, make_dirs=make_dirs)
    except TargetExists as exc:
        raise CommandError(f"{exc} (--force replaces it)") from None
    except NoDirectory as exc:
        folder = shlex.quote(str(exc.directory.absolute()))
        raise CommandError(
            f"{exc} (`mkdir -p {folder}` makes it; a PATH ending in / is made too)"
        ) from None
    except SaveError as exc:
        raise CommandError(str(exc)) from None
    print(target.absolute())
    return EXIT_OK


def cmd_unread(ctx: Context, args: argparse.Namespace) -> int:
    from tidings.core.models import View

    view = View(feed_id=feed_id_for(ctx, args.feed), unread_only=True)
    store = ctx.store()
    if args.count:
        n = store.count_articles(view)
        print(n)
        return EXIT_OK if n else EXIT_NOT_FOUND
    limit = args.limit if args.limit > 0 else store.count_articles(view)
    return print_summaries(store.list_articles(view, 0, limit), args.json)


_AGE = re.compile(r"^\s*(\d+)\s*([smhdw]?)\s*$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "": 86400}


def parse_age(text: str) -> timedelta:
    m = _AGE.match(text)
    if not m:
        raise CommandError(f"--older-than: {text!r} is not an age like 30d, 12h or 2w", EXIT_USAGE)
    return timedelta(seconds=int(m.group(1)) * _UNIT[m.group(2)])


def cmd_mark(ctx: Context, args: argparse.Namespace) -> int:
    from tidings.core.models import View

    store = ctx.store()
    if not args.refs and not args.feed and not args.older_than:
        raise CommandError("mark: give article ids or links, --feed or --older-than", EXIT_USAGE)
    if (args.feed or args.older_than) and args.state != "read":
        raise CommandError("mark: --feed and --older-than go with `mark read`", EXIT_USAGE)
    ids = [find(ctx, ref).id for ref in args.refs]
    if ids:
        if args.state in ("read", "unread"):
            store.set_read(ids, args.state == "read")
        else:
            store.set_starred(ids, args.state == "star")
    count = len(ids)
    feed_id = feed_id_for(ctx, args.feed)
    if args.older_than:
        when = datetime.now(UTC) - parse_age(args.older_than)
        count += store.mark_older_than(when, feed_id)
    elif feed_id is not None:
        count += store.mark_view_read(View(feed_id=feed_id))
    state = args.state if args.state in ("read", "unread") else args.state + "red"
    print(f"marked {counted(count, 'article')} {state}")
    return EXIT_OK
