"""Which single-byte charset undeclared European Latin-script text is in: windows-1252
(Western), windows-1254 / ISO-8859-9 (Turkish), or windows-1250 / ISO-8859-2 (Polish,
Czech, Slovak, Hungarian, Croatian, Slovene, Romanian).

These charsets share ASCII and most accented letters and differ at a few bytes: Turkish
ı ş ğ İ Ş Ğ sit where windows-1252 has ý þ ð Ý Þ Ð (Icelandic letters); ISO-8859-2 has
ą ś ź š ž ľ ť at 0xB1 0xB6 0xBC 0xB9 0xBE 0xB5 0xBB, where windows-1250 has ± ¶ Ľ ą ľ µ »
(and its š ž ś ź ť in 0x80-0x9F, control codes in ISO-8859-2). So each charset reads the
text, and the reading whose accented letters are all letters of *one* language that
charset is written in, inside words, wins: "Cumhurbaþkaný açýkladý" has ç, which
Icelandic lacks, while "Cumhurbaşkanı açıkladı" is Turkish through and through; "Zmiany
w ±wietle" has a ± inside a word, "Zmiany w świetle" is Polish. A tie goes to
windows-1252, then to the order of _CODECS; Icelandic, whose letters a Turkish reading
takes too, counts a little less than a language in a tie.

Chinese, Japanese or Korean bytes read this way come out as runs of symbols and accented
letters with no plain letter beside them ("±±¾©ÊÐ"), which no language here fits, or,
where a Big5 or Shift_JIS second byte is an ASCII letter, as capitals after small
letters ("ĽxĽ_" for Big5 "台北"), which are not counted.
"""

from __future__ import annotations

import re
from collections import Counter

_SAMPLE = 65_536
_HIGH_RUN_RE = re.compile(rb"[\x80-\xff]+")
_MIN_FIT = 0.8  # share of the non-ASCII characters one language must explain
_LONGEST_RUN = 3  # accented letters in a row inside a word ("ção" has two, "öß" two)

# The accented letters of each language (lower case; upper case is added below).
_ALPHABETS: dict[str, str] = {
    "de": "äöüß",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "es": "áéíñóúü",
    "pt": "àáâãçéêíóôõú",
    "it": "àèéìíîòóù",
    "ca": "àçèéíïòóú",
    "nl": "áéèëïóöü",
    "nordic": "åäæéöø",
    "is": "áæéíðóöúýþ",
    "tr": "âçğıîöşûü",
    "pl": "ąćęłńóśźż",
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "hu": "áéíóöőúüű",
    "ro": "ăâîşţ",
    "hr": "čćđšž",
    "sl": "čšž",
}
_CENTRAL = ("pl", "cs", "sk", "hu", "ro", "hr", "sl")
_LANGUAGES: dict[str, tuple[str, ...]] = {
    "cp1252": ("de", "fr", "es", "pt", "it", "ca", "nl", "nordic", "is"),
    "cp1254": ("tr",),
    "cp1250": _CENTRAL,
    "iso8859_2": _CENTRAL,
}
_CODECS = tuple(_LANGUAGES)
_PENALTY = {"is": 0.05}  # a reading as Icelandic loses a tie with one as Turkish
# Where a language's letters stand: Italian puts accents on a word's last letter
# ("città", "perché"), French œ comes before u, i or e ("cœur", "œil"), Portuguese ã
# and õ before o, e or s ("ação", "mães", "ões"), or at a word's end. Turkish ğ and
# Polish ą ę ń never start a word. So Hungarian "Győr" is not Portuguese "Gyõr", Czech
# "Sněmovna" not Italian "Snìmovna", Polish "Śląsk" not French "Œl¹sk".
_FOLLOWED_BY: dict[str, dict[str, str]] = {
    "it": dict.fromkeys(_ALPHABETS["it"], ""),
    "fr": {"œ": "uie"},
    "pt": {"ã": "oes", "õ": "e"},
}
_NOT_FIRST = {"tr": "ğ", "pl": "ąęń"}
# Accented letters that are words ("à", "è", Icelandic "á", "í").
_ALONE = frozenset("àÀèÈéÉáÁíÍóò")
_LETTER_WEIGHT, _MARK_WEIGHT = 1.0, 0.9  # a reading as letters beats one as marks


