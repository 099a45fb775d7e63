#!/usr/bin/env python3
"""Write the labelled corpus for the related-article bench, deterministically:

    .venv/bin/python bench/make_related_corpus.py [OUT_DIR]   (default bench/related_corpus)

24 topics (12 English, 12 Chinese), each told by 4 feeds in their own words (sentences
drawn from the topic's pool in different orders and subsets), every other topic also
syndicated once more with small edits (a near-duplicate). Topics come in pairs that
share their key word but not their subject (Apple the company / apple harvest, bank
rates / river bank, 苹果公司 / 苹果丰收, 小米汽车 / 小米丰收, 火箭发射 / 火箭队 ...), so the
distractors are labelled topics of their own. Background articles (label null) mix
generic news sentences. Bodies carry the usual boilerplate ("Read more", "责任编辑").
Output: corpus.json with feeds and articles (topic label, language, near-duplicate of).
"""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEED = 20260301
START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

FEEDS = {
    "en": [
        ("Daily Ledger", "News"), ("Metro Wire", "News"), ("Northern Courier", "World"),
        ("Tech Pulse", "Tech"), ("Global Brief", "World"), ("Harbor Times", "News"),
    ],
    "zh": [
        ("新华快讯", "新闻"), ("南方日报", "新闻"), ("科技前沿", "科技"), ("财经观察", "财经"),
        ("人民生活", "新闻"), ("东方早报", "新闻"),
    ],
}  # fmt: skip

BOILER = {
    "en": ["Read more", "Share this article", "Subscribe to our newsletter", "Advertisement"],
    "zh": ["责任编辑：王磊", "举报/反馈", "点击查看全文", "分享到：微信 微博"],
}

GENERIC = {
    "en": [
        "Officials said more details would be released in the coming days.",
        "The announcement was made at a press conference on Tuesday afternoon.",
        "Analysts said it was too early to judge the long-term effects.",
        "Local residents shared their views on social media throughout the day.",
        "A spokesperson declined to comment further when contacted by reporters.",
        "The figures were published in a report on Monday morning.",
        "Critics said the government had been slow to respond.",
        "Experts expect the debate to continue for several months.",
    ],
    "zh": [
        "有关部门表示，后续情况将及时向社会公布。",
        "消息发布后，引发网友广泛关注和讨论。",
        "业内人士认为，相关影响仍有待进一步观察。",
        "当地居民纷纷在社交媒体上发表看法。",
        "记者从有关方面了解到，具体细节仍在研究之中。",
        "专家指出，这一问题需要长期关注。",
        "据悉，相关工作将在下周继续推进。",
        "发言人在例行记者会上回答了相关提问。",
    ],
}

