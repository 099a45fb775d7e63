"""Feed dates, in all their shapes, become timezone-aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.core.dates import feed_zone, parse_date

CHINA = timezone(timedelta(hours=8))
JAPAN = timezone(timedelta(hours=9))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # RFC 822 / 2822
        ("Wed, 01 May 2024 08:30:00 GMT", utc(2024, 5, 1, 8, 30)),
        ("Wed, 01 May 2024 08:30:00 +0800", utc(2024, 5, 1, 0, 30)),
        ("Wed, 01 May 2024 08:30:00 +08:00", utc(2024, 5, 1, 0, 30)),
        ("Wed, 01 May 2024 08:30:00 -0530", utc(2024, 5, 1, 14, 0)),
        ("01 May 2024 08:30 EST", utc(2024, 5, 1, 13, 30)),
        ("Wed, 1 May 2024 08:30:00 EDT", utc(2024, 5, 1, 12, 30)),
        ("Wed, 01 May 2024 08:30:00 CST", utc(2024, 5, 1, 14, 30)),  # RFC 822: US Central
        ("Wed, 01 May 2024 08:30:00 PST", utc(2024, 5, 1, 16, 30)),
        ("Wed, 01 May 2024 08:30:00 JST", utc(2024, 4, 30, 23, 30)),
        ("Wed, 01 May 2024 08:30:00 Z", utc(2024, 5, 1, 8, 30)),
        ("Wed, 01 May 2024 08:30:00 UT", utc(2024, 5, 1, 8, 30)),
        ("1 May 2024 08:30:00 +0000", utc(2024, 5, 1, 8, 30)),
        ("Wed, 01 May 24 08:30:00 GMT", utc(2024, 5, 1, 8, 30)),
        ("Wed, 01 May 2024", utc(2024, 5, 1)),
        # ISO 8601 / RFC 3339
        ("2024-05-01T08:30:00Z", utc(2024, 5, 1, 8, 30)),
        ("2024-05-01T08:30:00+08:00", utc(2024, 5, 1, 0, 30)),
        ("2024-05-01T08:30:00-07:00", utc(2024, 5, 1, 15, 30)),
        ("2024-05-01T08:30:00.123456789+0800", utc(2024, 5, 1, 0, 30, 0, 123456)),
        ("2024-05-01T08:30+05:30", utc(2024, 5, 1, 3, 0)),
        ("2024-04-30T23:30:00+08", utc(2024, 4, 30, 15, 30)),
        ("2024-05-01", utc(2024, 5, 1)),
        ("20240501T083000Z", utc(2024, 5, 1, 8, 30)),
        # sloppy forms seen in Chinese feeds
        ("2024-05-01 08:30:00", utc(2024, 5, 1, 8, 30)),
        ("2024-05-01 08:30:00 +0800", utc(2024, 5, 1, 0, 30)),
        ("2024/05/01 08:30", utc(2024, 5, 1, 8, 30)),
        ("2024/5/1", utc(2024, 5, 1)),
        ("2024年5月1日 08:30", utc(2024, 5, 1, 8, 30)),
        ("2024年05月01日", utc(2024, 5, 1)),
        ("  2024-05-01T08:30:00Z \n", utc(2024, 5, 1, 8, 30)),
    ],
)
def test_dates_become_utc(text: str, expected: datetime) -> None:
    got = parse_date(text)
    assert got == expected
    assert got is not None and got.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "yesterday",
        "Mon, 31 Feb 2024 10:00:00 GMT",
        "2024-13-01",
        "2024-02-30T00:00:00Z",
        "9999-12-31T23:59:59-05:00",
        "0000-01-01",
        "x" * 10_000,
        "2024-05-01T25:61:00Z",
        "2024-05-01 08:30:00 XYZ",
        "2024-05-01 08:30:00 GMT+99",
    ],
)
def test_unreadable_dates_give_none(text: str | None) -> None:
    assert parse_date(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_never_raises(text: str) -> None:
    got = parse_date(text)
    assert got is None or got.tzinfo is not None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.sampled_from([CHINA, JAPAN, ZoneInfo("America/Chicago")]))
def test_never_raises_in_any_zone(text: str, zone: tzinfo) -> None:
    got = parse_date(text, zone)
    assert got is None or got.utcoffset() == timedelta(0)


# -- the feed's zone --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        # a time without an offset is the feed's local time
        ("2024-05-01 08:30:00", CHINA, utc(2024, 5, 1, 0, 30)),
        ("2024/05/01 08:30", CHINA, utc(2024, 5, 1, 0, 30)),
        ("2024年5月1日 08:30", CHINA, utc(2024, 5, 1, 0, 30)),
        ("2024年5月1日 8时30分", CHINA, utc(2024, 5, 1, 0, 30)),
        ("2024-05-01T08:30:00", CHINA, utc(2024, 5, 1, 0, 30)),
        ("2024-05-01T08:30:00.5", CHINA, utc(2024, 5, 1, 0, 30, 0, 500000)),
        ("2024-05-01", CHINA, utc(2024, 4, 30, 16)),
        ("Wed, 01 May 2024 08:30:00", CHINA, utc(2024, 5, 1, 0, 30)),
        ("Wed, 01 May 2024", CHINA, utc(2024, 4, 30, 16)),
        ("2024-05-01 08:30:00", JAPAN, utc(2024, 4, 30, 23, 30)),
        ("2024年5月1日 08:30", JAPAN, utc(2024, 4, 30, 23, 30)),
        ("Wed, 01 May 2024 08:30:00", JAPAN, utc(2024, 4, 30, 23, 30)),
        ("2024-05-01 08:30:00", None, utc(2024, 5, 1, 8, 30)),
        ("Wed, 01 May 2024 08:30:00", None, utc(2024, 5, 1, 8, 30)),
        ("2024-05-01 08:30:00", ZoneInfo("Asia/Shanghai"), utc(2024, 5, 1, 0, 30)),
        ("2024-07-01 08:30:00", ZoneInfo("America/Chicago"), utc(2024, 7, 1, 13, 30)),  # CDT
        # "CST": China Standard Time in a Beijing-time feed, US Central elsewhere
        ("Wed, 01 May 2024 08:30:00 CST", CHINA, utc(2024, 5, 1, 0, 30)),
        ("Wed, 01 May 2024 08:30:00 cst", CHINA, utc(2024, 5, 1, 0, 30)),
        ("Wed, 01 May 2024 08:30:00 CST", ZoneInfo("Asia/Shanghai"), utc(2024, 5, 1, 0, 30)),
        ("Wed, 01 May 2024 08:30:00 CST", JAPAN, utc(2024, 5, 1, 14, 30)),
        ("Wed, 01 May 2024 08:30:00 CST", None, utc(2024, 5, 1, 14, 30)),
        # an explicit offset or zone always wins
        ("2024-05-01T08:30:00Z", CHINA, utc(2024, 5, 1, 8, 30)),
        ("2024-05-01T08:30:00-07:00", CHINA, utc(2024, 5, 1, 15, 30)),
        ("2024-05-01 08:30:00 +0900", CHINA, utc(2024, 4, 30, 23, 30)),
        ("Wed, 01 May 2024 08:30:00 GMT", CHINA, utc(2024, 5, 1, 8, 30)),
        ("Wed, 01 May 2024 08:30:00 -0000", CHINA, utc(2024, 5, 1, 8, 30)),
        ("Wed, 01 May 2024 08:30:00 +0800", JAPAN, utc(2024, 5, 1, 0, 30)),
        ("Wed, 01 May 2024 08:30:00 JST", CHINA, utc(2024, 4, 30, 23, 30)),
        ("Wed, 01 May 2024 08:30:00 EST", CHINA, utc(2024, 5, 1, 13, 30)),
        ("1714552200", CHINA, utc(2024, 5, 1, 8, 30)),  # Unix time has no zone to take
        # ISO-like dates with a zone name or "GMT+8", as Chinese sites write them
        ("2024-05-01 08:30:00 CST", CHINA, utc(2024, 5, 1, 0, 30)),
        ("2024-05-01 08:30:00 CST", None, utc(2024, 5, 1, 14, 30)),
        ("2024-05-01 08:30 JST", None, utc(2024, 4, 30, 23, 30)),
        ("2024-05-01 08:30:00 GMT+8", None, utc(2024, 5, 1, 0, 30)),
        ("2024-05-01 08:30:00 GMT+08:00", None, utc(2024, 5, 1, 0, 30)),
        ("2024-05-01T08:30:00 UTC+0800", CHINA, utc(2024, 5, 1, 0, 30)),
        ("2024/05/01 08:30 GMT-5", CHINA, utc(2024, 5, 1, 13, 30)),
        ("2024年5月1日 08:30 CST", CHINA, utc(2024, 5, 1, 0, 30)),
        # RFC 822 with "GMT+0800", and JavaScript's Date.toString() as some feeds write it
        ("Wed, 01 May 2024 08:30:00 GMT+0800", None, utc(2024, 5, 1, 0, 30)),
        ("Wed, 01 May 2024 08:30:00 GMT+8", None, utc(2024, 5, 1, 0, 30)),
        ("Wed, 01 May 2024 08:30:00 UTC-05:00", CHINA, utc(2024, 5, 1, 13, 30)),
        ("Wed May 01 2024 08:30:00 GMT+0800 (China Standard Time)", None, utc(2024, 5, 1, 0, 30)),
        ("Wed May 01 2024 08:30:00 GMT+0800 (中国标准时间)", None, utc(2024, 5, 1, 0, 30)),
        ("Wed May 01 2024 08:30:00 GMT+0900 (日本標準時)", CHINA, utc(2024, 4, 30, 23, 30)),
    ],
)
def test_times_without_offset_are_in_the_feed_zone(
    text: str, zone: tzinfo | None, expected: datetime
) -> None:
    got = parse_date(text, zone)
    assert got == expected
    assert got is not None and got.utcoffset() == timedelta(0)


ZH_FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>新闻中心</title>'
    "<link>https://news.example.cn/</link><item><title>北京今天天气晴朗，气温二十五度</title>"
    "<link>https://news.example.cn/2024/05/01/a.html</link><description>市民纷纷外出游玩，"
    "公园里人山人海，热闹非凡。</description><pubDate>2024-05-01 08:30:00</pubDate></item>"
)
JA_FEED = (
    '<rss version="2.0"><channel><title>東京ニュース</title><item><title>今日の東京は晴れです'
    "</title><description>気温は二十五度で、多くの人が公園に出かけました。</description></item>"
)
KO_FEED = (
    '<rss version="2.0"><channel><title>서울 뉴스</title><item><title>오늘 서울은 맑습니다'
    "</title><description>기온은 이십오 도이며 많은 시민이 공원에 나갔습니다.</description></item>"
)
EN_FEED_QUOTING_NAMES = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>World News</title>'
    "<link>https://news.example.com/</link><item><title>Xi Jinping (习近平) meets Li Qiang (李强)"
    "</title><description>The leaders of China met in Beijing (北京) on Wednesday to discuss "
    "trade with Japan's prime minister, Fumio Kishida (岸田文雄), and Korea's president, Yoon "
    "Suk Yeol (윤석열), before a summit in Shanghai (上海) and Guangzhou (广州).</description>"
    "<pubDate>2024-05-01 08:30:00</pubDate></item>"
) * 3
ZH_FEED_MOSTLY_MARKUP = "".join(  # short titles, long links: the letters are markup
    f"<item><title>股市收盘</title><link>https://www.example.com.cn/finance/2024-05/01/"
    f"content_{i}.htm</link><category>finance</category><pubDate>2024-05-01 08:30:00</pubDate>"
    f'<description>&lt;img src="https://img.example.com.cn/{i}.jpg" class="wp-image"&gt;'
    "</description></item>"
    for i in range(20)
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh", CHINA),
        ("zh-cn", CHINA),
        ("zh-CN", CHINA),
        ("zh_CN", CHINA),
        ("zh-tw", CHINA),
        ("zh-HK", CHINA),
        ("zh-sg", CHINA),
        ("zh-Hans", CHINA),
        ("zh-Hant-TW", CHINA),
        (" ZH-CN \n", CHINA),
        ("ja", JAPAN),
        ("ja-JP", JAPAN),
        ("ja_jp", JAPAN),
        ("ko", JAPAN),
        ("ko-KR", JAPAN),
        ("en", None),
        ("en-us", None),
        ("fr-FR", None),
        ("jv", None),  # Javanese, not ja
        ("zu", None),
        ("x-default", None),
    ],
)
def test_feed_zone_from_language(language: str, expected: tzinfo | None) -> None:
    assert feed_zone(language, ZH_FEED) == expected  # a declared language wins over the script


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        (ZH_FEED, CHINA),
        (ZH_FEED.replace("北京今天天气晴朗", "北京今天天氣晴朗"), CHINA),
        (ZH_FEED_MOSTLY_MARKUP, CHINA),
        (JA_FEED, JAPAN),
        (KO_FEED, JAPAN),
        (EN_FEED_QUOTING_NAMES, None),
        ("<rss><channel><title>北京新闻</title></channel></rss>", None),  # too little to tell
        ("", None),
    ],
)
def test_feed_zone_from_script_when_no_language(sample: str, expected: tzinfo | None) -> None:
    for language in (None, "", "  "):
        assert feed_zone(language, sample) == expected


def test_declared_english_with_a_chinese_sample_stays_utc() -> None:
    assert feed_zone("en", ZH_FEED) is None
    assert feed_zone("en-US", ZH_FEED * 10) is None
