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

_LANG_RE = re.compile(
    rb"""(?:<(?:dc:)?language>\s*|\b(?:xml:)?lang\s*=\s*["']?)([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2,4}))?""",
    re.I,
)
_HIGH_RUN_RE = re.compile(rb"[\x80-\xff]+")
_SAMPLE = 65_536

_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "zh": ("gb18030", "big5hkscs"),
    "ja": ("cp932", "euc_jp"),
    "ko": ("cp949",),
    **dict.fromkeys(("ru", "uk", "be", "bg", "sr", "mk"), ("cp1251",)),
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "bs", "ro"), ("cp1250",)),
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
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    if len(candidates) == 1:  # a single-byte charset: a byte it leaves undefined is rare
        return data.decode(candidates[0], errors="replace"), candidates[0]
    return None


def looks_western(data: bytes) -> bool:
    """Read as windows-1252, its non-ASCII characters are what Western European text
    has: accented letters beside plain ones (inside words: "Größter", "España") and
    typographic marks. Chinese, Japanese or Korean bytes read that way come out as runs
    of symbols and accented letters with no plain letter beside them ("±±¾©ÊÐ")."""
    text = data[:_SAMPLE].decode(WESTERN, errors="replace")
    seen = fitting = 0
    for i, ch in enumerate(text):
        if ch < "\x80":
            continue
        seen += 1
        if ch in _MARKS or (ch in _LETTERS and _in_a_word(text, i)):
            fitting += 1
    return seen > 0 and fitting >= 0.8 * seen


_LETTERS = frozenset("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïñòóôõöøùúûüýþÿŒœŠšŽžŸ")
_MARKS = frozenset("“”‘’–—…€«»°·•\xa0¡¿©®™£§½")


def _in_a_word(text: str, i: int) -> bool:
    """A plain letter beside the letter at `i`, or it is a word of its own ("à")."""
    before, after = text[i - 1 : i], text[i + 1 : i + 2]
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return True
    return all(c.isascii() and not c.isalnum() for c in (before, after))


# windows-1251 / KOI8-R beside the letters: Ё ё, №, « », quotes and dashes, no-break space.
_CYRILLIC_MARKS = frozenset(b"\xa8\xb8\xb9\xab\xbb\x93\x94\x96\x97\x85\xa0\xa3\xb3\xbf")


def looks_cyrillic(data: bytes) -> str | None:
    """windows-1251 or KOI8-R, for text whose non-ASCII bytes are all letters of those
    charsets' upper halves (0xC0-0xFF in both) in words of their own, not beside Latin
    letters (as a CJK charset's bytes with ASCII second bytes are). Running text is
    mostly small letters: 0xE0-0xFF in windows-1251, 0xC0-0xDF in KOI8-R."""
    sample = data[:_SAMPLE]
    letters = small_1251 = beside_latin = 0
    for run in _HIGH_RUN_RE.finditer(sample):
        for b in run.group():
            if b >= 0xC0:
                letters += 1
                small_1251 += b >= 0xE0
            elif b not in _CYRILLIC_MARKS:
                return None
        start, end = run.span()
        around = sample[start - 1 : start] + sample[end : end + 1]
        beside_latin += any(chr(c).isalpha() for c in around)
    runs = len(_HIGH_RUN_RE.findall(sample))
    if not letters or beside_latin > runs // 10:
        return None
    return "cp1251" if small_1251 * 2 >= letters else "koi8_r"
