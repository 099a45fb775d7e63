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
(`!=`, `!~`), and other attributes (content, age, tags…) cannot be said.
"""

from __future__ import annotations

import re

from tidings.core.newsboat_query import Untranslatable, _tokens

__all__ = ["Untranslatable", "ignore_rules"]

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
    tokens = _tokens(expression, _filter_string)
    if not tokens:
        raise Untranslatable("an empty expression")
    rules: list[str] = []
    for part in _alternatives(tokens):
        rules.append(_rule(part))
    return list(dict.fromkeys(rules))


def _filter_string(text: str) -> str:
    """What stood between a filter string's quotes: newsboat's filter strings know `\\"`
    and `\\\\` only, so a regular expression's `\\[` stays as it is."""
    return re.sub(r'\\([\\"])', r"\1", text)


def _alternatives(tokens: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The conditions of `A or B or (C)`: each a list of three tokens."""
    while _wrapped(tokens):
        tokens = tokens[1:-1]
    parts: list[list[tuple[str, str]]] = [[]]
    depth = 0
    for token in tokens:
        if token == ("op", "("):
            depth += 1
        elif token == ("op", ")"):
            depth -= 1
        if token == ("word", "and"):
            raise Untranslatable("an `and` (each of tidings' rules matches alone)")
        if token == ("word", "or") and depth == 0:
            parts.append([])
            continue
        parts[-1].append(token)
    out = []
    for part in parts:
        if any(t == ("word", "or") for t in part):  # an `or` inside parentheses
            out.extend(_alternatives(part))
            continue
        while _wrapped(part):
            part = part[1:-1]
        out.append(part)
    return out


def _wrapped(tokens: list[tuple[str, str]]) -> bool:
    """Whether the whole of `tokens` is one pair of parentheses."""
    if len(tokens) < 2 or tokens[0] != ("op", "(") or tokens[-1] != ("op", ")"):
        return False
    depth = 0
    for i, token in enumerate(tokens):
        depth += token == ("op", "(")
        depth -= token == ("op", ")")
        if depth == 0 and i < len(tokens) - 1:
            return False
    return True


def _rule(part: list[tuple[str, str]]) -> str:
    if len(part) != 3 or part[0][0] != "word" or part[1][0] != "op":
        shown = " ".join(v for _, v in part)
        raise Untranslatable(f'{shown!r}: expected ATTRIBUTE OP "VALUE"')
    (_, attr), (_, op), (kind, value) = part
    attr = attr.lower()
    if attr not in _FIELDS:
        raise Untranslatable(f"{attr} {op} …: tidings' rules look at the title, author and link")
    if op in ("!=", "!~", "!#"):
        raise Untranslatable(f"{attr} {op} …: a negation")
    if kind != "str" or not value:
        raise Untranslatable(f"{attr} {op} {value}: expected a quoted text")
    prefix = _FIELDS[attr]
    if op == "=~":
        if not _REGEX_CHARS.search(value):
            return f"{prefix}/{_escape(value)}/" if _needs_regex(value) else f"{prefix}{value}"
        return f"{prefix}/{_python_regex(value)}/"
    if op in ("=", "=="):
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


def _python_regex(pattern: str) -> str:
    """A POSIX extended regular expression as Python's: `[[:digit:]]` -> `[0-9]`,
    `\\<` `\\>` -> `\\b`."""
    pattern = re.sub(
        r"\[:(\w+):\]",
        lambda m: _POSIX.get(m.group(1), m.group(0)),
        pattern,
    )
    return pattern.replace(r"\<", r"\b").replace(r"\>", r"\b")
