from hypothesis import given
from hypothesis import strategies as st

from tidings.core.tokenize import index_text, tokens


def test_chinese_is_cut_into_bigrams():
    assert tokens("台风登陆") == ["台风", "风登", "登陆"]
    assert tokens("中") == ["中"]


def test_mixed_text():
    assert tokens("Apple 发布 iPhone新品") == ["apple", "发布", "iphone", "新品"]


def test_fullwidth_is_normalised():
    assert tokens("ＡＢＣ１２３") == ["abc123"]


@given(st.text(max_size=200))
def test_index_text_fast_path_matches_tokens(text):
    assert index_text(text).split() == tokens(text)
