"""Guesses for bytes that are not UTF-8 and whose charset label is missing or wrong.

Statistical detection (charset-normalizer) needs more text than a feed of headlines
often has: an undeclared Latin-1 "Größter Streik" came out as HP Roman-8, French as
Central European, "Lies ñé" as Big5. Two cheaper signals come first:

- the document's language (`<language>` in RSS, `xml:lang`, `<html lang>`,
  `<dc:language>`): a language names its legacy charsets (de -> windows-1252,
  ru -> windows-1251, zh-TW -> Big5, ja -> Shift_JIS...);
- the shape of the non-ASCII bytes: Western European text has an accented letter here
  and there (runs of one or two bytes between ASCII), while Chinese, Japanese, Korean,
  Cyrillic, Greek or Arabic text comes in long runs of them.

And a feed that is UTF-8 with a few stray Latin-1 bytes (an item pasted from an old
system) stays UTF-8: only the stray bytes are read as windows-1252.
"""

from __future__ import annotations

import codecs
import re

from tidings.core import latin_guess

_LANG_RE = re.compile(
    rb"""(?:<(?:dc:)?language>\s*|\b(?:xml:)?lang\s*=\s*["']?)([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2,4}))?""",
    re.I,
)
_HIGH_RUN_RE = re.compile(rb"[\x80-\xff]+")
_SAMPLE = 65_536

_CYRILLIC_LANGUAGES = ("ru", "uk", "be", "bg", "sr", "mk")
_LATIN_LANGUAGES = ("pl", "cs", "sk", "hu", "sl", "hr", "bs", "ro")
_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "zh": ("gb18030", "big5hkscs"),
    "ja": ("cp932", "euc_jp"),
    "ko": ("cp949",),
    **dict.fromkeys(_CYRILLIC_LANGUAGES, ("cp1251",)),
    **dict.fromkeys(_LATIN_LANGUAGES, ("cp1250", "iso8859_2")),
    "el": ("cp1253",),
    "tr": ("cp1254",),
    "he": ("cp1255",),
    **dict.fromkeys(("ar", "fa", "ur"), ("cp1256",)),
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257",)),
    "vi": ("cp1258",),
}
_TRADITIONAL = {"tw", "hk", "mo", "hant"}
WESTERN = "cp1252"


def _codec_of_stray_byte(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start : error.end]
    return bytes(bad).decode(WESTERN, errors="replace"), error.end


codecs.register_error("tidings-stray-latin1", _codec_of_stray_byte)


def mostly_utf8(data: bytes) -> str | None:
    """`data` as UTF-8 when it holds more well-formed UTF-8 characters than bytes that
    are not (its stray bytes read as windows-1252); None otherwise."""
    good = bad = 0
    for run in _HIGH_RUN_RE.finditer(data[:_SAMPLE]):
        text = run.group().decode("utf-8", errors="replace")
        bad += text.count("\ufffd")
        good += len(text) - text.count("\ufffd")
    if good <= bad:
        return None
    return data.decode("utf-8", errors="tidings-stray-latin1")


def by_language(data: bytes) -> tuple[str, str] | None:
    """(text, charset): the document decoded with its language's legacy charset, if it
    names a language and the bytes fit that charset."""
    m = _LANG_RE.search(data[:4096])
    if m is None:
        return None
    lang = m.group(1).decode("ascii").lower()
    region = (m.group(2) or b"").decode("ascii").lower()
    candidates = _BY_LANGUAGE.get(lang, (WESTERN,))
    if lang == "zh" and region in _TRADITIONAL:
        candidates = candidates[::-1]
    if lang in _CYRILLIC_LANGUAGES:
        enc = looks_cyrillic(data) or candidates[0]
        return data.decode(enc, errors="replace"), enc
    if len(candidates) > 1 and lang in _LATIN_LANGUAGES:
        enc = latin_guess.guess(data, candidates) or candidates[0]
        return data.decode(enc, errors="replace"), enc
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    if len(candidates) == 1:  # a single-byte charset: a byte it leaves undefined is rare
        return data.decode(candidates[0], errors="replace"), candidates[0]
    return None


def at_most_non_ascii(data: bytes, limit: int) -> bool:
    """Whether `data` holds at most `limit` non-ASCII bytes (in its first 64 KB)."""
    count = 0
    for run in _HIGH_RUN_RE.finditer(data[:_SAMPLE]):
        count += run.end() - run.start()
        if count > limit:
            return False
    return True


# windows-1251 / KOI8 punctuation beside the letters: « » „ “ ” – — … №, no-break space.
_CYRILLIC_MARKS = frozenset("«»„“”‘’–—…№\xa0·")
_CYRILLIC_CODECS = ("cp1251", "koi8_r")
_KOI8_U_ONLY = frozenset(b"\xa4\xa6\xa7\xad\xb4\xb6\xb7\xbd")  # є і ї ґ Є І Ї Ґ
_WORD_RE = re.compile(r"[^\W\d_]+")


def _cyrillic_fit(runs: list[bytes], codec: str) -> float:
    """Share of the letters of `codec`'s reading that sit in words shaped as words are
    (all small, all capitals, or a capital then small letters); -1 when a character is
    neither a Cyrillic letter nor punctuation."""
    letters = shaped = 0
    for run in runs:
        text = run.decode(codec, errors="replace")
        for word in _WORD_RE.findall(text):
            if not all("\u0400" <= ch <= "\u04ff" for ch in word):
                return -1.0
            letters += len(word)
            if word.islower() or word.isupper() or word[1:].islower():
                shaped += len(word)
        if any(not ch.isalpha() and ch not in _CYRILLIC_MARKS for ch in text):
            return -1.0
    return shaped / letters if letters else -1.0


def looks_cyrillic(data: bytes) -> str | None:
    """windows-1251, KOI8-R or KOI8-U, for text whose non-ASCII bytes are all Cyrillic
    letters (or punctuation) in words of their own, not beside Latin letters (as a CJK
    charset's bytes with ASCII second bytes are). Of the two readings, the one whose
    words are shaped as words (small letters after a capital, not "лН" for "Мо") wins;
    a tie goes to windows-1251. KOI8 text with Ukrainian і ї є ґ is KOI8-U."""
    sample = data[:_SAMPLE]
    runs, beside_latin = [], 0
    for m in _HIGH_RUN_RE.finditer(sample):
        runs.append(m.group())
        start, end = m.span()
        around = sample[start - 1 : start] + sample[end : end + 1]
        beside_latin += any(chr(c).isalpha() for c in around)
    if not runs or beside_latin > len(runs) // 10:
        return None
    best, best_fit = None, 0.5
    for codec in _CYRILLIC_CODECS:
        fit = _cyrillic_fit(runs, "koi8_u" if codec == "koi8_r" else codec)
        if fit > best_fit:
            best, best_fit = codec, fit
    if best == "koi8_r" and any(_KOI8_U_ONLY.intersection(run) for run in runs):
        return "koi8_u"
    return best
