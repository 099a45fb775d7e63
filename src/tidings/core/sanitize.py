"""The one sanitiser: every string from a feed or a page passes through it before any
widget, CLI output or JSON sees it.

Rich and Textual do not remove ESC, so a title holding `ESC ]2;...` would retitle the
user's terminal, `ESC ]52;...` would write their clipboard and `ESC [2J` would clear the
screen. `clean` removes terminal control sequences whole, every other control
character, bidi overrides and invisible format characters that can spoof text, while
keeping all printable text (CJK, emoji, ZWJ sequences).
"""

from __future__ import annotations

import re

# Anything that needs the slow path. Text without any of these is returned as is.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff\U000e0000-\U000e007f]"
)

# Terminal control sequences, 7-bit (ESC-introduced) and 8-bit (C1) forms. A string
# command (OSC, DCS, SOS, PM, APC) runs to its terminator (BEL, ESC \ or ST); an
# unterminated ESC-introduced one is dropped up to the next ESC / line end. A lone C1
# introducer (often mojibake, e.g. the last byte of a mis-decoded quote mark) is just
# dropped, its "payload" being harmless text once the introducer is gone.
_STRING_END = r"(?:\x07|\x1b\\|\x9c)"
_SEQUENCE = re.compile(
    "|".join(
        (
            r"\x1b[\]P^_X][^\x07\x1b\x9c]*" + _STRING_END,  # OSC DCS SOS PM APC
            # Their C1 forms. The body stops at another introducer too: else each of many
            # introducers with no terminator after them scanned to the end of the line,
            # and a line of a megabyte took minutes (quadratic). Removing a little less is
            # safe: the introducers themselves are dropped below, what is left is text.
            r"[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\x90\x98\x9d\x9e\x9f\n]*" + _STRING_END,
            r"\x1b[\]P^_X][^\x07\x1b\x9c\n]*",  # unterminated
            r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?",  # CSI
            r"\x1b[\x20-\x2f]*[\x30-\x7e]?",  # two-char (and nF) escapes, a lone ESC
        )
    )
)

# The same for HTML before it is parsed: a sequence never runs over markup (< > " '),
# else "<a href='http://x/ESC'>text</a>" lost its quote and > to the ESC and the link's
# text with them. ESC itself goes anyway (the table below), what is left is harmless
# text, and every text node is cleaned again after parsing.
_MARKUP_SEQUENCE = re.compile(
    "|".join(
        (
            r"\x1b[\]P^_X][^\x07\x1b\x9c<>\"']*" + _STRING_END,
            r"[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\x90\x98\x9d\x9e\x9f\n<>\"']*" + _STRING_END,
            r"\x1b[\]P^_X][^\x07\x1b\x9c\n<>\"']*",
            r"(?:\x1b\[|\x9b)[\x30-\x3b\x3d\x3f]*[\x20\x21\x23-\x26\x28-\x2f]*[\x40-\x7e]?",
            r"\x1b[\x20\x21\x23-\x26\x28-\x2f]*[\x30-\x3b\x3d\x3f-\x7e]?",
        )
    )
)

# Subdivision flags (England, Scotland, Wales) are a black flag plus tag characters; tag
# characters anywhere else are invisible text ("ASCII smuggling").
_TAGS = re.compile(r"(\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f)|[\U000e0000-\U000e007f]")

_DROP = (
    [c for c in range(0x00, 0x20) if c not in (0x09, 0x0A)]
    + list(range(0x7F, 0xA0))
    + [0x00AD, 0x061C, 0x180E, 0x200B, 0x200E, 0x200F]
    + list(range(0x202A, 0x202F))
    + list(range(0x2060, 0x2070))
    + [0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB, 0xFFFE, 0xFFFF]
    + list(range(0xD800, 0xE000))
)
_TABLE: dict[int, str | None] = dict.fromkeys(_DROP)
_TABLE[0x2028] = "\n"  # line separator
_TABLE[0x2029] = "\n"  # paragraph separator

_WHITESPACE = re.compile(r"\s+")

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_URL_DROP = re.compile(r"[\t\n\r]")
MAX_URL = 8192


def clean(text: str | None) -> str:
    """`text` with terminal control sequences, control characters (except newline and
    tab; CR and CRLF become newline), bidi controls and spoofing format characters
    removed."""
    return _clean(text, _SEQUENCE)


def clean_markup(html: str | None) -> str:
    """`clean` for HTML before it is parsed: no sequence is taken to run over markup."""
    return _clean(html, _MARKUP_SEQUENCE)


def _clean(text: str | None, sequence: re.Pattern[str]) -> str:
    if not text:
        return ""
    if _SUSPECT.search(text) is None:
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or _has_c1_introducer(text):
        text = sequence.sub("", text)
    text = text.translate(_TABLE)
    if _TAGS.search(text) is not None:
        text = _TAGS.sub(_keep_flag, text)
    return text


def _has_c1_introducer(text: str) -> bool:
    return any(c in text for c in "\x90\x98\x9b\x9d\x9e\x9f")


def _keep_flag(match: re.Match[str]) -> str:
    return match.group(1) or ""


def clean_line(text: str | None) -> str:
    """`clean(text)` on one line: runs of whitespace (newlines and tabs too) become one
    space, ends stripped. For titles, feed names and authors."""
    return _WHITESPACE.sub(" ", clean(text)).strip()


_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^\s/?#@:]*):[^\s/?#]*@")


def hide_passwords(text: str) -> str:
    """`text` with the password of any URL in it shown as ***: a private feed's URL
    (https://user:secret@host/feed, as newsboat's urls file has them) on screen or in
    a log: https://user:***@host/feed."""
    return _PASSWORD.sub(r"\1:***@", text) if "@" in text else text


def safe_url(url: str | None) -> str | None:
    """The URL, cleaned, if it is http(s) with a host or mailto; None for anything else
    (javascript:, data:, file:, vbscript:, relative, ...)."""
    if not url:
        return None
    url = _URL_DROP.sub("", clean(url)).strip()
    if not url or len(url) > MAX_URL:
        return None
    match = _SCHEME.match(url)
    if match is None:
        return None
    scheme = match.group(1).lower()
    if scheme not in _SAFE_SCHEMES:
        return None
    rest = url[match.end() :]
    if scheme == "mailto":
        if not rest.strip():
            return None
    else:
        rest = rest.replace("\\", "/")
        if not rest.startswith("//") or len(rest) <= 2 or rest[2] in "/?#":
            return None
    url = scheme + ":" + rest
    return _WHITESPACE.sub(_quote_space, url)


def _quote_space(match: re.Match[str]) -> str:
    return "%20" * len(match.group(0))