def _letters(lower: str) -> frozenset[str]:
    return frozenset(lower) | frozenset(lower.upper()) | ({"İ"} if "ı" in lower else set())


_LETTERS = {lang: _letters(chars) for lang, chars in _ALPHABETS.items()}
# Marks, by where they may stand: anywhere ("l’école", "Nord–Süd", Catalan "l·l"); not
# after a letter (opening); not before one; not between two.
_WORD_MARKS = frozenset("’‘–—·")
_OPENING = frozenset("„«¿¡")
_CLOSING = frozenset("»…©®™")
_BETWEEN_WORDS = frozenset("“”€°•\xa0£§½")


def _shape(sample: bytes) -> Counter[tuple[bytes, str, str]]:
    """Each run of non-ASCII bytes with the plain letter before and after it ("" when
    there is none)."""
    runs: Counter[tuple[bytes, str, str]] = Counter()
    for m in _HIGH_RUN_RE.finditer(sample):
        start, end = m.span()
        before, after = sample[start - 1 : start], sample[end : end + 1]
        runs[
            m.group(),
            before.decode() if before.isalpha() else "",
            after.decode() if after.isalpha() else "",
        ] += 1
    return runs


def _is_mark(ch: str, prev: str, nxt: str) -> bool:
    if ch in _WORD_MARKS:
        return True
    if ch in _OPENING:
        return not prev
    if ch in _CLOSING:
        return not nxt
    return ch in _BETWEEN_WORDS and not (prev and nxt)


def _placed(lang: str, ch: str, prev: str, nxt: str) -> bool:
    """Whether `lang` has letter `ch` between `prev` and `nxt` ("" for no letter)."""
    low = ch.lower()
    follow = _FOLLOWED_BY.get(lang, {}).get(low)
    if follow is not None and nxt and nxt.lower() not in follow:
        return False
    return bool(prev) or low not in _NOT_FIRST.get(lang, "")


def _fit(runs: Counter[tuple[bytes, str, str]], codec: str) -> float:
    """The best share of the non-ASCII characters that one of `codec`'s languages
    explains: its letters inside words, placed where that language has them, and marks
    where marks go."""
    letters: Counter[tuple[str, str, str]] = Counter()  # (letter, before, after)
    total = marks = 0.0
    for (run, before, after), n in runs.items():
        text = run.decode(codec, errors="replace")
        total += n * len(text)
        in_word = (before or after) and len(text) <= _LONGEST_RUN
        for i, ch in enumerate(text):
            prev = text[i - 1] if i else before
            nxt = text[i + 1] if i + 1 < len(text) else after
            if _is_mark(ch, prev, nxt):
                marks += n * _MARK_WEIGHT
            elif (ch.isupper() and prev.islower()) or (ch.islower() and nxt.isupper()):
                continue  # a capital after a small letter: "ĽxĽ_" is Big5 "台北"
            elif ch.isalpha() and (in_word or len(text) == 1):
                letters[ch, prev, nxt] += n
    if not total:
        return 0.0
    best = 0.0
    for lang in _LANGUAGES[codec]:
        alphabet = _LETTERS[lang]
        hits = initials = 0
        for (ch, prev, nxt), n in letters.items():
            if ch not in alphabet or not _placed(lang, ch, prev, nxt):
                continue
            if prev or nxt or ch in _ALONE:
                hits += n
            elif ch.isupper():  # an initial ("Ł. Nowak"), if the language has words here
                initials += n
        hits += initials if hits else 0
        best = max(best, (hits * _LETTER_WEIGHT + marks) / total - _PENALTY.get(lang, 0.0))
    return best


def guess(data: bytes, codecs: tuple[str, ...] = _CODECS) -> str | None:
    """The charset among `codecs` whose reading of `data` is the text of one European
    language, or None when no reading is."""
    runs = _shape(data[:_SAMPLE])
    if not runs:
        return None
    best, best_fit = None, _MIN_FIT - 1e-9
    for codec in codecs:
        fit = _fit(runs, codec)
        if fit > best_fit:
            best, best_fit = codec, fit
    return best
