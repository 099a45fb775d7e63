"""The renderer: HTML as a reader sees it in the terminal."""

import re
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from tidings.core.models import Article, Enclosure
from tidings.core.render import render_article, render_html, to_ansi, to_plain
from tidings.core.render_style import STYLE_LINK, STYLE_NUMBER

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def show(html: str, width: int = 60, base_url: str | None = None) -> str:
    return to_plain(render_html(html, base_url=base_url).text, width)


def article(**changes) -> Article:
    fields = dict(
        id=1,
        feed_id=1,
        feed_title="Example News",
        feed_url="https://example.org/feed",
        category=None,
        guid="g1",
        link="https://example.org/story",
        title="A story",
        author="Ann Writer",
        published=datetime(2026, 3, 1, 12, 30, tzinfo=UTC),
        updated=None,
        summary=None,
        content="<p>Body text.</p>",
    )
    fields.update(changes)
    return Article(**fields)


def test_headings_and_paragraphs_are_separated_by_blank_lines():
    out = show("<h1>Big</h1><p>First  para\n graph.</p><h2>Sub</h2><p>Second.</p>")
    assert out == "Big\n\nFirst para graph.\n\nSub\n\nSecond.\n"


def test_headings_are_styled():
    text = render_html("<h1>Big</h1><h3>Small</h3>").text
    styles = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert "bold" in styles["Big"] and "underline" in styles["Big"]
    assert "bold" in styles["Small"]


def test_entities_are_decoded_and_whitespace_collapsed():
    assert show("<p>  Tom&nbsp;&amp;&#32;Jerry &lt;3 &#x4E2D;&#25991;  </p>") == (
        "Tom\u00a0& Jerry <3 中文\n"
    )


def test_br_breaks_lines():
    assert show("<p>one<br>two<br/><br>three</p>") == "one\ntwo\n\nthree\n"


def test_inline_styles():
    text = render_html("<p><b>b</b> <i>i</i> <u>u</u> <s>s</s> <code>c</code></p>").text
    styles = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert styles["b"] == "bold"
    assert styles["i"] == "italic"
    assert styles["u"] == "underline"
    assert styles["s"] == "strike"
    assert styles["c"] == "cyan"
    assert text.plain == "b i u s c"


def test_unordered_and_nested_lists():
    html = "<ul><li>one</li><li>two<ul><li>two a</li><li>two b</li></ul></li><li>three</li></ul>"
    assert show(html) == "• one\n• two\n  ◦ two a\n  ◦ two b\n• three\n"


def test_ordered_lists_count_from_start():
    html = "<p>Steps:</p><ol start='3'><li>heat</li><li>stir<ol><li>slowly</li></ol></li></ol>"
    assert show(html) == "Steps:\n\n3. heat\n4. stir\n   1. slowly\n"


def test_blockquote_has_a_bar_on_every_line():
    out = show("<p>He said:</p><blockquote><p>one</p><p>two<br>three</p></blockquote><p>end</p>")
    assert out == "He said:\n\n│ one\n│\n│ two\n│ three\n\nend\n"
    text = render_html("<blockquote>q</blockquote>").text
    assert any("italic" in str(s.style) for s in text.spans)


def test_pre_keeps_whitespace_and_code_style():
    html = "<p>Code:</p><pre>def f(x):\n    return  x\n\n# done</pre><p>after</p>"
    assert show(html) == "Code:\n\ndef f(x):\n    return  x\n\n# done\n\nafter\n"


def test_links_are_numbered_and_listed():
    html = (
        '<p>See <a href="/a">this</a>, <a href="https://other.org/b">that</a> '
        'and <a href="/a">this again</a>.</p>'
    )
    rendered = render_html(html, base_url="https://example.org/news/")
    assert to_plain(rendered.text, 80) == "See this [1], that [2] and this again [1].\n"
    assert rendered.links == ["https://example.org/a", "https://other.org/b"]


def test_unsafe_links_are_text_without_a_number():
    html = (
        '<p><a href="javascript:alert(1)">run</a> <a href="data:text/html,x">data</a> '
        '<a href="file:///etc/passwd">file</a> <a href="#top">top</a> '
        '<a href="mailto:a@example.org">mail</a></p>'
    )
    rendered = render_html(html)
    assert to_plain(rendered.text, 80) == "run data file top mail [1]\n"
    assert rendered.links == ["mailto:a@example.org"]


