"""Related-article panels: "More from <feed / category>" and "Related" (the same story
elsewhere), ranked over the store's FTS5 index, CJK-aware.

`related()` takes the open article's indexed tokens (tidings.core.tokenize: words and
CJK bigrams, worked out from its row as the store indexes them into the contentless
`articles_fts`, store.index_columns), drops stop-words and
boilerplate ("Read more", "责任编辑"...), weighs the rest by rarity (document
frequencies from `articles_fts_vocab`, cached per database), and asks FTS5 for
candidates with one OR query of the rarest-but-shared terms. The candidates are then
re-ranked in Python: BM25 of the candidate against the weighted query, divided by the
article's score against itself (so 1.0 is "the same text"), times a time-distance
factor, with a penalty for the open article's own feed. Near-duplicates (one story
syndicated by several feeds) are grouped into the best copy's `also_in`.

Nothing here writes: the store keeps `articles_fts` in sync on every write, so the
ranking follows new articles without any rebuild.
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tidings.core.models import ArticleSummary
from tidings.core.related_terms import BOILERPLATE, STOP_WORDS, content_tokens
from tidings.core.rows import SUMMARY_COLS, summary_from_row
from tidings.core.store import index_columns
from tidings.core.views import ORDER

if TYPE_CHECKING:
    from tidings.core.store import Store

__all__ = ["RelatedItem", "more_from", "related", "STOP_WORDS", "BOILERPLATE"]

TITLE_WEIGHT = 3.0  # a title token counts as this many body tokens
LOOKUP_TERMS = 300  # distinct tokens of the open article whose document frequency is read
QUERY_TERMS = 40  # weighted terms of the open article used for re-ranking
MATCH_TERMS = 14  # of those, how many go into the FTS5 candidate query
CANDIDATES = 60  # candidates fetched from FTS5 for re-ranking
POSTING_BUDGET = 12_000  # documents FTS5 may visit for one candidate query
MAX_DF_SHARE = 0.25  # terms in more than this share of documents carry no weight
BODY_CHARS = 12_000  # indexed body text read per article (its start)
BODY_HTML = 4 * BODY_CHARS  # characters of body HTML that text is worked out from
MIN_SCORE = 0.12  # below this (relative to the article's self-score) it is not related
DUPLICATE = 0.6  # token-set Jaccard above which two articles are one story
SAME_FEED_FACTOR = 0.85  # the open article's own feed is held back a little...
SAME_FEED_TOP5 = 2  # ...and fills at most this many of the first five places
RECENCY_DAYS = 14.0  # time distance at which the recency factor has fallen by 1/e
RECENCY_FLOOR = 0.7  # the factor for articles far apart in time
K1, B = 1.2, 0.75
PER_FEED_QUERIES = 100  # categories with more feeds are read off the date index instead


@dataclass
class RelatedItem:
    """One entry of the Related panel: the best copy of a story and where else it ran."""

    article: ArticleSummary
    score: float
    also_in: list[str] = field(default_factory=list)  # feed titles of grouped near-duplicates
    also_in_ids: list[int] = field(default_factory=list)


# -- "More from" -------------------------------------------------------------------------


def more_from(store: Store, article_id: int, limit: int = 10) -> tuple[str, list[ArticleSummary]]:
    """Latest articles of the article's feed, then of its category (other active feeds),
    newest first, without the article itself: (heading, items). The heading names what
    the items come from: "More from <feed>", "More from <category>" or both."""
    conn: sqlite3.Connection = store.conn
    row = conn.execute(
        "SELECT a.feed_id, COALESCE(f.title_override, f.title, f.url) AS feed_title,"
        " f.category FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    if row is None or limit <= 0:
        return "More from this feed", []
    feed_id, feed_title, category = row[0], row[1] or "this feed", row[2]
    items = _summaries(
        conn,
        f"a.id IN (SELECT a.id FROM articles a WHERE a.feed_id = ? AND a.id != ?"
        f" ORDER BY {ORDER} LIMIT ?)",
        [feed_id, article_id, limit],
    )
    from_category: list[ArticleSummary] = []
    if category and len(items) < limit:
        from_category = _latest_in_category(conn, category, feed_id, limit - len(items))
    if from_category and items:
        heading = f"More from {feed_title} and {category}"
    elif from_category:
        heading = f"More from {category}"
    else:
        heading = f"More from {feed_title}"
    return heading, items + from_category


def _summaries(conn: sqlite3.Connection, where: str, params: list[Any]) -> list[ArticleSummary]:
    sql = (
        f"SELECT {SUMMARY_COLS} FROM articles a JOIN feeds f ON f.id = a.feed_id"
        f" WHERE {where} ORDER BY {ORDER}"
    )
    return [summary_from_row(r) for r in conn.execute(sql, params)]


def _latest_in_category(
    conn: sqlite3.Connection, category: str, feed_id: int, limit: int
) -> list[ArticleSummary]:
    """Newest articles of the other active feeds of `category`: per feed over its index
    when the category has few feeds, else one walk down the date index."""
    feeds = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM feeds WHERE category = ? AND active = 1 AND id != ?",
            (category, feed_id),
        )
    ]
    if not feeds:
        return []
    if len(feeds) <= PER_FEED_QUERIES:
        parts = " UNION ALL ".join(
            f"SELECT * FROM (SELECT a.id FROM articles a WHERE a.feed_id = {int(f)}"
            f" ORDER BY {ORDER} LIMIT {int(limit)})"
            for f in feeds
        )
        where = f"a.id IN ({parts})"
        return _summaries(conn, where, [])[:limit]
    return _summaries(
        conn,
        f"a.id IN (SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id"
        f" WHERE f.category = ? AND f.active = 1 AND a.feed_id != ? ORDER BY {ORDER} LIMIT ?)",
        [category, feed_id, limit],
    )


# -- "Related" ---------------------------------------------------------------------------


def related(store: Store, article_id: int, limit: int = 10) -> list[RelatedItem]:
    """Articles from any feed about the same thing as `article_id`, best first, with
    near-duplicates grouped. Empty when nothing is similar enough."""
    conn: sqlite3.Connection = store.conn
    if limit <= 0:
        return []
    me = conn.execute(
        f"SELECT a.feed_id, a.published, a.title, a.link, {_BODY_SQL} AS body FROM articles a"
        " WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    if me is None:
        return []
    own = _weighted_counts(*_indexed(me["title"], me["body"]))
    if not own:
        return []
    n_docs = _doc_count(conn)
    # A long article has thousands of distinct tokens: look up the most frequent ones,
    # then the earliest (title and lead), as each look-up costs a walk over postings.
    ranked = sorted(own, key=lambda t: -own[t])[:LOOKUP_TERMS]
    dfs = _doc_freqs(conn, store, ranked, n_docs)
    query = _query_weights(own, dfs, n_docs)
    if not query:
        return []
    match, window = _match_plan(query, dfs, n_docs)
    if not match:
        return []
    candidates = _candidates(conn, article_id, match, window)
    if not candidates:
        return []
    texts = _fts_texts(conn, candidates)
    return _rank(conn, article_id, me, own, query, texts, limit)


def _weighted_counts(title: str | None, body: str | None) -> Counter[str]:
    counts: Counter[str] = Counter()
    for t in content_tokens(title or ""):
        counts[t] += TITLE_WEIGHT
    counts.update(content_tokens(body or ""))
    return counts


def _doc_count(conn: sqlite3.Connection) -> int:
    n = conn.execute("SELECT COALESCE(SUM(total), 0) FROM feed_stats").fetchone()[0]
    return max(int(n), 1)


# Document frequencies cost a walk over each term's postings in fts5vocab, so they are
# cached per database. Frequent terms (the expensive ones) recur in every article and
# stay cached; the cache is dropped when the store has grown by a few per cent.
_DF_CACHE: dict[Any, tuple[int, dict[str, int]]] = {}
_DF_CACHE_MIN_DOCS = 2_000
_DF_CACHE_MAX_TERMS = 200_000


def _doc_freqs(
    conn: sqlite3.Connection, store: Store, terms: list[str], n_docs: int
) -> dict[str, int]:
    path = getattr(store, "path", "") or ""
    key: Any = path if path and path != ":memory:" else id(conn)
    cache: dict[str, int] = {}
    if n_docs >= _DF_CACHE_MIN_DOCS:
        cached = _DF_CACHE.get(key)
        stale = cached is None or abs(cached[0] - n_docs) > n_docs * 0.05
        if stale or len(cached[1]) > _DF_CACHE_MAX_TERMS:
            cached = (n_docs, {})
            _DF_CACHE[key] = cached
        cache = cached[1]
    out: dict[str, int] = {}
    for term in terms:
        df = cache.get(term)
        if df is None:
            row = conn.execute(
                "SELECT doc FROM articles_fts_vocab WHERE term = ?", (term,)
            ).fetchone()
            df = int(row[0]) if row else 0
            if n_docs >= _DF_CACHE_MIN_DOCS:
                cache[term] = df
        out[term] = df
    return out


def _idf(df: int, n_docs: int) -> float:
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))


def _query_weights(own: Counter[str], dfs: dict[str, int], n_docs: int) -> dict[str, float]:
    """The article's QUERY_TERMS best terms by (1 + log tf) * idf; terms no other article
    has, and terms most articles have, are left out."""
    max_df = max(n_docs * MAX_DF_SHARE, 50)
    weights = {
        t: (1 + math.log(tf)) * _idf(dfs[t], n_docs)
        for t, tf in own.items()
        if 1 < dfs.get(t, 0) <= max_df
    }
    best = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:QUERY_TERMS]
    return dict(best)


def _match_plan(
    query: dict[str, float], dfs: dict[str, int], n_docs: int
) -> tuple[str, int | None]:
    """The FTS5 MATCH expression (best terms OR-ed) and, when those terms are so common
    that the query would visit more than POSTING_BUDGET documents, the size of a rowid
    window around the article to search in (recent neighbours in arrival order)."""
    chosen: list[str] = []
    postings = 0
    for term in query:  # best first
        df = dfs[term]
        if len(chosen) >= 4 and postings + df > POSTING_BUDGET:
            continue
        chosen.append(term)
        postings += df
        if len(chosen) >= MATCH_TERMS:
            break
    window = None
    if postings > POSTING_BUDGET:
        window = max(int(n_docs * POSTING_BUDGET / postings), 2 * CANDIDATES)
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in chosen), window


def _candidates(
    conn: sqlite3.Connection, article_id: int, match: str, window: int | None
) -> list[int]:
    where, params = "articles_fts MATCH ? AND rowid != ?", [match, article_id]
    if window is not None:
        where += " AND rowid BETWEEN ? AND ?"
        params += [article_id - window // 2, article_id + window // 2]
    sql = (
        f"SELECT rowid FROM articles_fts WHERE {where}"
        f" ORDER BY bm25(articles_fts, {TITLE_WEIGHT}, 1.0) LIMIT {CANDIDATES}"
    )
    return [r[0] for r in conn.execute(sql, params)]


# articles_fts keeps no text (contentless): an article's indexed tokens are worked out
# again from its row, as the store indexed them (store.index_columns), from the start
# of its body only (BODY_HTML characters of HTML for BODY_CHARS of text).
_BODY_SQL = f"substr(COALESCE(a.full_text, a.content, a.summary), 1, {BODY_HTML})"


def _indexed(title: str | None, body_html: str | None) -> tuple[str, str]:
    t, b = index_columns(title, body_html)
    return t, " ".join(b.split())[:BODY_CHARS]


def _fts_texts(conn: sqlite3.Connection, ids: list[int]) -> dict[int, Counter[str]]:
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT a.id, a.title, {_BODY_SQL} FROM articles a WHERE a.id IN ({marks})", ids
    )
    return {r[0]: _weighted_counts(*_indexed(r[1], r[2])) for r in rows}


def _bm25(query: dict[str, float], doc: Counter[str], length: float, avg: float) -> float:
    norm = K1 * (1 - B + B * length / avg)
    score = 0.0
    for term, weight in query.items():
        tf = doc.get(term)
        if tf:
            score += weight * tf * (K1 + 1) / (tf + norm)
    return score


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b or min(len(a), len(b)) < DUPLICATE * max(len(a), len(b)):
        return 0.0  # too different in size to reach DUPLICATE
    return len(a & b) / len(a | b)


def _rank(
    conn: sqlite3.Connection,
    article_id: int,
    me: sqlite3.Row,
    own: Counter[str],
    query: dict[str, float],
    texts: dict[int, Counter[str]],
    limit: int,
) -> list[RelatedItem]:
    lengths = {i: sum(c.values()) for i, c in texts.items()}
    own_len = sum(own.values())
    avg = (sum(lengths.values()) + own_len) / (len(lengths) + 1) or 1.0
    self_score = _bm25(query, own, own_len, avg) or 1.0
    ids = list(texts)
    marks = ",".join("?" * len(ids))
    # Feeds dropped from the config are hidden from lists, and from Related too.
    summaries = {s.id: s for s in _summaries(conn, f"a.id IN ({marks}) AND f.active = 1", ids)}
    my_time = me["published"] or 0
    scored: list[tuple[float, int]] = []
    raw: dict[int, float] = {}
    for cid, counts in texts.items():
        if cid not in summaries:
            continue
        sim = raw[cid] = _bm25(query, counts, lengths[cid], avg) / self_score
        if sim < MIN_SCORE or _copy_of_me(me, summaries[cid]):
            continue
        when = summaries[cid].published
        days = abs((when.timestamp() if when else my_time) - my_time) / 86400
        sim *= RECENCY_FLOOR + (1 - RECENCY_FLOOR) * math.exp(-days / RECENCY_DAYS)
        if summaries[cid].feed_id == me["feed_id"]:
            sim *= SAME_FEED_FACTOR
        scored.append((sim, cid))
    scored.sort(key=lambda p: (-p[0], -p[1]))

    groups: list[tuple[RelatedItem, set[str], float]] = []
    for sim, cid in scored:
        shingles = set(texts[cid])
        for item, head, head_raw in groups:
            # Copies of one story score alike against the query: compare only those.
            low, high = sorted((raw[cid], head_raw))
            if low >= high * DUPLICATE and _jaccard(shingles, head) >= DUPLICATE:
                feed = summaries[cid].feed_title
                if feed not in item.also_in and feed != item.article.feed_title:
                    item.also_in.append(feed)
                item.also_in_ids.append(cid)
                break
        else:
            groups.append((RelatedItem(summaries[cid], round(sim, 6)), shingles, raw[cid]))
    items = [g[0] for g in groups]
    return _spread_own_feed(items, me["feed_id"])[:limit]


def _copy_of_me(me: sqlite3.Row, other: ArticleSummary) -> bool:
    """The open article itself, carried by another feed (a category feed and the site's
    main feed, a `filter:` copy): the same link. Not "related". (A copy under another
    link, as a wire story in two papers, is shown: "also in" names where else it ran.)"""
    return bool(me["link"] and other.link and _same_link(me["link"], other.link))


def _same_link(a: str, b: str) -> bool:
    return a.rstrip("/").split("#")[0] == b.rstrip("/").split("#")[0]


def _spread_own_feed(items: list[RelatedItem], feed_id: int) -> list[RelatedItem]:
    """At most SAME_FEED_TOP5 of the first five from the open article's feed: further
    ones move down below the first five, keeping their order."""
    top: list[RelatedItem] = []
    held: list[RelatedItem] = []
    rest = list(items)
    while rest and len(top) < 5:
        item = rest.pop(0)
        own = sum(1 for t in top if t.article.feed_id == feed_id)
        if item.article.feed_id == feed_id and own >= SAME_FEED_TOP5:
            held.append(item)
        else:
            top.append(item)
    return top + held + rest
