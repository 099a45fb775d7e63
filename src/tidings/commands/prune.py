"""`tidings prune [FEED…] [--dry-run] [--vacuum]`: delete what feeds.yaml's keep_days,
max_items and ignore rules no longer keep (starred articles never), by hand; the
feeds of the account of `source:` too (settings' keep_days / max_items, the top-level
ignore rules)."""

from __future__ import annotations

import argparse
import time

from tidings.commands.context import EXIT_OK, Context
from tidings.core.plural import counted


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "prune",
        help="delete articles past keep_days / max_items or matching ignore rules (never starred)",
    )
    p.add_argument("feeds", nargs="*", metavar="FEED", help="a feed's URL or title (default: all)")
    p.add_argument("--dry-run", action="store_true", help="only say how many would be deleted")
    p.add_argument(
        "--vacuum",
        action="store_true",
        help="then give the freed space back (VACUUM; takes a while)",
    )
    p.set_defaults(func=cmd_prune)


def _reasons(count) -> str:
    policy = count.retention
    parts = []
    if count.old:
        parts.append(f"{count.old} older than {counted(policy.keep_days, 'day')}")
    if count.over:
        parts.append(f"{count.over} beyond the newest {policy.max_items}")
    if count.ignored:
        parts.append(f"{count.ignored} matching ignore rules")
    return ", ".join(parts)


def cmd_prune(ctx: Context, args: argparse.Namespace) -> int:
    from tidings.commands.account import account_specs
    from tidings.commands.feed_lookup import known_names, select_feeds
    from tidings.core.models import Retention
    from tidings.core.sanitize import clean_line

    config = ctx.config()
    store = ctx.store()
    specs = select_feeds(
        config.feeds + account_specs(ctx, config), args.feeds, *known_names(store, config.feeds)
    )
    policies = {}
    for spec in specs:
        policy = Retention.of(spec, config.settings)
        if policy.limits or policy.ignore:
            policies.setdefault(spec.url, policy)
    started = time.perf_counter()
    counts = store.prune(policies, dry_run=args.dry_run) if policies else []
    seconds = time.perf_counter() - started
    verb = "would delete" if args.dry_run else "deleted"
    for count in counts:
        if count.total:
            print(f"{clean_line(count.title)}: {verb} {count.total} ({_reasons(count)})")
    total = sum(c.total for c in counts)
    if not policies:
        print(
            "nothing to prune: feeds.yaml sets no keep_days, max_items or ignore rules"
            + (" for these feeds" if args.feeds else "")
        )
    else:
        feeds = counted(sum(1 for c in counts if c.total), "feed")
        articles = counted(total, "article")
        print(f"{verb} {articles} from {feeds} in {seconds:.1f} s (starred ones kept)")
    if args.vacuum and not args.dry_run:
        before, after = store.vacuum()
        print(f"vacuum: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    return EXIT_OK