def test_images_show_alt_text_and_a_link_number():
    html = '<p>Look: <img src="cat.png" alt="A cat"> <img src="data:image/png;base64,xx"></p>'
    rendered = render_html(html, base_url="https://example.org/")
    assert to_plain(rendered.text, 80) == "Look: [image: A cat] [1] [image]\n"
    assert rendered.links == ["https://example.org/cat.png"]


def test_hr_is_a_rule():
    out = show("<p>a</p><hr><p>b</p>")
    assert re.fullmatch(r"a\n\n─+\n\nb\n", out)


def test_dropped_elements():
    html = (
        "<p>kept</p><script>alert('x')</script><style>p{}</style><iframe>frame</iframe>"
        "<form><input value=v>form text</form><nav>menu</nav><noscript>ns</noscript>"
        "<svg><text>svg text</text></svg>"
    )
    assert show(html) == "kept\n"


def test_table_columns_align_by_cell_width_with_cjk():
    html = (
        "<table><thead><tr><th>都市</th><th>気温</th></tr></thead>"
        "<tbody><tr><td>東京</td><td>21°C</td></tr>"
        "<tr><td>Reykjavík</td><td>3°C</td></tr></tbody></table>"
    )
    lines = show(html).splitlines()
    assert lines[0].startswith("都市") and lines[2].startswith("東京")
    bars = {cell_len(line.split("│")[0]) for line in lines if "│" in line}
    assert len(bars) == 1  # every separator at the same cell column
    assert "┼" in lines[1]
    assert lines[3].split("│")[1].strip() == "3°C"


def test_wide_tables_wrap_inside_their_columns():
    long = "word " * 40
    html = f"<table><tr><td>key</td><td>{long}</td></tr></table>"
    lines = show(html, width=100).splitlines()
    assert len(lines) > 1
    assert all(cell_len(line) <= 78 for line in lines)
    assert all(line.index("│") == lines[0].index("│") for line in lines)


def test_one_column_layout_tables_are_just_text():
    assert show("<table><tr><td><p>Hello</p></td></tr><tr><td>World</td></tr></table>") == (
        "Hello\n\nWorld\n"
    )


def test_cjk_paragraph_wraps_by_cell_width_without_cutting_characters():
    sentence = "東京都は二十日、新しい交通計画を発表した。中国語と한국어の文章も混ざる。"
    html = "<p>" + sentence * 6 + "</p>"
    out = to_plain(render_html(html).text, 40)
    lines = out.splitlines()
    assert len(lines) > 5
    assert all(cell_len(line) <= 40 for line in lines)
    assert "".join(lines) == sentence * 6  # nothing cut or lost


def test_long_urls_are_broken_at_width():
    url = "https://example.org/" + "a" * 150
    out = show(f"<p>{url}</p>", width=40)
    lines = out.splitlines()
    assert all(cell_len(line) <= 40 for line in lines)
    assert "".join(lines) == url


def test_escape_sequences_in_bodies_alt_text_and_links_are_removed():
    html = (
        "<p>safe\x1b]2;pwned\x07 text &#27;[31mred</p>"
        '<img src="x.png" alt="cat\x1b]52;c;Zm9v\x07">'
        '<a href="https://example.org/\x1b[2Jpath">link\x9b2J</a>'
    )
    rendered = render_html(html, base_url="https://example.org/")
    out = to_plain(rendered.text, 80)
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "safe text" in out and "[image: cat]" in out
    assert rendered.links == ["https://example.org/x.png", "https://example.org/path"]


def test_plain_text_bodies_keep_their_lines():
    assert show("line one\nline two\n\n\n\nnext &amp; last") == (
        "line one\nline two\n\nnext & last\n"
    )


