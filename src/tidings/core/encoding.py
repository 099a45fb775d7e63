"""Turn the bytes of a feed or a web page into text, whatever charset it claims.

Order of evidence: a byte-order mark, the HTTP ``charset`` parameter, the document's
own declaration (XML prolog, or ``<meta>`` for HTML), then UTF-8 if the bytes are valid
UTF-8 (or nearly: a few stray bytes), then the document's language (charset_guess.py),
then the European Latin charset whose reading is one language's letters in their places
(latin_guess.py: windows-1252, windows-1254, windows-1250, ISO-8859-2), then the Chinese,
Japanese or Korean charset whose reading is made of that language's common characters
(cjk_guess.py), then windows-1251 / KOI8-R / KOI8-U for Cyrillic words
(cyrillic_guess.py; before the CJK guess when it is sure), then statistical detection
(charset-normalizer). Chinese, Japanese and Korean
legacy charsets are widened to their supersets (GBK -> GB18030, Big5 -> Big5-HKSCS,
Shift_JIS -> CP932, EUC-KR -> CP949), as browsers do. A declared charset the bytes do
not fit is ignored rather than allowed to garble the text. Nothing here raises.
"""

from __future__ import annotations

import codecs
import re

from tidings.core import charset_guess, cjk_guess, cyrillic_guess, latin_guess

__all__ = ["decode_feed", "decode_html", "normalize_charset", "charset_from_content_type"]

# Label (lower-cased, '_' -> '-') -> Python codec name.
_ALIASES: dict[str, str] = {
    # Chinese (simplified): everything GB-ish is read as GB18030, its superset.
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "gb-2312": "gb18030",
    "gb-2312-80": "gb18030",
    "gb2312-80": "gb18030",
    "csgb2312": "gb18030",
    "x-gbk": "gb18030",
    "x-gb2312": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "euc-cn": "gb18030",
    "chinese": "gb18030",
    "iso-ir-58": "gb18030",
    "gb18030": "gb18030",
    # Chinese (traditional)
    "big5": "big5hkscs",
    "big-5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cn-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cp950": "cp950",
    # Japanese
    "shift-jis": "cp932",
    "shiftjis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms-kanji": "cp932",
    "csshiftjis": "cp932",
    "windows-31j": "cp932",
    "cp932": "cp932",
    "euc-jp": "euc_jp",
    "x-euc-jp": "euc_jp",
    "cseucpkdfmtjapanese": "euc_jp",
    "iso-2022-jp": "iso2022_jp",
    # Korean
    "euc-kr": "cp949",
    "ks-c-5601-1987": "cp949",
    "ks-c-5601": "cp949",
    "ksc5601": "cp949",
    "cseuckr": "cp949",
    "windows-949": "cp949",
    "x-windows-949": "cp949",
    "cp949": "cp949",
    # Western: labels browsers read as windows-1252.
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
    "x-cp1252": "cp1252",
    # Unicode
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-unicode20utf8": "utf-8",
}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# BOM-less UTF-16/32 recognised by how '<?' (or '<') is laid out.
_UNMARKED: tuple[tuple[bytes, str], ...] = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)

_CT_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?\s*([^\s"';,]+)""", re.I)
_PROLOG_RE = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:\-]+)""", re.I)
_META_RE = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)

_SNIFF_BYTES = 4096
_DETECT_BYTES = 65_536  # how much charset-normalizer sees


def normalize_charset(label: str | None) -> str | None:
    """The Python codec to decode `label` with, widened to its superset; None if unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower().replace("_", "-")
    if not key:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        name = codecs.lookup(key).name
    except (LookupError, ValueError):
        return None
    # Map the codec's canonical name back through the table (e.g. 'gbk' found via 'cp936').
    return _ALIASES.get(name.replace("_", "-"), name)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The raw ``charset=`` label of an HTTP Content-Type header, if any."""
    if not content_type:
        return None
    m = _CT_CHARSET_RE.search(content_type)
    return m.group(1) if m else None


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeError, LookupError):
        return None


def _utf8_multibyte_count(text: str) -> int:
    return sum(1 for ch in text if ord(ch) > 0x7F)


def _is_single_byte(enc: str) -> bool:
    try:
        return codecs.lookup(enc).name.startswith(("cp125", "iso8859", "latin", "koi8", "mac"))
    except LookupError:
        return False


def _try_declared(data: bytes, enc: str, utf8_text: str | None) -> str | None:
    """Decode with a declared encoding, or None if it does not fit the bytes."""
    if enc.startswith(("utf-16", "utf-32")):
        # A BOM or a UTF-16/32 '<?' was looked for already: these bytes are ASCII-shaped,
        # so the declaration is stale (the document was transcoded).
        return None
    if enc == "utf-8":
        return utf8_text
    # Valid UTF-8 holding non-ASCII text is very unlikely by chance: a declaration that
    # says otherwise is a stale template (common in Chinese feeds), so UTF-8 wins.
    if utf8_text is not None:
        needed = 1 if _is_single_byte(enc) else 2
        if _utf8_multibyte_count(utf8_text) >= needed:
            return None
    return _strict(data, enc)


def _unmarked(data: bytes) -> str | None:
    for prefix, enc in _UNMARKED:
        if data.startswith(prefix):
            return enc
    return None


def _detection_sample(data: bytes) -> bytes:
    """The parts of `data` that hold non-ASCII bytes. Feeds are mostly ASCII markup, which
    drowns the signal; '>' never occurs inside a CJK multi-byte character, so cutting
    there keeps characters whole."""
    parts = [seg for seg in data.split(b">") if not seg.isascii()]
    sample = b">".join(parts)[:_DETECT_BYTES]
    return sample or data[:_DETECT_BYTES]


def _detect(data: bytes) -> str | None:
    """Best guess by charset-normalizer, widened to our supersets."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(_detection_sample(data)).best()
    except Exception:  # noqa: BLE001 - detection must never break decoding
        return None
    if best is None or not best.encoding:
        return None
    return normalize_charset(best.encoding) or best.encoding


