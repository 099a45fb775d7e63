"""Guesses for bytes that are not UTF-8 and whose charset label is missing or wrong.

Statistical detection (charset-normalizer) needs more text than a feed of headlines
often has: an undeclared Latin-1 "Größter Streik" came out as HP Roman-8, French as
Central European, "Lies ñé" as Big5. Two cheaper signals come first:

- the document's language (`<language>` in RSS, `xml:lang`, `<html lang>`,
  `<dc:language>`): a language names its legacy charsets (de -> windows-1252,
  ru -> windows-1251, zh-TW -> Big5, ja -> Shift_JIS...);
- the shape of the non-ASCII bytes: European text has an accented letter here and
  there (runs of one or two bytes between ASCII), letters of one language in the places
  that language has them (latin_guess.py), while Chinese, Japanese, Korean, Cyrillic,
  Greek or Arabic text comes in long runs of them (cjk_guess.py, cyrillic_guess.py).

And a feed that is UTF-8 with a few stray Latin-1 bytes (an item pasted from an old
system) stays UTF-8: only the stray bytes are read as windows-1252.
"""

from __future__ import annotations

import codecs
import re

from tidings.core import cyrillic_guess, latin_guess

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
        enc = cyrillic_guess.guess(data) or candidates[0]
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