# topic id -> (language, titles, sentences). Pairs share a key word, not a subject.
TOPICS: dict[str, tuple[str, list[str], list[str]]] = {
    "apple-iphone": (
        "en",
        [
            "Apple unveils new iPhone with on-device AI features",
            "Apple's latest iPhone bets on artificial intelligence",
            "New iPhone lineup from Apple puts AI at the centre",
        ],
        [
            "Apple introduced its new iPhone lineup at an event in Cupertino, with artificial intelligence features that run on the device.",
            "The company said the new A-series chip makes the phone faster and more efficient than last year's model.",
            "Tim Cook told the audience that privacy remained at the heart of Apple's approach to AI.",
            "Preorders for the iPhone open on Friday, and the handsets ship to stores the following week.",
            "Analysts expect the upgrade cycle to lift Apple's smartphone sales after a slow year in China.",
            "The camera system gains a larger sensor, and the battery lasts several hours longer, Apple said.",
        ],
    ),
    "apple-harvest": (
        "en",
        [
            "Apple growers count losses after late spring frost",
            "Frost cuts orchard apple harvest across the valley",
            "Orchards brace for a smaller apple crop this autumn",
        ],
        [
            "Apple growers in the valley say a late frost damaged blossoms in many orchards this spring.",
            "Farmers expect the apple harvest to fall by a third, with Gala and Honeycrisp trees worst hit.",
            "Pickers who usually arrive in September may find fewer weeks of work in the orchards.",
            "Some growers lit fires and ran wind machines through the night to protect the fruit trees.",
            "Cider makers warned that prices for apples and juice could rise at farm stands.",
            "The state agriculture department is surveying orchards to assess crop insurance claims.",
        ],
    ),
    "bank-rates": (
        "en",
        [
            "Central bank raises interest rates to fight inflation",
            "Rate rise: central bank lifts borrowing costs again",
            "Borrowers face higher mortgage payments after bank rate increase",
        ],
        [
            "The central bank raised its benchmark interest rate by a quarter point on Thursday to curb inflation.",
            "Policymakers voted seven to two for the increase, citing stubborn price growth in services.",
            "Mortgage lenders are expected to pass the higher borrowing costs on to homeowners within days.",
            "The governor said inflation was still well above the two per cent target.",
            "Financial markets had largely priced in the rate rise, and the currency barely moved.",
            "Savers may see better returns on deposits, while businesses warned of weaker investment.",
        ],
    ),
    "river-bank": (
        "en",
        [
            "Eroding river bank threatens homes after winter floods",
            "Riverbank collapse puts village homes at risk",
            "Floodwater eats away the river bank near the old mill",
        ],
        [
            "Winter floods have washed away large sections of the river bank below the village.",
            "Several homes now stand only metres from the edge where the riverbank has collapsed.",
            "Engineers plan to reinforce the bank with rock, willow spiling and new drainage.",
            "Residents said the water rose faster than at any time they could remember.",
            "The environment agency warned that erosion along the river could worsen with more heavy rain.",
            "Anglers and walkers have been asked to keep away from the unstable footpath by the water.",
        ],
    ),
    "python-release": (
        "en",
        [
            "Python 3.14 released with free-threaded build",
            "New Python version drops the GIL as an option",
            "Python programming language ships release 3.14",
        ],
        [
            "The Python core developers released Python 3.14, the latest version of the programming language.",
            "The release includes an officially supported free-threaded build without the global interpreter lock.",
            "Template strings and deferred evaluation of annotations are among the new language features.",
            "Developers are advised to test their packages, as some C extensions need updates for the new interpreter.",
            "The release manager thanked hundreds of volunteers who contributed code, documentation and testing.",
            "Binary installers are available for Windows and macOS, and Linux distributions will follow.",
        ],
    ),
    "python-snake": (
        "en",
        [
            "Hunters remove record Burmese python from the Everglades",
            "Invasive pythons spread deeper into Florida wetlands",
            "Snake hunters track giant pythons in the Everglades",
        ],
        [
            "Wildlife officers removed a Burmese python more than five metres long from the Everglades.",
            "The invasive snakes have spread across southern Florida and prey on native mammals and birds.",
            "State biologists use radio-tagged male pythons to find breeding females in the swamp.",
            "Contract hunters are paid for each python they catch during the annual challenge.",
            "Researchers say raccoon and rabbit populations have collapsed where the snakes are common.",
            "The wildlife commission urged pet owners never to release exotic reptiles into the wild.",
        ],
    ),
    "mars-rover": (
        "en",
        [
            "NASA rover finds organic molecules in Martian rock",
            "Mars rover sample hints at ancient habitable lake",
            "Organic compounds detected by rover on Mars",
        ],
        [
            "NASA's rover has detected organic molecules in a rock sample drilled from an ancient Martian lakebed.",
            "Scientists said the find does not prove life existed on Mars but shows the crater once held the right chemistry.",
            "The rover's instruments analysed the sample inside Jezero crater, where a river delta formed billions of years ago.",
            "Mission engineers hope a future return mission will bring the sealed sample tubes back to Earth.",
            "The team published its results in the journal Nature, describing carbon compounds and sulfates.",
            "The rover has travelled more than twenty kilometres since landing on the red planet.",
        ],
    ),
    "heatwave": (
        "en",
        [
            "Heatwave sends temperatures to records across southern Europe",
            "Europe swelters as heatwave breaks temperature records",
            "Record heat grips Spain, Italy and Greece",
        ],
        [
            "Temperatures climbed above forty-five degrees in parts of Spain, Italy and Greece as the heatwave intensified.",
            "Authorities closed the Acropolis in the afternoon and urged tourists to stay indoors during the hottest hours.",
            "Hospitals reported a rise in admissions for heatstroke among elderly people.",
            "Wildfires broke out on several Greek islands, forcing the evacuation of villages and hotels.",
            "Climate scientists said such extreme heat has become far more likely because of global warming.",
            "Meteorologists expect the hot air mass from North Africa to linger until the end of the week.",
        ],
    ),
    "rail-strike": (
        "en",
        [
            "Rail workers walk out in national strike over pay",
            "Train services cancelled as rail strike begins",
            "Commuters stranded by second day of rail walkout",
        ],
        [
            "Rail workers began a national strike on Monday after talks over pay and conditions collapsed.",
            "Most train services were cancelled, and commuters crowded onto buses and into cars.",
            "The union said its members had not had a real pay rise in years while inflation ate into wages.",
            "Train operators accused the union of disrupting passengers and refused to reopen negotiations.",
            "The transport secretary called the walkout unjustified and urged both sides to return to talks.",
            "Further rail strikes are planned for next month unless an agreement on pay is reached.",
        ],
    ),
    "measles": (
        "en",
        [
            "Measles outbreak spreads as vaccination rates fall",
            "Health officials race to contain measles cases",
            "Measles cases climb in schools with low vaccine uptake",
        ],
        [
            "Health officials confirmed dozens of new measles cases this week, most in children who were not vaccinated.",
            "The outbreak began in a primary school and spread to nearby towns within a month.",
            "Doctors urged parents to check that their children have had both doses of the MMR vaccine.",
            "Measles is one of the most contagious diseases, and it can cause pneumonia and brain swelling.",
            "Clinics opened extra vaccination sessions on weekends to meet demand.",
            "Public health experts blamed falling immunisation rates and misinformation online.",
        ],
    ),
    "chip-export": (
        "en",
        [
            "Washington tightens export controls on advanced chips",
            "New rules curb sales of AI semiconductors abroad",
            "Chipmakers weigh impact of stricter export curbs",
        ],
        [
            "The Commerce Department announced tighter export controls on advanced semiconductors and chipmaking equipment.",
            "The rules restrict sales of AI accelerators to China and require licences for more countries.",
            "Nvidia and other chipmakers said they were studying the rules and would comply.",
            "Shares of semiconductor companies fell as investors worried about lost revenue.",
            "Beijing criticised the measures and said it would protect the interests of Chinese firms.",
            "Officials said the controls aim to keep cutting-edge chips out of military supercomputers.",
        ],
    ),
    "womens-final": (
        "en",
        [
            "Spain beat England to win women's football final",
            "Late goal decides women's final in Sydney",
            "Women's football: Spain lift the trophy",
        ],
        [
            "Spain won the women's football final, beating England by a single goal in front of a sellout crowd in Sydney.",
            "The captain scored the decisive goal shortly before half-time with a low shot into the corner.",
            "England's goalkeeper saved a penalty to keep her team in the match, but they could not find an equaliser.",
            "Thousands of fans celebrated in Madrid as the players lifted the trophy.",
            "The tournament set attendance records and drew huge television audiences.",
            "The coach praised her players for their discipline and said the victory would inspire young girls.",
        ],
    ),
    "苹果公司": (
        "zh",
        [
            "苹果公司发布新款iPhone 主打端侧人工智能",
            "苹果新iPhone亮相 人工智能功能成最大看点",
            "苹果秋季发布会推出新一代iPhone",
        ],
        [
            "苹果公司在库比蒂诺举行发布会，推出新一代iPhone手机，主打在设备端运行的人工智能功能。",
            "苹果表示，新款芯片性能比上一代提升明显，能耗也进一步降低。",
            "库克在发布会上强调，隐私保护仍是苹果人工智能战略的核心。",
            "新款iPhone将于本周五开启预售，下周正式在门店发售。",
            "分析师预计，此次换机潮有望提振苹果在中国市场的手机销量。",
            "新机的摄像头配备更大尺寸的传感器，电池续航也有所延长。",
        ],
    ),
    "苹果丰收": (
        "zh",
        [
            "洛川苹果喜获丰收 果农忙采摘",
            "陕西苹果进入采收季 果园里一片繁忙",
            "苹果丰收季 果农笑开颜",
        ],
        [
            "眼下正值苹果采收季节，陕西洛川的果园里到处是果农忙碌采摘的身影。",
            "今年光照充足、雨水适中，苹果个大色艳，亩产比去年明显增加。",
            "果农老张说，他家十亩果园预计能收获苹果四万多斤。",
            "当地合作社建起冷库和分拣线，帮助果农把苹果卖到全国各地。",
            "不少电商主播来到果园直播带货，红富士苹果销量大增。",
            "农业部门组织技术人员下乡，指导果农做好采后储藏。",
        ],
    ),
    "小米汽车": (
        "zh",
        [
            "小米汽车交付量创新高 SU7订单持续火热",
            "小米SU7月交付突破两万辆",
            "雷军：小米汽车工厂二期将投产",
        ],
        [
            "小米汽车公布最新交付数据，SU7电动轿车单月交付量突破两万辆，再创新高。",
            "雷军在发布会上表示，小米汽车工厂二期即将投产，产能将大幅提升。",
            "不少消费者反映，目前下单后仍需等待数月才能提车。",
            "小米汽车还宣布将推出首款SUV车型，进一步丰富产品线。",
            "业内人士认为，小米凭借手机生态优势，在新能源汽车市场站稳了脚跟。",
            "小米集团股价当天上涨，市值再创历史新高。",
        ],
    ),
    "小米丰收": (
        "zh",
        [
            "山西谷子喜获丰收 小米飘香",
            "沁州黄小米迎来丰收季",
            "谷子丰收 小米产业助农增收",
        ],
        [
            "金秋时节，山西沁县的谷子地里一片金黄，小米迎来丰收。",
            "农民们忙着收割谷穗、晾晒脱粒，家家户户院子里堆满了谷子。",
            "当地把小米作为特色产业，发展订单种植，带动农民增收。",
            "今年谷子亩产达到六百斤左右，小米品质也比往年更好。",
            "加工企业推出小米粥、小米锅巴等产品，延长产业链。",
            "农技人员介绍，选用抗旱品种和覆膜种植是增产的关键。",
        ],
    ),
    "火箭发射": (
        "zh",
        [
            "长征五号运载火箭成功发射",
            "我国在文昌成功发射长征五号火箭",
            "火箭托举卫星顺利进入预定轨道",
        ],
        [
            "长征五号运载火箭在文昌航天发射场点火升空，将卫星顺利送入预定轨道，发射任务取得圆满成功。",
            "这是长征系列运载火箭的又一次飞行，火箭各系统工作正常。",
            "此次发射的卫星主要用于通信和数据传输服务。",
            "发射场附近的海滩上聚集了大批观众，目睹火箭腾空而起。",
            "航天科技集团表示，今年还将安排多次航天发射任务。",
            "火箭研制团队介绍，新一代发动机的可靠性得到了进一步验证。",
        ],
    ),
    "火箭队": (
        "zh",
        [
            "火箭队主场击败勇士 杰伦格林砍下三十分",
            "NBA常规赛：火箭力克勇士",
            "火箭队取得四连胜 排名升至西部前四",
        ],
        [
            "在NBA常规赛中，休斯敦火箭队主场以一百一十二比一百零五击败金州勇士队。",
            "火箭队后卫杰伦格林全场砍下三十分，末节连续命中关键投篮。",
            "申京贡献两双数据，在内线给勇士造成很大压力。",
            "火箭队主教练赛后表示，球队防守强度是取胜的关键。",
            "这场胜利让火箭队取得四连胜，排名升至西部第四。",
            "勇士队库里得到二十八分，但球队三分球命中率偏低。",
        ],
    ),
    "长城修缮": (
        "zh",
        [
            "八达岭长城启动新一轮修缮",
            "长城保护工程：修旧如旧留住历史",
            "文物专家为长城修缮把关",
        ],
        [
            "北京八达岭长城启动新一轮修缮工程，对部分破损的城墙和敌楼进行加固。",
            "文物部门坚持修旧如旧的原则，尽量使用原有的城砖和传统工艺。",
            "考古人员在修缮过程中发现了明代的刻字城砖。",
            "修缮期间，部分游览段落将临时封闭，游客需要提前关注公告。",
            "长城沿线各地还招募了保护员，定期巡查长城的保存状况。",
            "专家表示，长城保护要在利用和保护之间找到平衡。",
        ],
    ),
    "长城汽车": (
        "zh",
        [
            "长城汽车发布三季度财报 海外销量大增",
            "长城汽车净利润同比增长 坦克品牌表现亮眼",
            "长城汽车加快出海步伐",
        ],
        [
            "长城汽车发布第三季度财报，营业收入和净利润均实现同比增长。",
            "公司海外销量大幅增加，在俄罗斯、泰国和巴西等市场表现突出。",
            "旗下坦克品牌越野车型销量亮眼，成为利润增长的重要来源。",
            "长城汽车董事长表示，公司将继续加大新能源和智能驾驶研发投入。",
            "受财报利好影响，长城汽车股价当天收涨。",
            "公司计划在海外建设更多工厂，推进本地化生产。",
        ],
    ),
    "台风": (
        "zh",
        [
            "台风登陆广东 多地停工停课",
            "强台风正面袭击广东沿海",
            "台风过境 广东全力抢险救灾",
        ],
        [
            "今年第十一号台风在广东湛江沿海登陆，登陆时中心附近最大风力达十五级。",
            "广东多地宣布停工停课，沿海地区紧急转移群众数十万人。",
            "狂风暴雨导致部分地区停电，街道上树木倒伏，交通一度中断。",
            "气象部门发布台风红色预警，提醒市民减少外出。",
            "铁路和航空部门取消了大量车次和航班。",
            "台风过后，电力和救援队伍连夜抢修，尽快恢复供电。",
        ],
    ),
    "高考": (
        "zh",
        [
            "全国高考今日开考 考生人数创新高",
            "高考首日：各地护航考生平安应考",
            "一千三百多万考生今日走进高考考场",
        ],
        [
            "今年全国高考今天开考，报名人数超过一千三百万，再创历史新高。",
            "各地交警在考点周边加强交通疏导，为考生出行保驾护航。",
            "教育部门提醒考生，严禁携带手机等电子设备进入考场。",
            "不少家长身穿旗袍在考场外等候，寓意旗开得胜。",
            "今年多个省份实行新高考模式，考生可以自主选择考试科目。",
            "考试结束后，各地将陆续公布高考成绩和录取分数线。",
        ],
    ),
    "央行降准": (
        "zh",
        [
            "央行宣布降准0.5个百分点 释放长期资金约一万亿元",
            "央行降准落地 释放流动性支持实体经济",
            "降准来了！央行下调存款准备金率",
        ],
        [
            "中国人民银行宣布下调金融机构存款准备金率零点五个百分点，释放长期资金约一万亿元。",
            "央行有关负责人表示，此次降准旨在保持流动性合理充裕，支持实体经济发展。",
            "分析人士认为，降准有助于降低银行资金成本，推动贷款利率下行。",
            "降准消息公布后，股市和债市均有积极反应。",
            "央行强调，将继续实施稳健的货币政策，保持人民币汇率基本稳定。",
            "市场预计，年内仍有进一步降息降准的空间。",
        ],
    ),
    "大熊猫": (
        "zh",
        [
            "成都大熊猫基地迎来双胞胎幼崽",
            "大熊猫产下双胞胎 母子平安",
            "熊猫宝宝双胞胎亮相 萌化网友",
        ],
        [
            "成都大熊猫繁育研究基地宣布，一只大熊猫妈妈顺利产下一对双胞胎幼崽。",
            "饲养员介绍，两只熊猫幼崽体重分别为一百五十克和一百二十克，目前健康状况良好。",
            "基地工作人员二十四小时轮流值守，照顾熊猫妈妈和幼崽。",
            "熊猫宝宝的视频在网上发布后，吸引了大量网友点赞。",
            "今年基地已有多只大熊猫成功繁育，圈养大熊猫种群数量持续增长。",
            "专家表示，大熊猫保护工作取得了显著成效。",
        ],
    ),
    "春运": (
        "zh",
        [
            "春运今日启幕 预计旅客发送量创新高",
            "四十天春运开始 铁路增开列车",
            "春运首日：火车站迎来返乡客流",
        ],
        [
            "为期四十天的春运今天正式开始，预计全国跨区域人员流动量将超过九十亿人次。",
            "铁路部门增开夜间高铁和临时列车，满足旅客返乡需求。",
            "各大火车站客流明显增加，不少旅客提前数周抢购车票。",
            "民航部门也增加了热门航线的航班，机票价格有所上涨。",
            "交通运输部门提醒旅客合理安排行程，错峰出行。",
            "自驾返乡的旅客增多，高速公路服务区增设了充电桩。",
        ],
    ),
}

