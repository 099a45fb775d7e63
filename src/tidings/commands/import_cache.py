"""`tidings import-cache`: newsboat's reading history (read, flagged and old articles)
into the store, for the feeds of feeds.yaml.

A command of its own rather than an option of `import`: `import` adds feeds to
feeds.yaml from a list of them, this one writes articles into the database for feeds
already there; it has options of its own (--dry-run, --star-flags) that mean nothing
to a feed list. The two are the two steps of moving from newsboat.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tidings.commands.context import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    Context,
    shown,
)
from tidings.core.plural import counted

HELP = "bring newsboat's read, flagged and old articles over from its cache.db"

DESCRIPTION = """\
Bring newsboat's reading history over from its cache.db, for the feeds of feeds.yaml
(add them first with `tidings import ~/.newsboat/urls`): articles tidings does not have
are added, with their dates and content, and are searchable; articles read in newsboat
are marked read; flagged ones are starred. Articles deleted in newsboat are left out,
and a later fetch of a feed still carrying them does not bring them back.
Runs in one transaction, and running it twice changes nothing the second time.
newsboat's cache is only read, never changed.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-cache",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "cache",
        nargs="?",
        metavar="CACHE",
        help="newsboat's cache.db (default: ~/.newsboat/cache.db, else"
        " ~/.local/share/newsboat/cache.db)",
    )
    p.add_argument(
        "-n",
        "--dry-run",
        action="store_true",
        help="say what would be imported; write nothing",
    )
    p.add_argument(
        "--star-flags",
        metavar="LETTERS",
        help="star only articles with one of these newsboat flags, e.g. `s`"
        " (default: any flag stars an article)",
    )
    p.set_defaults(func=cmd_import_cache)


def cmd_import_cache(ctx: Context, args: argparse.Namespace) -> int:
    from tidings.core.models import Retention
    from tidings.core.newsboat_cache import (
        CacheError,
        NewsboatCache,
        find_default_cache,
        newsboat_running,
        star_rule,
    )
    from tidings.core.newsboat_import import import_cache

    try:
        star_flags = star_rule(args.star_flags)
    except ValueError as exc:
        raise CommandError(f"--star-flags: {exc}", EXIT_USAGE) from None
    try:
        path = Path(args.cache).expanduser() if args.cache else find_default_cache()
        cache = NewsboatCache(path)
    except CacheError as exc:
        raise CommandError(str(exc)) from None
    with cache:
        config = ctx.config()
        store = ctx.store()
        retentions = {}
        for spec in config.feeds:
            state = store.fetch_state(spec.url)
            if state is not None:
                retentions[state.feed_id] = Retention.of(spec, config.settings)
        pid = newsboat_running(path)
        if pid is not None:
            print(
                f"note: newsboat (pid {pid}) is running on this cache: what it reads from"
                " now on is not brought over; quit it first to carry everything",
                file=sys.stderr,
            )
        try:
            with _progress() as on_feed:
                report = import_cache(
                    store,
                    cache,
                    retentions=retentions,
                    star_flags=star_flags,
                    dry_run=args.dry_run,
                    on_feed=on_feed,
                )
        except CacheError as exc:
            raise CommandError(f"{exc}. Nothing was imported.") from None
    _print_report(report, ctx.config_path)
    if report.feeds and not report.matched:
        return EXIT_NOT_FOUND
    return EXIT_OK


@contextmanager
def _progress() -> Iterator[Callable[..., None] | None]:
    """A progress bar on a terminal's stderr (a big cache takes a while), else none."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("[bold]importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}", markup=False),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def on_feed(done: int, total: int, feed) -> None:
            bar.update(task, completed=done, total=total, description=shown(feed.url)[-50:])

        yield on_feed


def _print_report(report, config_path: Path) -> None:
    from tidings.core.sanitize import clean_line

    c = report.counts
    would = "would be " if report.dry_run else ""
    print(f"newsboat cache {clean_line(str(report.path))}: {counted(report.feeds, 'feed')}")
    if report.dry_run:
        print("dry run: nothing was written")
    only = report.newsboat_only
    print(
        f"feeds: {len(report.matched)} matched in {clean_line(str(config_path))},"
        f" {len(report.unknown)} not there"
        + (
            f", {counted(len(only), 'query feed')} left out (saved searches: tidings import)"
            if only
            else ""
        )
    )
    print(
        f"articles: {c.added} {would}added ({c.added_read} of them read,"
        f" {c.added_starred} starred); {c.marked_read} {would}marked read;"
        f" {c.starred} {would}starred; {c.unchanged} already there as they are"
    )
    left = [
        (c.too_old, "older than keep_days"),
        (c.ignored, "matched by ignore rules"),
        (c.buried, "deleted by tidings' retention before"),
        (c.deleted, "deleted in newsboat"),
    ]
    if any(n for n, _ in left):
        print("not added: " + ", ".join(f"{n} {why}" for n, why in left if n))
    if report.unknown:
        lost = sum(f.articles for f in report.unknown)
        print(
            f"{counted(len(report.unknown), 'feed')} of the cache not in feeds.yaml"
            f" ({counted(lost, 'article')} left out):"
        )
        for feed in report.unknown:
            title = f"  {clean_line(feed.title)}" if feed.title else ""
            print(f"  {shown(feed.url)}{title}  ({counted(feed.articles, 'article')})")
        print(
            "add them with `tidings import ~/.newsboat/urls` (newsboat's urls file),"
            " then run `tidings import-cache` again"
        )
