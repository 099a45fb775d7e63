"""Decoding feed and page bytes: declared, undeclared and wrongly declared charsets."""

from __future__ import annotations

import pytest

from tidings.core import cjk_guess
from tidings.core.encoding import decode_feed, decode_html, normalize_charset

ZH = "北京今天天气晴朗，气温二十五度。市民纷纷外出游玩，公园里人山人海，热闹非凡。"
ZH_TW = "台北今天天氣晴朗，氣溫二十五度。市民紛紛外出遊玩，公園裡人山人海，熱鬧非凡。"
JA = "今日の東京は晴れです。気温は二十五度で、多くの人が公園に出かけました。"
KO = "오늘 서울의 날씨는 맑습니다. 기온은 이십오도이며 많은 시민들이 공원에 나갔습니다."


def rss(text: str, prolog: str = '<?xml version="1.0"?>') -> str:
    return (
        f'{prolog}<rss version="2.0"><channel><title>{text}</title>'
        f"<item><title>{text}</title><description>{text}</description></item></channel></rss>"
    )


def test_gbk_declared_in_prolog() -> None:
    data = rss(ZH, '<?xml version="1.0" encoding="gb2312"?>').encode("gbk")
    text, enc = decode_feed(data)
    assert ZH in text
    assert enc == "gb18030"


def test_gbk_declared_only_by_content_type() -> None:
    data = rss(ZH).encode("gbk")
    text, enc = decode_feed(data, "application/rss+xml; charset=GBK")
    assert ZH in text
    assert enc == "gb18030"


def test_undeclared_gbk_is_detected() -> None:
    text, _ = decode_feed(rss(ZH).encode("gbk"))
    assert ZH in text


@pytest.mark.parametrize("label", ["GB_2312-80", "x-gbk", "GBK", "gb2312", "cp936"])
def test_gb_labels_read_as_gb18030(label: str) -> None:
    assert normalize_charset(label) == "gb18030"


def test_gb18030_only_characters_survive_a_gbk_label() -> None:
    # U+20BB7 is outside GBK; a "GBK" feed written by a GB18030 encoder still decodes.
    s = ZH + "𠮷"
    text, _ = decode_feed(rss(s, '<?xml version="1.0" encoding="GBK"?>').encode("gb18030"))
    assert s in text


def test_big5() -> None:
    data = rss(ZH_TW, '<?xml version="1.0" encoding="big5"?>').encode("big5")
    text, enc = decode_feed(data)
    assert ZH_TW in text
    assert enc == "big5hkscs"


def test_undeclared_big5_is_detected() -> None:
    text, _ = decode_feed(rss(ZH_TW).encode("big5"))
    assert ZH_TW in text


def test_shift_jis() -> None:
    data = rss(JA, '<?xml version="1.0" encoding="Shift_JIS"?>').encode("shift_jis")
    text, enc = decode_feed(data)
    assert JA in text
    assert enc == "cp932"


def test_euc_jp_and_euc_kr() -> None:
    text, _ = decode_feed(rss(JA, '<?xml version="1.0" encoding="EUC-JP"?>').encode("euc_jp"))
    assert JA in text
    text, enc = decode_feed(rss(KO, '<?xml version="1.0" encoding="EUC-KR"?>').encode("euc_kr"))
    assert KO in text
    assert enc == "cp949"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_bom(codec: str) -> None:
    text, _ = decode_feed(rss(ZH, '<?xml version="1.0" encoding="utf-16"?>').encode(codec))
    assert text.startswith("<?xml")
    assert ZH in text


def test_utf16_without_bom() -> None:
    text, enc = decode_feed(rss(ZH).encode("utf-16-le"))
    assert ZH in text
    assert enc == "utf-16-le"