MISC = {
    "en": [
        "The city council approved a new budget for road repairs and public libraries.",
        "A local bakery won a national award for its sourdough bread.",
        "The museum reopened after a two-year renovation of its east wing.",
        "Volunteers planted five hundred trees along the coastal path.",
        "The orchestra announced its programme for the winter season.",
        "A new cycling lane will connect the station with the university campus.",
        "Ticket prices for the summer festival rose slightly this year.",
        "The airport expects record passenger numbers during the holidays.",
        "A chess prodigy aged eleven won the regional championship.",
        "Archaeologists uncovered a Roman coin hoard beneath a car park.",
        "The hospital opened a new children's ward funded by donations.",
        "Shoppers returned to the high street as the sales began.",
    ],
    "zh": [
        "市图书馆新馆正式开放，吸引了大批市民前来参观。",
        "本地一家面馆入选美食榜单，门口排起了长队。",
        "博物馆推出文物特展，展出数百件珍贵藏品。",
        "志愿者在海边开展清洁活动，清理垃圾数百公斤。",
        "交响乐团公布了新演出季的曲目安排。",
        "新开通的公交线路方便了周边居民出行。",
        "暑期旅游市场升温，热门景区游客明显增多。",
        "一名十一岁的少年在象棋比赛中夺冠。",
        "考古人员在工地下方发现一处古代墓葬。",
        "社区医院开设了儿童专科门诊。",
        "商场推出促销活动，周末客流大增。",
        "城市公园完成改造，新增了健身步道。",
    ],
}

