"""Read the dates feeds write, in whatever shape, as timezone-aware UTC datetimes.

Handles RFC 822/2822 (named zones, numeric offsets, no seconds, no weekday, two-digit
years), ISO 8601 / RFC 3339 (any offset or Z, fractions, date only, basic format), and
the sloppy forms common in Chinese feeds: "2024-05-01 08:30:00", "2024/05/01 08:30",
"2024年5月1日 08:30". A time without an offset is taken in the feed's zone, which
`feed_zone` guesses from the feed's language (or, undeclared, its script): Chinese
feeds write Beijing time (+08:00), Japanese and Korean ones +09:00, and the rest are
taken as UTC. "CST" is China Standard Time in a +08:00 feed, else US Central (-0600,
RFC 822). Nothing here raises: what cannot be read gives None.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_tz

__all__ = ["feed_zone", "parse_date"]

_MAX_LEN = 100

_ISO_RE = re.compile(
    r"""^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})
    (?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?
    \s*(?P<tz>Z|UTC|GMT|UT|[+-]\d{2}(?::?\d{2})?)?$""",
    re.I | re.X,
)
_ISO_BASIC_RE = re.compile(
    r"""^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})
    (?:T(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?(?:[.,](?P<f>\d+))?)?
    (?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?$""",
    re.I | re.X,
)
_CJK_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")

# Zones parsedate_tz does not know, seen in real feeds. Offsets in minutes.
_EXTRA_ZONES: dict[str, int] = {
    "JST": 9 * 60,
    "KST": 9 * 60,
    "HKT": 8 * 60,
    "SGT": 8 * 60,
    "AWST": 8 * 60,
    "AEST": 10 * 60,
    "AEDT": 11 * 60,
    "ACST": 9 * 60 + 30,
    "NZST": 12 * 60,
    "NZDT": 13 * 60,
    "IST": 5 * 60 + 30,
    "MSK": 3 * 60,
    "EET": 2 * 60,
    "EEST": 3 * 60,
    "CET": 60,
    "CEST": 2 * 60,
    "MET": 60,
    "MEST": 2 * 60,
    "WET": 0,
    "WEST": 60,
    "BST": 60,
    "UTC": 0,
    "AKST": -9 * 60,
    "AKDT": -8 * 60,
    "HST": -10 * 60,
    "AST": -4 * 60,
    "ADT": -3 * 60,
    "NST": -3 * 60 - 30,
}
_ZONE_TAIL_RE = re.compile(r"\s([A-Za-z]{2,5})$")
_OFFSET_COLON_RE = re.compile(r"\s([+-])(\d{2}):(\d{2})$")
_COMMENT_TAIL_RE = re.compile(r"\s*\([^()]*\)\s*$")
_GMT_OFFSET_RE = re.compile(r"\s*(?:GMT|UTC)\s*([+-])(\d{1,2}):?(\d{2})?$", re.I)  # "GMT+8"
_NO_ZONE_RE = re.compile(r"(?:^|\s)[\d:.]+$")  # ends in a time or a year: no zone given
# An ISO-like date and time ending in a zone name ("CST"), common in Chinese feeds:
# rewritten as an offset the ISO forms read.
_ISO_ZONE_TAIL_RE = re.compile(r"^(?P<when>\d{4}.*\d)\s*(?P<name>[A-Za-z]{2,5})$")
_US_ZONES = {"EST": -5 * 60, "EDT": -4 * 60, "CST": -6 * 60, "CDT": -5 * 60,
             "MST": -7 * 60, "MDT": -6 * 60, "PST": -8 * 60, "PDT": -7 * 60}  # fmt: skip

_CHINA = timezone(timedelta(hours=8))
_JAPAN_KOREA = timezone(timedelta(hours=9))
_LANG_ZONES = {"zh": _CHINA, "ja": _JAPAN_KOREA, "ko": _JAPAN_KOREA}
_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA_RE = re.compile("[\u3040-\u30ff]")
_HANGUL_RE = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_LATIN_RE = re.compile("[A-Za-z]")
_MARKUP_RE = re.compile(r"<[^<>\[]*>|https?://[^\s<>\"']+")  # tags and URLs: not the text
_MIN_CJK = 20  # a CJK feed shows at least this many CJK characters,
_LATIN_PER_CJK = 8  # and at most this many Latin letters (markup aside) for each


def _is_china_time(zone: tzinfo | None) -> bool:
    return zone is not None and zone.utcoffset(datetime(2024, 1, 1)) == timedelta(hours=8)


def _offset(tz: str | None) -> timezone:
    if not tz or tz.upper() in ("Z", "UTC", "GMT", "UT"):
        return UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _with_offset(s: str, zone: tzinfo | None) -> str | None:
    """An ISO-like `s` whose zone is a name, with that zone as "+08:00"; None if `s` is
    not of that shape or its zone is not known."""
    m = _ISO_ZONE_TAIL_RE.match(s)
    if m is None:
        return None
    name = m.group("name").upper()
    if name == "CST" and _is_china_time(zone):
        minutes = 8 * 60
    elif name in _EXTRA_ZONES or name in _US_ZONES:
        minutes = _EXTRA_ZONES.get(name, _US_ZONES.get(name, 0))
    else:
        return None
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{m.group('when')}{sign}{hours:02d}:{minutes:02d}"


def _from_match(m: re.Match[str], zone: tzinfo | None) -> datetime:
    tz = m.group("tz")
    frac = (m.group("f") or "")[:6].ljust(6, "0")
    dt = datetime(
        int(m.group("y")),
        int(m.group("m")),
        int(m.group("d")),
        int(m.group("H") or 0),
        int(m.group("M") or 0),
        int(m.group("S") or 0),
        int(frac),
        tzinfo=_offset(tz) if tz else zone or UTC,
    )
    return dt.astimezone(UTC)


def _rfc822(s: str, zone: tzinfo | None) -> datetime | None:
    s = _OFFSET_COLON_RE.sub(r" \1\2\3", s)  # "+08:00" -> "+0800"
    extra = 0
    z = _ZONE_TAIL_RE.search(s)
    name = z.group(1).upper() if z else ""
    # No zone, or "CST" in a Beijing-time feed: the feed's local time.
    local = _NO_ZONE_RE.search(s) is not None or (name == "CST" and _is_china_time(zone))
    if z and name in _EXTRA_ZONES:
        extra = _EXTRA_ZONES[name]
        s = s[: z.start()] + " +0000"
    parts = parsedate_tz(s)
    if parts is None:
        parts = parsedate_tz(s + " 00:00:00")  # date without a time
    if parts is None:
        return None
    y, mo, d, hh, mm, ss = parts[:6]
    offset = parts[9] or 0
    if extra:
        offset = extra * 60
    if not 1 <= y <= 9999:
        return None
    tz = (zone or UTC) if local else timezone(timedelta(seconds=offset))
    dt = datetime(y, mo, d, hh, mm, min(ss, 59), tzinfo=tz)
    return dt.astimezone(UTC)


def parse_date(s: str | None, zone: tzinfo | None = None) -> datetime | None:
    """A feed date as an aware UTC datetime, or None if it cannot be read. A time
    without an offset is taken in `zone` (the feed's, see `feed_zone`), else UTC."""
    if not s:
        return None
    s = s.strip()
    if not s or len(s) > _MAX_LEN:
        return None
    s = _COMMENT_TAIL_RE.sub("", s)  # JavaScript's "… GMT+0800 (China Standard Time)"
    # "GMT+8", "UTC+08:00" -> " +0800", which both the ISO and the RFC 822 forms read
    s = _GMT_OFFSET_RE.sub(lambda m: f" {m[1]}{int(m[2]):02d}{m[3] or '00'}", s)
    try:
        if s[0].isdigit():
            if "年" in s:
                s = _CJK_DATE_RE.sub(r"\1-\2-\3 ", s).strip().replace("时", ":")
                s = s.replace("分", ":" if s.endswith("秒") else "").replace("秒", "")
            m = _ISO_RE.match(s) or _ISO_BASIC_RE.match(s)
            if m is None and (zoned := _with_offset(s, zone)):
                m = _ISO_RE.match(zoned)
            if m:
                return _from_match(m, zone)
            if s.isdigit() and 9 <= len(s) <= 10:  # Unix time
                return datetime.fromtimestamp(int(s), tz=UTC)
            try:
                dt = datetime.fromisoformat(s)
            except ValueError:
                pass
            else:
                if dt.tzinfo is None:
                    dt = dt.replace(tzinfo=zone or UTC)
                return dt.astimezone(UTC)
        return _rfc822(s, zone)
    except (ValueError, OverflowError, TypeError, IndexError):
        return None


def feed_zone(language: str | None, sample: str = "") -> tzinfo | None:
    """The zone a feed writes its local times in, or None (UTC): from its declared
    `language` (zh → +08:00, ja and ko → +09:00) or, when none is declared, from the
    script of `sample`, a piece of the feed's text."""
    if language and language.strip():
        primary = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
        return _LANG_ZONES.get(primary)
    text = html.unescape(sample)
    han = len(_HAN_RE.findall(text))
    kana = len(_KANA_RE.findall(text))
    hangul = len(_HANGUL_RE.findall(text))
    cjk = han + kana + hangul
    if cjk < _MIN_CJK:
        return None  # not a CJK feed (Latin letters need no counting: the costly part)
    latin = len(_LATIN_RE.findall(_MARKUP_RE.sub(" ", text)))
    if cjk * _LATIN_PER_CJK < latin:
        return None  # not a CJK feed, if perhaps one quoting a few names
    if kana * 10 >= cjk or hangul * 2 >= cjk:  # Japanese mixes kanji with kana
        return _JAPAN_KOREA
    return _CHINA
