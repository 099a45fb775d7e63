"""One spelling for Chinese characters in the search index and related-article ranking:
traditional characters (颱風, 半導體) and Japanese shinjitai (気) are folded to their
simplified form (台风, 半导体, 气), so that a search for 台风 finds a Taiwanese feed's 颱風
and 半导体 a Japanese feed's 半導体, and the other way round.

The table, hanzi_fold.tsv beside this module, is OpenCC's (TSCharacters and
JPShinjitaiCharacters, Apache-2.0), made by bench/make_hanzi_fold.py: one character for
one, the first choice where OpenCC offers several. Phrases are not converted (乾 becomes
OpenCC's first choice whatever the word; both sides of a match fold alike): folding is
for matching, never for display. A shinjitai character that is also a Chinese one (芸,
研...) is left as it is.

The table lives in the repository, not in a package that may be upgraded: the search
index keeps no text (contentless), so an article leaves it only with the very tokens it
went in with. A new table comes with a schema migration that re-indexes.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def table() -> dict[int, str]:
    """str.translate table: character -> its simplified form."""
    text = files("tidings.core").joinpath("hanzi_fold.tsv").read_text(encoding="utf-8")
    out: dict[int, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            source, _, target = line.partition("\t")
            out[ord(source)] = target
    return out


def fold(text: str) -> str:
    """`text` with every traditional or shinjitai character in its simplified form."""
    return text.translate(table())
