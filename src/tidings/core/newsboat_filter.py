"""newsboat's `ignore-article` filter expressions as tidings' ignore rules.

tidings' rules (tidings.core.ignore) each match the title, the author or the link, by
text or by a regular expression; any rule matching keeps an entry out. So a condition
on one of those three, or several joined by `or`, can be said:

    title =~ "Sponsored"           Sponsored              (text, any case)
    title =~ "^\\[Ad\\]"             /^\\[Ad\\]/              (a regular expression)
    author =~ "PR Newswire"        author: PR Newswire
    link =~ "youtube.com"          link: /youtube.com/    (. is a regex character)
    title = "Daily digest"         /^Daily digest$/       (the whole title, any case)
    A or B                         two rules

newsboat's `=~` ignores case, as tidings' rules do; its regular expressions are POSIX
ones, whose classes (`[[:digit:]]`) are turned into Python's. `and`, a negation
(`!=`, `!~`), and other attributes (content, age, tags…) cannot be said. Parentheses
may stand anywhere (`( title =~ "a" or ( author =~ "b" ) )`): with no `and`, they
change nothing (tidings.core.newsboat_expression reads them).
"""

from __future__ import annotations

import re

from tidings.core.newsboat_expression import (
    Condition,
    Joined,
    Untranslatable,
    parse,
    read_tokens,
)

__all__ = ["Untranslatable", "ignore_rules", "python_regex"]

_FIELDS = {"title": "", "author": "author: ", "link": "link: "}
_REGEX_CHARS = re.compile(r"[\\^$.*+?{}\[\]|()]")
_POSIX = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": r"\s",
    "blank": r" \t",
    "xdigit": "0-9A-Fa-f",
    "punct": r"!-/:-@\[-`{-~",
    "word": r"\w",
}


def ignore_rules(expression: str) -> list[str]:
    """tidings' ignore rules for newsboat's filter `expression`, any of which matching
    is the expression matching; Untranslatable when they cannot say it."""
    tokens = read_tokens(expression, _filter_string)
    if ("word", "and") in tokens:
        raise Untranslatable("an `and` (each of tidings' rules matches alone)")
    node = parse(tokens)  # an `or` of conditions, in any parentheses
    parts = node.parts if isinstance(node, Joined) else (node,)
    rules = [_rule(part) for part in parts if isinstance(part, Condition)]
    return list(dict.fromkeys(rules))


def _filter_string(text: str) -> str:
    """What stood between a filter string's quotes: newsboat's filter strings know `\\"`
    and `\\\\` only, so a regular expression's `\\[` stays as it is."""
    return re.sub(r'\\([\\"])', r"\1", text)


def _rule(condition: Condition) -> str:
    attr, op, value = condition.attribute, condition.op, condition.value
    if attr not in _FIELDS:
        raise Untranslatable(f"{attr} {op} …: tidings' rules look at the title, author and link")
    if op in ("!=", "!~", "!#"):
        raise Untranslatable(f"{attr} {op} …: a negation")
    if not condition.quoted or not value:
        raise Untranslatable(f"{attr} {op} {value}: expected a quoted text")
    prefix = _FIELDS[attr]
    if op == "=~":
        if not _REGEX_CHARS.search(value):
            return f"{prefix}/{_escape(value)}/" if _needs_regex(value) else f"{prefix}{value}"
        return f"{prefix}/{python_regex(value)}/"
    if op == "=":
        return f"{prefix}/^{_escape(value)}$/"
    raise Untranslatable(f"{attr} {op} …: tidings' rules match text or a regular expression")


def _escape(text: str) -> str:
    """`text` as a regular expression matching it as written (spaces left as they are)."""
    return re.sub(r"([\\^$.*+?{}\[\]|()/])", r"\\\1", text)


def _needs_regex(text: str) -> bool:
    """Whether plain `text` would read as something else in a rule (`author: x`, /x/)."""
    return (
        bool(re.match(r"^\s*(title|author|link)\s*:", text))
        or text != text.strip()
        or (len(text) > 2 and text.startswith("/") and text.endswith("/"))
    )


def python_regex(pattern: str) -> str:
    """A POSIX extended regular expression as Python's: `[[:digit:]]` -> `[0-9]`,
    `\\<` `\\>` -> `\\b`."""
    pattern = re.sub(
        r"\[:(\w+):\]",
        lambda m: _POSIX.get(m.group(1), m.group(0)),
        pattern,
    )
    return pattern.replace(r"\<", r"\b").replace(r"\>", r"\b")
