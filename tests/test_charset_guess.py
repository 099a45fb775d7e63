"""Undeclared single-byte European charsets: Turkish, Central European, KOI8-U, and the
Western text that must stay Western (core/latin_guess.py, core/cyrillic_guess.py)."""

from __future__ import annotations

import pytest

from tests import feedserver
from tidings.cli import main
from tidings.core import cyrillic_guess, latin_guess
from tidings.core.encoding import decode_feed, decode_html

feed_server = feedserver.feed_server


def feed(title: str, *items: str, lang: str | None = None) -> str:
    """An RSS body with no charset declared anywhere."""
    language = f"<language>{lang}</language>" if lang else ""
    entries = "".join(
        f"<item><title>{t}</title><link>https://example.org/{i}</link>"
        f"<description>{t}</description></item>"
        for i, t in enumerate(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://example.org/</link>{language}{entries}"
        "</channel></rss>"
    )


TURKISH = feed(
    "Haberler",
    "Cumhurbaşkanı yeni kabineyi açıkladı",
    "İstanbul'da şiddetli yağış: okullar tatil edildi",
    "Öğretmen atamaları için başvurular başladı",
)
POLISH = feed(
    "Wiadomości",
    "Sejm przyjął ustawę o podatku od nieruchomości",
    "Zmiany w świetle nowych przepisów: co czeka kierowców?",
    "Źródła: rząd zwiększy wydatki na zdrowie",
)
CZECH = feed(
    "Zprávy",
    "Vláda schválila rozpočet na příští rok",
    "Silné bouřky zasáhnou Čechy, meteorologové varují",
    "Žáci se vrací do škol",
)
HUNGARIAN = feed(
    "Hírek",
    "Győzött a magyar válogatott Szerbia ellen",
    "Őszi ülésszak a parlamentben",
)
UKRAINIAN = feed(
    "Новини",
    "Київ готується до опалювального сезону",
    "Ґрунтові води піднялися після злив",
    "Їжа подорожчала на третину за рік",
)
RUSSIAN = feed("Новости", "Центробанк сохранил ключевую ставку", "В Москве ожидается снегопад")


@pytest.mark.parametrize(
    ("body", "codec", "expected"),
    [
        (TURKISH, "cp1254", "cp1254"),
        (TURKISH, "iso8859_9", "cp1254"),  # the same letters; 0x80-0x9F unused
        (POLISH, "iso8859_2", "iso8859-2"),
        (POLISH, "cp1250", "cp1250"),
        (CZECH, "iso8859_2", "iso8859-2"),
        (CZECH, "cp1250", "cp1250"),
        (HUNGARIAN, "iso8859_2", "cp1250"),  # ő ű sit at the same bytes in both
        (UKRAINIAN, "koi8_u", "koi8_u"),
        (UKRAINIAN, "cp1251", "cp1251"),
        (RUSSIAN, "koi8_r", "koi8_r"),  # was read as GB18030
    ],
)
def test_undeclared_european_feed_decodes_exactly(body: str, codec: str, expected: str) -> None:
    text, enc = decode_feed(body.encode(codec))
    assert text == body
    assert enc == expected


@pytest.mark.parametrize(
    "words",
    [
        # cp1254 reads these the same but for ð þ ý; cp1250 would give "trčs", "ŕ"
        "Grève à la SNCF : trafic très perturbé jeudi",
        "Où partir en vacances cet été ?",
        "Größter Streik seit Jahren: Ärzte fordern höhere Löhne",
        "¿Qué pasará con las pensiones? Año nuevo, precios nuevos",
        "Inflação recua pelo terceiro mês; chuvas em São Paulo",
        "La città più visitata d’Europa è Parigi",
    ],
)
def test_western_text_stays_windows_1252(words: str) -> None:
    body = feed("News", words)
    text, enc = decode_feed(body.encode("cp1252"))
    assert text == body
    assert enc == "cp1252"


def test_turkish_letters_are_not_icelandic_ones() -> None:
    # The QA finding: ı ş ğ İ Ş Ğ came out as ý þ ð Ý Þ Ð.
    words = "Şampiyonlar Ligi'nde gece: Beşiktaş kazandı, Ağrı'da İlk"
    assert decode_feed(feed("x", words).encode("cp1254"))[0] == feed("x", words)


def test_iso_8859_2_polish_is_not_read_as_windows_1250() -> None:
    # The QA finding: ą came out as ±, ś as ¶.
    data = feed("x", "Ślub w Łodzi: tłumy gości").encode("iso8859_2")
    assert latin_guess.guess(data) == "iso8859_2"
    data = feed("x", "Może być gorzej, ostrzegają ekonomiści").encode("cp1250")
    assert latin_guess.guess(data) == "cp1250"


def test_a_language_tag_picks_between_iso_8859_2_and_windows_1250() -> None:
    body = feed("x", "Zmiany w świetle nowych przepisów", lang="pl")
    assert decode_feed(body.encode("iso8859_2")) == (body, "iso8859-2")
    assert decode_feed(body.encode("cp1250")) == (body, "cp1250")
    page = "<html lang='cs'><body><p>Šéf ČEZ odstoupil, ženy v politice</p></body></html>"
    assert decode_html(page.encode("iso8859_2"))[0] == page


def test_koi8_u_ukrainian_under_a_language_tag() -> None:
    body = feed("Новини", "Їжа подорожчала, ґрунтові води", lang="uk")
    assert decode_feed(body.encode("koi8_u")) == (body, "koi8-u")


@pytest.mark.parametrize("title", ["Пр", "Це", "Ур", "Сб"])
def test_two_letter_cyrillic_title_is_not_one_chinese_character(title: str) -> None:
    body = feed("News", title)
    assert decode_feed(body.encode("cp1251")) == (body, "cp1251")


@pytest.mark.parametrize(
    ("words", "codec"),
    [("老街夜市", "gbk"), ("深圳楼市新政出台", "gbk"), ("總統府發表聲明", "big5")],
)
def test_chinese_that_reads_as_cyrillic_capitals_stays_chinese(words: str, codec: str) -> None:
    # 老街夜市 in GBK reads "АПЅЦТ№КР" in windows-1251: capitals, with № inside a word.
    data = feed("News", words).encode(codec)
    assert cyrillic_guess.sure(data) is None
    assert words in decode_feed(data)[0]


def test_fetched_undeclared_feeds_show_their_own_letters(feed_server, tmp_path, capsys) -> None:
    # End to end: served with no charset, fetched, stored, listed and found by search.
    tr = feed_server.add("/tr.xml", body=TURKISH.encode("iso8859_9"))
    pl = feed_server.add("/pl.xml", body=POLISH.encode("iso8859_2"))
    uk = feed_server.add("/uk.xml", body=UKRAINIAN.encode("koi8_u"))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - url: {tr}\n  - url: {pl}\n  - url: {uk}\n")
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "fetch"]) == 0
    capsys.readouterr()
    assert main([*args, "list"]) == 0
    listing = capsys.readouterr().out
    assert "Wiadomości" in listing and "Новини" in listing
    assert main([*args, "search", "Cumhurbaşkanı"]) == 0
    assert "Cumhurbaşkanı yeni kabineyi açıkladı" in capsys.readouterr().out
    assert main([*args, "search", "świetle"]) == 0
    assert "Zmiany w świetle nowych przepisów: co czeka kierowców?" in capsys.readouterr().out
    assert main([*args, "search", "Ґрунтові"]) == 0
    assert "Ґрунтові води піднялися після злив" in capsys.readouterr().out
