"""Turning a user's search text into SQL over the FTS5 index (CJK-aware).

The index holds the tokens of tidings.core.tokenize (CJK text as bigrams), so every
query token is quoted and AND-ed into a MATCH; single CJK characters, which no bigram
can match, become LIKE patterns instead.
"""

from __future__ import annotations

from typing import Any

from tidings.core.rows import SUMMARY_COLS
from tidings.core.tokenize import is_cjk, tokens

_MAX_QUERY_TOKENS = 32


def _query_tokens(query: str) -> list[str]:
    seen: dict[str, None] = {}
    for tok in tokens(query[:2_000]):
        seen.setdefault(tok, None)
    return list(seen)[:_MAX_QUERY_TOKENS]


def fts_match(query: str) -> str | None:
    """A safe FTS5 MATCH expression for a user's search text: every token quoted, AND-ed.
    Single CJK characters are left out (the index holds bigrams; see like_terms).
    None when nothing is left to match."""
    quoted = [
        '"' + tok.replace('"', '""') + '"'
        for tok in _query_tokens(query)
        if not (len(tok) == 1 and is_cjk(tok))
    ]
    return " AND ".join(quoted) or None


def like_terms(query: str) -> list[str]:
    """LIKE patterns for the single CJK characters of a query (matched as substrings)."""
    out = []
    for tok in _query_tokens(query):
        if len(tok) == 1 and is_cjk(tok):
            escaped = tok.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            out.append(f"%{escaped}%")
    return out


def search_condition(query: str) -> tuple[str, list[Any]]:
    """SQL condition on `a.id` matching a user's search text (never raises)."""
    match = fts_match(query)
    conds: list[str] = []
    params: list[Any] = []
    if match is not None:
        conds.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(match)
    for term in like_terms(query):
        # The index keeps no text (contentless): look in the article's own columns.
        conds.append(
            "(a.title LIKE ? ESCAPE '\\'"
            " OR COALESCE(a.full_text, a.content, a.summary) LIKE ? ESCAPE '\\')"
        )
        params += [term, term]
    if not conds:
        return "0", []
    return " AND ".join(conds), params


def ranked_search_sql(
    match: str, likes: list[str], where: str, params: list[Any], limit: int
) -> tuple[str, list[Any]]:
    """The best-first search query (bm25, title weighted) and its parameters: `match`
    from fts_match(), `likes` from like_terms(), `where`/`params` a view's condition on
    `articles a` ("1" for none)."""
    conds = ["articles_fts MATCH ?"]
    args: list[Any] = [match]
    for term in likes:  # the index keeps no text (contentless): the article's columns
        conds.append(
            "EXISTS(SELECT 1 FROM articles l WHERE l.id = articles_fts.rowid AND"
            " (l.title LIKE ? ESCAPE '\\'"
            " OR COALESCE(l.full_text, l.content, l.summary) LIKE ? ESCAPE '\\'))"
        )
        args += [term, term]
    if where != "1":  # view filters; "+" keeps FTS5 from a rowid look-up per id
        conds.append(f"+rowid IN (SELECT a.id FROM articles a WHERE {where})")
        args += params
    # Rank inside the index first; only the best `limit` rows are joined.
    sql = (
        f"SELECT {SUMMARY_COLS} FROM"
        f" (SELECT rowid AS id, bm25(articles_fts, 10.0, 1.0) AS rank FROM articles_fts"
        f" WHERE {' AND '.join(conds)} ORDER BY rank, rowid DESC LIMIT ?) AS top"
        f" JOIN articles a ON a.id = top.id JOIN feeds f ON f.id = a.feed_id"
        f" ORDER BY top.rank, a.id DESC"
    )
    return sql, [*args, limit]