def test_garbage_does_not_raise():
    for junk in [
        "",
        "<",
        "<<>>",
        "<p",
        "</p></div>",
        "<!-- x",
        "<?xml version='1.0'?><a>x</a>",
        "<p>\x00\x01</p>",
        "<html><head><title>t</title></head></html>",
        "<" + "div>" * 5000 + "deep",
    ]:
        rendered = render_html(junk)
        assert CONTROL.search(rendered.text.plain) is None
    deep = render_html("<div>" * 3000 + "deep text" + "</div>" * 3000)
    assert "deep text" in deep.text.plain


def test_render_article_header_body_and_links():
    art = article(
        title="Big \x1b]2;pwned\x07news\n",
        content='<p>Read <a href="/more">more</a>.</p>',
        enclosures=[Enclosure("https://example.org/ep.mp3", "audio/mpeg", 12_582_912)],
    )
    rendered = render_article(art)
    out = to_plain(rendered.text, 80)
    local = datetime(2026, 3, 1, 12, 30, tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    lines = out.splitlines()
    assert lines[0] == "Big news"
    assert lines[1] == f"Example News · Ann Writer · {local}"
    assert lines[2] == "https://example.org/story"
    assert lines[3] == ""
    assert lines[4] == "Read more [1]."
    assert "Read more [1]." in out
    assert "[attachment: audio/mpeg, 12.0 MB] [2]" in out
    assert out.endswith("Links:\n[1] https://example.org/more\n[2] https://example.org/ep.mp3\n")
    assert rendered.links == ["https://example.org/more", "https://example.org/ep.mp3"]
    assert rendered.labels == ["more", "attachment: audio/mpeg, 12.0 MB"]


def test_an_article_with_no_text_says_so_and_how_to_get_it():
    # The demo of a summary-only feed item with no description: a blank pane under the
    # header read as a reader that had failed.
    for content in ("", "<p>   </p><div>\n\n</div>"):
        lines = to_plain(render_article(article(content=content)).text, 80).splitlines()
        assert lines[3:] == [
            "",
            "No text in the feed for this article: f fetches it from its web page.",
        ]
    lines = to_plain(render_article(article(content="", link=None)).text, 80).splitlines()
    assert lines[-1] == "No text in the feed for this article."
    assert "No text" not in render_article(article(content="<p>x</p>")).text.plain


def test_each_link_keeps_the_words_it_first_stood_under():
    # for the links list (U): what the link said, cleaned, the first place winning
    html = (
        '<p><a href="/a">the \x1b[31mreport\n 报告</a>, <img src="/m.png" alt="Map">'
        ' <a href="/a">again</a> <a href="/b"><img src="/b.png"></a> <video src="/v.mp4"></video>'
        ' <a href="/c">' + "x" * 500 + "</a></p>"
    )
    rendered = render_html(html, base_url="https://example.org/n/1")
    assert rendered.links[:2] == ["https://example.org/a", "https://example.org/m.png"]
    assert rendered.labels[:2] == ["the report 报告", "image: Map"]
    assert rendered.labels[2:5] == ["image", "", "video"]  # an image inside a link: no words
    assert rendered.labels[5] == "x" * 200
    assert len(rendered.labels) == len(rendered.links)


def test_a_link_too_long_for_the_line_stays_beside_its_number():
    url = "https://example.org/" + "a-very-long-path-segment/" * 4
    art = article(content=f'<p>See <a href="{url}">this</a>.</p>')
    out = to_plain(render_article(art, width=40).text, 40)
    tail = out.split("Links:\n", 1)[1].splitlines()
    assert tail[0] == "[1] " + url[:36]
    assert all(line.startswith("    ") and len(line) <= 40 for line in tail[1:])
    assert "".join(line.strip() for line in tail)[len("[1]") :].strip() == url
    text = render_article(art, width=40).text
    for style, piece in ((STYLE_NUMBER, "[1] "), (STYLE_LINK, url[:36])):
        start = text.plain.rindex(piece)
        assert any(
            s.style == style and s.start <= start and start + len(piece) <= s.end
            for s in text.spans
        ), piece


def test_render_article_full_text_notes():
    full = to_plain(render_article(article(id=2, full_text="<p>Whole page.</p>")).text, 80)
    assert "Full text from the web page" in full and "Whole page." in full
    failed = to_plain(render_article(article(id=3, full_text_error="HTTP 404")).text, 80)
    assert "Full text unavailable: HTTP 404; showing the feed's text" in failed
    assert "Body text." in failed


def test_render_article_is_cached_but_callers_get_their_own_copy():
    art = article(id=4)
    first = render_article(art)
    first.text.append("scribble")
    first.links.append("https://x.org/")
    second = render_article(art)
    assert "scribble" not in second.text.plain and second.links == []
    changed = render_article(article(id=4, content="<p>Edited.</p>"))
    assert "Edited." in changed.text.plain


def test_to_ansi_has_styles_and_to_plain_has_none():
    text = Text("bold", "bold")
    assert "\x1b[1m" in to_ansi(text, 40)
    assert "\x1b" not in to_plain(text, 40)


html_soup = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<ul>",
                "<li>",
                "</ul>",
                "<ol start=x>",
                "<table>",
                "<tr>",
                "<td>",
                "<th>",
                "</table>",
                "<pre>",
                "</pre>",
                "<blockquote>",
                "<a href='/x'>",
                "</a>",
                "<a href='javascript:x'>",
                "<img alt='\x1b]0;t\x07' src=y>",
                "<br>",
                "<hr>",
                "<h1>",
                "&#27;",
                "&#x9b;",
                "&amp;",
                "&#0;",
                "<script>",
                "\x1b[31m",
                "中文",
                "<!--",
                "-->",
                "<![CDATA[",
                "<svg>",
                "<b><i>",
                "</td>",
                "\r\n",
                "\x00",
            ]
        ),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_soup, st.integers(min_value=20, max_value=100))
