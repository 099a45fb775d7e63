"""Generate the extraction quality corpus in bench/pages/ (deterministic).

Each page NN.html is a fictional but realistic news article wrapped in the boilerplate
real sites carry (top nav, breadcrumbs, share bar, 举报/反馈, comments, latest and related
lists, prev/next links, ads, footer with copyright and ICP numbers), in one of six
layouts. NN.expected.txt holds the article body as plain text; NN.meta.json the page's
URL, encoding, HTTP content type, title and site links.

Run: .venv/bin/python bench/make_pages.py [N]   (default 32 pages: half Chinese)
"""

from __future__ import annotations

import json
import random
import sys
from html import escape
from pathlib import Path

OUT = Path(__file__).resolve().parent / "pages"

ZH_PLACES = ["江南市", "临川县", "青石镇", "海陵区", "北川新区", "云溪市", "东湖开发区", "白沙港"]
ZH_ORGS = [
    "市交通运输局",
    "省教育厅",
    "县农业农村局",
    "市生态环境局",
    "区文化和旅游局",
    "市卫生健康委员会",
]
ZH_THINGS = [
    "公交线路",
    "社区食堂",
    "老旧小区改造",
    "智慧停车平台",
    "乡村图书馆",
    "河道治理工程",
    "夜间集市",
    "养老服务中心",
]
ZH_SENT = [
    "记者从{org}获悉，{place}今年将新建{n}个{thing}项目，预计年底前全部投入使用。",
    "据介绍，该项目总投资约{n}亿元，覆盖周边{m}个社区，惠及居民超过{k}万人。",
    "{place}居民王女士告诉记者：“以前办事要跑好几趟，现在在家门口就能解决，方便多了。”",
    "相关负责人表示，下一步将继续完善配套设施，做好后续运营和维护工作，确保群众满意。",
    "今年以来，{place}坚持问题导向，把群众反映强烈的{thing}问题作为工作重点，逐项推进整改。",
    "数据显示，一季度{place}共受理相关咨询{k}千余件，办结率达到百分之九十{n}。",
    "专家认为，{thing}的建设不仅改善了居住环境，也带动了周边商业和就业的发展。",
    "为保障工程质量，{org}成立了专门工作组，实行每周调度、每月通报的工作机制。",
    "在施工现场，数十名工人正在紧张作业，挖掘机、吊车往来穿梭，一派繁忙景象。",
    "据了解，{thing}建成后将实行统一管理，市民可通过手机小程序查询和预约。",
    "{org}有关负责人强调，各地要压实责任，加强监督检查，防止出现形式主义和走过场。",
    "不少市民对此表示欢迎，也有居民提出，希望进一步延长开放时间，增加服务项目。",
    "按照计划，第二阶段工作将于{m}月启动，重点解决资金、用地和人员等方面的难题。",
    "截至目前，{place}已累计完成投资{n}亿元，完成年度计划的百分之{k}十左右。",
    "业内人士指出，类似做法在全国多个城市已有成功经验，值得进一步总结和推广。",
    "与此同时，{place}还将开展为期{m}个月的专项行动，集中整治群众身边的突出问题。",
]
ZH_HEADS = [
    "一、基本情况",
    "二、主要做法",
    "三、存在的问题",
    "下一步工作安排",
    "群众怎么说",
    "专家观点",
]
ZH_NAV = ["首页", "新闻", "国内", "国际", "财经", "科技", "体育", "娱乐", "教育", "健康", "汽车",
          "房产", "旅游", "文化", "评论", "图片", "视频", "专题", "政务", "公益"]  # fmt: skip
ZH_LATEST = [
    "{place}启动春季植树活动",
    "{org}发布最新通知",
    "{place}新增三条公交线路",
    "{thing}试点工作全面铺开",
    "{place}举行重点项目集中开工仪式",
    "关于做好{thing}工作的通知",
    "{place}召开年度工作会议",
    "{org}开展安全生产大检查",
    "{place}文化节下周开幕",
    "{thing}建设取得阶段性成效",
]
ZH_COMMENTS = [
    "这是好事，希望早日建成！",
    "我们小区什么时候能改造？",
    "支持，点赞。",
    "说得好听，落实才是关键。",
]

EN_PLACES = [
    "Riverton",
    "Lake Marlow",
    "North Fenwick",
    "Port Halden",
    "Ashgrove",
    "Cedar Falls",
    "Brookmere",
]
EN_ORGS = ["the city council", "the state transport agency", "the county health board",
           "the regional water authority", "the school district", "the parks department"]  # fmt: skip
