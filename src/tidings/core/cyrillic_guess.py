"""Which single-byte charset undeclared Cyrillic text is in: windows-1251, KOI8-R or
KOI8-U (Ukrainian і ї є ґ, where KOI8-R has box-drawing characters).

Both charsets put all 66 Russian letters in 0xC0-0xFF, capitals and small letters the
other way round, so each reads the other's text as Cyrillic too; what tells them apart is
the shape of the words: running text is small letters, after a capital at the start of
a word ("Москве"), while the wrong charset reads that word "мОСКВЕ". The reading whose
words are shaped as words wins, a tie going to windows-1251.

Chinese, Japanese and Korean bytes read as Cyrillic rarely give only letters (GBK's
second bytes fall in 0xA1-0xBF, where windows-1251 has symbols and KOI8 box drawing), and
more rarely words of that shape; but a short Chinese title can. So the CJK guess comes
first (encoding.py), except where the Cyrillic reading is *sure*: every word shaped, in
words of two letters (a single CJK character's bytes, too few for that guess to weigh),
or in enough letters that chance does not shape them.
"""

from __future__ import annotations

import re
from collections import Counter

_SAMPLE = 65_536
_HIGH_RUN_RE = re.compile(rb"[\x80-\xff]+")
_WORD_RE = re.compile(r"[^\W\d_]+")
# Punctuation beside the letters: « » „ “ ” – — … №, no-break space; Ukrainian ’ may
# also stand inside a word ("п’ять").
_MARKS = frozenset("«»„“”‘’–—…№\xa0")
_CODECS = ("cp1251", "koi8_r")
_KOI8_U_ONLY = frozenset(b"\xa4\xa6\xa7\xad\xb4\xb6\xb7\xbd")  # є і ї ґ Є І Ї Ґ
_LONGEST_ACRONYM = 4  # "США", "МВД": longer words all in capitals are not taken as shaped
_SURE_LETTERS = 6  # shaped letters in a reading that CJK bytes do not give by chance


def _shaped(word: str) -> bool:
    return (
        word.islower()
        or (word[0].isupper() and word[1:].islower())
        or (word.isupper() and len(word) <= _LONGEST_ACRONYM)
    )


_ONLY_CYRILLIC = re.compile(f"[\u0400-\u04ff {''.join(_MARKS)}]*")
_IN_WORD_OK = frozenset("’\xa0")  # an apostrophe, or a no-break space after "В"
_MARK_IN_WORD = re.compile(f"[^\\W\\d_][{''.join(_MARKS - _IN_WORD_OK)}][^\\W\\d_]")


def _fit(runs: bytes, codec: str) -> tuple[float, int]:
    """(share of the letters of `codec`'s reading of `runs` (the runs of non-ASCII
    bytes, a space apart) in words shaped as words, how many letters there are);
    (-1, 0) when a character is neither a Cyrillic letter nor punctuation outside a
    word ("АПЅЦТ№КР")."""
    text = runs.decode(codec, errors="replace")
    if not _ONLY_CYRILLIC.fullmatch(text) or _MARK_IN_WORD.search(text):
        return -1.0, 0
    letters = shaped = 0
    for word, n in Counter(_WORD_RE.findall(text.replace("’", ""))).items():
        letters += n * len(word)
        shaped += n * len(word) if _shaped(word) else 0
    return (shaped / letters if letters else -1.0), letters


def _reading(data: bytes) -> tuple[str, float, int] | None:
    """(charset, fit, letters) of the better Cyrillic reading, if a reading fits."""
    sample = data[:_SAMPLE]
    runs = _HIGH_RUN_RE.findall(sample)
    joined = b" ".join(runs)
    best = None
    for codec in _CODECS:
        fit, letters = _fit(joined, "koi8_u" if codec == "koi8_r" else codec)
        if fit > 0.5 and (best is None or fit > best[1]):
            best = (codec, fit, letters)
    if best is None or _beside_latin(sample) > len(runs) // 10:
        return None
    if best[0] == "koi8_r" and _KOI8_U_ONLY.intersection(joined):
        best = ("koi8_u", *best[1:])
    return best


def _beside_latin(sample: bytes) -> int:
    """Runs of non-ASCII bytes with a Latin letter beside them: Cyrillic words stand
    apart, while Shift_JIS or Big5 characters have ASCII letters as second bytes."""
    count = 0
    for m in _HIGH_RUN_RE.finditer(sample):
        start, end = m.span()
        around = sample[start - 1 : start] + sample[end : end + 1]
        count += any(chr(c).isalpha() for c in around)
    return count


def guess(data: bytes) -> str | None:
    """windows-1251, KOI8-R or KOI8-U for text whose non-ASCII bytes are Cyrillic
    letters (mostly in words shaped as words) and punctuation, in words of their own."""
    reading = _reading(data)
    return reading[0] if reading else None


def sure(data: bytes) -> str | None:
    """guess(), when its reading is too well shaped to be CJK bytes by chance: every
    word shaped, in at least six letters, or in words of two letters each a capital
    then a small one ("Пр": a single CJK character's bytes each, too little for the CJK
    guess to weigh)."""
    reading = _reading(data)
    if reading is None or reading[1] < 1.0:
        return None
    codec, _, letters = reading
    if letters >= _SURE_LETTERS:
        return codec
    runs = _HIGH_RUN_RE.findall(data[:_SAMPLE])
    reader = "koi8_u" if codec.startswith("koi8") else codec
    words = [run.decode(reader) for run in runs]
    return codec if all(len(w) == 2 and w[0].isupper() and w[1].islower() for w in words) else None
