"""The shape of a search as typed: its words and phrases, `-`, `OR`, operators and
groups in parentheses, as a tree of AND and OR (tidings.core.search_query turns its
leaves into SQL; tidings.core.search_highlight marks them).

Words side by side are ANDed; `OR` joins the word or group before it and the one after
it, binding tighter than the AND between them; `(…)` groups, as in Gmail:
`(台风 OR typhoon) (is:unread OR is:starred)`, `-(feed:bbc OR feed:cnn)`, `a OR (b c)`.
An operator's name before a group is given to the bare words in it:
`feed:(bbc OR cnn)` is `(feed:bbc OR feed:cnn)`. A `-` before a group is pushed down
to its words (`-(a OR b)` is `-a -b`, `-(a b)` is `-a OR -b`), so a leaf to leave out
is always a word left out as if typed with its own `-`.

Which parentheses group: a `(` where a word starts (after a space, the start of the
query, a `-`, an operator's `name:` or another such `(`), and a `)` where a word ends
(before a space, the end, or another such `)`) unless it follows `(`, `:`, `;`, `=`,
`-` or `^` (the end of a smiley: `:)`, `;-)`). Only such a `(` and `)` that pair up
make a group, at most MAX_DEPTH deep; any other parenthesis is an ordinary character,
which separates words as any punctuation does: `f(x)` is f x, `:)` or a `(` alone is
nothing to find, `(a OR b` is a OR b. At the ends of an operator's word such a
parenthesis is dropped, unless its value pairs it: `is:unread)` and `(is:unread` are
is:unread, `feed:(bbc` is feed:bbc, `title:f(x)` stays. Nothing here raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tidings.core.search_operators import OPERATORS
from tidings.core.tokenize import tokens

__all__ = ["AllOf", "AnyOf", "Chunk", "MAX_DEPTH", "Node", "read", "unclosed"]

MAX_DEPTH = 8
MAX_QUERY = 2_000  # characters read
_NAMES = "|".join(OPERATORS)
_OPEN_RE = re.compile(rf"(-?)(?:((?i:{_NAMES})):)?\(")
_PHRASE_RE = re.compile(rf'(-?)(?:((?i:{_NAMES})):)?"([^"]*)"?')
_OPERATOR_WORD_RE = re.compile(rf"((?i:{_NAMES})):(.*)", re.DOTALL)
_SPACE_RE = re.compile(r"\s*")
_NOT_BEFORE_CLOSE = "(:;=-^"


@dataclass(frozen=True)
class Chunk:
    """A word or phrase as typed: `-name:"text"` has negated, name (an operator's, in
    lower case) and text; inside `-(…)` or `name:(…)` it has the group's `-` and name."""

    text: str
    negated: bool = False
    name: str | None = None


