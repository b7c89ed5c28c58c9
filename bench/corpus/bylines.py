"""Bylines in every form papers print, from invented name pools.

`draw_byline(rng, kind, date)` returns a `Credit` saying what is printed where: a byline
line (`text`, or None), where that line stands (`position`), and a prefix that opens the lead
paragraph (a 本报讯 credit or a dateline), which then belongs to paragraph 0 in the gold.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方邹熊白孟秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "晓明华丽军勇静敏强磊洋艳杰娟涛超霞刚平辉鹏芳玲波斌宇浩凯健俊帆鑫毅峰婷雪琳晨阳楠欣怡嘉睿泽昊然思远宁安和清源锦程佳蕾倩文博志诚立新春秋舒雯蔚岚"
ROLES = ("记者", "记者", "记者", "首席记者", "特聘首席记者", "见习记者", "实习生", "通讯员", "摄影", "文/图")
PLACES = ("浙江省宁波市", "江苏省南通市", "安徽省芜湖市", "湖南省岳阳市", "福建省泉州市", "四川省绵阳市",
          "山东省潍坊市", "江西省九江市", "广东省韶关市", "湖北省宜昌市")
CITIES = ("杭州", "南京", "合肥", "长沙", "福州", "成都", "济南", "南昌", "广州", "武汉", "西安", "昆明",
          "临江", "南岭", "东海")

# byline forms a story of each kind may get, with weights
FORMS = {
    "news": (("role", 4), ("multi", 2), ("benbao", 2), ("benbaoxun", 2), ("dateline", 3),
             ("dateline-xinhua", 1), ("none", 1)),
    "seed": (("role", 3), ("multi", 1), ("benbao", 1), ("benbaoxun", 1), ("dateline", 1), ("none", 1)),
    "feature": (("role", 2), ("multi", 2), ("benbao", 2), ("none", 1)),
    "brief": (("none", 3), ("benbaoxun", 2), ("role", 1)),
    "comment": (("bare", 3), ("place", 3), ("role-comment", 1), ("none", 1)),
}


@dataclass(frozen=True, slots=True)
class Credit:
    form: str
    text: str | None          # the byline line as printed, None when there is none
    position: str             # "below-title", "above-title" (commentary) or "none"
    lead_prefix: str          # text that opens paragraph 0 ("" for none)


def name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    return rng.choice(SURNAMES) + given


def spaced(n: str) -> str:
    """Two-character names are set with a space between the characters: `张 三`."""
    return f"{n[0]} {n[1]}" if len(n) == 2 else n


def draw_byline(rng: random.Random, kind: str, month: int, day: int) -> Credit:
    forms, weights = zip(*FORMS[kind])
    form = rng.choices(forms, weights)[0]
    city = rng.choice(CITIES)
    if form == "role":
        return Credit(form, f"{rng.choice(ROLES)} {name(rng)}", "below-title", "")
    if form == "multi":
        first = f"{rng.choice(('记者', '首席记者', '本报记者'))} {name(rng)}"
        second = rng.choice((f"通讯员 {name(rng)}", f"实习生 {name(rng)}", f"通讯员 {name(rng)} {name(rng)}",
                             f"摄影 {name(rng)}"))
        return Credit(form, f"{first} {second}", "below-title", "")
    if form == "benbao":
        return Credit(form, f"本报记者 {name(rng)}" + (f" {name(rng)}" if rng.random() < 0.3 else ""),
                      "below-title", "")
    if form == "benbaoxun":
        role = rng.choice(("记者", "通讯员", "记者", "见习记者"))
        return Credit(form, None, "none", f"本报讯（{role} {name(rng)}）")
    if form == "dateline":
        sep = rng.choice((" ", "", " "))
        return Credit(form, None, "none", f"本报{city}{month}月{day}日电{sep}（记者{name(rng)}）")
    if form == "dateline-xinhua":
        return Credit(form, None, "none", f"新华社{city}{month}月{day}日电（记者{name(rng)} {name(rng)}）")
    if form == "bare":
        return Credit(form, spaced(name(rng)), rng.choice(("above-title", "below-title")), "")
    if form == "place":
        return Credit(form, f"{rng.choice(PLACES)} {name(rng)}", rng.choice(("above-title", "below-title")), "")
    if form == "role-comment":
        return Credit(form, f"{rng.choice(('特约评论员', '评论员', '本报评论员'))} {name(rng)}", "below-title", "")
    return Credit("none", None, "none", "")
