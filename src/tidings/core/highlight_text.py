"""feeds.yaml's `highlight: - {text: REGEX, …}` rules found in text: the places a
rule's regular expression matches, in a list row's text or in an article laid out for
the screen (newsboat's `highlight all "typhoon|台风" red`).

The patterns are compiled once, ignoring case, `^` and `$` at each line's ends
(tidings.core.ignore.compile_pattern refuses those that could backtrack for ever). Only styles are added: the text shown,
cleaned of control characters before, is never changed. In an article laid out for
the screen a run of Chinese or Japanese may be broken over two lines (a line break and
its indent between two wide characters); such a break is looked through, so 台风 is
found, and coloured, on both lines; the break itself is not coloured. Latin text breaks
at spaces, which a pattern matching words keeps to one line, as in newsboat.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import TypeVar

from rich.cells import get_character_cell_size
from rich.text import Text

from tidings.core import ignore

__all__ = ["compile_pattern", "find", "mark_laid_out", "runs"]

S = TypeVar("S")
_BREAK = re.compile(r"(?<=[^\n])\n[ │]*(?=[^\n])")  # a line break inside a paragraph
MAX_TEXT = 200_000  # characters of an article looked through


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A rule's pattern: any case, and ^ and $ at each line's ends, as newsboat matches
    line by line (ignore.RuleError for one it refuses)."""
    return ignore.compile_pattern(pattern, re.MULTILINE)


def find(text: str, patterns: Sequence[re.Pattern[str]]) -> Iterator[tuple[int, int, int]]:
    """(start, end, which pattern) of every non-empty match in `text`, pattern by pattern."""
    for n, pattern in enumerate(patterns):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                yield m.start(), m.end(), n


def runs(text: str, rules: Sequence[tuple[re.Pattern[str], S]]) -> list[tuple[str, S | None]]:
    """`text` cut into runs of one style each: a rule's where it matches (a later rule
    over an earlier one), None elsewhere. One run of None when nothing matches."""
    found = list(find(text, [pattern for pattern, _ in rules]))
    if not found:
        return [(text, None)]
    which: list[int] = [-1] * len(text)
    for start, end, n in found:
        which[start:end] = [n] * (end - start)
    out: list[tuple[str, S | None]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or which[i] != which[start]:
            n = which[start]
            out.append((text[start:i], rules[n][1] if n >= 0 else None))
            start = i
    return out


def _wide(char: str) -> bool:
    return get_character_cell_size(char) == 2


def mark_laid_out(text: Text, rules: Sequence[tuple[re.Pattern[str], object]]) -> int:
    """Style the matches of `rules` ((pattern, style)) in `text`, an article laid out
    for the screen (in place); how many places were found."""
    plain = text.plain[:MAX_TEXT]
    # The text with the breaks between two wide characters taken out, and where each
    # piece of it starts in the text and in `plain`.
    pieces: list[str] = []
    starts: list[tuple[int, int]] = [(0, 0)]
    last = 0
    for m in _BREAK.finditer(plain):
        if _wide(plain[m.start() - 1]) and _wide(plain[m.end()]):
            pieces.append(plain[last : m.start()])
            last = m.end()
            starts.append((starts[-1][0] + m.start() - starts[-1][1], last))
    pieces.append(plain[last:])
    joined = "".join(pieces)
    at_starts = [at for at, _ in starts]
    found = 0
    for start, end, n in find(joined, [pattern for pattern, _ in rules]):
        found += 1
        piece = bisect_right(at_starts, start) - 1
        while piece < len(starts) and starts[piece][0] < end:
            at, origin = starts[piece]
            until = at_starts[piece + 1] if piece + 1 < len(starts) else len(joined)
            lo, hi = max(start, at), min(end, until)
            if lo < hi:
                text.stylize(rules[n][1], origin + lo - at, origin + hi - at)  # type: ignore[arg-type]
            piece += 1
    return found
