"""CJK-aware tokenising shared by the search index and related-article ranking.

Chinese and Japanese have no spaces between words, so runs of CJK characters are
cut into overlapping character bigrams (a lone character stays a unigram), each
character in its simplified form (hanzi_fold: 颱風 is indexed as 台风); other
scripts are split into lower-cased words. Both the FTS index and queries use the
same function, so a query of two Chinese characters finds them anywhere.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from functools import cache

from tidings.core import hanzi_fold

# Han, Hiragana, Katakana, Hangul syllables and jamo, CJK compatibility ideographs.
_CJK = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\U00020000-\U0002ffff"
)
WORD_CHAR = rf"[^\W_{_CJK}]"  # a letter or digit of a word (not of a CJK run)
_TOKEN_RE = re.compile(rf"[{_CJK}]+|{WORD_CHAR}+", re.UNICODE)
_RUNS_RE = re.compile(rf"([{_CJK}]+)|({WORD_CHAR}+)", re.UNICODE)  # _TOKEN_RE's, which is which
_LONG_RUN = 24  # CJK characters from which _bigrams() cuts a run in bytes
_CJK_RE = re.compile(rf"[{_CJK}]")
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# ASCII bytes that are not word characters ([^\W_] is [A-Za-z0-9] in ASCII) -> spaces,
# capitals -> lower case.
_ASCII_WORDS = bytes(
    c if (48 <= c <= 57 or 97 <= c <= 122) else c + 32 if 65 <= c <= 90 else 32 for c in range(256)
)


def is_cjk(ch: str) -> bool:
    return bool(_CJK_RE.match(ch))


@cache
def fold_table() -> dict[int, str]:
    """hanzi_fold's table (traditional and shinjitai -> simplified), kept to characters
    that are CJK here on both sides: a run of CJK characters stays one run, of the same
    length, so folding an indexed text's tokens gives the tokens of the folded text."""
    return {
        k: v for k, v in hanzi_fold.table().items() if _CJK_RE.match(chr(k)) and _CJK_RE.match(v)
    }


@cache
def _foldable() -> frozenset[str]:
    """The characters fold_table() changes."""
    return frozenset(map(chr, fold_table()))


@cache
def _spellings() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for k, v in fold_table().items():
        out.setdefault(v, [v]).append(chr(k))
    return {k: tuple(v) for k, v in out.items()}


def spellings(ch: str) -> tuple[str, ...]:
    """Every form of a (folded) character that folds to it: 台 -> 台, 颱, 臺..."""
    return _spellings().get(ch, (ch,))


def fold_text(text: object) -> str:
    """`text` folded for a comparison that ignores case and width and the spelling of
    Chinese characters: NFKC, casefold, simplified (颱風 -> 台风). None -> ""."""
    if text is None:
        return ""
    return unicodedata.normalize("NFKC", str(text)).casefold().translate(fold_table())


def word_runs(text: str) -> list[str]:
    """`text`'s words and runs of CJK characters, as written (not lower-cased, folded or
    cut into bigrams): "iPhone手机 price" -> ["iPhone", "手机", "price"]."""
    return _TOKEN_RE.findall(text)


def tokens(text: str, *, fold: bool = True) -> list[str]:
    """Split `text` into index tokens: lower-cased words and CJK bigrams (folded to
    simplified characters; fold=False: as written, the index before schema 5)."""
    out: list[str] = []
    if not text:
        return out
    text = unicodedata.normalize("NFKC", text)
    table = fold_table() if fold else {}
    for m in _TOKEN_RE.finditer(text):
        run = m.group(0)
        if _CJK_RE.match(run[0]):
            run = run.translate(table)  # 颱風 and 台风 are one word to search and rank
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run.lower())
    return out


def index_text(text: str, *, fold: bool = True) -> str:
    """Text for an FTS5 column with the unicode61 tokenizer: the tokens of `text` with
    spaces between them; ASCII text keeps its runs of spaces (split() gives the tokens:
    the index sees the same ones either way, and this is what most feeds' text costs)."""
    if not text:
        return ""
    if text.isascii():  # NFKC leaves ASCII alone; one bytes.translate does the rest
        return text.encode().translate(_ASCII_WORDS).decode()
    text = unicodedata.normalize("NFKC", text)
    if not _CJK_RE.search(text):  # fast path: no CJK, just words
        return " ".join(_WORD_RE.findall(text)).lower()
    # tokens(), joined: folded in one go (the table changes CJK characters only, one
    # for one, so runs stay as they were), a long run's bigrams cut all at once
    if fold and not _foldable().isdisjoint(text):
        text = text.translate(fold_table())
    parts = []
    for run, word in _RUNS_RE.findall(text):
        if word:
            parts.append(word.lower())
        elif len(run) == 1:
            parts.append(run)
        elif len(run) < _LONG_RUN:
            parts.append(" ".join(map(operator.add, run, run[1:])))
        else:
            parts.append(_bigrams(run))
    return " ".join(parts)


def _bigrams(run: str) -> str:
    """The overlapping character pairs of `run` with spaces between: "ab bc cd" for
    "abcd", built in UTF-32 (four bytes a character) by slicing."""
    data = run.encode("utf-32-le")
    out = bytearray(b" \0\0\0") * (3 * (len(run) - 1))  # pair, pair, space, ...
    for k in range(4):
        out[k::12] = data[k:-4:4]  # each pair's first character
        out[k + 4 :: 12] = data[k + 4 :: 4]  # and its second
    return out[:-4].decode("utf-32-le")
