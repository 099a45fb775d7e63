"""feeds.yaml's `searches:` list: saved searches, shown in the feed pane as places of
their own with unread counts (newsboat's query feeds), checked as config.py checks the
rest of the file.

    searches:
      - 台风 OR typhoon                 # the query is also its name
      - title: Chips                   # or a name and a query
        query: 半导体 OR semiconductor -"stock price"
      - title: Unread storms           # operators too (tidings.core.search_operators)
        query: 台风 OR typhoon is:unread newer:3d

A query with an operator it cannot take (`newer:3x`) is a mistake in the file, with
its line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from tidings.core.models import SavedSearch
from tidings.core.search_query import check

if TYPE_CHECKING:
    from tidings.core.config import _Checker

MAX_SEARCHES = 200
MAX_QUERY = 500  # characters
SEARCH_KEYS = ("title", "query")


def check_searches(checker: _Checker, node: yaml.Node) -> list[SavedSearch]:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return []
    if not isinstance(node, yaml.SequenceNode):
        checker.error(
            node, "searches", "expected a list of searches (a query, or title: and query:)"
        )
        return []
    if len(node.value) > MAX_SEARCHES:
        checker.error(node, "searches", f"{len(node.value)} searches; at most {MAX_SEARCHES}")
        return []
    out: list[SavedSearch] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(node.value):
        field = f"searches[{i}]"
        line = item.start_mark.line + 1
        where, where_field = item, field  # the query's node, for a bad operator's line
        if isinstance(item, yaml.MappingNode):
            values: dict[str, str | None] = {}
            for key, v in checker.mapping(item, field, SEARCH_KEYS):
                values[key] = checker.text(v, f"{field}.{key}")
                if key == "query":
                    where, where_field = v, f"{field}.query"
            query = values.get("query")
            title = values.get("title") or query
            if query is None and "query" not in values:
                checker.error(item, f"{field}.query", "missing; a saved search needs a query")
                continue
        elif isinstance(item, yaml.ScalarNode):
            query = title = checker.text(item, field)
        else:
            checker.error(item, field, "expected a query, or title: and query:")
            continue
        if not query:
            checker.error(item, field, "empty query")
            continue
        if len(query) > MAX_QUERY:
            checker.error(item, field, f"a query of {len(query)} characters; at most {MAX_QUERY}")
            continue
        assert title is not None
        wrong = check(query)
        if wrong is not None:
            checker.error(where, where_field, wrong)
            continue
        if title in seen:
            checker.error(
                item, field, f"the name {title!r} is used twice (lines {seen[title]} and {line})"
            )
            continue
        seen[title] = line
        out.append(SavedSearch(title, query, line))
    return out
