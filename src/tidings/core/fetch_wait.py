"""A site's "come back later", kept per feed between runs.

A feed answered 429 Too Many Requests or 503 Service Unavailable (after the fetcher's
own retries, which only follow a short Retry-After): it is not asked again before the time the site gave in
Retry-After (seconds, or an HTTP date), at most MAX_WAIT away. Without a Retry-After
it waits BACKOFF_FIRST, or the feeds' refresh interval (refresh_every) when that is
longer, then twice as long at each such answer in a row, up to BACKOFF_MAX (or that
interval, when longer). A refresh of all feeds skips a feed that is waiting; naming the feed
(`tidings fetch NAME`, r on it in the reader) asks anyway; any other answer ends the
wait. The store keeps the wait in feeds.retry_at / feeds.backoff (schema 8).
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from datetime import datetime

MAX_WAIT = 86_400  # seconds: a longer Retry-After is taken as a day
BACKOFF_FIRST = 15 * 60  # seconds: the first wait of a 429 / 503 without Retry-After
BACKOFF_MAX = 6 * 3600  # seconds: the longest such wait


@dataclass(frozen=True)
class Wait:
    """Not to be asked before `until` (unix seconds). `backoff`: the wait tidings chose
    itself (seconds; 0 when the site named the time), doubled at the next such answer."""

    until: int
    backoff: int = 0


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds from `now` (0 for a date gone by); None when it says
    neither a number of seconds nor an HTTP date."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def wait_after(retry_after: str | None, backoff: int, now: int, interval: int = 0) -> Wait:
    """The wait after a 429 / 503 whose Retry-After header was `retry_after` ("" or
    None: none), the feed's previous backoff being `backoff` seconds (0: none) and its
    refresh interval `interval` seconds (0: none), which a wait of tidings' own is never
    shorter than: the feed would not have been asked sooner anyway."""
    seconds = retry_after_seconds(retry_after, now)
    if seconds is not None:
        return Wait(now + int(min(seconds, MAX_WAIT)))
    first, most = max(BACKOFF_FIRST, interval), max(BACKOFF_MAX, interval)
    chosen = min(max(first, backoff * 2), most)
    return Wait(now + chosen, chosen)


def until_text(until: int, now: float | None = None) -> str:
    """When a wait ends, in local time: "15:04" today, else "2026-11-02 15:04"."""
    moment = datetime.fromtimestamp(until).astimezone()
    today = datetime.fromtimestamp(time.time() if now is None else now).astimezone()
    if moment.date() == today.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%Y-%m-%d %H:%M")


def with_wait(
    error: str | None, until: int | None, now: float | None = None, backoff: int = 0
) -> str | None:
    """A feed's error, and, while the wait lasts, until when it is not asked: the site's
    (Retry-After), or tidings' own `backoff` (seconds) when the site named no time."""
    now = time.time() if now is None else now
    if until is None or until <= now:
        return error
    when = f"not asked again before {until_text(until, now)}"
    if backoff > 0:
        longer = "longer at each such answer in a row"
        note = f"no Retry-After: tidings waits {_duration(backoff)} ({longer}): {when}"
    else:
        note = f"the site asked to wait: {when}"
    return f"{error}; {note}" if error else note


def _duration(seconds: int) -> str:
    """ "15 min", "2 h", "1 h 30 min"."""
    hours, minutes = divmod(round(seconds / 60), 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