@dataclass(frozen=True)
class AllOf:
    """Parts that must all hold (at least two)."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    """Parts of which one must hold (at least two)."""

    parts: tuple[Node, ...]


Node = Chunk | AllOf | AnyOf


@dataclass(frozen=True)
class _Open:
    at: int
    negated: bool
    name: str | None


@dataclass(frozen=True)
class _Close:
    at: int


_OR = Chunk("OR")
_Token = Chunk | _Open | _Close


def read(query: str) -> Node | None:
    """The query as a tree (None when it looks for nothing): AllOf and AnyOf flattened
    (no AllOf directly in an AllOf) and without repeated parts."""
    text = query[:MAX_QUERY]
    paired = _paired(list(_scan(text, None)))
    found, _ = _group(list(_scan(text, paired)), 0, False, None)
    return found


def unclosed(query: str) -> str | None:
    """What a query written to keep (feeds.yaml's highlight rules) leaves open: a `"`
    or a grouping `(` without its end, which read() forgives as typed in the search
    box; None when there is none."""
    text = query[:MAX_QUERY]
    if text.count('"') % 2:
        return 'a " is not closed: end the phrase with another "'
    scanned = list(_scan(text, None))
    paired = _paired(scanned)
    if any(isinstance(t, _Open) and t.at not in paired for t in scanned):
        return "a ( is not closed: add its ) or take it out"
    return None


def join(kind: type[AllOf] | type[AnyOf], parts: list[Node]) -> Node | None:
    """`parts` as one node of `kind`: flattened, each part once, None for none."""
    out: list[Node] = []
    for part in parts:
        for p in part.parts if isinstance(part, kind) else (part,):
            if p not in out:
                out.append(p)
    if not out:
        return None
    return out[0] if len(out) == 1 else kind(tuple(out))


def leaves(node: Node | None) -> Iterator[Chunk]:
    """The chunks of a tree, in the order typed."""
    if isinstance(node, Chunk):
        yield node
    elif node is not None:
        for part in node.parts:
            yield from leaves(part)


# -- reading -------------------------------------------------------------------------


def _closes(text: str, at: int) -> bool:
    """Whether the `)` at `at` may close a group: it ends a word, not a smiley."""
    end = at
    while end < len(text) and text[end] == ")":
        end += 1
    if end < len(text) and not text[end].isspace():
        return False
    start = at
    while start > 0 and text[start - 1] == ")":
        start -= 1
    return start == 0 or text[start - 1] not in _NOT_BEFORE_CLOSE


def _scan(text: str, paired: set[int] | None) -> Iterator[_Token]:
    """The query's chunks, ORs and parentheses. With `paired` None, every parenthesis
    that may group is one (_Open, _Close, with its place); otherwise only those at the
    places in `paired`, the others being characters of words."""

    def groups(at: int, opening: bool) -> bool:
        if paired is not None:
            return at in paired
        return opening or (text[at] == ")" and _closes(text, at))

    at = 0
    while True:
        at = _SPACE_RE.match(text, at).end()  # type: ignore[union-attr]
        if at >= len(text):
            return
        m = _OPEN_RE.match(text, at)
        if m is not None and groups(m.end() - 1, True):
            name = m.group(2).lower() if m.group(2) else None
            yield _Open(m.end() - 1, bool(m.group(1)), name)
            at = m.end()
            continue
        if text[at] == ")" and groups(at, False):
            yield _Close(at)
            at += 1
            continue
        m = _PHRASE_RE.match(text, at)
        if m is not None:  # a phrase, maybe an operator's value
            name = m.group(2).lower() if m.group(2) else None
            yield Chunk(m.group(3), bool(m.group(1)), name)
            at = m.end()
            continue
        start = at + 1 if text[at] == "-" else at
        end = start
        while end < len(text) and not text[end].isspace() and text[end] != '"':
            if groups(end, False):  # a ) that closes, or (paired) a ( that opens
                break
            end += 1
        if end == start:  # a "-" alone, or before a parenthesis that groups
            start, end = at, at + 1
        yield _word(text[start:end], start > at)
        at = end


def _word(word: str, negated: bool) -> Chunk:
    if word == "OR":
        return _OR
    op = _OPERATOR_WORD_RE.fullmatch(word.lstrip("("))
    if op is not None:
        return Chunk(_unpaired_dropped(op.group(2)), negated, op.group(1).lower())
    return Chunk(word, negated)


def _unpaired_dropped(value: str) -> str:
    """An operator's value without the parentheses at its ends that pair with nothing
    in it: `unread)` is `unread` (a `)` typed once too often), `(bbc` is `bbc`; `f(x)`
    stays. (A bare word keeps them: punctuation there separates words anyway.)"""
    while value.endswith(")") and value.count(")") > value.count("("):
        value = value[:-1]
    while value.startswith("(") and value.count("(") > value.count(")"):
        value = value[1:]
    return value


def _paired(scanned: list[_Token]) -> set[int]:
    """The places of the parentheses that pair up, at most MAX_DEPTH deep."""
    out: set[int] = set()
    stack: list[int] = []
    for token in scanned:
        if isinstance(token, _Open) and len(stack) < MAX_DEPTH:
            stack.append(token.at)
        elif isinstance(token, _Close) and stack:
            out.update((stack.pop(), token.at))
    return out


def _group(
    scanned: list[_Token], at: int, negated: bool, name: str | None
) -> tuple[Node | None, int]:
    """The group starting at `at` (after its `(`) up to its `)`, and the place after
    it: its clauses ANDed, the items of each ORed; with `negated`, the opposite."""
    clauses: list[list[Node]] = []
    join_next = False  # an OR came after the last item
    while at < len(scanned):
        token = scanned[at]
        at += 1
        if isinstance(token, _Close):
            break
        if token is _OR:
            join_next = bool(clauses)
            continue
        if isinstance(token, _Open):
            item, at = _group(scanned, at, negated != token.negated, token.name or name)
        else:
            item = _leaf(token, negated, name)
        if item is None:  # nothing to find: an OR around it joins what is beside it
            continue
        if join_next:
            clauses[-1].append(item)
        else:
            clauses.append([item])
        join_next = False
    # -(a OR b) c is (-a AND -b) OR -c: a negated group's ANDs and ORs swap places
    inner, outer = (AllOf, AnyOf) if negated else (AnyOf, AllOf)
    found = [j for c in clauses if (j := join(inner, c)) is not None]
    return join(outer, found), at


def _leaf(chunk: Chunk, negated: bool, name: str | None) -> Chunk | None:
    name = chunk.name or name
    if name is None and not tokens(chunk.text):
        return None  # punctuation only: `:)`, `!!!`
    return Chunk(chunk.text, chunk.negated != negated, name)
