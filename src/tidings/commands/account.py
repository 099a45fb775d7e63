"""The feeds of feeds.yaml's `source:` (your FreshRSS / Miniflux account) for the
commands that name feeds: `tidings fetch NAME`, `remove`, `prune` find them by title
or stream id beside feeds.yaml's (core.source_feeds does the work on the server)."""

from __future__ import annotations

import sys

from tidings.commands.context import Context, shown


def account_specs(ctx: Context, config) -> list:
    """The account's feeds as the store has them (title, stream id), as FeedSpecs for
    select_feeds; none without a source:. Their ignore rules: feeds.yaml's own."""
    from tidings.core.models import FeedSpec
    from tidings.core.source_sync import is_source_feed

    if config.source is None:
        return []
    return [
        FeedSpec(url=f.url, title=f.title, ignore=config.source.ignore)
        for f in ctx.store().feeds()
        if is_source_feed(f.url)
    ]


def split_account(specs: list, account: list) -> tuple[list, list]:
    """(feeds.yaml's, the account's) of `specs`."""
    streams = {s.url for s in account}
    return [s for s in specs if s.url not in streams], [s for s in specs if s.url in streams]


def account_label(config) -> str:
    """ "your account (alice at https://HOST/api/greader.php)"."""
    from tidings.core.sanitize import hide_passwords
    from tidings.core.source_state import account_name

    source = config.source
    return f"your account ({shown(account_name(source.user, hide_passwords(source.url)))})"


def tell_note(note: str | None) -> None:
    """feeds.yaml names another account than the store followed: what was put away."""
    if note:
        print(f"tidings: {shown(note)}", file=sys.stderr)


def pull_named(ctx: Context, config, pulled: list, summary) -> None:
    """`tidings fetch NAME` of the account's feeds: each one's items pulled (core.
    source_feeds.pull_feed), counted into the refresh's summary."""
    from tidings.core.greader import GReaderError
    from tidings.core.sanitize import hide_passwords
    from tidings.core.source_feeds import pull_feed

    for spec in pulled:
        try:
            done, synced = pull_feed(ctx.db_path, config.source, config.settings, spec.url)
        except GReaderError as exc:
            summary.failed += 1
            summary.errors.append((spec.url, hide_passwords(str(exc))))
            continue
        tell_note(done.note)
        summary.ok += 1
        summary.new += synced.new
        summary.updated += synced.updated
        summary.ignored += synced.ignored
