"""ctrl+b's command (newsboat's bookmark-cmd): four arguments, no shell, cleaned text,
what went wrong said with the program's first stderr line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tidings.core.bookmark import Bookmark, NoLink, bookmark_words, outcome, run_bookmark
from tidings.core.command_line import CommandError

# A bookmark plugin: writes its arguments as JSON to the file named first; exits with
# the status named second, saying so on stderr.
PLUGIN = """
import json, sys
out, status, *args = sys.argv[1:]
with open(out, "w", encoding="utf-8") as f:
    json.dump(args, f)
if status != "0":
    print("no such list: news", file=sys.stderr)
sys.exit(int(status))
"""


def plugin(tmp_path: Path, status: int = 0) -> tuple[str, Path]:
    script = tmp_path / "bookmark.py"
    script.write_text(PLUGIN, encoding="utf-8")
    out = tmp_path / "args.json"
    return f"{sys.executable} {script} {out} {status}", out


def test_the_command_gets_url_title_description_and_feed_title(tmp_path):
    command, out = plugin(tmp_path)
    bookmark = Bookmark.of("https://example.org/a", "台风 lands", "World")
    words = bookmark_words(command, bookmark)
    ran = run_bookmark(words)
    assert ran.ok
    assert json.loads(out.read_text(encoding="utf-8")) == [
        "https://example.org/a",
        "台风 lands",
        "",
        "World",
    ]
    assert outcome(words, bookmark, ran) == "Bookmarked: 台风 lands"


def test_feed_text_reaches_it_cleaned_and_never_as_shell_syntax(tmp_path):
    command, out = plugin(tmp_path)
    bookmark = Bookmark.of(
        "https://example.org/a", "$(rm -rf ~); `id` \x1b]2;pwned\x07\nnext", "F\x1b[31med"
    )
    assert run_bookmark(bookmark_words(command, bookmark)).ok
    title, feed = json.loads(out.read_text(encoding="utf-8"))[1::2]
    assert "\x1b" not in title and "\n" not in title and "\x07" not in title
    assert title.startswith("$(rm -rf ~); `id`")  # a word, as written: no shell saw it
    assert feed == "Fed"


def test_failure_and_a_missing_program_are_said(tmp_path):
    command, _ = plugin(tmp_path, status=3)
    bookmark = Bookmark.of("https://example.org/a", "A", "F")
    words = bookmark_words(command, bookmark)
    said = outcome(words, bookmark, run_bookmark(words))
    assert said.startswith("Bookmark failed: ")
    assert said.endswith(": exit 3: no such list: news")
    words = bookmark_words("/nonexistent/bookmark-it", bookmark)
    assert outcome(words, bookmark, run_bookmark(words)) == (
        "Bookmark failed: bookmark-it: no such program"
    )


def test_an_article_without_a_web_address_and_a_command_with_shell_syntax(tmp_path):
    with pytest.raises(NoLink):
        Bookmark.of("javascript:alert(1)", "A", "F")
    with pytest.raises(NoLink):
        Bookmark.of(None, "A", "F")
    with pytest.raises(CommandError, match="sh -c"):
        bookmark_words("bm add | tee log", Bookmark.of("https://e.org/", "A", "F"))
