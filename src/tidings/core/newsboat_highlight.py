"""newsboat's `highlight`, `highlight-article` and `highlight-feed` lines as feeds.yaml's
`highlight:` rules (tidings.core.config_highlight):

    highlight all "typhoon|台风" red default bold
        - {text: typhoon|台风, color: red default bold}
    highlight article "^(Title|Date):.*$" blue default
        - {text: ^(Title|Date):.*$, color: blue default, in: article}
    highlight-article "title =~ \\"Breaking\\" and unread = \\"yes\\"" white red bold
        - {articles: title:Breaking is:unread, color: white red bold}
    highlight-feed "unread_count > 10" yellow default
        - {feeds: unread>10, color: yellow default}

A POSIX regular expression's classes (`[[:digit:]]`) become Python's. A filter
expression becomes a search as a query feed's does (tidings.core.newsboat_query: no
regular expressions, no attribute tidings has no operator for); a feed's is said with
the feed conditions (unread_count, total_count, title / feedtitle, tags, rssurl /
feedlink). What cannot be said, a colour tidings does not know, a pattern it
refuses or a list pattern made for newsboat's numbered list lines (`^ *[0-9]+ *N`), is
left out with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tidings.core.config_colors import parse_color
from tidings.core.config_highlight import PLACES
from tidings.core.ignore import RuleError, compile_pattern
from tidings.core.newsboat_config import Command, LeftOut
from tidings.core.newsboat_filter import python_regex
from tidings.core.newsboat_query import Untranslatable, quoted, text_atom, translate

NAMES = ("highlight", "highlight-article", "highlight-feed")
_COUNTS = {"unread_count": "unread", "total_count": "total"}
_LISTS = {"feedlist": "feed-list", "articlelist": "article-list"}
# A list pattern that starts at a line's number (`^  *[0-9]+  *N  `): newsboat's list
# lines begin with the item's number and flags (feedlist-format "%4i %n %11u %t");
# tidings' panes show neither.
_NUMBERED = re.compile(r"\^(?:[ *+?]|\\s)*(?:\[0-9\]|\\d|\[\[:digit:\]\])")
_NAME_ATTRS = {"title": "title:", "feedtitle": "title:", "rssurl": "feed:", "feedlink": "feed:"}


@dataclass(frozen=True)
class HighlightEntry:
    """A `highlight:` rule to write (a mapping), and the line it came from."""

    value: dict[str, str]
    source: Command


def translate_highlights(commands: list[Command]) -> tuple[list[HighlightEntry], list[LeftOut]]:
    """The highlight commands as `highlight:` rules, in order, and those left out (why)."""
    found: list[HighlightEntry] = []
    left_out: list[LeftOut] = []
    for command in commands:
        if command.name not in NAMES:
            continue
        try:
            rule = _rule(command)
        except Untranslatable as exc:
            detail = command.args[0] if command.args else ""
            left_out.append(LeftOut.of(command, str(exc), detail))
            continue
        if all(rule != e.value for e in found):
            found.append(HighlightEntry(rule, command))
    return found, left_out


def _rule(command: Command) -> dict[str, str]:
    args = command.args
    text = command.name == "highlight"
    if len(args) < (3 if text else 2):
        wanted = "TARGET REGEX FG [BG [ATTR...]]" if text else "EXPRESSION FG [BG [ATTR...]]"
        raise Untranslatable(f"expects {wanted}")
    color_words = args[2:] if text else args[1:]
    color = " ".join(color_words)
    _, problem = parse_color(color)
    if problem:
        raise Untranslatable(problem)
    if text:
        target = args[0].lower()
        if target not in PLACES:
            raise Untranslatable(f"{args[0]!r}: expected {', '.join(PLACES)}")
        pattern = python_regex(args[1])
        if target in _LISTS and _NUMBERED.match(pattern):
            raise Untranslatable(
                f"{args[1]!r} matches newsboat's {_LISTS[target]} line from its start (its"
                " number, its flags), which tidings' pane does not show: it would never match"
            )
        try:
            compile_pattern(pattern)
        except RuleError as exc:
            raise Untranslatable(str(exc)) from None
        rule = {"text": pattern, "color": color}
        return rule if target == "all" else rule | {"in": target}
    if command.name == "highlight-article":
        return {"articles": translate(args[0]), "color": color}
    return {"feeds": translate(args[0], _feed_atom), "color": color}


def _feed_atom(attr: str, op: str, value: str) -> str:
    """One condition of a highlight-feed expression as a feed condition."""
    if attr in _COUNTS and op in ("<", "<=", ">", ">=", "=", "!=") and value.isdigit():
        return f"{_COUNTS[attr]}{op}{value}"
    if attr == "tags" and op in ("#", "!#"):
        return f"{'-' if op == '!#' else ''}tag:{quoted(value)}"
    return text_atom(attr, op, value, _NAME_ATTRS)
