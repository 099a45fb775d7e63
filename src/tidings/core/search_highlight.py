"""What a search found, marked in the article it opened (as a browser's find-in-page, or
newsboat's highlighting of the search phrase).

The pattern follows the query syntax of tidings.core.search_query: every word and
phrase to find is marked (title:x's x too, wherever it stands), words left out
(`-word`, or in `-(…)`), `OR`, parentheses and the other operators (is:unread,
feed:bbc...) are not. It finds what the
index found: Latin words whole and in any case; a run of Chinese or Japanese anywhere,
in any of its characters' spellings (a search for 台风 marks 颱風); a phrase's words
with anything but letters between them. The text it runs over is laid out for the
screen, so a line break (with the indent after it) may stand inside a phrase or a run.
"""

from __future__ import annotations

import re
import unicodedata

from rich.text import Text

from tidings.core.search_query import chunks
from tidings.core.tokenize import WORD_CHAR, fold_table, is_cjk, spellings, word_runs

STYLE_FOUND = "reverse"
_BREAK = r"(?:\n[ │]*)?"  # where the layout may have broken a run of CJK
_GAP = r"[\W_]"  # between the words of a phrase: spaces, punctuation, line breaks
_MAX_CHUNKS = 32


def find_pattern(query: str | None) -> re.Pattern[str] | None:
    """A regular expression for what `query` looks for, or None if it looks for
    nothing that can be shown (only words left out, or no words at all)."""
    if not query:
        return None
    parts = []
    for text in chunks(query)[:_MAX_CHUNKS]:
        runs = word_runs(unicodedata.normalize("NFKC", text))
        if runs:
            typed = text.rstrip()
            prefix = typed.endswith("*") and len(typed) > 1 and typed[-2].isalnum()
            parts.append(_phrase(runs, prefix=prefix))
    if not parts:
        return None
    # Longest first, so "sea wall" is marked whole where "sea" is also sought.
    parts.sort(key=len, reverse=True)
    return re.compile("|".join(parts), re.IGNORECASE)


def _phrase(runs: list[str], *, prefix: bool = False) -> str:
    """`prefix` (typh*): the last word is the start of one, marked whole (Typhoon)."""
    out = []
    for i, run in enumerate(runs):
        last = i == len(runs) - 1
        if is_cjk(run[0]):
            out.append(_BREAK.join(_spellings_class(ch) for ch in run))
        elif prefix and last:
            out.append(rf"(?<!{WORD_CHAR}){re.escape(run)}{WORD_CHAR}*")
        else:
            word = re.escape(run)
            # a whole word, as the index has it: not inside a longer one
            out.append(rf"(?<!{WORD_CHAR}){word}(?!{WORD_CHAR})")
        if i < len(runs) - 1:
            # none needed beside CJK: "iPhone手机" is the phrase iphone 手机
            out.append(f"{_GAP}*" if is_cjk(run[-1]) or is_cjk(runs[i + 1][0]) else f"{_GAP}+")
    return "".join(out)


def _spellings_class(ch: str) -> str:
    folded = fold_table().get(ord(ch), ch)
    forms = spellings(folded)
    if len(forms) == 1:
        return re.escape(forms[0])
    return "[" + "".join(re.escape(f) for f in forms) + "]"


def mark_found(text: Text, query: str | None) -> int:
    """Style what `query` looks for in `text` (in place); how many places were found."""
    pattern = find_pattern(query)
    if pattern is None:
        return 0
    return text.highlight_regex(pattern, STYLE_FOUND)
