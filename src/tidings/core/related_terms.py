"""Which tokens of an article carry meaning for related-article ranking: stop-words,
page boilerplate ("Read more", "举报/反馈", "责任编辑：<name>"), single letters and short
numbers removed; tokens folded as FTS5's unicode61 tokenizer stores them."""

from __future__ import annotations

import functools
import re
import unicodedata

from tidings.core.tokenize import is_cjk, tokens

# English function words and news filler; single letters and short numbers go too.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers him his how i if in into is
    it its itself just me more most my no nor not now of off on once only or other our
    ours out over own same she should so some such than that the their them then there
    these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours said says say according told
    new one two three would could may might must shall us via per within without since
    mr ms mrs dr its it's we'll year years week weeks day days today yesterday tomorrow
    time times people like get got make made many much well even still back way go going
    read share subscribe click here sign newsletter advertisement comments comment email
    print follow twitter facebook copyright reserved rights photo image video related
    story stories continue full article updated published reporting editing""".split()
) | frozenset(
    # Chinese function bigrams and news filler (tokens are character bigrams).
    """我们 他们 你们 她们 它们 一个 这个 那个 这些 那些 没有 以及 进行 表示 目前 已经 可以
    因为 所以 但是 如果 还是 而且 或者 其中 之一 对于 关于 通过 由于 并且 不是 就是 这样 那样
    什么 怎么 为了 以来 之后 之前 时候 今天 昨天 明天 今年 去年 记者 报道 新闻 消息 日电 月日
    相关 阅读 原标 标题 来源 编辑 责任 分享 点击 查看 举报 反馈 全文 更多 图片 视频 网友 评论
    发布 发表 本文 文章 此外 同时 其他 以上 以下 一些 非常 自己 大家 已于 正在 将于 是否""".split()
)

# Phrases that are page furniture, not content: removed as runs of tokens.
BOILERPLATE = (
    "read more", "read the full story", "continue reading", "share this", "share this article",
    "share on facebook", "share on twitter", "subscribe", "subscribe to our newsletter",
    "sign up for our newsletter", "click here", "all rights reserved", "advertisement",
    "the post appeared first on", "follow us", "related articles", "举报/反馈", "举报", "反馈",
    "点击查看", "点击查看全文", "责任编辑", "原标题", "分享到", "扫一扫", "版权所有", "未经授权",
    "禁止转载", "来源：", "相关阅读", "通讯员", "推荐阅读", "打开APP", "阅读全文",
)  # fmt: skip


@functools.lru_cache(maxsize=100_000)
def fold(token: str) -> str:
    """A token as the FTS5 unicode61 tokenizer (remove_diacritics 2) stores it."""
    if token.isascii() or is_cjk(token[0]):
        return token
    decomposed = unicodedata.normalize("NFD", token)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def _boilerplate_runs() -> dict[str, list[tuple[str, ...]]]:
    runs: dict[str, list[tuple[str, ...]]] = {}
    for phrase in BOILERPLATE:
        toks = tuple(fold(t) for t in tokens(phrase))
        if toks:
            runs.setdefault(toks[0], []).append(toks)
    for first in runs:
        runs[first].sort(key=len, reverse=True)
    return runs


_RUNS = _boilerplate_runs()
_NAME_FOLLOWS = {tuple(tokens(p)) for p in ("责任编辑", "编辑", "记者", "作者", "通讯员")}
_NAME_FOLLOWS = {run for run in _NAME_FOLLOWS if any(run in r for r in _RUNS.values())}


def _skip_name(toks: list[str], keep: list[bool], start: int) -> int:
    """Drop the CJK name (one or two chained bigrams) at `start`; the index after it."""
    end = start
    while end < len(toks) and end - start < 2 and is_cjk(toks[end][0]) and len(toks[end]) == 2:
        if end > start and toks[end - 1][-1] != toks[end][0]:
            break
        keep[end] = False
        end += 1
    return end


_NUMBER_RE = re.compile(r"^\d{1,3}$")


def content_tokens(text: str) -> list[str]:
    """Tokens of indexed text (space separated, as in articles_fts) that carry meaning:
    boilerplate runs, stop-words, single letters and short numbers removed."""
    toks = [fold(t) for t in text.split()]
    keep = [True] * len(toks)
    i = 0
    while i < len(toks):
        for run in _RUNS.get(toks[i], ()):
            if tuple(toks[i : i + len(run)]) == run:
                end = i + len(run)
                for j in range(i, end):
                    keep[j] = False
                if is_cjk(run[0][0]):  # bigrams straddling the phrase's edges go too
                    if i > 0 and toks[i - 1][-1:] == run[0][:1] and is_cjk(toks[i - 1][0]):
                        keep[i - 1] = False
                    if end < len(toks) and toks[end][:1] == run[-1][-1:]:
                        keep[end] = False
                        end += 1
                    if run in _NAME_FOLLOWS:  # 责任编辑：王磊 — the editor's name goes too
                        end = _skip_name(toks, keep, end)
                i = end - 1
                break
        i += 1
    return [
        t
        for t, k in zip(toks, keep, strict=True)
        if k
        and t not in STOP_WORDS
        and not (len(t) == 1 and not is_cjk(t))
        and not _NUMBER_RE.match(t)
    ]
