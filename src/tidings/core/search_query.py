"""Turning a user's search text into SQL over the FTS5 index (CJK-aware).

The syntax is a search engine's (Gmail's, Google's): words are ANDed, `"a phrase"` must
appear as written, `-word` (or `-"a phrase"`) must not appear, and `OR` (upper case)
joins the word before it and the word after it as alternatives, binding tighter than
the AND between words: `台风 OR typhoon -"sea wall"` is (台风 or typhoon) and not "sea
wall" (so `"North Korea" OR 朝鲜` needs its quotes). A run of Chinese or Japanese
characters is a phrase (found as written, as Ctrl-F would), whatever the spaces around
it. Operators (tidings.core.search_operators) are words too: `台风 OR typhoon is:unread
newer:3d`; `title:x` finds the text x in titles only. Parentheses group, as Gmail's:
`(台风 OR typhoon) (is:unread OR is:starred)`, `-(feed:bbc OR feed:cnn)`; which
parentheses group, and how a `-` before a group reaches its words, is
tidings.core.search_syntax's, which reads the text into a tree this module turns into
SQL.

The index holds the tokens of tidings.core.tokenize (CJK text as bigrams), so a term is
an FTS5 phrase of its tokens, and a group of them one FTS5 expression (`("台风" OR
"typhoon") AND "storm"`); a single CJK character, which no bigram can match,
becomes a LIKE pattern over the article's title and text instead. Only an operator with
a value it cannot take raises (QueryError); any other text is a query, and odd
characters are only word separators.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from tidings.core.rows import SUMMARY_COLS
from tidings.core.search_operators import (
    Filter,
    QueryError,
    operator_filter,
    problem,
    state_test,
)
from tidings.core.search_syntax import AllOf, AnyOf, Chunk, join, leaves, read
from tidings.core.search_syntax import Node as SyntaxNode
from tidings.core.tokenize import is_cjk, spellings, tokens

__all__ = ["QueryError", "chunks", "fts_match", "parse", "plan", "search_condition"]

_MAX_QUERY_TOKENS = 32
_FTS = "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
# The same test, kept from driving the query ("+"): the list's own index is walked in
# its order and each row looked up in the index's answer (Plan.walking).
_FTS_PROBE = "+" + _FTS
_NOT_FTS = "a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
_LIKE_TITLE = "a.title LIKE ? ESCAPE '\\'"
_LIKE_TEXT = "COALESCE(a.full_text, a.content, a.summary) LIKE ? ESCAPE '\\'"


@dataclass(frozen=True)
class Term:
    """One thing to find (or, negated, not to find): an FTS phrase of index tokens, or
    (`like`) a substring of the title or text: a single CJK character. In the title
    only, with title_only (title:x)."""

    phrase: tuple[str, ...] = ()
    like: str | None = None
    negated: bool = False
    title_only: bool = False
    prefix: bool = False  # the phrase's last token is the start of one (FTS5 `"a 股" *`)

    def fts(self) -> str:
        quoted = '"' + " ".join(self.phrase).replace('"', '""') + '"'
        if self.prefix:
            quoted += " *"
        return f"title : {quoted}" if self.title_only else quoted

    def like_pattern(self, text: str | None = None) -> str:
        text = self.like if text is None else text
        escaped = (text or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"%{escaped}%"

    def like_condition(self) -> tuple[str, list[Any]]:
        """The LIKE test on an article's title (and text), for each spelling of a single
        character (the text is stored as written: 颱 for a search of 台)."""
        forms = spellings(self.like) if self.like and len(self.like) == 1 else (self.like,)
        columns = (_LIKE_TITLE,) if self.title_only else (_LIKE_TITLE, _LIKE_TEXT)
        cond = " OR ".join(c for _ in forms for c in columns)
        return f"({cond})", [self.like_pattern(f) for f in forms for _ in columns]

    def condition(self) -> tuple[str, list[Any]]:
        if self.like is not None:
            cond, params = self.like_condition()
            return (f"NOT {cond}" if self.negated else cond), params
        return (_NOT_FTS if self.negated else _FTS), [self.fts()]


Atom = Term | Filter
# A query is a tree: AllOf and AnyOf (tidings.core.search_syntax) over atoms.
Node = Atom | AllOf | AnyOf


def _terms(text: str, negated: bool, title_only: bool = False) -> list[Term]:
    """The terms of one chunk of the query: its tokens as one phrase. A single CJK
    character between other tokens (A股B) is a token of the index as it is; after them
    at the end (A股, 5G网), the start of one: a text's 股市 or 股 (a prefix); first,
    where a text may have it at the end of a longer run (X股), it stands on its own as a
    LIKE. A chunk to leave out that has such a LIKE is left out as typed, a substring."""
    out: list[Term] = []
    run: list[str] = []
    found = tokens(text)
    prefix = False
    for i, tok in enumerate(found):
        if len(tok) == 1 and is_cjk(tok) and not run:
            out.append(Term(like=tok, negated=negated, title_only=title_only))
        else:
            run.append(tok)
            prefix = len(tok) == 1 and is_cjk(tok) and i == len(found) - 1
    typed = text.rstrip()
    if run and typed.endswith("*") and len(typed) > 1 and typed[-2].isalnum():
        prefix = True  # typh*: the words that start so (newsboat finds parts of words)
    if run:
        out.append(Term(tuple(run), negated=negated, title_only=title_only, prefix=prefix))
    if negated and len(out) > 1:  # "-iPhone的": not what has both anywhere, but this
        return [Term(like=text.strip(), negated=True, title_only=title_only)]
    return out


def _atoms(chunk: Chunk, now: float) -> list[Atom]:
    if chunk.name is None:
        return list(_terms(chunk.text, chunk.negated))
    if chunk.name == "title":
        found = _terms(chunk.text, chunk.negated, title_only=True)
        if not found:
            raise problem("title", chunk.text)
        return list(found)
    return [operator_filter(chunk.name, chunk.text, chunk.negated, now)]


def _size(atom: Atom) -> int:
    return (len(atom.phrase) or 1) if isinstance(atom, Term) else 1


def _build(node: SyntaxNode, now: float, budget: list[int]) -> Node | None:
    """The atoms of a syntax tree, in its shape; a word past the budget of tokens is
    left out."""
    if isinstance(node, Chunk):
        atoms = _atoms(node, now)
        size = sum(_size(a) for a in atoms)
        if size > budget[0]:
            return None
        budget[0] -= size
        return join(AllOf, atoms)  # type: ignore[arg-type]
    parts = [p for part in node.parts if (p := _build(part, now, budget)) is not None]
    return join(type(node), parts)  # type: ignore[arg-type,return-value]


def parse(query: str, now: float | None = None) -> list[Node]:
    """The query's parts, all of which an article must meet: atoms, or AllOf / AnyOf
    of them (groups, words joined by OR); repeated parts dropped; at most
    _MAX_QUERY_TOKENS tokens and operators in all. Empty when nothing is left. `now`
    (unix seconds, default the clock's) is what newer: and older: count back from.
    Raises QueryError for an operator with a value it cannot take."""
    now = time.time() if now is None else now
    tree = read(query)
    found = None if tree is None else _build(tree, now, [_MAX_QUERY_TOKENS])
    if found is None:
        return []
    return list(found.parts) if isinstance(found, AllOf) else [found]


def check(query: str) -> str | None:
    """What is wrong with the query (an operator's bad value), or None."""
    try:
        parse(query)
    except QueryError as exc:
        return str(exc)
    return None


def chunks(query: str) -> list[str]:
    """The texts the query looks for, as typed: its words and phrases (and title:'s),
    without those left out (-word, or in -(…)), the other operators and OR (for
    marking what was found). Never raises."""
    out = []
    for chunk in leaves(read(query)):
        if chunk.negated or chunk.name not in (None, "title"):
            continue
        if chunk.text and chunk.text not in out:
            out.append(chunk.text)
    return out


# -- SQL ---------------------------------------------------------------------------------


def _left_out(node: Node) -> Term | None:
    """The phrase `node` leaves out (-word), which the index can say NOT of, or None."""
    return node if isinstance(node, Term) and node.phrase and node.negated else None


def _split(
    parts: tuple[Node, ...] | list[Node],
) -> tuple[list[tuple[Node, str]], list[Term], list[Node]]:
    """The parts the index says (each with its FTS5 expression), the phrases left out,
    and the rest."""
    indexed: list[tuple[Node, str]] = []
    left_out: list[Term] = []
    rest: list[Node] = []
    for part in parts:
        if (term := _left_out(part)) is not None:
            left_out.append(term)
        elif (f := _fts(part)) is not None:
            indexed.append((part, f))
        else:
            rest.append(part)
    return indexed, left_out, rest


def _and_not(found: list[str], left_out: list[Term]) -> str:
    match = " AND ".join(found)
    for term in left_out:
        match = f"({match}) NOT {term.fts()}"
    return match


def _any_fts(parts: list[tuple[Node, str]]) -> str:
    if len(parts) == 1:
        return parts[0][1]
    return "(" + " OR ".join(f"({f})" if isinstance(p, AllOf) else f for p, f in parts) + ")"


def _fts(node: Node, *, exact: bool = True) -> str | None:
    """The FTS5 expression of `node` (None when the index cannot say it); with exact
    False, one that finds at least what `node` finds (its words without the rest)."""
    if isinstance(node, Term):
        return node.fts() if node.phrase and not node.negated else None
    if isinstance(node, Filter):
        return None
    if isinstance(node, AnyOf):
        parts = []
        for part in node.parts:
            if (f := _fts(part, exact=exact)) is None:
                return None
            parts.append((part, f))
        return _any_fts(parts)
    found: list[str] = []
    left_out: list[Term] = []
    for part in node.parts:
        if (term := _left_out(part)) is not None:
            left_out.append(term)
        elif (f := _fts(part, exact=exact)) is not None:
            found.append(f)
        elif exact:
            return None
    return _and_not(found, left_out) if found else None


def _all(conds: list[tuple[str, list[Any]]], joiner: str = " AND ") -> tuple[str, list[Any]]:
    if len(conds) == 1:
        return conds[0]
    return "(" + joiner.join(c for c, _ in conds) + ")", [p for _, ps in conds for p in ps]


def _condition(node: Node) -> tuple[str, list[Any]]:
    """`node` as an SQL condition on `a`: what the index can say of its parts in one
    look-up, the rest (operators, single CJK characters) beside it."""
    if isinstance(node, Filter):
        return f"({node.sql})", list(node.params)
    if isinstance(node, Term):
        return node.condition()
    whole = _fts(node)
    if whole is not None:
        return _FTS, [whole]
    indexed, left_out, rest = _split(node.parts)
    conds: list[tuple[str, list[Any]]] = []
    if isinstance(node, AnyOf):
        if indexed:
            conds.append((_FTS, [_any_fts(indexed)]))
        if left_out:  # -a OR -b: not both
            conds.append((_NOT_FTS, [" AND ".join(t.fts() for t in left_out)]))
        return _all(conds + [_condition(p) for p in rest], " OR ")
    if indexed:
        conds.append((_FTS, [_and_not([f for _, f in indexed], left_out)]))
    elif left_out:  # one look-up in the index for all that is left out
        conds.append((_NOT_FTS, [" OR ".join(t.fts() for t in left_out)]))
    return _all(conds + [_condition(p) for p in rest])


def condition_of(node: Node) -> tuple[str, list[Any]]:
    """A part of parse()'s answer as one SQL condition on `a` (its words in one look-up
    in the index where they can be)."""
    return _condition(node)


@dataclass(frozen=True)
class Plan:
    """How to run a query: `match` an FTS5 MATCH expression that finds at least every
    article the query finds (None when no part of it can be answered by the index
    alone), `exact` the SQL condition on `a` its hits must also meet (None when the match
    is exact), and `condition` the whole query as one SQL condition on `a`."""

    match: str | None
    exact: tuple[str, list[Any]] | None
    condition: tuple[str, list[Any]]
    # `condition` with the match as a probe: for a list in an indexed order when the
    # match finds many articles (tidings.core.views.view_where), the first page then
    # reads a few hundred index entries instead of every article found (on 100,000
    # articles, a word in a third of them: 6 ms, not 21).
    walking: tuple[str, list[Any]] | None = None


def _walkable(node: Node) -> bool:
    """Whether an index entry of the list (date, and the read and starred partial
    indexes) tells if the article meets `node` without reading its row: words (looked up
    in the index's answer), is: and dates. feed:, author: or a single CJK character read
    the row: walked past many articles they leave out, they would read every row."""
    if isinstance(node, Filter):
        return state_test(node) is not None or node.sql.startswith("a.published ")
    if isinstance(node, Term):
        return node.like is None
    return all(_walkable(part) for part in node.parts)


def plan(query: str, now: float | None = None) -> Plan | None:
    """The plan of a query, None when it looks for nothing (raises QueryError as parse).
    The parts the index says exactly are in the match; the others are in `exact`, and
    their words (a superset: `(台风 is:unread) OR typhoon` gives 台风 OR typhoon) in the
    match too, so that the index narrows and ranks them."""
    parts = parse(query, now)
    if not parts:
        return None
    indexed, left_out, rest = _split(parts)
    wider = [f for p in rest if (f := _fts(p, exact=False)) is not None]
    conds = [_condition(p) for p in rest]
    if indexed or wider:
        match = _and_not([f for _, f in indexed] + wider, left_out)
        exact = _all(conds) if conds else None
        walking = _all([(_FTS_PROBE, [match]), *conds]) if all(map(_walkable, rest)) else None
        return Plan(match, exact, _all([(_FTS, [match]), *conds]), walking)
    if left_out:  # one look-up in the index for all that is left out
        conds.insert(0, (_NOT_FTS, [" OR ".join(t.fts() for t in left_out)]))
    return Plan(None, None, _all(conds))


def fts_match(query: str) -> str | None:
    """One FTS5 MATCH expression finding at least every article the query finds, or None
    when no part of the query is for the index alone (the query then needs a scan)."""
    found = plan(query)
    return None if found is None else found.match


def search_condition(query: str) -> tuple[str, list[Any]]:
    """SQL condition on `a.id` (an `articles a` row) matching a user's search text."""
    found = plan(query)
    return ("0", []) if found is None else found.condition


def ranked_search_sql(
    match: str, exact: tuple[str, list[Any]] | None, where: str, params: list[Any], limit: int
) -> tuple[str, list[Any]]:
    """The best-first search query (bm25, title weighted) and its parameters: `match`
    and `exact` from plan(), `where`/`params` a view's condition on `articles a` ("1"
    for none)."""
    conds = ["articles_fts MATCH ?"]
    args: list[Any] = [match]
    filters = [(where, params)] if where != "1" else []
    if exact is not None:
        filters.append(exact)
    for cond, ps in filters:  # "+" keeps FTS5 from a rowid look-up per id
        conds.append(f"+rowid IN (SELECT a.id FROM articles a WHERE {cond})")
        args += ps
    # Rank inside the index first; only the best `limit` rows are joined.
    sql = (
        f"SELECT {SUMMARY_COLS} FROM"
        f" (SELECT rowid AS id, bm25(articles_fts, 10.0, 1.0) AS rank FROM articles_fts"
        f" WHERE {' AND '.join(conds)} ORDER BY rank, rowid DESC LIMIT ?) AS top"
        f" JOIN articles a ON a.id = top.id JOIN feeds f ON f.id = a.feed_id"
        f" ORDER BY top.rank, a.id DESC"
    )
    return sql, [*args, limit]