def test_render_html_never_raises_and_output_has_no_control_characters(html, width):
    rendered = render_html(html, base_url="https://example.org/")
    out = to_plain(rendered.text, width)
    assert CONTROL.search(out) is None
    assert all(cell_len(line) <= width for line in out.splitlines())
    assert all(url.startswith(("https://", "http://", "mailto:")) for url in rendered.links)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_render_html_of_arbitrary_text(text):
    assert CONTROL.search(render_html(text).text.plain) is None


def test_render_html_of_a_large_hostile_page():
    chunk = (
        "<p>段落\x1b]0;x\x07 <a href='/l'>link</a> <b>b</b></p><ul><li>i</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table>"
    )
    html = chunk * (100_000 // len(chunk))
    rendered = render_html(html, base_url="https://example.org/")
    assert CONTROL.search(rendered.text.plain) is None
    assert rendered.links == ["https://example.org/l"]


# -- laid out for a width --------------------------------------------------------------

WIDE_PAGE = (
    "<p>Intro paragraph with enough words in it to wrap around more than once or twice"
    " at any of the widths we try here, which is the point of it.</p>"
    "<ul><li>A list item long enough to wrap around at forty cells, and again at eighty"
    " cells if we keep writing words into it for a while longer.<ul><li>A nested item that"
    " also wraps because it goes on and on and on past the edge of the pane.</li></ul>"
    "</li></ul><blockquote><p>A quoted paragraph long enough to wrap at forty cells and"
    " also at eighty cells once it has gone on for long enough, like this.</p>"
    "<p>東京都は二十日、新しい交通計画を発表した。中国語と한국어の文章も混ざる。</p>"
    "</blockquote><hr><pre>def f(x):\n    return g(" + "x, " * 40 + ")</pre>"
)


def laid_out(html: str, width: int) -> list[str]:
    out = to_plain(render_html(html, width=width).text, width)
    return out.splitlines()


@given(st.sampled_from([40, 80]))
@settings(max_examples=2, deadline=None)
def test_wrapped_list_items_keep_their_hanging_indent(width):
    lines = laid_out(WIDE_PAGE, width)
    start = next(i for i, line in enumerate(lines) if line.startswith("• A list item"))
    nested = next(i for i, line in enumerate(lines) if line.startswith("  ◦ A nested"))
    assert nested - start >= 2  # the item wrapped
    assert all(line.startswith("  ") and line[2] != " " for line in lines[start + 1 : nested])
    after = lines[nested + 1]
    assert after.startswith("    ") and after[4] != " "  # the nested item's own indent


@given(st.sampled_from([40, 80]))
@settings(max_examples=2, deadline=None)
def test_a_wrapped_quote_keeps_its_bar_on_every_line(width):
    lines = laid_out(WIDE_PAGE, width)
    quote = [line for line in lines if line.startswith("│")]
    first = next(i for i, line in enumerate(lines) if line.startswith("│ A quoted"))
    last = max(i for i, line in enumerate(lines) if line.startswith("│"))
    assert len(quote) == last - first + 1 >= 4  # no line of the quote lost its bar
    text = "".join(line[2:] for line in quote if "한국어" in line or "東京" in line or "。" in line)
    assert "東京都" in text


def test_laid_out_output_fits_the_width_and_rules_span_it():
    for width in (20, 40, 80, 100):
        lines = laid_out(WIDE_PAGE, width)
        assert all(cell_len(line) <= width for line in lines), width
        assert "─" * width in lines
        code = [line for line in lines if "x, x" in line]
        assert all(cell_len(line) <= width for line in code)


def test_width_none_keeps_the_old_layout():
    assert render_html(WIDE_PAGE).text.plain == render_html(WIDE_PAGE, width=None).text.plain
    assert "─" * 32 + "\n" in render_html("<p>a</p><hr><p>b</p>").text.plain + "\n"


@given(st.sampled_from([40, 80]), st.integers(min_value=1, max_value=8))
@settings(max_examples=12, deadline=None)
def test_cjk_paragraph_never_exceeds_the_width_and_no_character_is_cut(width, copies):
    sentence = "東京都は二十日、新しい交通計画を発表した。中国語と한국어の文章も混ざる。"
    text = render_html("<p>" + sentence * copies + "</p>", width=width).text
    lines = text.plain.split("\n")
    assert all(cell_len(line) <= width for line in lines)
    assert all(cell_len(line) >= width - 2 for line in lines[:-1])  # lines are filled
    assert "".join(lines) == sentence * copies  # nothing cut, lost or added
    assert to_plain(text, width).splitlines() == lines  # rich does not wrap it again


@given(st.sampled_from([40, 80]))
@settings(max_examples=2, deadline=None)
def test_a_table_with_cjk_fits_the_width(width):
    long = "日本の首都であり、世界最大級の都市圏を形成している。" * 3
    html = (
        "<table><thead><tr><th>都市</th><th>説明</th><th>人口</th></tr></thead>"
        f"<tbody><tr><td>東京</td><td>{long}</td><td>1400万</td></tr>"
        "<tr><td>Reykjavík</td><td>capital of Iceland, small</td><td>13万</td></tr></tbody></table>"
    )
    lines = laid_out(html, width)
    assert all(cell_len(line) <= width for line in lines)
    bars = {cell_len(line.split("│")[0]) for line in lines if "│" in line}
    assert len(bars) == 1  # columns still line up
    body = "".join(line.split("│")[1].strip() for line in lines if "│" in line)
    assert long in body  # the wide cell wrapped, nothing cut


def test_a_table_of_many_columns_in_a_narrow_width_still_fits():
    row = "<tr>" + "<td>漢字セル</td>" * 12 + "</tr>"
    lines = laid_out(f"<table>{row}{row}</table>", 20)
    assert all(cell_len(line) <= 20 for line in lines)
    assert "".join(lines).count("漢字セル") == 24


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_soup, st.integers(min_value=20, max_value=100))
def test_laid_out_soup_fits_its_width(html, width):
    rendered = render_html(html, base_url="https://example.org/", width=width)
    out = to_plain(rendered.text, width)
    assert all(cell_len(line) <= width for line in out.splitlines())
    assert CONTROL.search(out) is None


def test_render_article_lays_out_for_a_width_and_caches_per_width():
    art = article(id=5, content="<ul><li>" + "word " * 40 + "</li></ul>")
    narrow = to_plain(render_article(art, width=40).text, 40).splitlines()
    wide = to_plain(render_article(art, width=80).text, 80).splitlines()
    items = [line for line in narrow if "word" in line]
    assert len(items) > 3 and all(line.startswith(("• ", "  word")) for line in items)
    assert all(cell_len(line) <= 40 for line in narrow)
    assert max(cell_len(line) for line in narrow) > 35  # filled to the width asked for
    assert max(cell_len(line) for line in wide) > 75