BACKGROUND_PER_LANG = 36
ARTICLES_PER_TOPIC = 4


def _join(lang: str, sentences: list[str]) -> str:
    return "".join(f"<p>{s}</p>" for s in sentences)


def build() -> dict:
    rng = random.Random(SEED)
    feeds = []
    for lang, names in FEEDS.items():
        for i, (title, category) in enumerate(names):
            feeds.append(
                {
                    "url": f"https://{lang}{i}.feeds.test/rss.xml",
                    "title": title,
                    "category": category,
                    "lang": lang,
                }
            )
    by_lang = {lang: [f for f in feeds if f["lang"] == lang] for lang in FEEDS}
    articles = []

    def add(feed: dict, title: str, body: str, when: datetime, topic: str | None, dup: str | None):
        key = f"a{len(articles):04d}"
        articles.append(
            {
                "key": key,
                "feed": feed["url"],
                "guid": f"urn:related-corpus:{key}",
                "link": f"{feed['url'].rsplit('/', 1)[0]}/{key}.html",
                "title": title,
                "published": when.isoformat(),
                "content": body,
                "topic": topic,
                "lang": feed["lang"],
                "duplicate_of": dup,
            }
        )
        return key

    for t_index, (topic, (lang, titles, pool)) in enumerate(TOPICS.items()):
        centre = START + timedelta(days=rng.randint(0, 50), hours=rng.randint(0, 23))
        chosen_feeds = rng.sample(by_lang[lang], ARTICLES_PER_TOPIC)
        first_key = None
        first = None
        for j, feed in enumerate(chosen_feeds):
            picked = rng.sample(pool, rng.randint(3, 5))
            sentences = [*picked, rng.choice(GENERIC[lang])]
            rng.shuffle(sentences)
            title = titles[j % len(titles)]
            boiler = rng.choice(BOILER[lang])
            body = _join(lang, sentences) + f"<p>{boiler}</p>"
            when = centre + timedelta(hours=rng.randint(-60, 60))
            key = add(feed, title, body, when, topic, None)
            if j == 0:
                first_key, first = key, (title, sentences, when)
        if t_index % 2 == 0 and first is not None:  # the first story syndicated elsewhere
            title, sentences, when = first
            others = [f for f in by_lang[lang] if f not in chosen_feeds]
            feed = rng.choice(others)
            edited = list(sentences)
            edited[-1] = (
                edited[-1].replace(".", ", officials said.", 1)
                if lang == "en"
                else (edited[-1].replace("。", "，相关人士表示。", 1))
            )
            credit = (
                "This story was first published by our partners."
                if lang == "en"
                else "本文转载自合作媒体。"
            )
            body = _join(lang, [*edited, credit]) + f"<p>{rng.choice(BOILER[lang])}</p>"
            dup_title = title + (" - report" if lang == "en" else "（转载）")
            add(feed, dup_title, body, when + timedelta(hours=3), topic, first_key)

    for lang in FEEDS:
        for _ in range(BACKGROUND_PER_LANG):
            sentences = rng.sample(MISC[lang], 3) + rng.sample(GENERIC[lang], 2)
            rng.shuffle(sentences)
            title = sentences[0].rstrip(".。")[:60]
            when = START + timedelta(days=rng.randint(0, 55), hours=rng.randint(0, 23))
            body = _join(lang, sentences[1:]) + f"<p>{rng.choice(BOILER[lang])}</p>"
            add(rng.choice(by_lang[lang]), title, body, when, None, None)
    return {"seed": SEED, "feeds": feeds, "articles": articles}


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "related_corpus"
    out.mkdir(parents=True, exist_ok=True)
    corpus = build()
    text = json.dumps(corpus, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (out / "corpus.json").write_text(text, encoding="utf-8")
    labelled = sum(1 for a in corpus["articles"] if a["topic"])
    print(
        f"wrote {out / 'corpus.json'}: {len(corpus['articles'])} articles,"
        f" {len(TOPICS)} topics, {labelled} labelled, {len(corpus['feeds'])} feeds"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
