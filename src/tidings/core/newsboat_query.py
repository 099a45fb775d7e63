"""newsboat's query feeds as tidings' saved searches.

A newsboat `urls` file may hold lines such as

    "query:Unread news:unread = \\"yes\\" and tags # \\"news\\""

a feed made of the articles that match a filter expression. tidings' saved searches do
the same with its search syntax (tidings.core.search_query, search_operators), so
`tidings import urls` turns what it can into `searches:` entries:

    unread = "yes" / "no"          is:unread / is:read
    flags # "s"                    is:starred   (tidings stars what newsboat flags)
    tags # "tech"                  tag:tech
    title =~ "台风"                title:台风    (also author, feedtitle -> feed:,
                                                 rssurl / feedlink -> feed:, content)
    age < 3, age > 30              newer:3d, older:30d
    and, or, ( )                   words side by side, OR, ( )

`!=`, `!~` and `!#` become a leading `-`. An `and` inside an `or`, or an `or` inside
an `and`, keeps its parentheses:

    ( tags # "news" or tags # "world" ) and unread = "yes"
                                   (tag:news OR tag:world) is:unread
    unread = "yes" and flags # "s" or age > 30
                                   (is:unread is:starred) OR older:30d

A regular expression (`=~ "^Breaking"`), an attribute tidings has no operator for,
`between`, or a chain that newsboat versions read differently (`A or B and C`, see
tidings.core.newsboat_expression) is not translated: the query is left out, and the
reason said.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tidings.core.newsboat_expression import (
    Condition,
    Node,
    Untranslatable,
    parse,
    read_tokens,
)

__all__ = [
    "NewsboatQuery",
    "Untranslatable",
    "parse_query_line",
    "quoted",
    "text_atom",
    "translate",
]

_REGEX_CHARS = re.compile(r"[\\^$*+?{}\[\]|()]")
_FLAG_ATTRS = ("unread", "flags", "tags", "age", "unread_count", "total_count")  # not text
_TEXT_ATTRS = {
    "title": "title:",
    "author": "author:",
    "feedtitle": "feed:",
    "rssurl": "feed:",
    "feedlink": "feed:",
    "content": "",
    "description": "",
}


@dataclass(frozen=True)
class NewsboatQuery:
    """A `query:` line of a urls file: its name and newsboat's filter expression."""

    title: str
    expression: str


def parse_query_line(url: str) -> NewsboatQuery | None:
    """`query:NAME:EXPRESSION` (the first token of a urls line), or None if it is not one."""
    if not url.lower().startswith("query:"):
        return None
    _, _, rest = url.partition(":")
    name, sep, expression = rest.partition(":")
    if not sep or not name.strip() or not expression.strip():
        return None
    return NewsboatQuery(name.strip(), expression.strip())


Atom = Callable[[str, str, str], str]  # (attribute, op, value) -> tidings' words


def translate(expression: str, atom: Atom | None = None) -> str:
    """tidings' search for newsboat's filter `expression`; Untranslatable if it has none.
    `atom` says one condition (by default, as a search for articles)."""
    return _say(parse(read_tokens(expression)), atom or _atom)


def _say(node: Node, atom: Atom, inside: str | None = None) -> str:
    """`node` in tidings' words; `inside` the word ("and", "or") of what holds it: an
    `and` or `or` inside the other keeps its parentheses."""
    if isinstance(node, Condition):
        return atom(node.attribute, node.op, node.value)
    joiner = " " if node.word == "and" else " OR "
    said = joiner.join(_say(part, atom, node.word) for part in node.parts)
    return f"({said})" if inside is not None else said


def _atom(attr: str, op: str, value: str) -> str:
    negated = op in ("!=", "!~", "!#")
    sign = "-" if negated else ""
    if attr == "unread" and op in ("=", "!=") and value in ("yes", "no"):
        return "is:unread" if (value == "yes") != negated else "is:read"
    if attr == "flags" and op in ("#", "!#"):
        return f"{sign}is:starred"
    if attr == "tags" and op in ("#", "!#"):
        return f"{sign}tag:{quoted(value)}"
    if attr == "age" and op in ("<", "<=", ">", ">=") and value.isdigit():
        return f"newer:{value}d" if op in ("<", "<=") else f"older:{value}d"
    return text_atom(attr, op, value, _TEXT_ATTRS)


def text_atom(attr: str, op: str, value: str, operators: dict[str, str]) -> str:
    """A condition matching `attr` as text, said with its operator in `operators`
    (`title` -> `title:`); Untranslatable for a regular expression or another attribute."""
    sign = "-" if op in ("!=", "!~") else ""
    if attr in operators and op in ("=", "!=", "=~", "!~"):
        if op in ("=~", "!~") and _REGEX_CHARS.search(value):
            raise Untranslatable(f"the regular expression {value!r}")
        if not value.strip():
            raise Untranslatable(f"an empty {attr}")
        return f"{sign}{operators[attr]}{quoted(value)}"
    if attr not in operators and attr not in _FLAG_ATTRS:
        raise Untranslatable(f"{attr}: tidings' search has no such attribute")
    raise Untranslatable(f"{attr} {op} {value!r}: tidings' search has no {op} for {attr}")


def quoted(value: str) -> str:
    """`value` as one word of a search: quoted when it would read as something else
    (spaces, a colon, parentheses, a leading -, OR)."""
    value = value.replace('"', "").strip()
    return f'"{value}"' if re.search(r"[\s:()]|^-|^OR$", value) else value
