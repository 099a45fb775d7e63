"""newsboat's filter language read into a tree, for tidings.core.newsboat_query (query
feeds) and tidings.core.newsboat_filter (ignore-article):

    ( tags # "news" or tags # "world" ) and unread = "yes"

Conditions ATTRIBUTE OP VALUE, joined by `and` and `or`, grouped by parentheses.
newsboat 2.21 reads a chain of them left to right, `and` and `or` alike: in its feed
list (a urls file of query feeds, `prepopulate-query-feeds yes`), `age > 30 or unread
= "yes" and flags # "s"` found what (age > 30 or unread = "yes") and flags # "s" finds,
not age > 30 or (unread = "yes" and flags # "s"). That differs from the usual reading
(`and` first) only where an `or` comes before an `and` in one chain; such a chain is
refused (Untranslatable) rather than guessed, since newsboat's own parser has changed
since: parentheses say which is meant. `A and B or C` reads the same either way.

newsboat 2.21 also builds its tree from a few pointers rather than from the
parentheses, and misreads some of them: `unread = "no" and ((title =~ "a") or flags #
"s")` found what (unread = "no" and title =~ "a") or flags # "s" finds. parse() builds
that tree too (_as_newsboat_221) and refuses an expression it reads otherwise than
written, rather than bring over something that finds other articles than newsboat
showed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Condition", "Joined", "Untranslatable", "parse", "read_tokens"]

_TOKEN_RE = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<op>=~|!~|!=|<=|>=|!#|==|[=<>#()])|(?P<word>[^\s"=<>#()!~]+))'
)
_MAX_DEPTH = 32
Token = tuple[str, str]  # (kind, value): kind "str", "op" or "word"


class Untranslatable(ValueError):
    """A newsboat filter expression tidings cannot say."""


@dataclass(frozen=True)
class Condition:
    """ATTRIBUTE OP VALUE; `quoted` when the value stood between quotes."""

    attribute: str
    op: str
    value: str
    quoted: bool = True


@dataclass(frozen=True)
class Joined:
    """Parts joined by `word` ("and" or "or"): at least two, none itself joined by it."""

    word: str
    parts: tuple[Condition | Joined, ...]


Node = Condition | Joined


def unquoted(text: str) -> str:
    """What stood between a query's quotes, its backslashes taken out."""
    return re.sub(r"\\(.)", r"\1", text)


def read_tokens(text: str, unquote: Callable[[str], str] = unquoted) -> list[Token]:
    """(kind, value) tokens: "str" (`unquote` takes the backslashes out of what stood
    between the quotes), "op" or "word"."""
    out: list[Token] = []
    at = 0
    text = text.rstrip()
    while at < len(text):
        m = _TOKEN_RE.match(text, at)
        if m is None or m.end() == at:
            raise Untranslatable(f"cannot read {text[at : at + 20]!r}")
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "str":
            value = unquote(value[1:-1])
        out.append((kind, value))
        at = m.end()
    return out


def parse(tokens: list[Token]) -> Node:
    """The tree of an expression's tokens; Untranslatable when it cannot be read, or
    reads differently in different newsboat versions (see above)."""
    if not tokens:
        raise Untranslatable("an empty expression")
    node, at = _chain(tokens, 0, 0)
    if at != len(tokens):
        raise Untranslatable(f"unexpected {tokens[at][1]!r}")
    if _canonical(_as_newsboat_221(tokens)) != _canonical(node):
        raise Untranslatable(
            "parentheses newsboat 2.21 reads otherwise than written (such as `A and ((B)"
            " or C)`, read as `(A and B) or C`): write them without the inner pair"
        )
    return node


def _chain(tokens: list[Token], at: int, depth: int) -> tuple[Node, int]:
    """`part (and|or part)*`, left to right."""
    node, at = _part(tokens, at, depth)
    parts, words = [node], []
    while at < len(tokens) and tokens[at] in (("word", "and"), ("word", "or")):
        words.append(tokens[at][1])
        node, at = _part(tokens, at + 1, depth)
        parts.append(node)
    if "or" in words and "and" in words[words.index("or") :]:
        raise Untranslatable(
            "an `or` before an `and` without parentheses (newsboat 2.21 reads `A or B and C`"
            " as `(A or B) and C`, others as `A or (B and C)`: parentheses say which)"
        )
    cut = words.index("or") + 1 if "or" in words else len(parts)
    first = _joined("and", parts[:cut])  # the `and`s come first: A and B or C or D
    return _joined("or", [first, *parts[cut:]]), at


def _joined(word: str, parts: list[Node]) -> Node:
    flat: list[Node] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, Joined) and part.word == word else (part,))
    return flat[0] if len(flat) == 1 else Joined(word, tuple(flat))


def _part(tokens: list[Token], at: int, depth: int) -> tuple[Node, int]:
    if at >= len(tokens):
        raise Untranslatable("the expression ends too soon")
    if tokens[at] == ("op", "("):
        if depth >= _MAX_DEPTH:
            raise Untranslatable(f"parentheses more than {_MAX_DEPTH} deep")
        node, at = _chain(tokens, at + 1, depth + 1)
        if at >= len(tokens) or tokens[at] != ("op", ")"):
            raise Untranslatable("a ( is not closed")
        return node, at + 1
    if at + 3 > len(tokens):
        raise Untranslatable("the expression ends too soon")
    (k1, attr), (k2, op), (k3, value) = tokens[at : at + 3]
    if k1 != "word" or k2 != "op" or k3 not in ("str", "word"):
        raise Untranslatable(f"expected ATTRIBUTE OP VALUE at {attr!r}")
    return Condition(attr.lower(), "=" if op == "==" else op, value, k3 == "str"), at + 3


class _Built:
    """A node of newsboat 2.21's tree: a condition, or "and" / "or" with two sides."""

    def __init__(self, value: Condition | str) -> None:
        self.value = value
        self.left: _Built | None = None
        self.right: _Built | None = None
        self.parent: _Built | None = None


def _as_newsboat_221(tokens: list[Token]) -> Node | None:
    """The tree newsboat 2.21's filter parser builds for `tokens` (already read by
    _chain), step by step as its FilterParser does; None where it would lose its place."""
    root: _Built | None = None
    here: _Built | None = None
    descend = False
    at = 0
    while at < len(tokens):
        token = tokens[at]
        if token == ("op", "("):
            descend, at = True, at + 1
            continue
        if token == ("op", ")"):
            if here is not root:
                if here is None or here.parent is None:
                    return None
                here = here.parent
            at += 1
            continue
        if token in (("word", "and"), ("word", "or")):
            built = _Built(token[1])
            if here is None or root is None:
                return None
            if here is not root:
                if here.parent is None:
                    return None
                built.left, here.parent.right, built.parent = here, built, here.parent
                here = built
            else:
                built.left = root
                here = root = built
            at += 1
            continue
        node, at = _part(tokens, at, 0)  # a condition: three tokens
        built = _Built(node)  # type: ignore[arg-type]
        if here is None:
            here = root = built
        else:
            built.parent, here.right = here, built
            if descend:
                here = built
        descend = False
    return None if root is None else _tree(root)


def _tree(built: _Built | None) -> Node | None:
    if built is None:
        return None
    if isinstance(built.value, Condition):
        return built.value
    left, right = _tree(built.left), _tree(built.right)
    if left is None or right is None:
        return None
    return _joined(built.value, [left, right])


def _canonical(node: Node | None) -> object:
    """What `node` finds, in a form equal for the same parts in any order."""
    if node is None or isinstance(node, Condition):
        return node
    return (node.word, frozenset(_canonical(p) for p in node.parts))
