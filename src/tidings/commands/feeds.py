"""Feed sub-commands: fetch, import (and import-cache; a newsboat config: import_config;
export: its own module), list."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from tidings.commands import export, import_cache
from tidings.commands.context import EXIT_OK, EXIT_USAGE, CommandError, Context, shown
from tidings.commands.feed_lookup import known_names, select_feeds
from tidings.core.plural import counted

EXIT_SOME_FAILED = 3  # tidings fetch: some feeds failed, not all (1: all of them)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "fetch",
        help="refresh all feeds, or the named ones",
        description="Refresh all feeds, or the named ones. Exit status: 0 all fetched (or"
        " not modified, or waiting), 1 every feed failed, 2 bad usage, 3 some feeds failed.",
    )
    p.add_argument("feeds", nargs="*", metavar="FEED", help="a feed's URL or title (default: all)")
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only what failed (for cron, which mails any output); a feed that keeps"
        " failing is told once, when it starts to",
    )
    p.add_argument(
        "--notify",
        action="store_true",
        help="run feeds.yaml's notify_program when new articles came (or notify_always)",
    )
    p.set_defaults(func=cmd_fetch)

    p = sub.add_parser(
        "import",
        help="add the feeds of an OPML or newsboat `urls` file to feeds.yaml, or newsboat's"
        " `config` (settings and keys)",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--format",
        choices=["auto", "opml", "urls", "config"],
        default="auto",
        help="config: newsboat's config file (auto: told by its name and lines)",
    )
    p.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    p.add_argument(
        "--with-commands",
        action="store_true",
        help="also bring a urls file's exec: / filter: feeds, which run programs at every"
        " refresh (only for your own newsboat urls file)",
    )
    p.set_defaults(func=cmd_import)
    import_cache.register(sub)

    export.register(sub)

    p = sub.add_parser("list", help="list feeds with article counts and the last error")
    p.add_argument("--json", action="store_true", help="JSON Lines output")
    p.set_defaults(func=cmd_list)


def moved_feeds(store, specs) -> dict[str, str]:
    """{feeds.yaml's URL: where the feed is fetched now} for the feeds a permanent
    redirect moved (the store follows it; feeds.yaml still says the old URL)."""
    return known_names(store, specs)[0]


def cmd_fetch(ctx: Context, args: argparse.Namespace) -> int:
    from tidings.commands.account import account_specs, pull_named, split_account, tell_note
    from tidings.core.refresh import refresh
    from tidings.core.sanitize import clean_line

    config = ctx.config()
    if args.notify and not config.settings.notify_program:
        raise CommandError("--notify: feeds.yaml's settings name no notify_program", EXIT_USAGE)
    # sync the whole config first; fail early on a bad database
    moved, titles = known_names(ctx.store(), config.feeds)
    failing = _failing(ctx.store(), config.feeds)
    if config.source is None:  # no account (any more): its feeds are hidden
        ctx.store().hide_source_feeds()
    account = account_specs(ctx, config)  # named: pulled one by one (core.source_feeds)
    ctx.close()
    chosen = select_feeds(config.feeds + account, args.feeds, moved, titles)
    specs, pulled = split_account(chosen, account)
    pulled = pulled if args.feeds else []  # all of them: the account's sync (source)
    listed_as = {now: (old, _line(config.feeds, old)) for old, now in moved.items()}
    quiet = args.quiet
    named = bool(args.feeds)  # asked even if their site asked to wait (fetch_wait)
    source = None if args.feeds else config.source  # the account's feeds (core.source_sync)
    if quiet:
        summary = refresh(ctx.db_path, specs, config.settings, named=named, source=source)
    elif sys.stderr.isatty():
        summary = _fetch_with_bar(ctx, specs, config.settings, named, source)
    else:

        def plain(p):
            print(f"[{p.done}/{p.total}] {p.said}: {shown(p.url)}", file=sys.stderr)

        summary = refresh(
            ctx.db_path, specs, config.settings, on_progress=plain, named=named, source=source
        )
    pull_named(ctx, config, pulled, summary)
    for note in summary.notes:
        tell_note(note)
    for old, now in summary.moved:  # once: fetched at the new URL from now on
        old, line = listed_as.get(old, (old, _line(specs, old)))
        if twin := _line(config.feeds, now):  # listed already: the same feed twice
            todo = (
                f"{ctx.config_path}{twin} lists it too, so it is shown once, as that feed:"
                f" delete {ctx.config_path}{line} (`tidings remove {shown(old)}`)"
            )
        else:
            todo = f"tidings follows it: put the new URL in {ctx.config_path}{line}"
        print(
            f"moved: {shown(old)} -> {shown(now)} (a permanent redirect; {todo})", file=sys.stderr
        )
    for url, reason in summary.errors:
        if quiet and url in failing:  # cron: told when it began to fail, not at every run
            continue
        old, line = listed_as.get(url, (None, ""))
        was = f" (moved from {shown(old)}, {ctx.config_path}{line})" if old else ""
        print(f"failed: {shown(url)}{was}: {shown(reason)}", file=sys.stderr)
    if not quiet:  # cron mails any output: a wait it was told of once is not told again
        for old, now in summary.duplicates:  # told by `moved:` once; by hand, each time
            print(f"duplicate: {_duplicate(ctx, config.feeds, old, now)}")
        for url, reason in summary.skipped:
            url = shown(url)
            print(f"skipped: {url}: {shown(reason)} (`tidings fetch {url}` asks anyway)")
    skipped = f", {len(summary.skipped)} skipped" if summary.skipped else ""
    # the noun goes with the last number: "2 new, 1 updated article"
    articles = f"{summary.new} new, " + counted(summary.updated, "updated article")
    if summary.ignored:
        articles = f"{summary.new} new, {summary.updated} updated, " + counted(
            summary.ignored, "ignored article"
        )
    if not quiet:
        print(
            f"{summary.ok} ok, {summary.not_modified} not modified, {summary.failed} failed"
            f"{skipped}; {articles} in {summary.seconds:.1f} s"
        )
    if summary.pruned and not quiet:
        pruned = counted(summary.pruned, "article")
        print(f"pruned {pruned} past keep_days / max_items (starred ones kept)")
    if summary.prune_error:
        print(f"prune failed: {clean_line(summary.prune_error)}", file=sys.stderr)
    if any(s.full_text for s in specs):
        from tidings.core.fulltext import fetch_full_texts

        pages = fetch_full_texts(ctx.db_path, config.settings)
        for url, reason in pages.errors:
            print(f"full text failed: {shown(url)}: {shown(reason)}", file=sys.stderr)
        if (pages.ok or pages.failed) and not quiet:
            print(f"full text: {counted(pages.ok, 'page')} extracted, {pages.failed} failed")
    if args.notify:
        from tidings.core.notify import notify_after_fetch

        problem = notify_after_fetch(ctx.db_path, summary, config.settings)
        if problem is not None:
            print(f"notify_program failed: {problem}", file=sys.stderr)
    asked = len(specs) + (source is not None) + len(pulled)  # the account: one more
    if asked and summary.failed == asked:
        return 1
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _failing(store, specs) -> set[str]:
    """The URLs (where they are fetched now) of the feeds whose last fetch failed."""
    states = (store.fetch_state(spec.url) for spec in specs)
    return {s.url for s in states if s is not None and s.error}


def _duplicate(ctx: Context, specs, old: str, now: str) -> str:
    """What to do about feeds.yaml's `old`, which a permanent redirect took to `now`,
    another feed of feeds.yaml."""
    return (
        f"{shown(old)} moved to {shown(now)}, which {ctx.config_path}{_line(specs, now)} lists"
        f" too (shown once, as that feed): delete {ctx.config_path}{_line(specs, old)}"
        f" (`tidings remove {shown(old)}`)"
    )


def _line(specs, url: str) -> str:
    """ ":LINE" of feeds.yaml where `url` is listed, if known."""
    return next((f":{s.line}" for s in specs if s.url == url and s.line), "")


def _fetch_with_bar(ctx, specs, settings, named, source=None):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from tidings.core.refresh import refresh

    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]refreshing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=len(specs))

        def on_progress(p):
            bar.update(task, completed=p.done, total=p.total, description=shown(p.url)[-50:])

        return refresh(
            ctx.db_path, specs, settings, on_progress=on_progress, named=named, source=source
        )


SKIPS_SHOWN = 10  # lines `tidings import` names that it left out; the rest are counted


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from tidings.core.config_edit import append_feeds, append_searches, unlisted_feeds
    from tidings.core.database import SQLITE_HEADER
    from tidings.core.opml import OpmlError, parse_newsboat_queries, parse_newsboat_urls, parse_opml
    from tidings.core.sanitize import clean_line

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}", EXIT_USAGE) from None
    fmt = args.format
    if data.startswith(SQLITE_HEADER):
        raise CommandError(
            f"{path} is a SQLite database (newsboat's cache.db?), not an OPML or urls file."
            f" Add the feeds from newsboat's urls file (`tidings import ~/.newsboat/urls`),"
            f" then bring its articles and read state over with `tidings import-cache {path}`",
            EXIT_USAGE,
        )
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CommandError(
            f"{path} is not a text file: give an OPML file, newsboat's urls file or its"
            " config. Nothing was imported.",
            EXIT_USAGE,
        )
    if fmt == "auto":
        fmt = "opml" if data.lstrip()[:1] == b"<" else "urls"
        if fmt == "urls":
            from tidings.core.newsboat_config_import import is_newsboat_config

            if is_newsboat_config(path, data.decode("utf-8", errors="replace")):
                fmt = "config"
    if fmt == "config":
        from tidings.commands.import_config import import_newsboat_config

        return import_newsboat_config(ctx, path, args.dry_run)
    skipped: list[str] = []
    searches = []
    hidden: list[str] = []  # feeds newsboat hides (`!`)
    try:
        if fmt == "opml":
            listed = parse_opml(data, skipped)
        else:
            text = data.decode("utf-8", errors="replace")
            listed = parse_newsboat_urls(text, skipped, hidden)
            searches = parse_newsboat_queries(text, skipped)
    except OpmlError as exc:
        raise CommandError(f"{path}: {exc}", EXIT_USAGE) from None
    for reason in skipped[:SKIPS_SHOWN]:
        print(f"skipped: {path}: {clean_line(reason)}", file=sys.stderr)
    if len(skipped) > SKIPS_SHOWN:  # not a feed list at all, most likely: a screenful says so
        print(f"skipped: {path}: and {len(skipped) - SKIPS_SHOWN} more", file=sys.stderr)
    if not listed and not searches:
        why = (
            ": none of its feeds can be imported (said above)"
            if fmt == "opml" and skipped
            else " holds no feed tidings can import: it is not an OPML file or a newsboat urls file"
        )
        raise CommandError(f"{path}{why} (nothing was imported)", EXIT_USAGE)
    if ctx.config_path.exists():
        try:  # a feeds.yaml with mistakes is told with its lines, not added to
            ctx.config()
        except CommandError as exc:
            raise CommandError(f"{exc}\nNothing was imported.", exc.code) from None
    # what is said of the feeds (commands, hidden) is said of those imported now
    fresh = unlisted_feeds(ctx.config_path, listed)
    present = len(listed) - len(fresh)
    specs, held_back = _commands_held_back(fresh, args.with_commands)
    target = ctx.config_path
    with tempfile.TemporaryDirectory(prefix="tidings-dry-run-") as tmp:
        if args.dry_run:  # the same work on a copy
            target = Path(tmp) / ctx.config_path.name
            if ctx.config_path.exists():
                shutil.copyfile(ctx.config_path, target)
        try:
            added = append_feeds(target, specs)[0]
            saved, known = append_searches(target, searches) if searches else (0, 0)
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot add feeds to {ctx.config_path}: {exc}") from None
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb} {counted(added, 'feed')} into {ctx.config_path} ({present} already there)")
    _say_commands(specs)
    _say_hidden(specs, hidden)
    if held_back:
        print(
            f"left out {counted(held_back, 'feed')} that"
            f" {'runs' if held_back == 1 else 'run'} a command (exec:, filter:) or"
            f" {'reads' if held_back == 1 else 'read'} a local file (file:): a file from"
            " elsewhere must not run programs or read your files here; for your own newsboat"
            " urls file, import it again with --with-commands",
            file=sys.stderr,
        )
    if searches:  # newsboat's query feeds
        saved_searches = counted(saved, "saved search", "saved searches")
        print(f"{verb} {saved_searches} from its query feeds ({known} already there)")
    if args.dry_run:
        print("--dry-run: nothing written")
    return EXIT_OK


def _commands_held_back(specs: list, allowed: bool) -> tuple[list, int]:
    """The specs to import, and how many that run a command or read a local file
    (file:) were held back (all of them, unless --with-commands): a urls file from
    elsewhere must neither run programs here nor read your files (file:///etc/passwd)."""
    from tidings.core.feed_location import command_source

    if allowed:
        return specs, 0
    kept = [
        s for s in specs if command_source(s.url) is None and not s.url.lower().startswith("file:")
    ]
    return kept, len(specs) - len(kept)


def _say_commands(specs) -> None:
    """How many of an imported newsboat urls file's feeds run a command (they run as
    the user at every refresh, as in newsboat), and which were made `sh -c '…'`."""
    from tidings.core.feed_location import command_source, newsboat_form

    commands = [s.url for s in specs if command_source(s.url) is not None]
    if not commands:
        return
    wrapped = sum(1 for url in commands if newsboat_form(url) != url)
    print(
        f"{len(commands)} of them {'runs' if len(commands) == 1 else 'run'} a command"
        " (exec:, filter:), as in newsboat"
        + (f"; {wrapped} written sh -c '…' (they need a shell)" if wrapped else "")
    )


def _say_hidden(specs, hidden: list[str]) -> None:
    """What became of the feeds newsboat hides (`!` in its urls file: not in its feed
    list, their articles only in query feeds): tidings has no hidden feeds."""
    from tidings.core.opml import HIDDEN_TAG

    brought = {s.url for s in specs} & set(hidden)
    if not brought:
        return
    one = len(brought) == 1
    print(
        f"{counted(len(brought), 'feed')} hidden in newsboat (!): tidings has no hidden feeds;"
        f" {'it is' if one else 'they are'} listed with the others, tagged {HIDDEN_TAG}"
        f" (the search tag:{HIDDEN_TAG} finds {'its' if one else 'their'} articles)"
    )


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    import json

    from tidings.core.feed_order import sort_feeds
    from tidings.core.sanitize import clean_line

    # as the feed pane, and the feeds it shows as another they moved onto
    feeds = sort_feeds(ctx.store().feeds(twins=True), ctx.settings().feed_order)
    moved, twins = {}, {}
    if ctx.config_path.exists():
        specs = ctx.config().feeds
        moved = {now: old for old, now in moved_feeds(ctx.store(), specs).items()}
        for spec in specs:
            state = ctx.store().fetch_state(spec.url)
            if state is not None and state.duplicate_of is not None:
                twins[state.url] = (shown(state.duplicate_of), _line(specs, spec.url))
    for f in feeds:
        title = shown(f.title) or shown(f.url)
        error = shown(f.last_error) if f.last_error else None
        moved_from = shown(moved[f.url]) if f.url in moved else None
        if args.json:
            print(
                json.dumps(
                    {
                        "id": f.id,
                        "title": title,
                        "url": shown(f.url),  # as `tidings fetch URL` takes it
                        "category": clean_line(f.category) or None,
                        "tags": [clean_line(t) for t in f.tags],
                        "unread": f.unread,
                        "total": f.total,
                        "last_fetched": f.last_fetched.isoformat() if f.last_fetched else None,
                        "last_error": error,
                        "retry_at": f.retry_at.isoformat() if f.retry_at else None,
                        "moved_from": moved_from,
                        # moved onto this other feed of feeds.yaml: fetched as that one
                        "duplicate_of": twins[f.url][0] if f.url in twins else None,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            state = (
                f"error: {error}" if error else ("never fetched" if not f.last_fetched else "ok")
            )
            if moved_from:
                state += f"; moved from {moved_from}, as feeds.yaml lists it"
            if f.url in twins:
                twin, line = twins[f.url]
                state += (
                    f"; the same feed as {twin}, shown as that one: delete {ctx.config_path}{line}"
                )
            print(f"{f.unread:>5}/{f.total:<5} {title}  <{shown(f.url)}>  {state}")
    return EXIT_OK
