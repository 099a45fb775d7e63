"""`tidings remove FEED`: unsubscribe. The feed leaves feeds.yaml (core.subscribe.
unsubscribe: the file as it is now, every other line kept); its articles stay in the
store, hidden while it is not listed, unless --purge deletes them (starred ones kept).
A feed of the account of feeds.yaml's `source:` is unsubscribed on its server
(core.source_feeds), its articles handled the same way."""

from __future__ import annotations

import argparse
from dataclasses import replace

from tidings.commands.account import account_label, account_specs, tell_note
from tidings.commands.context import EXIT_OK, CommandError, Context, shown
from tidings.commands.feed_lookup import known_names, select_feeds
from tidings.core.plural import counted


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "remove",
        help="unsubscribe: take a feed out of feeds.yaml (its articles stay unless --purge)",
    )
    p.add_argument("feed", metavar="FEED", help="the feed's URL or title")
    p.add_argument(
        "--purge",
        action="store_true",
        help="also delete its articles from the database (starred ones are kept)",
    )
    p.set_defaults(func=cmd_remove)


def cmd_remove(ctx: Context, args: argparse.Namespace) -> int:
    from tidings.core.feed_location import feed_key
    from tidings.core.subscribe import SubscribeError, unsubscribe

    config = ctx.config()  # a feeds.yaml with mistakes is told with its lines, not edited
    store = ctx.store()
    stored = {feed_key(f.url): f for f in store.feeds(twins=True)}
    moved, titles = known_names(store, config.feeds)  # the store has it at its new URL

    def info_of(spec):
        return stored.get(feed_key(moved.get(spec.url, spec.url)))

    account = account_specs(ctx, config)
    try:
        hits = select_feeds(config.feeds + account, [args.feed], moved, titles, single=True)
    except CommandError:
        if args.purge and _purged_unlisted(store, args.feed):
            return EXIT_OK
        raise
    spec = replace(hits[0], title=hits[0].title or titles.get(hits[0].url))
    path = ctx.config_path
    if hits[0] in account:
        return _remove_from_account(ctx, config, spec, info_of(spec), args.purge)
    try:
        listed = unsubscribe(path, spec.url)
    except SubscribeError as exc:
        raise CommandError(str(exc)) from None
    if listed is None:  # changed since it was read
        raise CommandError(f"not in {path}: {shown(spec.url)}")
    name = f"{shown(spec.title)} <{shown(listed)}>" if spec.title else f"<{shown(listed)}>"
    info = info_of(spec)
    total = info.total if info is not None else 0
    store.hide_feed(spec.url)  # as the next sync would; a reader open on the store drops it
    _tell_removed(store, spec.url, f"removed {name} from {path}", total, args.purge)
    return EXIT_OK


def _tell_removed(store, url: str, done: str, total: int, purge: bool) -> None:
    """`done`, then what became of the feed's articles (--purge: deleted)."""
    if purge:
        purged = store.purge_feed(url)
        deleted, starred = purged if purged is not None else (0, 0)
        kept = f" ({starred} starred kept)" if starred else ""
        print(f"{done}; deleted its {counted(deleted, 'article')}{kept}")
    else:
        print(
            f"{done}; its {counted(total, 'article')}"
            f" {'stays' if total == 1 else 'stay'} in the database"
            f" (hidden; `tidings remove --purge {shown(url)}` deletes them)"
        )


def _remove_from_account(ctx: Context, config, spec, info, purge: bool) -> int:
    """The feed is the account's: unsubscribed on its server (core.source_feeds)."""
    from tidings.core.greader import GReaderError
    from tidings.core.sanitize import hide_passwords
    from tidings.core.source_feeds import remove_from_account

    where = account_label(config)
    name = f"{shown(spec.title)} <{shown(spec.url)}>"
    try:
        gone = remove_from_account(ctx.db_path, config.source, config.settings, spec.url)
    except GReaderError as exc:
        raise CommandError(
            f"{name} not unsubscribed from {where}: {shown(hide_passwords(str(exc)))};"
            " nothing changed"
        ) from None
    tell_note(gone.note)
    done = f"unsubscribed from {name} on {where}"
    if gone.already:
        done = f"{name} was no longer in {where}: taken out of the feed list"
    _tell_removed(ctx.store(), spec.url, done, info.total if info is not None else 0, purge)
    return EXIT_OK


def _purged_unlisted(store, url: str) -> bool:
    """--purge of a feed removed before: feeds.yaml lists it no more, the store keeps
    its articles hidden. False when the store has no such feed either."""
    gone = store.purge_unlisted(url)
    if gone is None:
        return False
    title, deleted, starred = gone
    kept = f" ({starred} starred kept)" if starred else ""
    print(
        f"{shown(title)} <{shown(url)}> was not in feeds.yaml;"
        f" deleted its {counted(deleted, 'article')}{kept}"
    )
    return True
