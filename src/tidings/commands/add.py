"""`tidings add URL`: subscribe to a feed by its address or its site's (core.discover
finds it), append it to feeds.yaml and store its articles (core.subscribe). With a
`source:` in feeds.yaml the feed goes to that account instead, as newsboat's
urls-source users expect (the server finds a site's feed; core.source_feeds), unless
--local asks for feeds.yaml."""

from __future__ import annotations

import argparse
import sys

from tidings.commands.context import EXIT_OK, EXIT_USAGE, CommandError, Context, shown
from tidings.core.plural import counted


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add",
        help="subscribe to a feed by its URL or its site's: added to feeds.yaml and fetched",
    )
    p.add_argument("url", metavar="URL", help="a feed's address, or a web page that offers one")
    p.add_argument("--title", metavar="T", help="the feed's title (default: its own)")
    p.add_argument("--category", metavar="C")
    p.add_argument("--tag", metavar="X", action="append", default=[], help="a tag (repeatable)")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--pick", metavar="N", type=int, help="the page offers several feeds: take the Nth"
    )
    which.add_argument("--first", action="store_true", help="take the page's first feed")
    p.add_argument(
        "--local",
        action="store_true",
        help="with a source: (your FreshRSS / Miniflux account) in feeds.yaml, add the feed"
        " to feeds.yaml, not to the account",
    )
    p.set_defaults(func=cmd_add)


def _choose(choices, args: argparse.Namespace):
    """The feed the options pick among a page's, or the list and exit status 2."""
    if args.first:
        return choices[0]
    if args.pick is not None and 1 <= args.pick <= len(choices):
        return choices[args.pick - 1]
    for n, link in enumerate(choices, 1):
        title = f"{link.title} " if link.title else ""
        print(f"{n:>3}. {title}({link.kind})  <{shown(link.url)}>")
    if args.pick is not None:
        offers = counted(len(choices), "feed")
        problem = f"--pick {args.pick}: the page offers {offers}, numbered from 1"
    else:
        problem = f"the page offers {len(choices)} feeds: choose one with --pick N, or --first"
    raise CommandError(problem, EXIT_USAGE)


def _already(config_path, url: str) -> int:
    print(f"already in {config_path}: {shown(url)}")
    return EXIT_OK


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    from tidings.core.discover import discover, fetch_choice, typed_bare, web_address
    from tidings.core.sanitize import clean_line
    from tidings.core.subscribe import SubscribeError, already_listed, subscribe

    url, reason = web_address(args.url)
    if url is None:
        raise CommandError(reason or "not a web address", EXIT_USAGE)
    settings = ctx.settings()  # a feeds.yaml with mistakes is refused before any change
    path = ctx.config_path
    if path.exists() and ctx.config().source is not None and not args.local:
        return _add_to_account(ctx, args, url)
    try:
        if (listed := already_listed(path, url)) is not None:
            return _already(path, listed)
        found = discover(url, settings, http_fallback=typed_bare(args.url))
        if found.choices:
            found = fetch_choice(_choose(found.choices, args), settings)
        if found.feed is None:
            raise CommandError(f"{shown(found.url)}: {shown(found.error)}")
        feed = found.feed
        entries = counted(feed.entries, "entry", "entries")
        print(f"found: {feed.title}  <{shown(feed.url)}>  {entries}")
        added = subscribe(
            path,
            ctx.db_path,
            feed,
            title=clean_line(args.title),
            category=clean_line(args.category),
            tags=[clean_line(t) for t in args.tag],
            settings=settings,
        )
    except SubscribeError as exc:  # NotStored too: in feeds.yaml, but not in the store
        raise CommandError(str(exc)) from None
    if isinstance(added, str):
        return _already(path, added)
    print(f"added to {path}; {counted(added.counts.new, 'new article')} in the store")
    if added.problem:
        print(f"tidings: {path} has other problems:\n{added.problem}", file=sys.stderr)
    return EXIT_OK


def _add_to_account(ctx: Context, args: argparse.Namespace, url: str) -> int:
    """feeds.yaml has a source: the feed goes to the account (core.source_feeds)."""
    from tidings.commands.account import account_label, tell_note
    from tidings.core.greader import GReaderError
    from tidings.core.sanitize import clean_line, hide_passwords
    from tidings.core.source_feeds import add_to_account

    config = ctx.config()
    where = account_label(config)
    for given, name in ((args.tag, "--tag"), (args.pick, "--pick"), (args.first, "--first")):
        if given:
            raise CommandError(
                f"{name} is for feeds.yaml's feeds; this one goes to {where}, whose server"
                " finds a site's feed itself (add --local to add it to feeds.yaml)",
                EXIT_USAGE,
            )
    try:
        added = add_to_account(
            ctx.db_path,
            config.source,
            config.settings,
            url,
            title=clean_line(args.title),
            category=clean_line(args.category),
        )
    except GReaderError as exc:
        raise CommandError(
            f"not added to {where}: {shown(hide_passwords(str(exc)))}; nothing changed"
        ) from None
    tell_note(added.note)
    feed = f"{shown(added.title)} <{shown(added.stream)}>"
    if added.already:
        print(f"already in {where}: {feed}")
    else:
        print(f"added to {where}: {feed}; {counted(added.new, 'new article')} in the store")
    return EXIT_OK
