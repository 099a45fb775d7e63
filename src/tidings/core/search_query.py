"""Turning a user's search text into SQL over the FTS5 index (CJK-aware).

The syntax is a search engine's: words are ANDed, `"a phrase"` must appear as written,
`-word` (or `-"a phrase"`) must not appear, and `OR` (upper case) between terms gives
alternatives: `台风 OR typhoon -"sea wall"`. A run of Chinese or Japanese characters
is a phrase (found as written, as Ctrl-F would), whatever the spaces around it.

The index holds the tokens of tidings.core.tokenize (CJK text as bigrams), so a term is
an FTS5 phrase of its tokens; a single CJK character, which no bigram can match,
becomes a LIKE pattern over the article's title and text instead. Never raises: any
text is a query, and odd characters are only word separators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tidings.core.rows import SUMMARY_COLS
from tidings.core.tokenize import is_cjk, spellings, tokens

_MAX_QUERY_TOKENS = 32
_CHUNK_RE = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_FTS = "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
_LIKE_ONE = "a.title LIKE ? ESCAPE '\\' OR COALESCE(a.full_text, a.content, a.summary) LIKE ? ESCAPE '\\'"


@dataclass(frozen=True)
class Term:
    """One thing to find (or, negated, not to find): an FTS phrase of index tokens, or
    (`like`) a substring of the title or text: a single CJK character."""

    phrase: tuple[str, ...] = ()
    like: str | None = None
    negated: bool = False

    def fts(self) -> str:
        return '"' + " ".join(self.phrase).replace('"', '""') + '"'

    def like_pattern(self, text: str | None = None) -> str:
        text = self.like if text is None else text
        escaped = (text or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"%{escaped}%"

    def like_condition(self) -> tuple[str, list[Any]]:
        """The LIKE test on an article's title and text, for each spelling of a single
        character (the text is stored as written: 颱 for a search of 台)."""
        forms = spellings(self.like) if self.like and len(self.like) == 1 else (self.like,)
        cond = " OR ".join(_LIKE_ONE for _ in forms)
        return f"({cond})", [p for f in forms for p in (self.like_pattern(f),) * 2]


Group = list[Term]  # terms ANDed; a query is groups ORed


def _terms(text: str, negated: bool) -> list[Term]:
    """The terms of one chunk of the query: its tokens as one phrase, except that a
    single CJK character (in no bigram of the index) stands on its own as a LIKE. A
    chunk to leave out that has one is left out as typed, a substring."""
    out: list[Term] = []
    run: list[str] = []
    for tok in tokens(text):
        if len(tok) == 1 and is_cjk(tok):
            if run:
                out.append(Term(tuple(run), negated=negated))
                run = []
            out.append(Term(like=tok, negated=negated))
        else:
            run.append(tok)
    if run:
        out.append(Term(tuple(run), negated=negated))
    if negated and len(out) > 1:  # "-iPhone的": not what has both anywhere, but this
        return [Term(like=text.strip(), negated=True)]
    return out


def parse(query: str) -> list[Group]:
    """The query's groups of terms (ORed), each group's terms ANDed, repeats in a group
    dropped; at most _MAX_QUERY_TOKENS tokens in all. Empty when nothing is left."""
    groups: list[Group] = [[]]
    count = 0
    for m in _CHUNK_RE.finditer(query[:2_000]):
        if m.group(4) == "OR":
            if groups[-1]:
                groups.append([])
            continue
        negated = bool(m.group(1) or m.group(3))
        text = m.group(2) if m.group(2) is not None else m.group(4)
        for term in _terms(text, negated):
            size = len(term.phrase) or 1
            if count + size > _MAX_QUERY_TOKENS or term in groups[-1]:
                continue
            count += size
            groups[-1].append(term)
    return [g for g in groups if g]


def chunks(query: str) -> list[str]:
    """The texts the query looks for, as typed: its words and phrases, without those
    left out (-word) and without OR (for marking what was found)."""
    out = []
    for m in _CHUNK_RE.finditer(query[:2_000]):
        if m.group(4) == "OR" or m.group(1) or m.group(3):
            continue
        text = m.group(2) if m.group(2) is not None else m.group(4)
        if text and text not in out:
            out.append(text)
    return out


def _group_match(group: Group) -> str | None:
    """The group as one FTS5 expression, or None when it has no indexed term to look
    for (only single characters, or only terms to leave out)."""
    positives = [t.fts() for t in group if t.phrase and not t.negated]
    if not positives:
        return None
    expr = " AND ".join(positives)
    for t in group:
        if t.phrase and t.negated:
            expr = f"({expr}) NOT {t.fts()}"
    return expr


def fts_match(query: str) -> str | None:
    """One FTS5 MATCH expression finding at least every article the query finds (all of
    them when the query has no single CJK characters), or None when some group has no
    indexed term (the query then needs a scan; see search_condition)."""
    groups = parse(query)
    parts = [_group_match(g) for g in groups]
    if not parts or any(p is None for p in parts):
        return None
    if len(parts) == 1:
        return parts[0]
    return " OR ".join(f"({p})" for p in parts)


def like_terms(query: str) -> list[str]:
    """LIKE patterns of the query's single CJK characters (matched as substrings)."""
    return [t.like_pattern() for g in parse(query) for t in g if t.like and not t.negated]


def _group_condition(group: Group) -> tuple[str, list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    match = _group_match(group)
    if match is not None:
        conds.append(_FTS)
        params.append(match)
    else:
        left_out = [t.fts() for t in group if t.phrase and t.negated]
        if left_out:
            conds.append("a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(" OR ".join(left_out))
    for t in group:
        if t.like:
            cond, ps = t.like_condition()
            conds.append(f"NOT {cond}" if t.negated else cond)
            params += ps
    return " AND ".join(conds) or "0", params


def search_condition(query: str) -> tuple[str, list[Any]]:
    """SQL condition on `a.id` (an `articles a` row) matching a user's search text."""
    groups = parse(query)
    if not groups:
        return "0", []
    parts = [_group_condition(g) for g in groups]
    if len(parts) == 1:
        return parts[0]
    return "(" + " OR ".join(f"({c})" for c, _ in parts) + ")", [p for _, ps in parts for p in ps]


def needs_filter(query: str) -> bool:
    """fts_match(query) alone finds more than the query does (single CJK characters)."""
    return any(t.like for g in parse(query) for t in g)


def ranked_search_sql(
    match: str, exact: tuple[str, list[Any]] | None, where: str, params: list[Any], limit: int
) -> tuple[str, list[Any]]:
    """The best-first search query (bm25, title weighted) and its parameters: `match`
    from fts_match(), `exact` the search_condition() its hits must also meet (None when
    the match is exact), `where`/`params` a view's condition on `articles a` ("1" for
    none)."""
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
