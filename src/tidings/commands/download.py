"""`tidings download`: podcast episodes for cron (newsboat's podcast-auto-enqueue and
`podboat -a`), or of the articles named; `--list` says what is downloaded and where.

Without arguments it takes the feeds with `download: true` (or `settings.download`):
each one's newest `--newest` articles with an episode that is not downloaded yet (an
episode downloaded once is not fetched again when its file has been deleted since; a
stopped one goes on from its `.part` file). Named feeds (URL or title) are taken the
same way whatever their `download:`; an article id downloads that article's episode
(again, when its file is gone). Exit status: 0 when every download worked or nothing
was due, 1 when every one failed or an article named has no episode, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from tidings.commands.context import EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, CommandError, Context

if TYPE_CHECKING:
    from tidings.core.download_list import Episode
    from tidings.core.downloads import DownloadJob
    from tidings.core.store import Store

NEWEST = 5  # articles per feed looked at by default


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "download",
        help="download podcast episodes: of feeds with download: true (for cron), of the"
        " feeds or article ids named; --list shows what is downloaded",
    )
    p.add_argument(
        "refs",
        nargs="*",
        metavar="FEED|ID",
        help="a feed's URL or title, or an article id (default: the feeds with download: true)",
    )
    p.add_argument("--list", action="store_true", help="what is downloaded, and where")
    p.add_argument(
        "--newest",
        type=int,
        default=NEWEST,
        metavar="N",
        help=f"look at each feed's newest N articles (default {NEWEST}; 0: all)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print only what failed")
    p.add_argument("--json", action="store_true", help="--list as JSON Lines")
    p.set_defaults(func=cmd_download)


def cmd_download(ctx: Context, args: argparse.Namespace) -> int:
    if args.list:
        if args.refs:
            raise CommandError("download --list takes no feeds or ids", EXIT_USAGE)
        return _list(ctx, args.json)
    if args.newest < 0:
        raise CommandError("--newest must be 0 or more", EXIT_USAGE)
    config = ctx.config()
    store = ctx.store()
    jobs, missing = _jobs(ctx, store, args.refs, args.newest)
    if not jobs:
        return EXIT_NOT_FOUND if missing else EXIT_OK
    return _run(ctx, jobs, config.settings, args.quiet, failed=missing)


def _jobs(
    ctx: Context, store: Store, refs: list[str], newest: int
) -> tuple[list[DownloadJob], int]:
    """The downloads due, and how many articles named have no episode."""
    from pathlib import Path

    from tidings.commands.articles import find
    from tidings.commands.context import err
    from tidings.commands.feed_lookup import known_names, select_feeds
    from tidings.core import download_records
    from tidings.core.download_names import pick_enclosure
    from tidings.core.download_queue import job_for
    from tidings.core.sanitize import clean_line

    settings = ctx.config().settings
    specs = ctx.config().feeds
    named_ids: list[int] = []
    feed_names: list[str] = []
    for ref in refs:
        if ref.isdigit() and store.get_article(int(ref)) is not None:
            named_ids.append(int(ref))
        else:
            feed_names.append(ref)
    if feed_names:
        chosen = select_feeds(specs, feed_names, *known_names(store, specs))
    elif refs:
        chosen = []
    else:
        chosen = [s for s in specs if (settings.download if s.download is None else s.download)]
        if not chosen:
            raise CommandError(
                "no feed has download: true in feeds.yaml; name feeds or article ids", EXIT_USAGE
            )
    feed_ids = []
    for spec in chosen:
        state = store.fetch_state(spec.url)
        if state is not None:
            feed_ids.append(state.feed_id)
    jobs: list[DownloadJob] = []
    missing = 0
    for article_id in named_ids:
        article = find(ctx, str(article_id))
        enclosure = pick_enclosure(article.enclosures)
        if enclosure is None:
            err(f"article {article_id} ({clean_line(article.title)}) has no audio or video")
            missing += 1
            continue
        if enclosure.downloaded and not enclosure.partial:
            if Path(enclosure.downloaded).is_file():
                print(f"already there: {enclosure.downloaded}")
                continue
            enclosure = type(enclosure)(enclosure.url, enclosure.type, enclosure.length)
        jobs.append(job_for(article, enclosure, settings))
    for article_id in download_records.with_enclosures(store, feed_ids, newest):
        article = store.get_article(article_id)
        enclosure = pick_enclosure(article.enclosures) if article is not None else None
        if article is None or enclosure is None:
            continue
        if enclosure.downloaded and not enclosure.partial:
            continue  # downloaded once: a file deleted since was listened to
        jobs.append(job_for(article, enclosure, settings))
    return jobs, missing


def _run(ctx: Context, jobs: list[DownloadJob], settings, quiet: bool, failed: int) -> int:
    from tidings.commands.context import err
    from tidings.core.download_queue import DownloadQueue
    from tidings.core.downloads import Outcome, Progress
    from tidings.core.sanitize import clean_line

    tty = sys.stderr.isatty() and not quiet
    done = 0
    problems = failed

    def event(e: Progress | Outcome) -> None:
        nonlocal done, problems
        if isinstance(e, Progress):
            if tty:
                sys.stderr.write(f"\r\x1b[K{clean_line(e.describe())}")
                sys.stderr.flush()
            return
        if tty:
            sys.stderr.write("\r\x1b[K")
        if e.state == "done":
            done += 1
            if not quiet:
                print(e.path, flush=True)
        elif e.state == "failed":
            problems += 1
            kept = f" ({e.path} kept: run again to go on)" if e.path is not None else ""
            err(f"{clean_line(e.job.url)}: {clean_line(e.error)}{kept}")

    queue = DownloadQueue(ctx.db_path, settings, event)
    try:
        for job in jobs:
            queue.submit(job)
        queue.join()
    except KeyboardInterrupt:
        queue.close()
        err("stopped; what was downloaded is kept in .part files: run again to go on")
        raise
    queue.close()
    return EXIT_NOT_FOUND if problems and not done else EXIT_OK


def _list(ctx: Context, as_json: bool) -> int:
    """The episodes as the reader's downloads view (Ctrl+E) has them, with their state
    (core.download_list): finished, played, stopped, failed, deleted, missing."""
    from tidings.core.download_list import FINISHED, episodes
    from tidings.core.sanitize import clean_line

    rows = episodes(ctx.store())
    if not rows and not as_json:  # JSON Lines: an empty list says it
        from tidings.commands.context import err

        err(
            "nothing downloaded yet: `tidings download` fetches the new episodes of the feeds"
            " with `download: true` in feeds.yaml, `tidings download ID` one article's;"
            " in the reader, `e` on an article"
        )
    for r in rows:
        if as_json:
            line = {
                "id": r.article_id,
                "state": r.state,
                "path": r.path,
                "done": r.state in FINISHED,  # downloaded, its file there or not
                "size": r.done if r.state in FINISHED else None,
                "url": clean_line(r.url),
                "feed": r.feed_title,
                "title": r.title,
                "error": r.error or None,
            }
            print(json.dumps(line, ensure_ascii=False))
        else:
            print(f"{r.article_id}  {r.state:<8}  {_where(r)}  {r.feed_title}: {r.title}")
    sys.stdout.flush()
    return EXIT_OK


def _where(r: Episode) -> str:
    """The file, and what goes on with a download that did not end (the article's id,
    not a bare `tidings download`: that takes only the feeds with download: true, and
    this one may not be one of them)."""
    from tidings.core.sanitize import clean_line

    path = clean_line(r.path) or clean_line(r.url)
    again = f"`tidings download {r.article_id}`"
    if r.state == "stopped":
        return f"{path}  (stopped: {again} goes on)"
    if r.state == "failed":
        how = "goes on" if r.path else "tries again"
        return f"{path}  (failed: {r.error}; {again} {how})"
    return path