def test_utf16_declared_but_bytes_are_utf8() -> None:
    text, enc = decode_feed(rss(ZH, '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-8"))
    assert ZH in text
    assert enc == "utf-8"


def test_wrong_declared_charset_utf8_but_gbk() -> None:
    data = rss(ZH, '<?xml version="1.0" encoding="utf-8"?>').encode("gbk")
    text, _ = decode_feed(data, "text/xml; charset=utf-8")
    assert ZH in text


def test_wrong_declared_charset_gbk_but_utf8() -> None:
    data = rss(ZH, '<?xml version="1.0" encoding="gb2312"?>').encode("utf-8")
    text, enc = decode_feed(data)
    assert ZH in text
    assert enc == "utf-8"


def test_wrong_declared_latin1_but_utf8() -> None:
    text, enc = decode_feed("<a>café – ok</a>".encode(), "text/xml; charset=ISO-8859-1")
    assert "café – ok" in text
    assert enc == "utf-8"


def test_latin1_label_reads_windows_1252_quotes() -> None:
    data = '<?xml version="1.0" encoding="iso-8859-1"?><a>café “q”</a>'.encode("cp1252")
    text, _ = decode_feed(data)
    assert "café “q”" in text


def test_server_default_latin1_does_not_override_prolog() -> None:
    data = rss(ZH, '<?xml version="1.0" encoding="gbk"?>').encode("gbk")
    text, _ = decode_feed(data, "text/xml; charset=ISO-8859-1")
    assert ZH in text


def test_windows_1251_and_iso_8859_x() -> None:
    ru = "Привет, мир: новости дня"
    text, _ = decode_feed(
        f'<?xml version="1.0" encoding="windows-1251"?><a>{ru}</a>'.encode("cp1251")
    )
    assert ru in text
    pl = "Zażółć gęślą jaźń"
    text, _ = decode_feed(
        f'<?xml version="1.0" encoding="ISO-8859-2"?><a>{pl}</a>'.encode("iso8859-2")
    )
    assert pl in text


def test_unknown_charset_label_is_ignored() -> None:
    text, enc = decode_feed(rss(ZH).encode(), "text/xml; charset=no-such-thing")
    assert ZH in text
    assert enc == "utf-8"


@pytest.mark.parametrize(
    "data", [b"", b"\xff\xfe\x00", b"\x80\x81\xfe\xff" * 10, bytes(range(256)), b"\xef\xbb\xbf"]
)
def test_never_raises(data: bytes) -> None:
    text, enc = decode_feed(data, "text/xml; charset=utf-8")
    assert isinstance(text, str)
    assert enc
    text, enc = decode_html(data, "text/html; charset=base64")
    assert isinstance(text, str)


def test_html_meta_charset() -> None:
    page = f'<html><head><meta charset="gbk"><title>{ZH}</title></head><body>{ZH}</body></html>'
    text, enc = decode_html(page.encode("gbk"))
    assert ZH in text
    assert enc == "gb18030"


def test_html_meta_http_equiv() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
        f"</head><body><p>{JA}</p></body></html>"
    )
    text, enc = decode_html(page.encode("shift_jis"))
    assert JA in text
    assert enc == "cp932"


def test_html_http_charset_beats_meta() -> None:
    page = f'<html><head><meta charset="big5"></head><body>{ZH}</body></html>'
    text, _ = decode_html(page.encode("gbk"), "text/html; charset=gb2312")
    assert ZH in text


def test_html_undeclared_utf8() -> None:
    text, enc = decode_html(f"<html><body>{KO}</body></html>".encode())
    assert KO in text
    assert enc == "utf-8"


# Western European feeds with no label, or labelled UTF-8 while sending Latin-1: the
# statistical detector read "Größter Streik" as HP Roman-8, French as Central European.
WESTERN = {
    "de": "Größter Streik seit Jahren: Für viele Bürger ändert sich wenig.",
    "fr": "Élection à Montréal : le président a annoncé une réforme très contestée.",
    "pt": "O governo português anunciou novas medidas económicas para as famílias.",
    "es": "El Gobierno aprobó la reforma; la oposición recurrirá en España.",
}


@pytest.mark.parametrize("lang", sorted(WESTERN))
@pytest.mark.parametrize(
    "prolog", ['<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>']
)
def test_latin1_without_a_label_or_under_a_utf8_label(lang: str, prolog: str) -> None:
    text, enc = decode_feed(rss(WESTERN[lang], prolog).encode("cp1252"))
    assert WESTERN[lang] in text
    assert enc == "cp1252"


def test_the_documents_language_names_its_charset() -> None:
    for words, codec, lang in [
        ("Zażółć gęślą jaźń", "cp1250", "pl"),
        ("Größter", "cp1252", "de-DE"),
        (ZH_TW, "big5", "zh-TW"),
        (KO, "euc_kr", "ko"),
    ]:
        data = f"<rss><channel><language>{lang}</language><title>{words}</title></channel></rss>"
        text, _ = decode_feed(data.encode(codec))
        assert words in text, lang
    html = f'<html lang="pl"><body><p>{"Zażółć gęślą jaźń"}</p></body></html>'.encode("cp1250")
    assert "Zażółć gęślą jaźń" in decode_html(html)[0]


def test_utf8_with_a_stray_latin1_byte_stays_utf8() -> None:
    # One item pasted from an old system into a UTF-8 feed: the rest is not garbled.
    data = rss(ZH + " café", '<?xml version="1.0" encoding="utf-8"?>').encode()
    data = data.replace(
        b"</channel>", "<item><title>naïve</title></item></channel>".encode("latin-1")
    )
    text, enc = decode_feed(data)
    assert ZH + " café" in text and "naïve" in text
    assert enc == "utf-8"


def test_shift_jis_katakana_with_ascii_second_bytes_is_not_taken_for_latin1() -> None:
    # テスト and 表 have second bytes in ASCII's range (e, X, g, backslash): short runs of
    # non-ASCII bytes, as in Latin-1 text.
    words = "表示テスト ソフト 能力"
    text, enc = decode_feed(rss(words).encode("shift_jis"))
    assert words in text and enc == "cp932"


# Short CJK titles with no label, or labelled UTF-8: charset-normalizer read GBK
# "台风“红隼”登陆…" as Korean, Big5-HKSCS or Thai; core/cjk_guess.py reads them.
SHORT_TITLES = [
    ("台风“红隼”登陆塞尔瓦内", "gbk"),
    ("国产大飞", "gbk"),
    ("北京天气", "gbk"),
    ("上海发布高温橙色预警", "gbk"),
    ("颱風逼近 北部山區", "big5"),
    ("總統出訪友邦", "big5"),
    ("台北股市收盤上漲逾百點", "big5"),
    ("東京株式市場", "shift_jis"),
    ("北海道で震度５弱の地震", "shift_jis"),
    ("コンビニ", "shift_jis"),
    ("서울 아파트값", "euc_kr"),
    ("한국은행", "euc_kr"),
    ("태풍 영향으로", "euc_kr"),
]
SUPERSET = {"gbk": "gb18030", "big5": "big5hkscs", "shift_jis": "cp932", "euc_kr": "cp949"}


@pytest.mark.parametrize(("title", "codec"), SHORT_TITLES)
@pytest.mark.parametrize(
    "prolog", ['<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>']
)
def test_short_undeclared_cjk_titles(title: str, codec: str, prolog: str) -> None:
    feed = f"{prolog}<rss><channel><item><title>{title}</title></item></channel></rss>"
    text, enc = decode_feed(feed.encode(codec))
    assert title in text
    assert enc == SUPERSET[codec]


@pytest.mark.parametrize(
    ("words", "codec"),
    [
        # Every syllable is a GB2312 level-1 hanzi byte for byte (한국은행 -> 茄惫篮青).
        ("한국은행", "euc_kr"),
        ("대한민국 경제 전망", "euc_kr"),
        ("검찰 압", "euc_kr"),  # also all JIS level-1 kanji in EUC-JP
        # Every hanzi is a KS X 1001 Hangul syllable byte for byte (国产大飞 -> 벌끓댕령).
        ("国产大飞", "gbk"),
        ("保护区今", "gbk"),
    ],
)
def test_korean_and_chinese_sharing_bytes(words: str, codec: str) -> None:
    text, enc = decode_feed(f"<rss><channel><title>{words}</title></channel></rss>".encode(codec))
    assert words in text
    assert enc == SUPERSET[codec]


def test_cdata_titles_are_read() -> None:
    feed = f"<rss><channel><item><title><![CDATA[{'总统出访'}]]></title></item></channel></rss>"
    text, enc = decode_feed(feed.encode("gbk"))
    assert "总统出访" in text and enc == "gb18030"


def test_cyrillic_is_no_cjk_reading() -> None:
    for ru in ("Прав", "Правительство утвердило новый бюджет", "Центробанк"):
        assert cjk_guess.guess(f"<a>{ru}</a>".encode("cp1251")) is None, ru


@pytest.mark.parametrize(
    ("codec", "words"),
    [
        ("cp1251", "В Москве ожидается сильный снегопад"),
        ("cp1251", "Уряд ухвалив нові правила"),
        ("koi8_r", "В Москве ожидается сильный снегопад"),
    ],
)
def test_undeclared_cyrillic_headlines(codec: str, words: str) -> None:
    # Short Russian / Ukrainian headlines with no label came out as Big5-HKSCS, cp1006
    # or cp1250 (charset-normalizer on a few words).
    text, enc = decode_feed(rss(words).encode(codec))
    assert words in text and enc == codec