EN_THINGS = ["bus network", "flood barrier", "community clinic", "bike lane plan", "housing project",
             "public library", "night market", "solar farm"]  # fmt: skip
EN_SENT = [
    "Officials in {place} said on Tuesday that the new {thing} would open by the end of the year, months ahead of schedule.",
    "The project, which cost about ${n} million, will serve roughly {k},000 residents across {m} neighbourhoods.",
    "\u201cWe have waited a long time for this,\u201d said Maria Alvarez, who has lived in {place} for two decades.",
    "According to {org}, the first phase of the {thing} was completed in March after a short delay caused by heavy rain.",
    "Critics argue that the money could have been spent on repairing existing roads and schools instead.",
    "The plan drew more than {k}00 public comments during a consultation that ran for {m} weeks.",
    "Engineers working on the site said the hardest part was moving underground cables without cutting power to homes.",
    "A spokesperson for {org} declined to say whether the budget would rise again next year.",
    "Local businesses have welcomed the news, saying more visitors would help them recover from a difficult winter.",
    "Under the agreement, the operator must publish monthly figures on usage, delays and complaints.",
    "Similar schemes in other cities have had mixed results, according to a study published last autumn.",
    "Residents will be able to book places and check opening hours through a new app launched this week.",
    "The council will vote on the second phase in {m} months, after an independent review of costs.",
    "So far, about {n} percent of the budget has been spent, slightly below the forecast made in January.",
    "Several residents raised concerns about noise and traffic during construction at a meeting on Monday night.",
    "If the pilot succeeds, {org} hopes to extend the {thing} to the rest of the region by 2027.",
]
EN_HEADS = [
    "What happens next",
    "Background",
    "How residents reacted",
    "The cost",
    "A long road",
    "Key facts",
]
EN_NAV = ["Home", "World", "US", "Politics", "Business", "Tech", "Science", "Health", "Sports",
          "Arts", "Books", "Style", "Food", "Travel", "Opinion", "Video", "Podcasts", "Weather"]  # fmt: skip
EN_LATEST = [
    "{place} opens its new {thing}",
    "Storm warning issued for {place}",
    "Budget vote delayed again",
    "{place} school wins national award",
    "What the {thing} means for commuters",
    "Five things to do in {place} this weekend",
    "Council approves {thing} funding",
    "Water rates set to rise in {place}",
    "Inside the fight over the {thing}",
    "Your questions answered",
]
EN_COMMENTS = ["About time!", "Who is paying for this though?", "Great news for our neighbourhood.",
               "I will believe it when I see it."]  # fmt: skip


