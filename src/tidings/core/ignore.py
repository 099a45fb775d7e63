"""Ignore rules (newsboat's `ignore-article` killfile): which fetched entries are kept
out of the store, and which stored articles `tidings prune` deletes.

A rule is one string from feeds.yaml's `ignore:` lists:

- `text`: the title contains `text`, ignoring case (and full-width / half-width
  forms: both sides are compared in NFKC form, and traditional / simplified Chinese:
  广告 also keeps out 廣告), so it works for Chinese, which has no spaces between words;
- `/regex/`: a Python regular expression found anywhere in the title, ignoring case;
- `author: ...`, `link: ...` (and `title: ...`): the same, on the author or the link.

Python's `re` has no time limit, so a regular expression is refused when it could take
exponential time (a repeated group holding another repeat, as in `(a+)+`, or a choice
of alternatives that start alike, as in `(a|ab)*`; back-references), when it is longer
than MAX_PATTERN characters; and only the first MAX_TEXT characters of a title, author
or link are looked at.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tidings.core import hanzi_fold

try:  # the parser behind re.compile: to refuse patterns that backtrack exponentially
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - a Python without them still gets the other checks
    _sre = _sre_parse = None  # type: ignore[assignment]

MAX_PATTERN = 200  # characters of one rule's text or regular expression
MAX_TEXT = 500  # characters of a title / author / link a rule looks at
FIELDS = ("title", "author", "link")
_PREFIX = re.compile(r"^(title|author|link)\s*:\s*(.*)$", re.DOTALL)


class RuleError(ValueError):
    """A rule that cannot be used; str() says why, for the config error."""


@dataclass(frozen=True)
class Rule:
    field: str  # "title", "author" or "link"
    text: str | None  # plain rule: NFKC, case-folded
    regex: re.Pattern[str] | None


def _fold(text: str) -> str:
    """NFKC, case-folded, Chinese characters in one spelling (廣告 = 广告, hanzi_fold)."""
    return hanzi_fold.fold(unicodedata.normalize("NFKC", text).casefold())


def parse_rule(source: str) -> Rule:
    """The rule written as `source`; RuleError if it is empty, too long, or a bad or
    unsafe regular expression."""
    source = source.strip()
    field = "title"
    m = _PREFIX.match(source)
    if m:
        field, source = m.group(1), m.group(2).strip()
    if not source:
        raise RuleError("empty rule; write the text (or /regex/) to ignore")
    if len(source) > 2 and source.startswith("/") and source.endswith("/"):
        return Rule(field, None, compile_pattern(source[1:-1]))
    if len(source) > MAX_PATTERN:
        raise RuleError(f"longer than {MAX_PATTERN} characters")
    return Rule(field, _fold(source), None)


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled to ignore case (and `flags`); RuleError if it is too long, does
    not compile, or could take exponential time (also feeds.yaml's highlight: patterns)."""
    if len(pattern) > MAX_PATTERN:
        raise RuleError(f"regular expression longer than {MAX_PATTERN} characters")
    try:
        regex = re.compile(pattern, re.IGNORECASE | flags)
    except (re.error, RecursionError, OverflowError) as exc:
        raise RuleError(f"bad regular expression: {exc}") from None
    _check_safe(pattern)
    return regex


def _check_safe(pattern: str) -> None:
    if _sre_parse is None:  # pragma: no cover
        return
    try:
        parsed = _sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError):  # pragma: no cover - compile() took it already
        return
    _walk(parsed, inside_repeat=False)


def _walk(items, inside_repeat: bool) -> None:
    c = _sre
    for op, av in items:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            lo, hi, body = av
            repeats = hi > 1
            if repeats and inside_repeat and op is not c.POSSESSIVE_REPEAT:
                raise RuleError(
                    "regular expression could take exponential time: a repeated group holds"
                    " another repeat (as in (a+)+); write it without the nested repeat"
                )
            _walk(body, inside_repeat or (repeats and op is not c.POSSESSIVE_REPEAT))
        elif op is c.SUBPATTERN:
            _walk(av[3], inside_repeat)
        elif op is c.ATOMIC_GROUP:
            _walk(av, False)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            _walk(av[1], inside_repeat)
        elif op is c.BRANCH:
            branches = av[1]
            if inside_repeat and not _distinct_starts(branches):
                raise RuleError(
                    "regular expression could take exponential time: a repeated choice of"
                    " alternatives that start alike (as in (a|ab)+)"
                )
            for branch in branches:
                _walk(branch, inside_repeat)
        elif op in (c.GROUPREF, c.GROUPREF_EXISTS):
            raise RuleError("back-references (\\1) are not allowed in rules")


def _distinct_starts(branches) -> bool:
    """Whether every alternative starts with a literal character, each a different one
    (then at most one alternative can go on at any point of the text)."""
    seen: set[str] = set()
    for branch in branches:
        items = list(branch)
        if not items or items[0][0] is not _sre.LITERAL:
            return False
        first = chr(items[0][1]).casefold()
        if first in seen:
            return False
        seen.add(first)
    return True


class IgnoreRules:
    """Compiled rules: matches() is true when any rule matches."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self._fields = tuple(f for f in FIELDS if any(r.field == f for r in self.rules))

    def matches(
        self, title: str | None, author: str | None = None, link: str | None = None
    ) -> bool:
        values = {"title": title, "author": author, "link": link}
        raw: dict[str, str] = {}
        folded: dict[str, str] = {}
        for name in self._fields:
            text = unicodedata.normalize("NFKC", (values[name] or "")[:MAX_TEXT])
            raw[name] = text
            folded[name] = hanzi_fold.fold(text.casefold())
        for rule in self.rules:
            if rule.regex is not None:
                if rule.regex.search(raw[rule.field]):
                    return True
            elif rule.text and rule.text in folded[rule.field]:
                return True
        return False


@lru_cache(maxsize=512)
def compile_rules(sources: tuple[str, ...]) -> IgnoreRules | None:
    """The rules written as `sources` (already checked by the config), or None when
    there are none. A rule that does not parse is left out."""
    rules = []
    for source in sources:
        try:
            rules.append(parse_rule(source))
        except RuleError:
            continue
    return IgnoreRules(rules) if rules else None
