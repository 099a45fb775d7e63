"""Turning a user's search text into SQL over the FTS5 index (CJK-aware).

The syntax is a search engine's (Gmail's, Google's): words are ANDed, `"a phrase"` must
appear as written, `-word` (or `-"a phrase"`) must not appear, and `OR` (upper case)
joins the word before it and the word after it as alternatives, binding tighter than
the AND between words: `台风 OR typhoon -"sea wall"` is (台风 or typhoon) and not "sea
wall" (so `"North Korea" OR 朝鲜` needs its quotes). A run of Chinese or Japanese
characters is a phrase (found as written, as Ctrl-F would), whatever the spaces around
it. Operators (tidings.core.search_operators) are words too: `台风 OR typhoon is:unread
newer:3d`; `title:x` finds the text x in titles only.

The index holds the tokens of tidings.core.tokenize (CJK text as bigrams), so a term is
an FTS5 phrase of its tokens; a single CJK character, which no bigram can match,
becomes a LIKE pattern over the article's title and text instead. Only an operator with
a value it cannot take raises (QueryError); any other text is a query, and odd
characters are only word separators.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tidings.core.rows import SUMMARY_COLS
from tidings.core.search_operators import OPERATORS, Filter, QueryError, operator_filter, problem
from tidings.core.tokenize import is_cjk, spellings, tokens

__all__ = ["QueryError", "chunks", "fts_match", "parse", "plan", "search_condition"]

_MAX_QUERY_TOKENS = 32
_NAMES = "|".join(OPERATORS)
_CHUNK_RE = re.compile(rf'(-?)(?:((?i:{_NAMES})):)?"([^"]*)"?|(-?)([^\s"]+)')
_OPERATOR_WORD_RE = re.compile(rf"((?i:{_NAMES})):(.*)", re.DOTALL)
_FTS = "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
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

    def fts(self) -> str:
        quoted = '"' + " ".join(self.phrase).replace('"', '""') + '"'
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
Alternative = tuple[Atom, ...]  # what one word of the query asks: all of its atoms
Clause = tuple[Alternative, ...]  # words joined by OR: any one of them
# A query is a list of clauses, all of which an article must meet.


@dataclass(frozen=True)
class _Chunk:
    """A word or phrase as typed: `-name:"text"` has negated, name and text."""

    text: str
    negated: bool = False
    name: str | None = None  # an operator's, lower case


_OR = _Chunk("OR")


def _lex(query: str) -> Iterator[_Chunk]:
    for m in _CHUNK_RE.finditer(query[:2_000]):
        if m.group(3) is not None:  # a phrase, maybe an operator's value
            name = m.group(2).lower() if m.group(2) else None
            yield _Chunk(m.group(3), bool(m.group(1)), name)
            continue
        word = m.group(5)
        if word == "OR":
            yield _OR
            continue
        op = _OPERATOR_WORD_RE.fullmatch(word)
        if op is not None:
            yield _Chunk(op.group(2), bool(m.group(4)), op.group(1).lower())
        else:
            yield _Chunk(word, bool(m.group(4)))


def _terms(text: str, negated: bool, title_only: bool = False) -> list[Term]:
    """The terms of one chunk of the query: its tokens as one phrase, except that a
    single CJK character (in no bigram of the index) stands on its own as a LIKE. A
    chunk to leave out that has one is left out as typed, a substring."""
    out: list[Term] = []
    run: list[str] = []
    for tok in tokens(text):
        if len(tok) == 1 and is_cjk(tok):
            if run:
                out.append(Term(tuple(run), negated=negated, title_only=title_only))
                run = []
            out.append(Term(like=tok, negated=negated, title_only=title_only))
        else:
            run.append(tok)
    if run:
        out.append(Term(tuple(run), negated=negated, title_only=title_only))
    if negated and len(out) > 1:  # "-iPhone的": not what has both anywhere, but this
        return [Term(like=text.strip(), negated=True, title_only=title_only)]
    return out


def _atoms(chunk: _Chunk, now: float) -> list[Atom]:
    if chunk.name is None:
        return list(_terms(chunk.text, chunk.negated))
    if chunk.name == "title":
        found = _terms(chunk.text, chunk.negated, title_only=True)
        if not found:
            raise problem("title", chunk.text)
        return list(found)
    return [operator_filter(chunk.name, chunk.text, chunk.negated, now)]


def parse(query: str, now: float | None = None) -> list[Clause]:
    """The query's clauses (ANDed), each its alternatives (ORed), each an alternative's
    atoms (ANDed); repeated clauses dropped; at most _MAX_QUERY_TOKENS tokens and
    operators in all. Empty when nothing is left. `now` (unix seconds, default the
    clock's) is what newer: and older: count back from. Raises QueryError for an
    operator with a value it cannot take."""
    now = time.time() if now is None else now
    clauses: list[list[Alternative]] = []
    join = False  # an OR came after the last clause
    count = 0
    for chunk in _lex(query):
        if chunk is _OR:
            join = bool(clauses)
            continue
        alt = tuple(_atoms(chunk, now))
        size = sum((len(a.phrase) or 1) if isinstance(a, Term) else 1 for a in alt)
        if not alt or count + size > _MAX_QUERY_TOKENS:
            continue
        count += size
        if join:
            if alt not in clauses[-1]:
                clauses[-1].append(alt)
        else:
            clauses.append([alt])
        join = False
    out: list[Clause] = []
    for clause in clauses:
        if tuple(clause) not in out:
            out.append(tuple(clause))
    return out


def check(query: str) -> str | None:
    """What is wrong with the query (an operator's bad value), or None."""
    try:
        parse(query)
    except QueryError as exc:
        return str(exc)
    return None


def chunks(query: str) -> list[str]:
    """The texts the query looks for, as typed: its words and phrases (and title:'s),
    without those left out (-word), the other operators and OR (for marking what was
    found). Never raises."""
    out = []
    for chunk in _lex(query):
        if chunk is _OR or chunk.negated or chunk.name not in (None, "title"):
            continue
        if chunk.text and chunk.text not in out:
            out.append(chunk.text)
    return out


# -- SQL ---------------------------------------------------------------------------------


def _indexed(alt: Alternative) -> bool:
    """The index alone answers this alternative: only phrases to find."""
    return all(isinstance(a, Term) and a.phrase and not a.negated for a in alt)


def _left_out(clause: Clause) -> Term | None:
    """The phrase a clause leaves out (-word), when that is all it does."""
    if len(clause) == 1 and len(clause[0]) == 1:
        atom = clause[0][0]
        if isinstance(atom, Term) and atom.phrase and atom.negated:
            return atom
    return None


def _clause_fts(clause: Clause) -> str:
    alts = [" AND ".join(t.fts() for t in alt if isinstance(t, Term)) for alt in clause]
    if len(alts) == 1:
        return alts[0]
    return "(" + " OR ".join(f"({a})" if " AND " in a else a for a in alts) + ")"


def _all(conds: list[tuple[str, list[Any]]], joiner: str = " AND ") -> tuple[str, list[Any]]:
    if len(conds) == 1:
        return conds[0]
    return "(" + joiner.join(c for c, _ in conds) + ")", [p for _, ps in conds for p in ps]


def _atom_condition(atom: Atom) -> tuple[str, list[Any]]:
    if isinstance(atom, Filter):
        return f"({atom.sql})", list(atom.params)
    return atom.condition()


def _clause_condition(clause: Clause) -> tuple[str, list[Any]]:
    alts = [_all([_atom_condition(a) for a in alt]) for alt in clause]
    return _all(alts, " OR ")


@dataclass(frozen=True)
class Plan:
    """How to run a query: `match` an FTS5 MATCH expression that finds at least every
    article the query finds (None when no part of it can be answered by the index
    alone), `exact` the SQL condition on `a` its hits must also meet (None when the match
    is exact), and `condition` the whole query as one SQL condition on `a`."""

    match: str | None
    exact: tuple[str, list[Any]] | None
    condition: tuple[str, list[Any]]


def plan(query: str, now: float | None = None) -> Plan | None:
    """The plan of a query, None when it looks for nothing (raises QueryError as parse)."""
    clauses = parse(query, now)
    if not clauses:
        return None
    indexed = [c for c in clauses if all(_indexed(alt) for alt in c)]
    match = " AND ".join(_clause_fts(c) for c in indexed)
    rest: list[tuple[str, list[Any]]] = []
    left_out: list[Term] = []
    for clause in clauses:
        if clause in indexed:
            continue
        term = _left_out(clause)
        if term is not None:
            left_out.append(term)
        else:
            rest.append(_clause_condition(clause))
    if match:
        for term in left_out:
            match = f"({match}) NOT {term.fts()}"
        exact = _all(rest) if rest else None
        return Plan(match, exact, _all([(_FTS, [match]), *rest]))
    if left_out:  # one look-up in the index for all that is left out
        rest.insert(0, (_NOT_FTS, [" OR ".join(t.fts() for t in left_out)]))
    return Plan(None, None, _all(rest))


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
