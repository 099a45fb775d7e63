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
    and, or, ( )                   words side by side, OR

`!=`, `!~` and `!#` become a leading `-`. A regular expression (`=~ "^Breaking"`), an
attribute tidings has no operator for, `between`, or an `or` between `and`s (tidings'
OR joins the words beside it, as Gmail's) is not translated: the query is left out,
and the reason said.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_TOKEN_RE = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<op>=~|!~|!=|<=|>=|!#|[=<>#()])|(?P<word>[^\s"=<>#()!~]+))'
)
_REGEX_CHARS = re.compile(r"[\\^$*+?{}\[\]|()]")
_TEXT_ATTRS = {
    "title": "title:",
    "author": "author:",
    "feedtitle": "feed:",
    "rssurl": "feed:",
    "feedlink": "feed:",
    "content": "",
    "description": "",
}


class Untranslatable(ValueError):
    """A newsboat filter expression tidings' search cannot say."""


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


def translate(expression: str) -> str:
    """tidings' search for newsboat's filter `expression`; Untranslatable if it has none."""
    tokens = _tokens(expression)
    node, at = _or(tokens, 0)
    if at != len(tokens):
        raise Untranslatable(f"unexpected {tokens[at][1]!r}")
    return _say(node, top=True)


def _unquoted(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _tokens(text: str, unquote: Callable[[str], str] = _unquoted) -> list[tuple[str, str]]:
    """(kind, value) tokens: "str" (`unquote` takes the backslashes out of what stood
    between the quotes), "op" or "word"."""
    out: list[tuple[str, str]] = []
    at = 0
    text = text.rstrip()
    while at < len(text):
        m = _TOKEN_RE.match(text, at)
        if m is None or m.end() == at:
            raise Untranslatable(f"cannot read {text[at:at + 20]!r}")
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "str":
            value = unquote(value[1:-1])
        out.append((kind, value))
        at = m.end()
    return out


def _or(tokens: list[tuple[str, str]], at: int) -> tuple[tuple, int]:
    return _joined(tokens, at, "or", _and)


def _and(tokens: list[tuple[str, str]], at: int) -> tuple[tuple, int]:
    return _joined(tokens, at, "and", _factor)


def _joined(
    tokens: list[tuple[str, str]],
    at: int,
    word: str,
    part: Callable[[list[tuple[str, str]], int], tuple[tuple, int]],
) -> tuple[tuple, int]:
    """`part` (word `part`)*: one part as it is, or (word, [parts])."""
    parts = []
    node, at = part(tokens, at)
    parts.append(node)
    while at < len(tokens) and tokens[at] == ("word", word):
        node, at = part(tokens, at + 1)
        parts.append(node)
    return (parts[0] if len(parts) == 1 else (word, parts)), at


def _factor(tokens: list[tuple[str, str]], at: int) -> tuple[tuple, int]:
    if at >= len(tokens):
        raise Untranslatable("the expression ends too soon")
    if tokens[at] == ("op", "("):
        node, at = _or(tokens, at + 1)
        if at >= len(tokens) or tokens[at] != ("op", ")"):
            raise Untranslatable("a ( is not closed")
        return node, at + 1
    if at + 3 > len(tokens):
        raise Untranslatable("the expression ends too soon")
    (k1, attr), (k2, op), (k3, value) = tokens[at : at + 3]
    if k1 != "word" or k2 != "op" or k3 not in ("str", "word"):
        raise Untranslatable(f"expected ATTRIBUTE OP VALUE at {attr!r}")
    return ("cmp", attr.lower(), op, value), at + 3


def _say(node: tuple, *, top: bool = False) -> str:
    kind = node[0]
    if kind == "cmp":
        return _atom(*node[1:])
    if kind == "and":
        return " ".join(_say(part) for part in node[1])
    # "or": tidings' OR joins the words beside it, so only single conditions can be ORed
    if any(part[0] != "cmp" for part in node[1]):
        raise Untranslatable("an `or` between `and`s or groups")
    return " OR ".join(_atom(*part[1:]) for part in node[1])


def _atom(attr: str, op: str, value: str) -> str:
    negated = op in ("!=", "!~", "!#")
    sign = "-" if negated else ""
    if attr == "unread" and op in ("=", "!=") and value in ("yes", "no"):
        return "is:unread" if (value == "yes") != negated else "is:read"
    if attr == "flags" and op in ("#", "!#"):
        return f"{sign}is:starred"
    if attr == "tags" and op in ("#", "!#"):
        return f"{sign}tag:{_quoted(value)}"
    if attr == "age" and op in ("<", "<=", ">", ">=") and value.isdigit():
        return f"newer:{value}d" if op in ("<", "<=") else f"older:{value}d"
    if attr in _TEXT_ATTRS and op in ("=", "!=", "=~", "!~"):
        if op in ("=~", "!~") and _REGEX_CHARS.search(value):
            raise Untranslatable(f"the regular expression {value!r}")
        if not value.strip():
            raise Untranslatable(f"an empty {attr}")
        return f"{sign}{_TEXT_ATTRS[attr]}{_quoted(value)}"
    raise Untranslatable(f"{attr} {op} {value!r}")


def _quoted(value: str) -> str:
    value = value.replace('"', "").strip()
    return f'"{value}"' if re.search(r"\s|:", value) else value