class Page:
    """One generated article: its parts and the boilerplate around it."""

    def __init__(self, idx: int, rng: random.Random, zh: bool) -> None:
        self.idx, self.rng, self.zh = idx, rng, zh
        self.host = (
            rng.choice(["news.jiangnan.example.cn", "www.linchuan.example.com.cn", "xw.example.cn"])
            if zh
            else rng.choice(
                [
                    "www.riverton-herald.example.com",
                    "news.example.org",
                    "www.dailyledger.example.net",
                ]
            )
        )
        self.site = (
            rng.choice(["江南新闻网", "临川在线", "青石日报"])
            if zh
            else rng.choice(["Riverton Herald", "The Daily Ledger", "Metro News"])
        )
        self.url = f"https://{self.host}/2024/0{rng.randint(1, 9)}/{rng.randint(10, 28)}/{1000 + idx * 7}.html"
        self.vars = dict(
            place=rng.choice(ZH_PLACES if zh else EN_PLACES),
            org=rng.choice(ZH_ORGS if zh else EN_ORGS),
            thing=rng.choice(ZH_THINGS if zh else EN_THINGS),
        )
        self.title = self.fill(rng.choice(ZH_LATEST if zh else EN_LATEST))
        self.title += (
            "，" + self.fill("{thing}惠及{k}万人")
            if zh
            else ": " + self.fill("{k},000 residents to benefit")
        )
        self.body: list[tuple[str, object]] = []  # (kind, payload) in order
        self.make_body()
        self.prev = (self.link(), self.headline())
        self.next = (self.link(), self.headline())
        self.related = [(self.link(), self.headline()) for _ in range(rng.randint(4, 6))]
        self.latest = [(self.link(), self.headline()) for _ in range(rng.randint(5, 8))]

    def fill(self, s: str) -> str:
        r = self.rng
        return s.format(n=r.randint(2, 9), m=r.randint(2, 9), k=r.randint(2, 9), **self.vars)

    def link(self) -> str:
        return f"https://{self.host}/2024/{self.rng.randint(1, 12):02d}/{self.rng.randint(1, 28):02d}/{self.rng.randint(2000, 9999)}.html"

    def headline(self) -> str:
        h = self.fill(self.rng.choice(ZH_LATEST if self.zh else EN_LATEST))
        return h if self.rng.random() < 0.5 else h + ("（图）" if self.zh else " (photos)")

    def para(self) -> str:
        sents = ZH_SENT if self.zh else EN_SENT
        return ("" if self.zh else " ").join(
            self.fill(s) for s in self.rng.sample(sents, self.rng.randint(2, 4))
        )

    def make_body(self) -> None:
        r = self.rng
        heads = list(ZH_HEADS if self.zh else EN_HEADS)
        r.shuffle(heads)
        n = r.randint(4, 9)
        extras = r.sample(["head", "head", "list", "table", "quote", "image"], r.randint(2, 5))
        slots = sorted(r.sample(range(1, n), min(len(extras), n - 1)))
        for i in range(n):
            if i in slots:
                kind = extras[slots.index(i)]
                if kind == "head":
                    self.body.append(("h2", heads.pop()))
                elif kind == "list":
                    self.body.append(
                        (
                            "ul",
                            [
                                self.fill(r.choice(ZH_LATEST if self.zh else EN_LATEST))
                                for _ in range(r.randint(3, 5))
                            ],
                        )
                    )
                elif kind == "table":
                    hdr = (
                        ["项目", "投资（亿元）", "进度"]
                        if self.zh
                        else ["Item", "Cost ($m)", "Status"]
                    )
                    rows = [
                        [
                            self.fill("{thing}"),
                            str(r.randint(1, 90)),
                            r.choice(
                                ["已完成", "在建", "规划中"]
                                if self.zh
                                else ["Done", "Building", "Planned"]
                            ),
                        ]
                        for _ in range(r.randint(2, 4))
                    ]
                    self.body.append(("table", [hdr, *rows]))
                elif kind == "quote":
                    self.body.append(
                        ("blockquote", self.fill(r.choice(ZH_SENT if self.zh else EN_SENT)))
                    )
                else:
                    cap = self.fill(
                        "图为{place}{thing}施工现场。"
                        if self.zh
                        else "Work on the {thing} in {place} last month."
                    )
                    self.body.append(("img", (f"/images/2024/{self.idx}_{i}.jpg", cap)))
            self.body.append(("p", self.para()))

    # -- rendering ---------------------------------------------------------------------
    def body_html(self, style: str) -> str:
        """The article body; style "p" (paragraph tags) or "br" (text with <br>, old CMSes)."""
        out = []
        for kind, val in self.body:
            if kind == "p":
                text = self.linked(val)
                out.append(
                    f"<p>{text}</p>"
                    if style == "p"
                    else f"&nbsp;&nbsp;&nbsp;&nbsp;{text}<br><br>\n"
                )
            elif kind == "h2":
                out.append(
                    f"<h2>{escape(val)}</h2>"
                    if style == "p"
                    else f"<strong>{escape(val)}</strong><br><br>\n"
                )
            elif kind == "ul":
                out.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in val) + "</ul>")
            elif kind == "table":
                rows = "".join(
                    "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in val
                )
                out.append(f'<table border="1" class="data">{rows}</table>')
            elif kind == "blockquote":
                out.append(f"<blockquote><p>{escape(val)}</p></blockquote>")
            else:
                src, cap = val
                lazy = 'src="/static/blank.gif" data-src' if self.rng.random() < 0.3 else "src"
                out.append(
                    f'<figure><img {lazy}="{src}" alt="{escape(cap)}"><figcaption>{escape(cap)}</figcaption></figure>'
                    if style == "p"
                    else f'<p align="center"><img src="{src}"></p><p align="center">{escape(cap)}</p>'
                )
        return "\n".join(out)

    def linked(self, text: str) -> str:
        """The paragraph's text, escaped, sometimes with a few words linked (as sites do)."""
        if self.rng.random() < 0.6:
            return escape(text)
        a = self.rng.randint(0, len(text) // 2)
        b = a + self.rng.randint(4, 12)
        href = f"/topic/{self.rng.randint(1, 99)}.html"
        return f'{escape(text[:a])}<a href="{href}">{escape(text[a:b])}</a>{escape(text[b:])}'

    def summaries(self, label: str) -> str:
        """A sidebar list of headlines with one-sentence summaries (news portals)."""
        sents = ZH_SENT if self.zh else EN_SENT
        items = "".join(
            f'<li><a href="{u}">{escape(t)}</a><p>{escape(self.fill(self.rng.choice(sents)))}</p></li>'
            for u, t in self.latest
        )
        return f"<h3>{label}</h3><ul>{items}</ul>"

    def long_comments(self) -> str:
        """Readers' comments as long as paragraphs, under a class name that says little."""
        sents = ZH_SENT if self.zh else EN_SENT
        out = []
        for i in range(self.rng.randint(3, 5)):
            words = ("" if self.zh else " ").join(self.fill(s) for s in self.rng.sample(sents, 2))
            out.append(
                f'<div class="item"><div class="name">{"网友" if self.zh else "reader"}{i}</div>'
                f'<div class="words">{escape(words)}</div><span class="zan">{"顶" if self.zh else "Like"}(3)</span></div>'
            )
        head = "网友评论" if self.zh else "Reader comments"
        return f'<div class="pinglun" id="discuss"><h3>{head}</h3>{"".join(out)}</div>'

    def expected(self) -> str:
        lines = []
        for kind, val in self.body:
            if kind in ("p", "h2", "blockquote"):
                lines.append(val)
            elif kind == "ul":
                lines.extend(val)
            elif kind == "table":
                lines.extend("  ".join(row) for row in val)
            else:
                lines.append(val[1])
        return "\n".join(lines) + "\n"

    def nav(self) -> str:
        items = ZH_NAV if self.zh else EN_NAV
        return "".join(f'<li><a href="/{i}/">{escape(x)}</a></li>' for i, x in enumerate(items))

    def crumbs(self) -> str:
        return (
            '<a href="/">首页</a> &gt; <a href="/news/">新闻中心</a> &gt; <a href="/news/local/">本地</a> &gt; 正文'
            if self.zh
            else '<a href="/">Home</a> › <a href="/local/">Local</a> › <a href="/local/transport/">Transport</a>'
        )

    def info(self) -> str:
        return (
            "2024-03-05 10:20:31 来源：江南日报 作者：李明"
            if self.zh
            else "By Jane Porter | March 5, 2024, 10:20 AM"
        )

    def share(self) -> str:
        return (
            '分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a> <a href="javascript:void(0)">复制链接</a>'
            if self.zh
            else '<a href="https://twitter.example/share">Share on X</a> <a href="#">Facebook</a> <a href="mailto:?">Email</a>'
        )

    def report(self) -> str:
        return (
            '<a href="/jubao/">举报/反馈</a>'
            if self.zh
            else '<a href="/corrections/">Report an error</a>'
        )

    def comments(self) -> str:
        items = ZH_COMMENTS if self.zh else EN_COMMENTS
        head = f"网友评论（{len(items)}）" if self.zh else f"Comments ({len(items)})"
        lis = "".join(
            f'<li><span class="user">user{i}</span><p>{escape(c)}</p></li>'
            for i, c in enumerate(items)
        )
        box = (
            '<textarea placeholder="说两句吧..."></textarea><button>发表评论</button>'
            if self.zh
            else '<textarea placeholder="Join the conversation"></textarea><button>Post</button>'
        )
        return f"<h3>{head}</h3><ul>{lis}</ul>{box}"

    def list_html(self, label: str, links: list[tuple[str, str]]) -> str:
        lis = "".join(f'<li><a href="{u}">{escape(t)}</a></li>' for u, t in links)
        return f"<h3>{label}</h3><ul>{lis}</ul>"

    def related_label(self) -> str:
        return (
            self.rng.choice(["相关阅读", "相关新闻"])
            if self.zh
            else self.rng.choice(["Related", "More stories"])
        )

    def latest_label(self) -> str:
        return self.rng.choice(["最近更新", "最新文章"]) if self.zh else "Latest"

    def prevnext(self, how: int) -> str:
        (pu, pt), (nu, nt) = self.prev, self.next
        if self.zh:
            if how == 0:
                return f'<p>上一篇：<a href="{pu}">{escape(pt)}</a></p><p>下一篇：<a href="{nu}">{escape(nt)}</a></p>'
            return f'<a href="{pu}">上一篇：{escape(pt)}</a><br><a href="{nu}">下一篇：{escape(nt)}</a>'
        if how == 0:
            return f'<a rel="prev" href="{pu}">« Previous: {escape(pt)}</a> <a rel="next" href="{nu}">Next: {escape(nt)} »</a>'
        return f'<a href="{pu}"><span>Previous</span> {escape(pt)}</a> <a href="{nu}"><span>Next</span> {escape(nt)}</a>'

    def footer(self) -> str:
        if self.zh:
            return (
                '<p><a href="/about/">关于我们</a> | <a href="/contact/">联系我们</a> | <a href="/ads/">广告服务</a> | <a href="/jobs/">招聘信息</a></p>'
                f"<p>Copyright © 2006-2024 {self.site} 版权所有 未经授权禁止转载</p>"
                '<p><a href="https://beian.example.cn/">京ICP备12345678号-1</a> 京公网安备 11010502000001号</p>'
            )
        return (
            '<p><a href="/about/">About us</a> · <a href="/contact/">Contact</a> · <a href="/privacy/">Privacy</a> · <a href="/terms/">Terms</a></p>'
            f"<p>© 2024 {self.site}. All rights reserved.</p>"
        )

    def ad(self) -> str:
        return (
            '<div class="ad ad-300x250"><a href="https://ads.example/click?id=9"><img src="https://ads.example/b.jpg"></a>广告</div>'
            if self.zh
            else '<div class="advertisement">Advertisement<a href="https://ads.example/click"><img src="https://ads.example/b.jpg"></a></div>'
        )

    def script(self) -> str:
        return '<script>var _hmt=_hmt||[];document.write("<div>tracker 统计代码</div>");</script>'


def layout_semantic(p: Page) -> str:
    return f"""<header class="site-header"><div class="logo"><a href="/">{p.site}</a></div>
<nav class="main-nav"><ul>{p.nav()}</ul></nav></header>
<div class="breadcrumb">{p.crumbs()}</div>
<main><article>
<header><h1>{escape(p.title)}</h1><div class="byline">{p.info()}</div></header>
<div class="share-bar">{p.share()}</div>
<div class="article-body">{p.body_html("p")}
{p.ad()}
</div>
<div class="article-tools">{p.report()}</div>
<nav class="post-nav">{p.prevnext(0)}</nav>
<section class="related">{p.list_html(p.related_label(), p.related)}</section>
<section id="comments">{p.comments()}</section>
</article></main>
<aside class="sidebar">{p.list_html(p.latest_label(), p.latest)}{p.ad()}</aside>
<footer>{p.footer()}</footer>"""


def layout_divsoup(p: Page) -> str:
    return f"""<div id="wrap"><div class="top"><div class="topnav"><ul>{p.nav()}</ul></div>
<div class="search"><input name="q"><button>搜索</button></div></div>
<div class="crumbs">{p.crumbs()}</div>
<div class="main clearfix"><div class="left">
<h1 class="art-title">{escape(p.title)}</h1>
<div class="art-info"><span class="pubtime">{p.info()}</span></div>
<div id="artibody" class="article-content">{p.script()}{p.body_html("p")}
<p class="editor">{"责任编辑：王芳" if p.zh else "Edited by Tom Reed"}</p></div>
<div class="share">{p.share()} {p.report()}</div>
<div class="prenext">{p.prevnext(1)}</div>
<div class="xgyd">{p.list_html(p.related_label(), p.related)}</div>
<div class="comment-box">{p.comments()}</div>
</div>
<div class="right"><div class="hot-list">{p.list_html(p.latest_label(), p.latest)}</div>{p.ad()}</div>
</div>
<div id="footer">{p.footer()}</div></div>"""


def layout_table(p: Page) -> str:
    return f"""<table width="960" align="center"><tr><td>{p.nav().replace("<li>", " ").replace("</li>", " ")}</td></tr></table>
<table width="960" align="center"><tr><td class="dqwz">当前位置：{p.crumbs()}</td></tr></table>
<table width="960" align="center" cellpadding="0"><tr>
<td width="700" valign="top">
<table width="100%"><tr><td align="center" class="title"><font size="5"><b>{escape(p.title)}</b></font></td></tr>
<tr><td align="center" class="time">{p.info()}</td></tr>
<tr><td class="black14">{p.body_html("br")}</td></tr>
<tr><td align="right">【<a href="javascript:window.print()">{"打印本页" if p.zh else "Print"}</a>】【<a href="javascript:window.close()">{"关闭窗口" if p.zh else "Close"}</a>】</td></tr>
<tr><td>{p.prevnext(0)}</td></tr>
</table></td>
<td width="260" valign="top">{p.list_html(p.latest_label(), p.latest)}<br>{p.list_html(p.related_label(), p.related)}</td>
</tr></table>
<table width="960" align="center"><tr><td align="center">{p.footer()}</td></tr></table>"""


def layout_trs(p: Page) -> str:
    return f"""<div class="header"><div class="nav"><ul>{p.nav()}</ul></div></div>
<div class="location">{p.crumbs()}</div>
<div class="container"><div class="con_left">
<div class="detail_title"><h2>{escape(p.title)}</h2></div>
<div class="detail_info">{p.info()} <span class="fontsize">字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></span></div>
<div id="zoom"><div class="TRS_Editor">{p.body_html("p")}</div></div>
<div class="bdsharebuttonbox">{p.share()}</div>
<div class="jiucuo">{p.report()}</div>
<div class="pages">{p.prevnext(0)}</div>
</div><div class="con_right">{p.list_html(p.latest_label(), p.latest)}{p.list_html(p.related_label(), p.related)}</div></div>
<div class="bottom">{p.footer()}</div>"""


def layout_obfuscated(p: Page) -> str:
    """A modern app build: hashed class names, no semantic hints but itemprop."""
    c = lambda: f"css-{p.rng.randint(1000, 9999):x}"  # noqa: E731
    return f"""<div class="{c()}"><div class="{c()}"><ul class="{c()}">{p.nav()}</ul></div>
<div class="{c()}"><div class="{c()}" itemscope itemtype="https://schema.org/NewsArticle">
<h1 class="{c()}" itemprop="headline">{escape(p.title)}</h1>
<div class="{c()}"><span itemprop="author">{"李明" if p.zh else "Jane Porter"}</span> <time datetime="2024-03-05T10:20:00+08:00">2024-03-05</time></div>
<div class="{c()}">{p.share()}</div>
<div class="{c()}" itemprop="articleBody">{p.body_html("p")}</div>
<div class="{c()}">{p.list_html(p.related_label(), p.related)}</div>
<div class="{c()}">{p.prevnext(1)}</div>
<div class="{c()}">{p.list_html(p.latest_label(), p.latest)}</div>
<div class="{c()}">{p.comments()}</div>
</div></div><div class="{c()}">{p.footer()}</div></div>"""


def layout_wordpress(p: Page) -> str:
    return f"""<div id="page" class="site has-sidebar"><header id="masthead" class="site-header">
<div class="site-branding"><a href="/">{p.site}</a></div><nav id="site-navigation" class="main-navigation"><ul>{p.nav()}</ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{p.idx}" class="post type-post status-publish">
<h1 class="entry-title">{escape(p.title)}</h1>
<div class="entry-meta"><span class="posted-on">{p.info()}</span></div>
<div class="entry-content">{p.body_html("p")}
<div class="sharedaddy sd-sharing-enabled">{p.share()}</div>
</div>
<footer class="entry-footer">{p.report()}</footer>
</article>
<nav class="navigation post-navigation">{p.prevnext(0)}</nav>
<div id="comments" class="comments-area">{p.comments()}</div>
</main></div>
<div id="secondary" class="widget-area"><section class="widget widget_recent_entries">{p.list_html(p.latest_label(), p.latest)}</section>
<section class="widget">{p.list_html(p.related_label(), p.related)}</section></div>
</div><footer id="colophon" class="site-footer">{p.footer()}</footer></div>"""


def layout_portal(p: Page) -> str:
    """A news portal: body split in two parts around an ad, summaries in the sidebar."""
    html = p.body_html("p")
    cut = html.find("</p>", len(html) // 2) + 4
    return f"""<div class="topbar"><a href="/login">{"登录" if p.zh else "Sign in"}</a></div>
<div class="channel-nav">{p.nav().replace("li>", "span>")}</div>
<div class="w1000"><div class="l">
<div class="hd"><h1>{escape(p.title)}</h1><p class="src">{p.info()}</p></div>
<div class="bd">
<div class="part">{html[:cut]}</div>
{p.ad()}
<div class="part">{html[cut:]}</div>
</div>
<div class="tool">{p.share()} {p.report()}</div>
<div class="np">{p.prevnext(1)}</div>
<div class="box">{p.list_html(p.related_label(), p.related)}</div>
</div><div class="r">{p.summaries(p.latest_label())}</div></div>
<div class="ft">{p.footer()}</div>"""


def layout_blog(p: Page) -> str:
    """A personal blog: plain markup, no helpful class names, long readers' comments."""
    return f"""<div id="top"><h2><a href="/">{p.site}</a></h2><p>{p.nav().replace("li>", "span>")}</p></div>
<div id="c"><h1>{escape(p.title)}</h1>
<p><small>{p.info()}</small></p>
<div>{p.body_html("p")}</div>
<p>{p.prevnext(0)}</p>
{p.long_comments()}
<div>{p.list_html(p.related_label(), p.related)}</div>
<div>{p.list_html(p.latest_label(), p.latest)}</div>
</div>
<div id="f">{p.footer()}</div>"""


LAYOUTS = [
    layout_semantic,
    layout_divsoup,
    layout_table,
    layout_trs,
    layout_obfuscated,
    layout_wordpress,
    layout_portal,
    layout_blog,
]
ZH_ENCODINGS = [  # (codec, how it's declared)
    ("utf-8", "meta"), ("gbk", "meta"), ("gb2312", "http-equiv"), ("gbk", "http"),
]  # fmt: skip


def render(p: Page, layout: int, codec: str, declared: str) -> tuple[bytes, str | None]:
    head = ""
    ctype = None
    if declared == "meta":
        head = f'<meta charset="{codec}">'
    elif declared == "http-equiv":
        head = f'<meta http-equiv="Content-Type" content="text/html; charset={codec}">'
    else:
        ctype = f"text/html; charset={codec.upper()}"
    title_tag = f"{p.title}_{'新闻中心'}_{p.site}" if p.zh else f"{p.title} - {p.site}"
    pu, nu = p.prev[0], p.next[0]
    linkrel = (
        f'<link rel="prev" href="{pu}"><link rel="next" href="{nu}">' if layout in (0, 5) else ""
    )
    doc = f"""<!DOCTYPE html>
<html lang="{"zh-CN" if p.zh else "en"}"><head>{head}
<title>{escape(title_tag)}</title>
<meta name="keywords" content="{escape(p.vars["place"])}">
<meta property="og:title" content="{escape(p.title)}">
<meta property="og:image" content="/images/og/{p.idx}.jpg">
<meta name="author" content="{"李明" if p.zh else "Jane Porter"}">
<meta property="article:published_time" content="2024-03-05T10:20:31+08:00">
{linkrel}<link rel="stylesheet" href="/css/main.css"><style>.ad{{display:block}}</style>
<script>window.dataLayer=[];function track(){{return "统计"}}</script>
</head><body>
{LAYOUTS[layout](p)}
<script src="/js/jquery.min.js"></script><script>track();</script>
</body></html>
"""
    return doc.encode(codec, errors="xmlcharrefreplace"), ctype


def main(n: int = 32) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*"):
        old.unlink()
    for i in range(n):
        rng = random.Random(1000 + i)
        zh = i % 2 == 0
        p = Page(i, rng, zh)
        layout = (i // 2) % len(LAYOUTS)
        codec, declared = ZH_ENCODINGS[(i // 2) % len(ZH_ENCODINGS)] if zh else ("utf-8", "meta")
        data, ctype = render(p, layout, codec, declared)
        stem = f"{i:02d}"
        (OUT / f"{stem}.html").write_bytes(data)
        (OUT / f"{stem}.expected.txt").write_text(p.expected(), encoding="utf-8")
        meta = {
            "lang": "zh" if zh else "en", "layout": LAYOUTS[layout].__name__, "encoding": codec,
            "declared": declared, "content_type": ctype, "url": p.url, "title": p.title,
            "prev": {"url": p.prev[0], "title": p.prev[1]}, "next": {"url": p.next[0], "title": p.next[1]},
            "related": [u for u, _ in p.related] + [u for u, _ in p.latest],
        }  # fmt: skip
        (OUT / f"{stem}.meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"wrote {n} pages to {OUT}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 32)
