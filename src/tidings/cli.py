"""The `tidings` command.

`tidings` with no sub-command opens the reader; sub-commands run headless for scripts
and cron. Global options come before the sub-command: `tidings --config F --db D fetch`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
from collections.abc import Iterator
from typing import NoReturn

from tidings import __version__
from tidings.commands import add, articles, completion, download, feeds, prune, remove, tools
from tidings.commands.context import EXIT_OK, EXIT_USAGE, CommandError, Context, err
from tidings.core.database import StoreError

DESCRIPTION = """\
A fast terminal news reader, at home with Chinese, Japanese and Korean news.

Run with no command to open the reader on the feeds of feeds.yaml.
"""

EPILOG = """\
files and environment:
  --config / $TIDINGS_CONFIG   feeds.yaml (default: ./feeds.yaml if present, else the
                               user config dir, e.g. ~/.config/tidings/feeds.yaml)
  --db / $TIDINGS_DB           the article database (default: the user data dir,
                               e.g. ~/.local/share/tidings/tidings.db)
  $TIDINGS_DATA_DIR            overrides the data dir as a whole

exit status: 0 success, 1 nothing found or a failure, 2 bad usage or a bad config,
  3 `tidings fetch`: some feeds failed (1: all of them).
Run `tidings COMMAND --help` for a command's options.
"""


class _Parser(argparse.ArgumentParser):
    """argparse, with a way out for a word that starts with `-` (`tidings search
    -hong` was read as -h with 'ong', `tidings search -x` as an unknown option)."""

    def error(self, message: str) -> NoReturn:
        word = None
        if m := re.fullmatch(r"argument (-\w)\S*: ignored explicit argument '(.*)'", message):
            word = m.group(1) + m.group(2)
        elif m := re.fullmatch(r"unrecognized arguments: (-\S+).*", message):
            word = m.group(1)
        if word is not None and self.prog != "tidings":
            message += f" (a word that starts with '-' goes after --: `{self.prog} -- {word}`)"
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tidings",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tidings {__version__}")
    parser.add_argument("--config", metavar="FILE", help="feeds.yaml to use")
    parser.add_argument("--db", metavar="FILE", help="article database to use")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    feeds.register(sub)
    add.register(sub)
    remove.register(sub)
    articles.register(sub)
    prune.register(sub)
    download.register(sub)
    tools.register(sub)
    completion.register(sub)
    return parser


def open_reader(ctx: Context) -> int:
    """Open the Textual reader."""
    from tidings.tui.keymap import KeymapError, keymap_problems

    config = ctx.config(check_keys=keymap_problems)  # bad keys: with the file's other mistakes
    from tidings.tui.app import make_app

    ctx.db_path.parent.mkdir(parents=True, exist_ok=True)
    # Fail early with a clear message on a corrupt or foreign database file.
    ctx.store()
    ctx.close()
    try:
        app = make_app(config, ctx.db_path)
    except KeymapError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    app.run()
    return app.return_code or EXIT_OK


class Terminated(KeyboardInterrupt):
    """SIGTERM, taken as Ctrl+C (exit status 143 rather than 130)."""


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (kill, a cron job's timeout) ends a command as Ctrl+C does: its work is
    cancelled and cleaned up (an exec: feed's command killed, the store's transaction
    rolled back) instead of the process vanishing under it."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise Terminated

    try:
        before = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (tests call main() from threads)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _output_that_cannot_fail() -> None:
    """Stdout and stderr that never raise UnicodeEncodeError: a terminal in a locale
    that cannot show a character (Latin-1, ASCII) gets `?` for it; a pipe or a file
    gets UTF-8 (OPML and JSON say so, and a script wants the text whole)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream.isatty():
                stream.reconfigure(errors="replace")  # type: ignore[union-attr]
            else:
                stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # not a TextIOWrapper, or closed
            pass


def main(argv: list[str] | None = None) -> int:
    _output_that_cannot_fail()  # argparse's messages too
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(config_arg=args.config, db_arg=args.db)
    try:
        if args.command is None:
            return open_reader(ctx)
        with _terminate_as_interrupt():
            return args.func(ctx, args)
    except CommandError as exc:
        err(str(exc))
        return exc.code
    except StoreError as exc:  # busy, disk full, read-only...: a clear line, no traceback
        err(str(exc))
        return 1
    except Terminated:
        return 143
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `tidings search x | head -1`: the reader of our output went away; end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    finally:
        ctx.close()
