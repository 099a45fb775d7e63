"""`tidings export`: the feeds of feeds.yaml as OPML on stdout, for another reader."""

from __future__ import annotations

import argparse
import sys

from tidings.commands.context import EXIT_OK, CommandError, Context, shown
from tidings.core.database import StoreError
from tidings.core.plural import counted


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="print the feeds as OPML, keeping categories")
    p.add_argument(
        "--with-passwords",
        action="store_true",
        help="keep the password of a feed URL (https://user:pass@host/…); without it: ***",
    )
    p.set_defaults(func=cmd_export)


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from tidings.core.opml import export_opml
    from tidings.core.sanitize import hide_passwords

    skipped: list[str] = []
    feeds = _with_own_titles(ctx, ctx.config().feeds)
    hidden = 0
    if not args.with_passwords:  # an OPML file gets mailed and posted: no passwords in it
        feeds = [replace(f, url=hide_passwords(f.url)) for f in feeds]
        hidden = sum(1 for f in feeds if ":***@" in f.url)
    sys.stdout.write(export_opml(feeds, skipped=skipped))
    for reason in skipped:
        print(f"left out: {shown(reason)}", file=sys.stderr)
    if hidden:
        print(
            f"{counted(hidden, 'feed URL')} written with"
            f" {'its' if hidden == 1 else 'their'} password as ***;"
            " `tidings export --with-passwords` keeps them",
            file=sys.stderr,
        )
    return EXIT_OK


def _with_own_titles(ctx: Context, feeds):
    """The feeds, those feeds.yaml gives no title (`tidings add` writes none) with the
    one the feed gives itself, as the store has it: another reader shows the OPML's
    title, not the URL."""
    from dataclasses import replace

    if not ctx.db_path.exists():
        return feeds
    try:
        store = ctx.store(sync=False)
        own = {f.id: f.title for f in store.feeds() if f.title and f.title != f.url}
        states = {f.url: store.fetch_state(f.url) for f in feeds if not f.title}
    except (CommandError, StoreError):  # no store to ask: the URLs do
        return feeds
    return [
        replace(f, title=own.get(states[f.url].feed_id)) if states.get(f.url) else f for f in feeds
    ]
