"""index_text() of text with Chinese or Japanese in it is exactly tokens() joined by
spaces, however it is worked out (folded in one go, long runs cut in UTF-32)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tidings.core.tokenize import fold_table, index_text, tokens

TRADITIONAL = "".join(chr(k) for k in sorted(fold_table())[:200:7])
CHARS = "台风登陆中国新闻颱風気ひらがなカタカナ한국어\U00020000\U0002a6d6" + TRADITIONAL
PIECES = st.one_of(
    st.text(alphabet=CHARS, min_size=1, max_size=80),
    st.text(alphabet="abcXYZ019 -_.,\t\nÉéİß", max_size=12),
    st.text(max_size=6),
)


def joined(text: str, fold: bool = True) -> str:
    return " ".join(tokens(text, fold=fold))


@given(st.lists(PIECES, min_size=1, max_size=12).map("".join), st.booleans())
def test_cjk_text_is_tokens_joined(text, fold):
    if any(ch in CHARS for ch in text):
        assert index_text(text, fold=fold) == joined(text, fold)


def test_long_runs():
    run = "颱風登陸中國新聞気象" * 9  # 90 characters: cut in UTF-32, folded
    for text in (run, f"x{run}y", f"{run} {run[:23]} {run[:24]} {run[:2]}", "\U00020000" * 30):
        assert index_text(text) == joined(text)
        assert index_text(text, fold=False) == joined(text, fold=False)
    assert index_text("颱風登陸" * 8).split()[:3] == ["台风", "风登", "登陆"]
