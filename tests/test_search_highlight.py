"""What a search found, marked in the article it opened (core.search_highlight)."""

from __future__ import annotations

from rich.text import Text

from tidings.core.search_highlight import STYLE_FOUND, find_pattern, mark_found


def found(text: str, query: str) -> list[str]:
    shown = Text(text)
    count = mark_found(shown, query)
    places = [shown.plain[s.start : s.end] for s in shown.spans if s.style == STYLE_FOUND]
    assert count == len(places)
    return places


def test_words_are_marked_whole_in_any_case():
    assert found("Typhoon! typhoons, TYPHOON", "typhoon") == ["Typhoon", "TYPHOON"]


def test_chinese_runs_are_marked_in_every_spelling_and_across_a_line_break():
    assert found("台风、颱風和台風\n  台\n  风", "颱風") == ["台风", "颱風", "台風", "台\n  风"]
    assert found("新款iPhone手机 and iphone 手機; iPhones手机", "iPhone手机") == [
        "iPhone手机",
        "iphone 手機",
    ]


def test_phrases_whole_and_words_left_out_not_at_all():
    text = "The sea wall, the sea,\n│ wall and a seawall"
    assert found(text, '"sea wall"') == ["sea wall", "sea,\n│ wall"]
    assert found(text, '"sea wall" sea') == ["sea wall", "sea,\n│ wall"]  # the longer first
    assert found(text, "seawall -sea") == ["seawall"]
    assert find_pattern('-sea -"sea wall"') is None
    assert find_pattern("") is None and find_pattern(None) is None
    assert find_pattern("OR") is None and find_pattern("!!! ???") is None


def test_the_query_is_never_a_regular_expression():
    # a.b is the phrase "a b", as the index has it
    assert found("a.b axb (c+) [d]", "a.b (c+) [d]") == ["a.b", "c", "d"]
    assert found("x" * 50, "(x+x+)+y") == []


def test_operators_are_not_marked_but_the_text_of_title_is():
    text = "Typhoon is:unread feed:bbc; the typhoon hit after:2026"
    assert found(text, "is:unread feed:bbc title:typhoon after:2026-11-01") == [
        "Typhoon",
        "typhoon",
    ]
    assert find_pattern("is:unread newer:3d -title:x") is None
