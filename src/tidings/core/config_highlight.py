"""feeds.yaml's `highlight:` list: newsboat's `highlight`, `highlight-article` and
`highlight-feed`, each rule what to colour and its colours in the words of `colors:`:

    highlight:
      - text: "typhoon|台风"            # a regular expression, any case: coloured wherever
        color: red default bold       # it matches (lists, titles, the article)
      - text: "^(Title|Date):.*$"
        color: blue default
        in: article                   # only there: all, feedlist, articlelist, article
      - articles: title:Breaking is:unread   # a search: the article rows it finds
        color: white red bold
      - feeds: unread>10 tag:news     # a feed condition: the feed rows it holds for
        color: yellow default

Checked here, each mistake with its line (all of a rule's, not only its first), as config.py checks the rest: the pattern
(tidings.core.ignore.compile_pattern: one that could backtrack for ever is refused),
the search (tidings.core.search_query; a `"` or `(` left open is a mistake here, though
the search box forgives it), the feed condition and the colours
(tidings.core.config_colors.parse_color). The reader draws them (tidings.tui.highlights).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from tidings.core.config_colors import parse_color
from tidings.core.highlight_rows import MAX_MARKS, feed_condition, store_conditions
from tidings.core.ignore import RuleError, compile_pattern
from tidings.core.models import ColorSpec, HighlightRule
from tidings.core.search_operators import QueryError
from tidings.core.search_query import check, parse
from tidings.core.search_syntax import unclosed

if TYPE_CHECKING:
    from tidings.core.config import _Checker

MAX_HIGHLIGHTS = 200
MAX_CONDITION = 500  # characters of a search or feed condition
KINDS = ("text", "articles", "feeds")
KEYS = (*KINDS, "color", "in")
PLACES = ("all", "feedlist", "articlelist", "article")  # newsboat's names for them
_NULL = "tag:yaml.org,2002:null"
_EXAMPLE = '- {text: "typhoon|台风", color: red default bold}'


def check_highlights(checker: _Checker, node: yaml.Node) -> tuple[HighlightRule, ...]:
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        checker.error(node, "highlight", f"expected a list of rules, e.g. {_EXAMPLE}")
        return ()
    if len(node.value) > MAX_HIGHLIGHTS:
        checker.error(node, "highlight", f"{len(node.value)} rules; at most {MAX_HIGHLIGHTS}")
        return ()
    out: list[HighlightRule] = []
    marks = 0
    for i, item in enumerate(node.value):
        field = f"highlight[{i}]"
        if not isinstance(item, yaml.MappingNode):
            checker.error(item, field, f"expected a rule with a colour, e.g. {_EXAMPLE}")
            continue
        rule = _rule(checker, item, field)
        if rule is None:
            continue
        if rule.kind == "articles":
            marks += store_conditions(rule.value)
            if marks > MAX_MARKS:
                checker.error(
                    item,
                    f"{field}.articles",
                    f"the articles: rules look for more than {MAX_MARKS} things in all"
                    " (words, feed:, tag:…); join some of them into one rule with OR",
                )
                continue
        out.append(rule)
    return tuple(out)


def _rule(checker: _Checker, item: yaml.MappingNode, field: str) -> HighlightRule | None:
    """The rule, or None after reporting each of its mistakes (not only the first)."""
    values: dict[str, yaml.Node] = dict(checker.mapping(item, field, KEYS))
    kinds = [k for k in KINDS if k in values]
    ok = len(kinds) == 1
    if not ok:
        said = " and ".join(f"{k}:" for k in kinds) if kinds else "none of them"
        checker.error(item, field, f"a rule has one of text:, articles: or feeds: (it has {said})")
    checked = {k: _value(checker, values[k], f"{field}.{k}") for k in kinds}
    color = None
    if "color" in values:
        color = _color(checker, values["color"], f"{field}.color")
    else:
        checker.error(item, f"{field}.color", "missing; e.g. color: red default bold")
    where: tuple[str, ...] = ("all",)
    if "in" in values:
        if kinds and "text" not in kinds:
            checker.error(values["in"], f"{field}.in", "only a text: rule takes in:")
            ok = False
        else:
            where = _places(checker, values["in"], f"{field}.in") or ()
            ok = ok and bool(where)
    if not ok or color is None or None in checked.values():
        return None
    kind = kinds[0]
    return HighlightRule(kind, checked[kind], color, where, item.start_mark.line + 1)


def _value(checker: _Checker, node: yaml.Node, field: str) -> str | None:
    """The rule's pattern or condition, checked."""
    kind = field.rsplit(".", 1)[1]
    text = checker.text(node, field) if isinstance(node, yaml.ScalarNode) else None
    if text is None:
        what = {"text": "a regular expression", "articles": "a search", "feeds": "a condition"}
        checker.error(node, field, f"expected {what[kind]}, got nothing usable")
        return None
    if kind != "text" and len(text) > MAX_CONDITION:
        checker.error(node, field, f"{len(text)} characters; at most {MAX_CONDITION}")
        return None
    try:
        if kind == "text":
            compile_pattern(text)
        elif kind == "articles":
            problem = unclosed(text) or check(text) or _finds_nothing(text)
            if problem:
                raise QueryError(problem)
        else:
            feed_condition(text)
    except (RuleError, QueryError) as exc:
        checker.error(node, field, str(exc))
        return None
    return text


def _finds_nothing(query: str) -> str | None:
    if parse(query):
        return None
    return "looks for nothing (only punctuation); e.g. title:Breaking is:unread"


def _color(checker: _Checker, node: yaml.Node, field: str) -> ColorSpec | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
        checker.error(node, field, 'expected FG BG [ATTR...] (quote a #rrggbb: "#ff8800")')
        return None
    spec, problem = parse_color(str(node.value))
    if spec is None:
        checker.error(node, field, problem or "not a colour")
    return spec


def _places(checker: _Checker, node: yaml.Node, field: str) -> tuple[str, ...] | None:
    words: list[str] = []
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    for item in items:
        word = str(item.value).strip().lower() if isinstance(item, yaml.ScalarNode) else ""
        if word not in PLACES:
            shown = f"{word!r} is not a place; " if word else ""
            checker.error(item, field, f"{shown}expected {', '.join(PLACES)}, or a list of them")
            return None
        words.append(word)
    return tuple(dict.fromkeys(words))