def _decode(data: bytes, declared: list[str | None]) -> tuple[str, str]:
    if not data:
        return "", "utf-8"
    bom = _bom(data)
    if bom is not None:
        enc, skip = bom
        return data[skip:].decode(enc, errors="replace"), enc
    unmarked = _unmarked(data)
    if unmarked is not None:
        text = _strict(data, unmarked)
        if text is not None:
            return text, unmarked

    utf8_text = _strict(data, "utf-8")
    seen: set[str] = set()
    for label in declared:
        enc = normalize_charset(label)
        if enc is None or enc in seen:
            continue
        seen.add(enc)
        text = _try_declared(data, enc, utf8_text)
        if text is not None:
            return text, "utf-8" if enc == "utf-8" else codecs.lookup(enc).name
    if utf8_text is not None:
        return utf8_text, "utf-8"
    text = charset_guess.mostly_utf8(data)
    if text is not None:
        return text, "utf-8"
    guess = charset_guess.by_language(data)
    if guess is not None:
        return guess[0], codecs.lookup(guess[1]).name
    latin = latin_guess.guess(data)
    if latin is not None:
        return data.decode(latin, errors="replace"), codecs.lookup(latin).name
    # The CJK guess before the Cyrillic one, as short Chinese can look Cyrillic too,
    # unless the Cyrillic reading is sure (cyrillic_guess.py).
    cyrillic = cyrillic_guess.sure(data)
    if cyrillic is None:
        guess = cjk_guess.guess(data)
        if guess is not None:
            return guess
        cyrillic = cyrillic_guess.guess(data)
    if cyrillic is not None:
        return data.decode(cyrillic, errors="replace"), cyrillic
    enc = _detect(data)
    if enc is not None:
        text = _strict(data, enc)
        if text is None:  # detection looked at a prefix; tolerate a bad byte later on
            try:
                text = data.decode(enc, errors="replace")
            except LookupError:
                text = None
        if text is not None:
            return text, codecs.lookup(enc).name
    return data.decode("utf-8", errors="replace"), "utf-8"


def _order(http: str | None, doc: str | None) -> list[str | None]:
    """HTTP charset first, except that a server's Western default does not override a
    document that declares a CJK or Unicode charset of its own."""
    http_enc, doc_enc = normalize_charset(http), normalize_charset(doc)
    if http_enc == "cp1252" and doc_enc not in (None, "cp1252"):
        return [doc, http]
    return [http, doc]


def decode_feed(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode feed bytes; returns (text, encoding used). The BOM, if any, is removed."""
    m = _PROLOG_RE.match(data[:_SNIFF_BYTES])
    prolog = m.group(1).decode("ascii") if m else None
    return _decode(data, _order(charset_from_content_type(content_type), prolog))


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode web-page bytes; like decode_feed but also reads ``<meta charset>`` and
    ``<meta http-equiv="Content-Type">`` in the first 4 KB."""
    head = data[:_SNIFF_BYTES]
    m = _META_RE.search(head)
    meta = m.group(1).decode("ascii") if m else None
    p = _PROLOG_RE.match(head)
    prolog = p.group(1).decode("ascii") if p else None
    order = _order(charset_from_content_type(content_type), meta or prolog)
    if meta and prolog:
        order.append(prolog)
    return _decode(data, order)
