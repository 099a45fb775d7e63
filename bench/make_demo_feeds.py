#!/usr/bin/env python3
"""Write the bundled demo feeds, deterministically:

    .venv/bin/python bench/make_demo_feeds.py [OUT_DIR]   (default src/tidings/demo)

Four fictional outlets ("Tidings Demo: ..."), all events and places invented:
  world.xml     RSS 2.0, English, content:encoded bodies (headings, lists, a table,
                quotes, images, links), RFC 822 dates
  china.xml     RSS 2.0, Chinese, encoded in GBK (declared), same events as some
                English stories, plus its own
  tech.atom     Atom 1.0, mostly English, one Japanese and one Korean entry, +08:00 /
                +09:00 offsets, authors
  science.json  JSON Feed 1.1 with content_html, authors, date_published
Dates count back from a fixed moment (NOW), so the files never change between runs.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
CST = timezone(timedelta(hours=8))
JST = timezone(timedelta(hours=9))
NOTE_EN = "Fictional news written for the tidings demo. None of these events happened."
NOTE_ZH = "本频道为 tidings 演示而编写的虚构新闻，文中事件、地点与人物均为虚构。"
IMG = "https://example.org/tidings-demo/img"


def when(hours_ago: float, tz: timezone = UTC) -> datetime:
    return (NOW - timedelta(hours=hours_ago)).astimezone(tz)


def paras(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def ul(items: list[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{tag}>"


def table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    h = "".join(f"<th>{c}</th>" for c in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><caption>{caption}</caption><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>"


def img(name: str, alt: str) -> str:
    return f'<p><img src="{IMG}/{name}" alt="{alt}" width="640" height="360"></p>'


def quote(text: str, who: str) -> str:
    return f"<blockquote><p>{text}</p><footer>{who}</footer></blockquote>"


def link(href: str, text: str) -> str:
    return f'<a href="{href}">{text}</a>'


def body(story: dict) -> str:
    """The HTML body of a story from its parts, in a fixed order."""
    out = [paras(story["paras"][:1])]
    if "img" in story:
        out.append(img(*story["img"]))
    out.append(paras(story["paras"][1:2]))
    if "h2" in story:
        out.append(f"<h2>{story['h2']}</h2>")
    if "list" in story:
        out.append(ul(story["list"], story.get("ordered", False)))
    out.append(paras(story["paras"][2:3]))
    if "quote" in story:
        out.append(quote(*story["quote"]))
    if "table" in story:
        out.append(table(*story["table"]))
    out.append(paras(story["paras"][3:]))
    if "links" in story:
        out.append("<h3>" + story.get("links_head", "Related coverage") + "</h3>")
        out.append(ul([link(h, t) for h, t in story["links"]]))
    return "".join(out)


# -- World Desk (English RSS) ------------------------------------------------------------
W = "https://world.tidings-demo.example"
WORLD = [
    {
        "slug": "typhoon-kestrel-landfall",
        "title": "Typhoon Kestrel makes landfall on the Selvane coast; 40,000 evacuated",
        "summary": "The strongest storm to reach Selvane in a decade flattened sea walls and cut power to half of Port Marrow.",
        "paras": [
            "Typhoon Kestrel came ashore before dawn on Tuesday near the fishing town of Alder Point, on the southern coast of Selvane, with sustained winds of 175 km/h and gusts far stronger. Emergency services said about 40,000 people had left low-lying districts in the two days before landfall, most of them to schools and sports halls turned into shelters, and that the early evacuation was the main reason the number of injuries stayed low.",
            "By mid-morning the storm had pushed a surge of more than two metres into the harbour of Port Marrow, the region's largest city, overtopping a sea wall finished only three years ago. Water stood waist-deep in the old market quarter, and the city's power company said roughly half of its customers were without electricity. Trains between Port Marrow and the capital were halted after a signal gantry fell across the line.",
            "Forecasters at the Selvane Meteorological Service said Kestrel would weaken quickly as it moved inland over the hills, but warned that the heaviest rain was still to come. Up to 400 mm could fall in some river valleys by Thursday, raising the risk of landslides in villages that were cut off by similar storms in 2019 and 2023.",
            "The government released an emergency fund for repairs and promised that farmers whose rice harvest was lost would be compensated. Opposition politicians asked why the new sea wall had failed so soon, and the ministry of works said an inquiry would report within three months.",
        ],
        "img": ("kestrel-harbour.jpg", "Waves break over the sea wall of Port Marrow harbour"),
        "h2": "What we know so far",
        "list": [
            "Landfall near Alder Point at about 04:40 local time, winds of 175 km/h",
            "About 40,000 people evacuated; 212 shelters open",
            "Half of Port Marrow without power; rail link to the capital closed",
            "Up to 400 mm of rain expected inland by Thursday",
        ],
        "quote": (
            "We moved people out early, and we will be criticised for that by those whose homes stayed dry. I will take that criticism every time.",
            "Ilse Varga, head of the Selvane civil protection agency",
        ),
        "table": (
            "Rainfall in the 24 hours to 08:00",
            ["Station", "Rain (mm)", "Peak gust (km/h)"],
            [
                ["Alder Point", "218", "231"],
                ["Port Marrow", "164", "198"],
                ["Kessel Hills", "305", "142"],
                ["Lower Oren", "97", "120"],
            ],
        ),
        "links": [
            (f"{W}/storms/kestrel-live", "Live: Typhoon Kestrel, hour by hour"),
            (f"{W}/explainers/storm-surge", "Explainer: why storm surges do more damage than wind"),
        ],
        "hours": 6,
        "category": ["Asia-Pacific", "Weather"],
        "author": "desk@world.tidings-demo.example (Mara Quill)",
    },
    {
        "slug": "kestrel-rebuilding",
        "title": "After Typhoon Kestrel, Port Marrow counts the cost of a sea wall that failed",
        "summary": "Engineers say the three-year-old wall was built to a standard set before the latest sea-level estimates.",
        "paras": [
            "A week after Typhoon Kestrel swept through Port Marrow, the mud has been shovelled out of the old market quarter, but the questions about the harbour's sea wall are only getting louder. The wall, finished in 2023 at a cost of 1.2 billion marks, was meant to protect the city from a once-in-a-century surge. Kestrel's surge was large, but engineers who have examined the breach say it was not that large.",
            "Documents seen by the World Desk show that the design height was fixed in 2016, before the national weather service raised its estimate of sea-level rise along the southern coast. A review in 2020 recommended adding 60 cm to the crest; the recommendation was noted, costed and then deferred for lack of money.",
            "Insurers estimate that damage in the city alone will exceed 800 million marks. Shop owners in the market quarter, many of whom had no flood cover, have formed an association to press for compensation, and on Saturday several hundred of them marched to the town hall carrying buckets of harbour mud.",
            "The ministry of works has promised that the inquiry will be public. In the meantime, contractors have begun placing concrete blocks along the weakest stretch, and the city has asked residents of the lowest streets to keep their emergency bags packed until the end of the storm season.",
        ],
        "img": (
            "kestrel-market.jpg",
            "Shop owners clear mud from the old market quarter of Port Marrow",
        ),
        "h2": "Timeline of the sea wall",
        "list": [
            "2016: design height fixed",
            "2020: review recommends raising the crest by 60 cm; deferred",
            "2023: wall completed for 1.2 billion marks",
            "2026: breached by Typhoon Kestrel's surge",
        ],
        "ordered": True,
        "links": [
            (
                f"{W}/asia/typhoon-kestrel-landfall",
                "Typhoon Kestrel makes landfall on the Selvane coast",
            )
        ],
        "hours": 170,
        "category": ["Asia-Pacific", "Weather"],
    },
    {
        "slug": "aster-3-sample-return",
        "title": "Aster-3 capsule lands in the desert with the first samples from the Moon's far side",
        "summary": "The capsule, carrying about 1.9 kg of rock and dust, parachuted down within four kilometres of its target.",
        "paras": [
            "The return capsule of the Aster-3 lunar mission landed on Sunday in the Harran desert, ending a 53-day journey that took a robotic lander to the far side of the Moon and back. Recovery teams reached the scorched capsule within forty minutes and said the sample container appeared to be sealed and undamaged.",
            "The mission's scientists hope the roughly 1.9 kg of material will help explain why the Moon's two faces are so different: the near side is covered with dark volcanic plains, while the far side is rugged, heavily cratered and has a thicker crust. Samples from a huge impact basin near the south pole could also contain rock from deep inside the Moon.",
            "Aster-3 is a joint project of six space agencies, and a first share of the samples will be sent to laboratories in eleven countries next spring. The rest will be kept under nitrogen for future generations of instruments, as was done with the samples brought back in the 1970s.",
        ],
        "img": (
            "aster3-capsule.jpg",
            "The Aster-3 return capsule on the desert floor after landing",
        ),
        "quote": (
            "Every gram in that box is a question we could not answer last month.",
            "Dr Noor Haddad, Aster-3 project scientist",
        ),
        "links": [(f"{W}/science/aster-3-launch", "Aster-3 launches on its 53-day round trip")],
        "hours": 30,
        "category": ["Science", "Space"],
    },
    {
        "slug": "veldara-methane-pact",
        "title": "Veldara Climate Forum ends with a pact to cut methane from oil and gas by 70%",
        "summary": "Negotiators agreed the deal after an all-night session, but left financing for poorer producers to next year.",
        "paras": [
            "Delegates from 118 countries at the Veldara Climate Forum agreed early on Saturday to cut methane leaks and venting from oil and gas production by 70% by 2032, the most specific commitment to emerge from the annual talks in years. Methane traps far more heat than carbon dioxide over its first two decades in the atmosphere, so scientists say cutting it is the fastest way to slow warming in the short term.",
            "The pact requires producers to find and fix leaks every quarter, to stop routine flaring, and to publish measurements that can be checked against satellite data. Several large exporters had resisted the satellite clause until the last night, and the final text allows a country to contest a reading before it is published.",
            "What the pact does not settle is who pays. A fund to help poorer producing countries buy detection equipment was promised, but its size will be negotiated at next year's forum, a delay that campaigners called a hole in the middle of the deal.",
        ],
        "h2": "The main commitments",
        "list": [
            "Methane from oil and gas down 70% by 2032",
            "Quarterly leak detection and repair",
            "An end to routine flaring by 2030",
            "Published measurements, checked against satellites",
        ],
        "table": (
            "Methane emissions from oil and gas, largest producers (million tonnes a year)",
            ["Country", "2020", "2025", "2032 target"],
            [
                ["Ostrava Union", "11.2", "9.8", "3.4"],
                ["Caldera", "6.5", "6.9", "2.0"],
                ["Selvane", "2.1", "1.8", "0.6"],
            ],
        ),
        "hours": 54,
        "category": ["Climate"],
    },
    {
        "slug": "port-marrow-floating-bridge",
        "title": "World's longest floating bridge opens across Marrow Sound",
        "summary": "The 4.6 km bridge rests on 44 concrete pontoons and is designed to ride out typhoon waves.",
        "paras": [
            "Cars began crossing the Marrow Sound floating bridge on Friday morning, cutting the journey from Port Marrow to the island towns of the Sound from fifty minutes by ferry to six by road. At 4.6 km, it is the longest floating bridge in the world, resting on 44 hollow concrete pontoons anchored to the seabed by steel cables.",
            "The engineers chose a floating design because the sound is more than 300 metres deep in places, too deep for conventional piers. The deck can rise and fall by almost two metres with the tide and the swell, and sensors along its length report its movement to a control room every second.",
            "The bridge survived its first real test before it opened: Typhoon Kestrel passed within 60 km of the sound while the final pontoons were being connected, and inspections afterwards found no damage. The ferry company, which has run the crossing since 1952, will keep one boat in service for cyclists and foot passengers.",
        ],
        "img": ("marrow-bridge.jpg", "The floating bridge curving across Marrow Sound at sunrise"),
        "table": (
            "The bridge in numbers",
            ["", ""],
            [
                ["Length", "4.6 km"],
                ["Pontoons", "44"],
                ["Deepest water", "312 m"],
                ["Cost", "3.4 billion marks"],
                ["Toll", "12 marks per car"],
            ],
        ),
        "hours": 100,
        "category": ["Asia-Pacific", "Infrastructure"],
    },
    {
        "slug": "caldera-election-runoff",
        "title": "Caldera heads for a presidential runoff after a first round with no clear winner",
        "summary": "The former mayor of the capital and a first-time candidate from the farming provinces will meet on 13 December.",
        "paras": [
            "Voters in the Republic of Caldera will return to the polls on 13 December after neither of the leading candidates won more than half of the vote in Sunday's presidential election. With 98% of ballots counted, Teodor Ruiz-Amsel, a former mayor of the capital, had 41.3%, and Ana Lisboa-Kiren, an agronomist who has never held office, had 34.8%.",
            "Turnout was 71%, the highest since 2002, and long queues formed in the afternoon at polling stations in the cities. Observers from a regional election monitoring body said the vote had been orderly, though they noted that some rural stations opened late because ballot papers arrived by road after floods closed an airstrip.",
            "Both finalists now need the voters of the five candidates who were eliminated. The third-placed candidate, who won 12% on a platform of cutting fuel taxes, said he would announce his choice after talking to both camps.",
        ],
        "table": (
            "First-round result (98% counted)",
            ["Candidate", "Party", "Share"],
            [
                ["Teodor Ruiz-Amsel", "Civic Alliance", "41.3%"],
                ["Ana Lisboa-Kiren", "Land and Labour", "34.8%"],
                ["Marek Oyelaran", "Fuel Freedom", "12.0%"],
                ["Others", "", "11.9%"],
            ],
        ),
        "hours": 150,
        "category": ["Americas", "Politics"],
    },
    {
        "slug": "oren-river-drought",
        "title": "Low water on the Oren River strands barges and lifts grain prices",
        "summary": "Gauges at Lower Oren read 78 cm, the lowest November level since records began in 1881.",
        "paras": [
            "Hundreds of barges were waiting on Wednesday for the Oren River to rise after a dry autumn left parts of the continent's busiest inland waterway too shallow for loaded boats. At the Lower Oren gauge, a reference point for shippers, the water stood at 78 cm, the lowest November reading since records began in 1881.",
            "Barge operators have been sailing with a third of their usual load to clear the shallows, which has tripled freight rates in a month. Grain merchants say the cost is already being passed on: wheat for December delivery at the river port of Hallin rose by 6% this week.",
            "Hydrologists said some rain was forecast for the mountains at the head of the river, but that it would take two to three weeks to reach the lower stretches. Dredging crews are working around the clock on the two worst bottlenecks.",
            "The low water has also exposed a row of wartime wrecks near Hallin that have not been seen since 1947, drawing crowds of onlookers to the riverbank at weekends.",
        ],
        "img": ("oren-barges.jpg", "Barges moored along a dry riverbank near Hallin"),
        "hours": 200,
        "category": ["Europe", "Economy"],
    },
    {
        "slug": "capital-rail-link",
        "title": "High-speed line brings Port Marrow within 95 minutes of the capital",
        "summary": "Trains on the new line reach 320 km/h; the old route took four and a half hours.",
        "paras": [
            "The first scheduled high-speed train from Port Marrow to the capital left on time at 06:10 on Monday, with a brass band on the platform and every seat sold. The 410 km line, built over nine years, cuts the journey from four and a half hours to 95 minutes and is expected to carry 30,000 passengers a day within two years.",
            "Much of the route runs through tunnels under the Kessel Hills, the same hills where Typhoon Kestrel's rain caused landslides last month; the railway company said the line's drainage had been tested by that storm and had coped.",
            "Airlines have already cut two daily flights between the cities. Business groups in Port Marrow hope the line will bring offices that have until now stayed in the capital, while some residents worry it will push up rents.",
        ],
        "h2": "Fares and times",
        "list": [
            "Standard return: 96 marks",
            "First fast train 06:10, last 22:40",
            "Bicycles carried on all trains, booking required",
        ],
        "hours": 260,
        "category": ["Asia-Pacific", "Infrastructure"],
    },
    {
        "slug": "museum-returns-bronzes",
        "title": "Museum in Lisvane returns 32 bronzes taken during a colonial expedition",
        "summary": "The objects were handed back in a ceremony attended by descendants of the court that made them.",
        "paras": [
            "The National Museum of Lisvane returned 32 bronze plaques and figures to the Kingdom of Atuma on Thursday, 120 years after they were carried off by a military expedition. The handover took place in the museum's central hall, where the bronzes had been displayed since 1911, and was attended by members of the Atuman royal family.",
            "Research by the museum's own curators showed that every object in the group had left Atuma in 1906, and that none had been bought or given. The board voted unanimously in March to return them, the first time the museum has given up part of its collection.",
            "The bronzes will go on show in a new museum in the Atuman capital next year. Lisvane's museum said it would make high-resolution scans of the objects available to anyone, and that it was examining the origins of around 2,000 other items.",
        ],
        "quote": (
            "They were made to be seen by the people whose history they tell. Now they will be.",
            "Princess Adaeze of Atuma",
        ),
        "img": ("bronzes.jpg", "A bronze plaque showing a court musician"),
        "hours": 330,
        "category": ["Culture"],
    },
    {
        "slug": "chip-shortage-eases",
        "title": "Carmakers say the shortage of power chips is finally easing",
        "summary": "Delivery times for the chips that run electric motors have fallen from 40 weeks to 14.",
        "paras": [
            "Carmakers in the Ostrava Union say the shortage of power semiconductors that has held back the production of electric vehicles for two years is finally easing, as new factories in Selvane and the Kanto region of Japan reach full output. Lead times for the chips, which switch the current to electric motors, have fallen from about 40 weeks at the start of the year to 14.",
            "Industry analysts caution that the relief may be short-lived: demand for the same chips from solar inverters and data centres is growing fast, and two of the new plants are still running test batches.",
            "Dealers said they expected waiting lists for the most popular electric models to shrink before the spring. Several manufacturers have already restored the heated seats and parking sensors they removed to save chips.",
        ],
        "links": [
            (
                "https://tech.tidings-demo.example/2026/11/power-chips",
                "Tech Desk: inside the power-chip boom",
            )
        ],
        "links_head": "More on this",
        "hours": 400,
        "category": ["Economy", "Technology"],
    },
    {
        "slug": "lisvane-marathon-record",
        "title": "Lisvane marathon: Kiptanui breaks course record on a cold, windless morning",
        "summary": "The winner crossed the line in 2:03:51, more than a minute inside the old record.",
        "paras": [
            "Joseph Kiptanui won the Lisvane marathon on Sunday in 2 hours 3 minutes 51 seconds, breaking the course record by 71 seconds on a morning so still that the flags along the harbour hung limp. He ran the second half faster than the first, leaving the last of his rivals at the 35 km mark on the long bridge over the river.",
            "In the women's race, Elif Durmaz defended her title in 2:19:02, and more than 38,000 runners finished, a record for the city. Organisers said the cold start, at 4 degrees, had kept the medical tents quieter than usual.",
            "Kiptanui, who is 24, said he would now rest before deciding whether to run in the spring. His coach said the time showed that a sub-two-hour-and-three-minute race was within reach.",
        ],
        "table": (
            "Results",
            ["Place", "Men", "Time", "Women", "Time"],
            [
                ["1", "J. Kiptanui", "2:03:51", "E. Durmaz", "2:19:02"],
                ["2", "A. Bekele", "2:04:40", "R. Tanaka", "2:19:47"],
                ["3", "M. Soler", "2:05:12", "L. Okafor", "2:20:30"],
            ],
        ),
        "hours": 480,
        "category": ["Sport"],
    },
    {
        "slug": "ostrava-rate-cut",
        "title": "Ostrava Union central bank cuts rates for the first time in three years",
        "summary": "The quarter-point cut to 3.25% came as inflation fell to 2.1%, close to the bank's target.",
        "paras": [
            "The central bank of the Ostrava Union cut its main interest rate by a quarter of a percentage point to 3.25% on Thursday, its first reduction since 2023, after inflation fell to 2.1% in October. The bank's governor said further cuts would depend on wages, which are still rising at more than 4% a year.",
            "Markets had expected the move, and the currency barely changed. Mortgage lenders said they would pass on the cut within a week, which would save the holder of a typical variable-rate loan about 30 marks a month.",
            "Two of the nine members of the rate committee voted to keep rates unchanged, arguing that the cost of energy could rise again over the winter if the low water on the Oren River continued to disrupt fuel deliveries.",
        ],
        "hours": 560,
        "category": ["Economy"],
    },
]

# -- 寰宇快讯 (Chinese RSS, GBK) ------------------------------------------------------------
Z = "https://zh.tidings-demo.example"
CHINA = [
    {
        "slug": "typhoon-kestrel",
        "title": "台风“红隼”登陆塞尔瓦内南部沿海 四万人紧急转移",
        "summary": "十年来登陆塞尔瓦内的最强台风冲毁海堤，马罗港一半居民停电。",
        "paras": [
            "今年第二十二号台风“红隼”于周二凌晨在塞尔瓦内南部沿海的阿尔德角附近登陆，登陆时中心附近最大风速达每小时175公里，阵风更强。当地应急部门表示，在台风登陆前的两天里，约有四万名居民从低洼地区撤离，大多数人被安置在由学校和体育馆改建的临时避难所中。官员认为，提前转移是此次受伤人数较少的主要原因。",
            "上午，风暴潮涌入该地区最大城市马罗港，潮水高出正常水位两米多，漫过了三年前才完工的海堤。老城区的市场街积水齐腰，电力公司说全市约一半用户停电。一座信号塔倒在铁轨上，马罗港与首都之间的列车全部停运。",
            "塞尔瓦内气象部门预计，“红隼”进入内陆山区后将迅速减弱，但最强降雨还在后面。到周四，部分河谷的累计降雨量可能达到400毫米，曾在2019年和2023年被类似风暴切断交通的山村再次面临山体滑坡的风险。",
            "政府已经拨出紧急救灾资金用于修复，并承诺对稻谷受灾的农户给予补偿。反对派议员质疑新建海堤为何这么快就失守，工程部表示将在三个月内公布调查结果。",
        ],
        "img": ("kestrel-harbour.jpg", "巨浪拍打马罗港海堤"),
        "h2": "目前掌握的情况",
        "list": [
            "当地时间凌晨4点40分左右在阿尔德角附近登陆",
            "约四万人转移，开放避难所212处",
            "马罗港一半用户停电，通往首都的铁路中断",
            "预计到周四内陆降雨量最多达400毫米",
        ],
        "quote": (
            "我们提早把人撤了出来，家里没进水的人会因此批评我们。这样的批评，我每次都愿意接受。",
            "塞尔瓦内民防署署长 伊尔瑟·瓦尔加",
        ),
        "table": (
            "截至上午8时的24小时雨量",
            ["站点", "雨量（毫米）", "最大阵风（公里/小时）"],
            [["阿尔德角", "218", "231"], ["马罗港", "164", "198"], ["凯瑟尔山", "305", "142"]],
        ),
        "links": [
            (f"{W}/asia/typhoon-kestrel-landfall", "英文报道：Typhoon Kestrel makes landfall")
        ],
        "links_head": "相关报道",
        "hours": 7,
        "category": ["国际", "天气"],
    },
    {
        "slug": "kestrel-rebuild",
        "title": "“红隼”过后一周：马罗港海堤为何失守",
        "summary": "工程师指出，这道建成仅三年的海堤沿用了海平面最新预测发布前的设计标准。",
        "paras": [
            "台风“红隼”过境马罗港一周后，老城区市场街的淤泥已被清理干净，但关于海堤的质疑声却越来越大。这道海堤于2023年建成，耗资12亿马克，设计目标是抵御百年一遇的风暴潮。检查过决口处的工程师说，“红隼”带来的风暴潮虽然很大，但并没有超过这个标准。",
            "本台看到的文件显示，海堤的设计高度早在2016年就已确定，当时国家气象部门尚未上调南部沿海海平面上升的预测值。2020年的一次评估曾建议把堤顶加高60厘米，这一建议被记录在案、估算了费用，随后却因资金不足被搁置。",
            "保险公司估计，仅马罗港市区的损失就将超过8亿马克。市场街的许多店主没有购买洪水保险，他们已经成立协会争取赔偿。周六，数百名店主提着装满港口淤泥的水桶走到市政厅前请愿。",
        ],
        "list": [
            "2016年：确定设计高度",
            "2020年：评估建议堤顶加高60厘米，被搁置",
            "2023年：海堤建成，耗资12亿马克",
            "2026年：被台风“红隼”的风暴潮冲破",
        ],
        "ordered": True,
        "hours": 172,
        "category": ["国际", "天气"],
    },
    {
        "slug": "aster-3",
        "title": "Aster-3 返回舱着陆 带回首批月球背面样品",
        "summary": "返回舱载有约1.9公斤岩石和月壤，落点距预定目标不到四公里。",
        "paras": [
            "Aster-3 探月任务的返回舱周日在哈兰沙漠成功着陆，结束了为期53天的往返旅程。这次任务把一台机器人着陆器送到月球背面，又把样品带回了地球。回收队在40分钟内抵达烧焦的返回舱，初步检查显示样品容器密封完好。",
            "科学家希望，这约1.9公斤的样品能帮助解释月球正面和背面为何如此不同：正面覆盖着大片暗色的火山平原，背面则崎岖不平、撞击坑密布，月壳也更厚。来自南极附近一个巨型撞击盆地的样品，还可能含有来自月球深处的岩石。",
            "Aster-3 由六个国家的航天机构联合实施。明年春天，第一批样品将分送到十一个国家的实验室，其余样品将在氮气中封存，留给未来更先进的仪器研究。",
        ],
        "img": ("aster3-capsule.jpg", "着陆后的 Aster-3 返回舱"),
        "quote": (
            "盒子里的每一克样品，都是上个月我们还无法回答的一个问题。",
            "Aster-3 项目科学家 努尔·哈达德",
        ),
        "hours": 31,
        "category": ["科技"],
    },
    {
        "slug": "methane-pact",
        "title": "维尔达拉气候论坛闭幕 各国承诺油气行业甲烷排放削减七成",
        "summary": "谈判代表通宵磋商后达成协议，但对较贫穷产油国的资金援助推迟到明年再议。",
        "paras": [
            "来自118个国家的代表周六清晨在维尔达拉气候论坛上达成协议，承诺到2032年将油气生产中的甲烷泄漏和排放减少70%，这是多年来年度气候谈判中最具体的一项承诺。甲烷在进入大气后的头二十年里，吸收的热量远远超过二氧化碳，科学家因此认为，削减甲烷是短期内减缓气候变暖的最快途径。",
            "协议要求生产商每季度检测并修复泄漏，停止常规放空燃烧，并公布可与卫星数据核对的测量结果。几个主要出口国直到最后一晚仍反对卫星核查条款，最终文本允许一国在数据公布前提出异议。",
            "协议没有解决的问题是由谁出钱。各国承诺设立一个基金，帮助较贫穷的产油国购买检测设备，但基金规模要到明年的论坛上才谈。环保组织称，这是协议中间的一个大洞。",
        ],
        "table": (
            "主要产油国油气行业甲烷排放（百万吨/年）",
            ["国家", "2020年", "2025年", "2032年目标"],
            [
                ["奥斯特拉瓦联盟", "11.2", "9.8", "3.4"],
                ["卡尔德拉", "6.5", "6.9", "2.0"],
                ["塞尔瓦内", "2.1", "1.8", "0.6"],
            ],
        ),
        "hours": 55,
        "category": ["国际", "气候"],
    },
    {
        "slug": "floating-bridge",
        "title": "世界最长浮桥横跨马罗海峡正式通车",
        "summary": "全长4.6公里的浮桥由44个混凝土浮箱支撑，可抵御台风巨浪。",
        "paras": [
            "马罗海峡浮桥周五上午正式通车，从马罗港到海峡中各岛屿城镇的路程由渡轮50分钟缩短为驾车6分钟。这座浮桥全长4.6公里，是世界上最长的浮桥，桥面架在44个中空混凝土浮箱上，由钢缆锚固在海底。",
            "工程师之所以选择浮桥方案，是因为海峡部分水域深达300多米，无法建造常规桥墩。桥面可随潮汐和涌浪升降近两米，沿线的传感器每秒钟向控制中心报告一次桥体的位移。",
            "通车之前，浮桥就经受了第一次真正的考验：最后几个浮箱对接期间，台风“红隼”从距海峡60公里处经过，事后检查未发现任何损坏。",
        ],
        "img": ("marrow-bridge.jpg", "清晨的马罗海峡浮桥"),
        "hours": 101,
        "category": ["国际", "基建"],
    },
    {
        "slug": "rail-link",
        "title": "高铁通车 马罗港至首都只需95分钟",
        "summary": "新线列车时速可达320公里，原线路需要四个半小时。",
        "paras": [
            "周一早上6点10分，第一趟从马罗港开往首都的高铁列车准点发车，站台上有铜管乐队演奏，车票全部售罄。这条全长410公里的新线历时九年建成，把两地之间的旅行时间从四个半小时缩短到95分钟，预计两年内日均客流将达到三万人次。",
            "线路的大部分路段穿行于凯瑟尔山下的隧道中。上个月台风“红隼”带来的暴雨曾在这一带引发山体滑坡，铁路公司表示，新线的排水系统经受住了那场暴雨的考验。",
            "航空公司已经削减了两地之间每天两个航班。马罗港的商界希望高铁能吸引一直留在首都的企业总部，一些居民则担心房租会因此上涨。",
        ],
        "list": [
            "二等座往返票价：96马克",
            "首班车6:10，末班车22:40",
            "所有列车均可携带自行车，需提前预约",
        ],
        "hours": 262,
        "category": ["国际", "基建"],
    },
    {
        "slug": "tea-festival",
        "title": "云岭茶乡办起“采茶节” 古树茶卖出好价钱",
        "summary": "虚构的云岭县把每年春茶开采日办成了节日，游客可以跟茶农一起上山采茶。",
        "paras": [
            "清晨五点，云岭县白石村的山路上已经亮起一串头灯。茶农李秀英背着竹篓走在最前面，身后跟着二十多名来自城里的游客。今年是白石村举办“采茶节”的第三年，报名人数比去年多了一倍，村里的民宿提前一个月就订满了。",
            "白石村的茶园里有三百多棵树龄超过百年的古茶树。过去，这些茶叶大多被外地茶商以很低的价格收走；如今，村里成立了合作社，统一制茶、统一定价，并通过网络直播直接卖给消费者。合作社负责人说，古树春茶的收购价五年里涨了三倍。",
            "不过，也有老茶农担心游客太多会伤到古树。合作社为此规定，每棵古树每天只允许两名游客在茶农陪同下采摘，并在茶园里铺设了木栈道。",
        ],
        "h2": "采茶节小贴士",
        "list": [
            "采茶时间为每天清晨五点至九点",
            "请穿防滑鞋，山路湿滑",
            "古茶树只可采“一芽两叶”，不要折断枝条",
        ],
        "img": ("tea-garden.jpg", "云雾中的古茶园"),
        "hours": 80,
        "category": ["社会"],
    },
    {
        "slug": "ancient-books",
        "title": "三万册古籍完成数字化 读者可在线免费阅读",
        "summary": "省图书馆历时六年，把馆藏善本逐页扫描并做了文字识别。",
        "paras": [
            "省图书馆本周宣布，馆藏三万余册古籍的数字化工作全部完成，读者可以在图书馆网站上免费浏览高清图像，并对其中两万册进行全文检索。这项工作历时六年，扫描页数超过九百万页。",
            "项目负责人介绍，古籍数字化最难的不是扫描，而是文字识别。许多古籍使用异体字，版面又常有批注和印章，普通的识别软件错误率很高。馆里与高校合作训练了专门的识别模型，再由五十多名志愿者逐页校对。",
            "图书馆表示，数字化以后，善本原件将更少出库，有利于保护。对于研究者来说，过去需要预约、登记、戴手套才能翻阅的孤本，现在在家里就可以查阅。",
        ],
        "quote": ("书放在库房里是保护，让人读到才是传承。", "省图书馆古籍部主任"),
        "table": (
            "数字化成果",
            ["类别", "数量"],
            [
                ["古籍（册）", "30,412"],
                ["扫描页数", "9,186,000"],
                ["可全文检索（册）", "20,057"],
                ["参与校对的志愿者", "53人"],
            ],
        ),
        "hours": 130,
        "category": ["文化"],
    },
    {
        "slug": "night-market",
        "title": "老街夜市重新开张 摊主扫码收摊位费",
        "summary": "改造后的夜市统一了摊位和油烟处理，附近居民的投诉明显减少。",
        "paras": [
            "停业一年多的青石巷夜市上周末重新开张。改造后的夜市把原来挤在马路两侧的两百多个摊位集中到一条步行街上，统一安装了油烟净化设备和垃圾分类点，摊主通过手机扫码缴纳摊位费。",
            "开张当晚，烤串、糖水和手工饰品摊前排起了长队。在这里卖了十五年凉粉的陈阿姨说，新摊位比以前小了一点，但有了自来水和电，收摊也不用再推着车走半条街。",
            "街道办事处的数据显示，夜市改造前，附近居民每月关于噪音和油烟的投诉有四十多起；重新开张后的第一周，只接到了三起。",
        ],
        "hours": 210,
        "category": ["社会"],
    },
    {
        "slug": "electric-ferry",
        "title": "首艘纯电动渡轮投入运营 一次充电往返八趟",
        "summary": "渡轮在码头停靠的十分钟内即可完成补电，每年可减少柴油消耗约四百吨。",
        "paras": [
            "江北码头的首艘纯电动渡轮本月起正式投入运营。这艘渡轮可载客三百人、车辆二十辆，电池容量为2800千瓦时，充满一次电可以在两岸之间往返八趟。每次靠岸时，码头上的自动充电臂会在十分钟内为它补充电量。",
            "船长王建国开了二十多年柴油渡轮，他说电动渡轮最大的变化是安静：“以前驾驶室里说话要喊，现在能听见江上的鸟叫。”",
            "运营公司测算，与原来的柴油渡轮相比，新船每年可以少烧约四百吨柴油。公司计划在三年内把全部六艘渡轮换成电动船。",
        ],
        "img": ("electric-ferry.jpg", "停靠在江北码头充电的电动渡轮"),
        "hours": 300,
        "category": ["科技"],
    },
    {
        "slug": "panda-cubs",
        "title": "保护区今年迎来三只大熊猫幼崽",
        "summary": "红外相机在野外拍到一只带着幼崽的雌性大熊猫，这在该保护区尚属首次。",
        "paras": [
            "青峰山自然保护区的研究人员日前通报，今年保护区内的繁育中心共有三只大熊猫幼崽出生，目前都已满百日，体重在六到八公斤之间。更让研究人员兴奋的是，今年九月，布设在海拔两千多米竹林里的红外相机拍到了一只带着幼崽活动的野生雌性大熊猫。",
            "保护区负责人说，这是保护区建立三十年来，第一次记录到野生大熊猫在区内繁殖的影像。十多年来，保护区陆续拆除了林区内的小水电站和采石场，并把三条山谷连成了生态廊道。",
            "研究人员提醒，野生大熊猫生性警觉，请游客不要擅自进入核心区寻找。",
        ],
        "hours": 380,
        "category": ["社会"],
    },
    {
        "slug": "marathon",
        "title": "利斯瓦内马拉松：基普塔努伊打破赛会纪录",
        "summary": "冠军成绩2小时03分51秒，比原赛会纪录快了71秒。",
        "paras": [
            "约瑟夫·基普塔努伊周日以2小时03分51秒的成绩夺得利斯瓦内马拉松男子冠军，将赛会纪录提高了71秒。比赛当天早上几乎无风，海港边的旗帜纹丝不动。他的后半程比前半程跑得更快，在35公里处的大桥上甩开了最后一名对手。",
            "女子组方面，埃利芙·杜尔马兹以2小时19分02秒卫冕。本届赛事共有三万八千多名跑者完赛，创下该市纪录。",
        ],
        "table": (
            "前三名",
            ["名次", "男子", "成绩", "女子", "成绩"],
            [
                ["1", "基普塔努伊", "2:03:51", "杜尔马兹", "2:19:02"],
                ["2", "贝凯莱", "2:04:40", "田中丽", "2:19:47"],
                ["3", "索莱尔", "2:05:12", "奥卡福", "2:20:30"],
            ],
        ),
        "hours": 481,
        "category": ["体育"],
    },
]

# -- Tech Desk (Atom) ----------------------------------------------------------------------
T = "https://tech.tidings-demo.example"
TECH = [
    {
        "slug": "power-chips",
        "title": "Inside the power-chip boom: why new fabs in Selvane and Kanto matter",
        "summary": "Silicon carbide switches are the quiet heart of every electric car and solar farm.",
        "paras": [
            "The chips that made headlines during the shortage were processors and memory. The ones that held back electric cars this year were humbler: power transistors made of silicon carbide, which switch hundreds of amps on and off thousands of times a second between a battery and a motor. Two new factories, in Selvane and in Japan's Kanto region, have doubled world capacity for the largest wafers since the spring.",
            "Silicon carbide is hard to grow as a crystal, and a wafer that is flawless enough to make power chips still costs several times as much as a silicon one. Yields at the new plants started below 50% and are now above 80%, according to two people who have seen the figures.",
            "The next bottleneck may be packaging: the chips run hot, and the ceramic substrates that carry the heat away come from a handful of suppliers.",
        ],
        "table": (
            "Lead times for power semiconductors (weeks)",
            ["Quarter", "Silicon IGBT", "SiC MOSFET"],
            [
                ["Q1 2026", "28", "40"],
                ["Q2 2026", "22", "31"],
                ["Q3 2026", "16", "19"],
                ["Q4 2026", "12", "14"],
            ],
        ),
        "author": "Priya Raman",
        "hours": 60,
        "tz": CST,
    },
    {
        "slug": "terminal-ui-renaissance",
        "title": "The terminal is having a moment: why developers are building TUIs again",
        "summary": "Fast, keyboard-first and happy over SSH, text interfaces are back in fashion.",
        "paras": [
            "Ten years ago a new terminal application was a curiosity. Today, package indexes list thousands of them: mail clients, database browsers, log viewers and news readers that run in a terminal window, render with Unicode box characters and millions of colours, and respond to a key press faster than most web pages load.",
            "Part of the appeal is speed over a slow connection. A text interface sends a few hundred bytes when the cursor moves; a remote desktop sends pictures. Part is focus: no notifications, no autoplaying video, and every action a key away.",
            "The hard parts have not gone away. Wide characters from Chinese, Japanese and Korean text take two cells; emoji are inconsistent; and a careless program can be tricked by escape sequences hidden in the text it displays.",
        ],
        "h2": "Things a good TUI does",
        "list": [
            "Draws only what changed",
            "Measures text by cell width, not by character count",
            "Strips control sequences from untrusted text",
            "Lets users rebind keys",
        ],
        "quote": (
            "The terminal is the one interface that has been backwards compatible for fifty years.",
            "Lena Sørby, maintainer of a terminal toolkit",
        ),
        "author": "Tom Achebe",
        "hours": 20,
        "tz": CST,
    },
    {
        "slug": "quantum-error-correction",
        "title": "Lab reports a logical qubit that outlives its physical parts by a factor of ten",
        "summary": "Error correction is finally making quantum memory better, not worse.",
        "paras": [
            "A team at the fictional Halden Institute says it has kept a logical qubit, encoded across 97 physical superconducting qubits, coherent for ten times longer than the best of its components. Error-correcting codes have long promised this, but until recently the overhead of correction introduced more errors than it removed.",
            "The result does not mean useful quantum computers are imminent. Running algorithms will require thousands of logical qubits, and each operation between them adds errors of its own.",
        ],
        "author": "Priya Raman",
        "hours": 110,
        "tz": CST,
    },
    {
        "slug": "sqlite-at-scale",
        "title": "How one small database file quietly runs millions of apps",
        "summary": "Embedded databases in WAL mode handle more concurrency than most people expect.",
        "paras": [
            "A single file, no server, and a library small enough to ship inside a phone app: embedded SQL databases are the most widely deployed databases in the world. In write-ahead-log mode, readers do not block the writer and the writer does not block readers, which is enough for most desktop and command-line tools.",
            "The common mistakes are sharing one connection between threads, committing every row in its own transaction, and forgetting that full-text search needs its own tokenizer for languages written without spaces.",
        ],
        "list": [
            "One connection per thread",
            "Batch writes into one transaction",
            "Use WAL for concurrent readers",
            "Pick a tokenizer that understands CJK text",
        ],
        "author": "Dana Whitfield",
        "hours": 190,
        "tz": CST,
    },
    {
        "slug": "satellite-internet-rural",
        "title": "Satellite internet reaches the last villages in the Kessel Hills",
        "summary": "After Typhoon Kestrel cut fibre lines, a stopgap link became permanent.",
        "paras": [
            "When Typhoon Kestrel's landslides cut the fibre cables into the Kessel Hills last month, engineers set up satellite terminals on the roofs of village schools as a stopgap. Residents liked the service so much that the regional government has now made it permanent, with a subsidy that brings the monthly price to that of a city broadband line.",
            "Latency of around 40 milliseconds is good enough for video calls, and teachers say pupils can now join lessons from the city when roads are closed.",
        ],
        "author": "Tom Achebe",
        "hours": 240,
        "tz": CST,
    },
    {
        "slug": "japan-chip-plant",
        "title": "関東の新半導体工場、量産を開始　電気自動車向けパワー半導体",
        "summary": "炭化ケイ素（SiC）ウエハーを使うパワー半導体の新工場が本格稼働した。",
        "paras": [
            "関東地方に建設されたパワー半導体の新工場が今月、本格的な量産を開始した。炭化ケイ素（SiC）を材料とするこの半導体は、電気自動車のモーターや太陽光発電のインバーターで電流を高速に切り替える役割を担う。工場の月産能力は８インチウエハー換算で約一万枚となる見込みだ。",
            "担当者によると、稼働当初は良品率が五割を下回っていたが、現在は八割を超えている。世界的な供給不足が続いていたパワー半導体の納期は、年初の約四十週から十四週程度まで短縮された。",
            "一方で、放熱用のセラミック基板の調達が次の課題になるとの指摘もある。",
        ],
        "list": [
            "月産能力：約一万枚（８インチ換算）",
            "主な用途：電気自動車、太陽光発電",
            "良品率：八割超",
        ],
        "author": "佐藤 美咲",
        "hours": 70,
        "tz": JST,
    },
    {
        "slug": "korea-battery-recycling",
        "title": "배터리 재활용 공장 가동… 폐배터리에서 리튬 95% 회수",
        "summary": "전기차 폐배터리에서 리튬과 니켈, 코발트를 회수하는 공장이 문을 열었다.",
        "paras": [
            "전기차 폐배터리에서 리튬과 니켈, 코발트를 회수하는 재활용 공장이 이번 주 본격 가동에 들어갔다. 회사 측은 새로운 습식 공정을 통해 리튬의 95% 이상을 회수할 수 있으며, 연간 전기차 약 5만 대 분량의 배터리를 처리할 수 있다고 밝혔다.",
            "업계에서는 2030년 이후 폐배터리가 급증할 것으로 예상하고 있다. 전문가들은 재활용이 원자재 수입 의존도를 낮추는 데 도움이 될 것이라고 말한다.",
            "다만 배터리 종류마다 구조가 달라 분해 공정을 자동화하기 어렵다는 점은 여전히 과제로 남아 있다.",
        ],
        "table": (
            "회수율",
            ["금속", "회수율"],
            [["리튬", "95%"], ["니켈", "98%"], ["코발트", "98%"]],
        ),
        "author": "김지훈",
        "hours": 140,
        "tz": JST,
    },
    {
        "slug": "browser-engine-release",
        "title": "An independent browser engine passes 90% of the web platform tests",
        "summary": "Written from scratch, the engine now renders most popular sites correctly.",
        "paras": [
            "An independent browser engine developed by a small non-profit team now passes more than 90% of the shared web platform tests, a milestone its developers say makes it usable for everyday browsing. The engine was started four years ago and is written in a memory-safe language.",
            "Layout of vertical Chinese and Japanese text and some complex table cases remain on the to-do list, along with parts of the accessibility interfaces.",
        ],
        "author": "Dana Whitfield",
        "hours": 290,
        "tz": CST,
    },
    {
        "slug": "heat-pump-sales",
        "title": "Heat-pump sales jump as prices fall and installers multiply",
        "summary": "Cheaper compressors and training programmes have cut waiting times for installation.",
        "paras": [
            "Sales of heat pumps in the Ostrava Union rose by 38% in the third quarter compared with a year earlier, according to an industry association, after prices fell for the fourth quarter in a row. Installers, who were booked up for months last winter, now quote waiting times of three to four weeks.",
            "The association credits training programmes that certified 12,000 new installers in a year, and a standard design for older houses that avoids replacing every radiator.",
        ],
        "author": "Priya Raman",
        "hours": 350,
        "tz": CST,
    },
    {
        "slug": "open-data-weather",
        "title": "Weather service opens its radar archive to everyone",
        "summary": "Thirty years of rain radar, including every frame of Typhoon Kestrel, is now free to download.",
        "paras": [
            "The Selvane Meteorological Service has published its entire radar archive, thirty years of five-minute rain images, under an open licence. Researchers had been asking for the archive for years; the service said the interest after Typhoon Kestrel tipped the balance.",
            "The data is served as compressed grids with a simple index, and a small command-line tool can download a region and a time range.",
        ],
        "author": "Tom Achebe",
        "hours": 420,
        "tz": CST,
    },
]

# -- Science Notes (JSON Feed) -----------------------------------------------------------
S = "https://science.tidings-demo.example"
SCIENCE = [
    {
        "slug": "aster-3-first-look",
        "title": "First look inside the Aster-3 sample container",
        "summary": "Dark glass beads and pale anorthosite fragments from the Moon's far side.",
        "paras": [
            "Opening the Aster-3 container in a nitrogen glovebox, curators found a mix of fine grey dust, dark glass beads formed by ancient impacts, and pale fragments of anorthosite, the rock that makes up the Moon's original crust. The largest fragment is about the size of a thumbnail.",
            "Glass beads are prized because they can be dated precisely, giving the age of the impacts that made them. If some of the far-side beads turn out to be older than any from the near side, they would support the idea that the far side was bombarded earlier or harder.",
        ],
        "img": ("aster3-beads.jpg", "Glass beads from the Aster-3 samples under a microscope"),
        "authors": ["Noor Haddad", "Felix Brandt"],
        "hours": 12,
    },
    {
        "slug": "deep-sea-species",
        "title": "Expedition describes 37 new species from a seamount off Selvane",
        "summary": "Glass sponges, a ghostly octopus and a shrimp that farms bacteria on its legs.",
        "paras": [
            "A six-week expedition to the Alder Seamount, an undersea mountain 140 km off the coast of Selvane, has described 37 species new to science, from glass sponges taller than a person to a small shrimp that appears to farm bacteria on the bristles of its legs.",
            "The seamount's summit lies 800 metres below the surface, and its slopes are covered by cold-water corals that may be thousands of years old. The researchers have asked for the area to be protected from bottom trawling.",
        ],
        "list": [
            "37 new species described",
            "Depths from 800 to 3,100 metres",
            "Cold-water corals up to an estimated 4,000 years old",
        ],
        "authors": ["Marisol Tan"],
        "hours": 90,
    },
    {
        "slug": "methane-satellites",
        "title": "How satellites will check the Veldara methane pact",
        "summary": "Spectrometers in orbit can now see a single leaking well.",
        "paras": [
            "The methane pact agreed at the Veldara Climate Forum relies on measurements that can be checked from space. A new generation of satellites carries spectrometers that measure sunlight reflected from the ground; methane absorbs particular wavelengths, so a plume shows up as a dimming at exactly those colours.",
            "The best instruments can spot leaks of a few hundred kilograms an hour from a single well pad. Clouds, snow and dark water still defeat them, which is why the pact also requires measurements on the ground.",
        ],
        "table": (
            "Detection thresholds",
            ["Instrument type", "Smallest leak (kg/h)", "Revisit"],
            [
                ["Global mapper", "5,000", "daily"],
                ["Targeted imager", "200", "weekly"],
                ["Aircraft", "10", "on request"],
            ],
        ),
        "authors": ["Felix Brandt"],
        "hours": 58,
    },
    {
        "slug": "exoplanet-water",
        "title": "Telescope finds water vapour in the air of a temperate super-Earth",
        "summary": "The planet orbits a quiet red dwarf 48 light years away.",
        "paras": [
            "Astronomers report the clearest detection yet of water vapour in the atmosphere of a planet in the temperate zone of its star. The planet, about 1.7 times the width of the Earth, passes in front of a quiet red dwarf every 23 days, and starlight filtered through its atmosphere shows the fingerprint of water.",
            "Whether the planet has oceans, or is a mini-Neptune wrapped in a thick hydrogen envelope, is still debated; further observations are scheduled for next year.",
        ],
        "authors": ["Aiko Mori"],
        "hours": 160,
    },
    {
        "slug": "ancient-dna-farmers",
        "title": "Ancient DNA traces the first rice farmers of the southern coast",
        "summary": "Genomes from 41 burials show farmers arriving by sea about 4,500 years ago.",
        "paras": [
            "Genomes recovered from 41 burials along the southern coast of Selvane show that the first rice farmers arrived by sea about 4,500 years ago and mixed with the hunter-gatherers already living there within a few generations, according to a study published this week.",
            "Some of the sites studied were flooded by Typhoon Kestrel's storm surge; archaeologists are now surveying them for damage.",
        ],
        "authors": ["Marisol Tan", "Kwame Asante"],
        "hours": 230,
    },
    {
        "slug": "bird-migration-radar",
        "title": "Weather radar reveals the night-time highways of migrating birds",
        "summary": "Thirty years of radar data show migration starting five days earlier than in the 1990s.",
        "paras": [
            "Weather radars see more than rain: on clear autumn nights, the echoes of millions of migrating birds fill the screens. Using the newly opened radar archive of the Selvane weather service, ecologists have mapped thirty years of night-time migration and found that the peak of the spring passage now comes five days earlier than in the 1990s.",
            "The maps also show where birds stop to rest, which could guide where to switch off lights on tall buildings on the busiest nights.",
        ],
        "img": ("migration-radar.jpg", "Radar image of migrating birds over the coast at night"),
        "authors": ["Kwame Asante"],
        "hours": 310,
    },
    {
        "slug": "volcano-monitoring",
        "title": "Inflating volcano puts scientists on alert, but eruption 'not imminent'",
        "summary": "The ground above Mount Ossen has risen 11 cm in a year.",
        "paras": [
            "The ground above Mount Ossen, a volcano that last erupted in 1894, has risen by 11 centimetres in the past year, satellite radar shows, as magma accumulates several kilometres below. The observatory has raised its alert level from green to yellow but says an eruption is not imminent.",
            "Earthquakes beneath the volcano remain small and deep. Scientists have installed six new seismometers and a gas sensor on the summit.",
        ],
        "authors": ["Aiko Mori"],
        "hours": 390,
    },
    {
        "slug": "coral-heat",
        "title": "Corals that survived the 2024 heatwave pass on their tolerance",
        "summary": "Offspring of surviving colonies bleached less in lab heat tests.",
        "paras": [
            "Corals that survived the marine heatwave of 2024 produced offspring that bleached less when exposed to warm water in the laboratory, a study has found, raising hopes that reefs can adapt to some warming, if not to all of it.",
            "The researchers warn that adaptation is slower than the pace of warming, and that cutting emissions, including methane, remains the only way to protect reefs in the long run.",
        ],
        "authors": ["Marisol Tan"],
        "hours": 460,
    },
]


# -- writers ---------------------------------------------------------------------------------
def rss(
    title: str,
    link: str,
    description: str,
    language: str,
    items: list[dict],
    encoding: str,
    base: str,
    tz: timezone,
) -> bytes:
    out = [
        f'<?xml version="1.0" encoding="{encoding}"?>\n',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n',
        "<channel>\n",
        f"  <title>{escape(title)}</title>\n  <link>{link}/</link>\n",
        f"  <description>{escape(description)}</description>\n  <language>{language}</language>\n",
        f'  <atom:link href="{link}/rss.xml" rel="self" type="application/rss+xml"/>\n',
        f"  <lastBuildDate>{format_datetime(when(items[0]['hours'] - 1, tz))}</lastBuildDate>\n",
        "  <ttl>30</ttl>\n",
    ]
    for story in sorted(items, key=lambda s: s["hours"]):
        url = f"{base}/{story['slug']}"
        html = body(story)
        assert "]]>" not in html
        out.append("  <item>\n")
        out.append(f"    <title>{escape(story['title'])}</title>\n    <link>{url}</link>\n")
        out.append(f'    <guid isPermaLink="true">{url}</guid>\n')
        out.append(
            f"    <pubDate>{format_datetime(when(story['hours'], tz), usegmt=tz is UTC)}</pubDate>\n"
        )
        if story.get("author"):
            out.append(f"    <author>{escape(story['author'])}</author>\n")
        for cat in story.get("category", []):
            out.append(f"    <category>{escape(cat)}</category>\n")
        out.append(f"    <description>{escape(story['summary'])}</description>\n")
        out.append(f"    <content:encoded><![CDATA[{html}]]></content:encoded>\n")
        out.append("  </item>\n")
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode(encoding)


def atom(items: list[dict]) -> bytes:
    newest = min(s["hours"] for s in items)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n',
        "  <title>Tidings Demo: Tech Desk</title>\n",
        f"  <subtitle>{escape(NOTE_EN)}</subtitle>\n",
        f'  <link href="{T}/"/>\n  <link rel="self" href="{T}/feed.atom"/>\n',
        f"  <id>{T}/</id>\n  <updated>{when(newest - 1, CST).isoformat()}</updated>\n",
    ]
    for story in sorted(items, key=lambda s: s["hours"]):
        tz = story["tz"]
        url = f"{T}/2026/11/{story['slug']}"
        lang = ' xml:lang="ja"' if tz is JST and "japan" in story["slug"] else ""
        if "korea" in story["slug"]:
            lang = ' xml:lang="ko"'
        out.append(f"  <entry{lang}>\n")
        out.append(f"    <title>{escape(story['title'])}</title>\n")
        out.append(f'    <link rel="alternate" type="text/html" href="{url}"/>\n')
        out.append(f"    <id>tag:tech.tidings-demo.example,2026:{story['slug']}</id>\n")
        out.append(f"    <published>{when(story['hours'], tz).isoformat()}</published>\n")
        out.append(f"    <updated>{when(story['hours'] - 2, tz).isoformat()}</updated>\n")
        out.append(f"    <author><name>{escape(story['author'])}</name></author>\n")
        out.append(f"    <summary>{escape(story['summary'])}</summary>\n")
        out.append(f'    <content type="html">{escape(body(story))}</content>\n')
        out.append("  </entry>\n")
    out.append("</feed>\n")
    return "".join(out).encode("utf-8")


def json_feed(items: list[dict]) -> bytes:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Tidings Demo: Science Notes",
        "home_page_url": f"{S}/",
        "feed_url": f"{S}/feed.json",
        "description": NOTE_EN,
        "language": "en",
        "authors": [{"name": "Science Notes desk"}],
        "items": [
            {
                "id": f"{S}/notes/{s['slug']}",
                "url": f"{S}/notes/{s['slug']}",
                "title": s["title"],
                "summary": s["summary"],
                "content_html": body(s),
                "date_published": when(s["hours"]).isoformat().replace("+00:00", "Z"),
                "authors": [{"name": a} for a in s["authors"]],
                "tags": ["science"],
            }
            for s in sorted(items, key=lambda s: s["hours"])
        ],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def build() -> dict[str, bytes]:
    """The demo files by name."""
    return {
        "world.xml": rss(
            "Tidings Demo: World Desk", W, NOTE_EN, "en", WORLD, "utf-8", f"{W}/asia", UTC
        ),
        "china.xml": rss(
            "Tidings 演示：寰宇快讯", Z, NOTE_ZH, "zh-cn", CHINA, "GBK", f"{Z}/news", CST
        ),
        "tech.atom": atom(TECH),
        "science.json": json_feed(SCIENCE),
    }


def main(argv: list[str]) -> int:
    out = (
        Path(argv[1])
        if len(argv) > 1
        else Path(__file__).resolve().parent.parent / "src/tidings/demo"
    )
    out.mkdir(parents=True, exist_ok=True)
    for name, data in build().items():
        (out / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
