"""Bylines in the forms papers print them, and a byline glued to the line before it.

`记者 张三`, `本报记者 张三 李四`, `记者 张三 通讯员 李四`, `文/图 赵六`; a bare name (`王小明`,
two-character names set with a space: `张 三`); a place or body and a name over a
commentary (`浙江省宁波市 李四`). A dateline (`本报杭州3月5日电 （记者王五）`) is not a
byline: it stays in the lead paragraph.

The patterns match *folded* text (`fold`), where "any Han character" is a short class: see
"Han classes that compile cheaply" in normalize.py.
"""
from __future__ import annotations

import re
from functools import cache

from ..model import Byline, Credit
from .normalize import HanFolding

_ROLE_PREFIX = r"(?:本报|本刊|特约|特聘|首席|资深|高级|见习|实习|融媒|融媒体|全媒体|驻[\u3400-\u9fff]{1,4})"
_CREDIT_ROLES = r"摄影记者|记者|通讯员|实习生|摄影|撰稿|撰文|编辑|主持人|评论员|文/图|文／图|图/文|图／文"
_ROLE_CORE = rf"(?:{_CREDIT_ROLES}|文|图)"
ROLE = rf"{_ROLE_PREFIX}*{_ROLE_CORE}"
# A role as it may open a credit run into other words: 文 or 图 alone only set off by a space
# or a colon (文明, 图书馆 open no credit).
_SET_OFF_ROLE = rf"{_ROLE_PREFIX}*(?:{_CREDIT_ROLES}|[文图](?=[\s:：]))"
NAME = r"[\u3400-\u9fff·]{2,5}"
_ROLE_BYLINE = rf"^(?:{ROLE}(?:\s*[:：]\s*|\s*){NAME}(?:[\s、]+{NAME})*\s*)+$"
# A name alone: 王小明, or a two-character name set with a space, 张 三.
_BARE_NAME = r"^[\u3400-\u9fff]{2,4}$|^[\u3400-\u9fff]\s+[\u3400-\u9fff]{1,2}$"
# A place or body, a space, a name: 浙江省宁波市 李四.
_PLACE_NAME = r"^[\u3400-\u9fff]{2,14}[\s\u3000]+(?:[\u3400-\u9fff]{2,4}|[\u3400-\u9fff]\s+[\u3400-\u9fff]{1,2})$"
# (A source, compiled by `re` when first searched: a place byline is on one page in five.)
PLACE_SUFFIX = r"[省市区县州镇乡村旗盟]|大学|学院|中学|小学|医院|公司|集团|协会|研究院|研究所|委员会|局|厅|部|办"

# The most common Chinese family names: a name line usually starts with one.
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝萧阎")


# A role and what follows it: a name set straight after its role starts with a family name.
_ROLE_THEN = rf"\s*{ROLE}(\s*[:：]?\s*)(.)"

_CREDIT_TOKEN = rf"^({ROLE})[:：]?({NAME})?$"

# Only roles that cannot be the first character of a word (not 文 or 图 alone, nor 摄影 unless
# a space or colon sets it off) find a glued byline; 文/图 with its slash is no word.
_GLUE_CORE = "(?:摄影记者|记者|通讯员|实习生|评论员|主持人)"
_GLUE_SLASH = "文[/／]图|图[/／]文"
_GLUE_ROLE = rf"(?:{_ROLE_PREFIX}*{_GLUE_CORE}|摄影(?=[\s:：])|{_GLUE_SLASH})"
_GLUED_BYLINE = rf"(?:{_GLUE_ROLE})(?:\s*[:：]\s*|\s*){NAME}(?:[\s、]+(?:{ROLE})?(?:\s*[:：]\s*|\s*){NAME})*\s*$"
# A role, a space and one name run into the next title (`…改造本报记者 张三便民服务点…`):
# the name is two or three characters; the title after it is at least six. Or into the next
# story's dateline, with or without a space (`…本报记者 张三本报南岭4月21日电（记者…`,
# `本报记者 张三 本报讯（记者…`).
_DATELINE_START = r"(?:本报讯|(?:本报|新华社|中新社)[\u3400-\u9fff]{0,8}\d{1,2}\s*月\s*\d{1,2}\s*日\s*电)"
_GLUED_MID_BYLINE = (rf"(?:{_GLUE_ROLE})(?:\s*[:：]\s*|\s+)"
                     rf"(?=[\u3400-\u9fff]{{2,3}}\s*(?:[\u3400-\u9fff“”「」《》]{{6}}|{_DATELINE_START}))")
# How long the titles before a glued byline may run: block extractors join a module's
# kicker, title and subtitle into one line.
MAX_GLUED_HEAD = 80

# Provincial-level names: a commentary's place byline (浙江省宁波市 李四) starts with one.
PROVINCES = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|"
             "广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门")
_GLUED_PLACE_BYLINE = (rf"(?:{PROVINCES})[\u3400-\u9fff]{{0,10}}[\s\u3000]+"
                       rf"(?:[\u3400-\u9fff]{{2,4}}|[\u3400-\u9fff]\s[\u3400-\u9fff]{{1,2}})$")
# A commentary's place and name run into its title (`浙江省宁波市 李四读懂…`).
_GLUED_PLACE_HEAD = (rf"(?:{PROVINCES})[\u3400-\u9fff]{{0,10}}[\s\u3000]+"
                     r"(?=[\u3400-\u9fff]{2,3}[\u3400-\u9fff“「《]{4})")
# A commentary's writer run into its title by an extractor that writes a block as one line
# (`张 三让文明出行成为自觉`): a two-character name set with a space, then a title of at least
# six characters. (A name of three, set solid, is not cut off: nothing in the line says
# where it ends, and `江畔区开展…`, `全区义务…` open with a family name's character too.)
_SPACED_NAME_HEAD = r"([\u3400-\u9fff])[ \u3000]+([\u3400-\u9fff])(?=[\u3400-\u9fff“「《])"
# A commentary's writer run onto the end of its title by an extractor that reads a head's
# lines as one (`读懂…温度沈 志`): a two-character name set with a space.
_SPACED_NAME_TAIL = r"([\u3400-\u9fff])[ \u3000]+([\u3400-\u9fff])$"
# A name of two or three characters that a space ends.
_NAME_BEFORE_SPACE = r"([\u3400-\u9fff]{2,3})\s+"


# --- compiled for folded text (normalize.HanFolding): the Han classes compile cheaply -----
_SOURCES = (_ROLE_BYLINE, ROLE, _SET_OFF_ROLE, _BARE_NAME, _PLACE_NAME, _ROLE_THEN, _CREDIT_TOKEN, _GLUED_BYLINE,
            _GLUED_PLACE_BYLINE, _GLUED_MID_BYLINE, _GLUED_PLACE_HEAD, _DATELINE_START, _SPACED_NAME_HEAD,
            _SPACED_NAME_TAIL, _NAME_BEFORE_SPACE)
FOLDING = HanFolding(*_SOURCES)


def fold(text: str) -> str:
    """The text as the patterns below read it."""
    return FOLDING.fold(text)


# Compiled for folded text: match fold(text), not the text itself.
ROLE_BYLINE = FOLDING.compile(_ROLE_BYLINE)
ROLE_WORD = FOLDING.compile(ROLE)
SET_OFF_ROLE = FOLDING.compile(_SET_OFF_ROLE)
BARE_NAME = FOLDING.compile(_BARE_NAME)
PLACE_NAME = FOLDING.compile(_PLACE_NAME)
ROLE_THEN = FOLDING.compile(_ROLE_THEN)
CREDIT_TOKEN = FOLDING.compile(_CREDIT_TOKEN)
GLUED_BYLINE = FOLDING.compile(_GLUED_BYLINE)
GLUED_PLACE_BYLINE = FOLDING.compile(_GLUED_PLACE_BYLINE)
GLUED_MID_BYLINE = FOLDING.compile(_GLUED_MID_BYLINE)
GLUED_PLACE_HEAD = FOLDING.compile(_GLUED_PLACE_HEAD)
SPACED_NAME_HEAD = FOLDING.compile(_SPACED_NAME_HEAD)
SPACED_NAME_TAIL = FOLDING.compile(_SPACED_NAME_TAIL)


@cache
def folded_pattern(source: str) -> re.Pattern[str]:
    """One of the sources above that few pages need, compiled for folded text when first
    used: a glued byline's name followed by a dateline rather than a title (no page of seeds/
    or heldout2), or ended by a space (5 pages of 124)."""
    return FOLDING.compile(source)


# Cheap tests that come first, so most lines are neither folded nor matched: what every match
# of a pattern holds (they are read off the same words, in the raw text).
ROLE_HEADS = frozenset(word[0] for word in (_ROLE_PREFIX[3:-1] + "|" + _ROLE_CORE[3:-1]).split("|"))
ROLE_CORE_HEADS = frozenset(word[0] for word in _ROLE_CORE[3:-1].split("|"))
GLUE_WORD = re.compile(rf"{_GLUE_CORE}|摄影|{_GLUE_SLASH}")
SPACE = re.compile(r"\s")


def _span(m: re.Match[str], text: str, group: int) -> str | None:
    """A group of a match in folded text, read from the text itself."""
    start, end = m.span(group)
    return text[start:end] if start >= 0 else None


def byline_shape(text: str, compact: str) -> str:
    if len(compact) > 40:
        return ""
    if text[:1] in ROLE_HEADS:      # (a role opens a credit line)
        folded = fold(text)
        if ROLE_BYLINE.match(folded):
            m = ROLE_THEN.match(folded)
            if m and not m.group(1) and _span(m, text, 2) not in SURNAMES:
                return ""       # 记者从省交…: a sentence opening with 记者, cut by a narrow column
            return "role"
    if compact[:1] in SURNAMES and BARE_NAME.match(fold(text)):
        return "bare"
    if SPACE.search(text) and PLACE_NAME.match(fold(text)):     # (a space parts place and name)
        place, _, name = text.strip().rpartition(" ")
        place = place.strip()
        if name and (name.strip()[0] in SURNAMES or place.split()[-1:] and place.split()[-1][:1] in SURNAMES) \
                and re.search(PLACE_SUFFIX, place):
            return "place"
    return ""


def has_role_word(text: str) -> bool:
    """Does a role (记者, 本报记者, 文/图, 文 set off …) stand anywhere in the text?"""
    return not ROLE_CORE_HEADS.isdisjoint(text) and SET_OFF_ROLE.search(fold(text)) is not None


def parse_byline(text: str) -> Byline:
    """`特聘首席记者 顾舜丽` → credits by role; a bare name or place + name → one credit."""
    text = re.sub(r"\s+", " ", text.strip())
    credits: list[Credit] = []
    role = ""
    tokens = re.split(r"[\s、]+", text)
    for token in tokens:
        m = CREDIT_TOKEN.match(fold(token))
        if m:
            role = _span(m, token, 1)
            name = _span(m, token, 2)
            if name:
                credits.append(Credit(role=role, name=name))
        elif role:
            credits.append(Credit(role=role, name=token))
    if not credits:
        # A name with no role: 张 三, 王小明, or the last words after a place.
        name = text.replace(" ", "") if BARE_NAME.match(fold(text)) else "".join(tokens[-1:])
        if len(tokens) >= 2 and len(tokens[-1]) == 1:      # 浙江省宁波市 张 三
            name = "".join(tokens[-2:])
        credits.append(Credit(role="", name=name))
    return Byline(text=text, credits=tuple(credits))


def split_glued_byline(text: str, page_text: str = "") -> tuple[str, ...] | None:
    """`标题文字本报记者 张三` → (`标题文字`, `本报记者 张三`), and `标题文字浙江省宁波市 李四`
    likewise: an extractor that writes a block as one line runs a title into the byline
    under it. Only a title-like head splits. A byline of one name run into the next
    title (`标题甲本报记者 张三标题乙`, `浙江省宁波市 李四标题`) splits in three (or two);
    the name ends where the title's opening is printed elsewhere on the page (`page_text`)."""
    glue, space = GLUE_WORD.search(text), SPACE.search(text)     # (a space parts place and name)
    if not glue and not space:
        return None
    folded = fold(text)
    m = (GLUED_BYLINE.search(folded) if glue else None) or (GLUED_PLACE_BYLINE.search(folded) if space else None)
    if m and m.start() > 0:
        head, tail = text[:m.start()].strip(), text[m.start():m.end()].strip()
        if _title_like(head) and (ROLE_BYLINE.match(fold(tail)) or byline_shape(tail, "".join(tail.split())) == "place"):
            # Two side-by-side heads on one line: the first head's byline may sit inside it.
            return *(split_glued_byline(head, page_text) or (head,)), tail
    if glue and space:
        # Two side-by-side modules' credits on one line, a reporter's and a commentary's
        # writer's (`记者 张三 浙江省宁波市 李四`): one line each.
        place = GLUED_PLACE_BYLINE.search(folded)
        if place and place.start() > 0 and ROLE_BYLINE.match(fold(text[:place.start()].strip())) \
                and byline_shape(tail := text[place.start():].strip(), "".join(tail.split())) == "place":
            return text[:place.start()].strip(), tail
    m = (GLUED_MID_BYLINE.search(folded) if glue else None) or (GLUED_PLACE_HEAD.match(folded) if space else None)
    if m and page_text:
        head, rest = text[:m.start()].strip(), text[m.end():]
        # A two-character name when the title would then open with three characters the
        # page prints elsewhere, else three when its first two are printed elsewhere.
        spaced = folded_pattern(_NAME_BEFORE_SPACE).match(fold(rest))     # a space ends the name
        size = spaced.end(1) if spaced else \
            2 if page_text.count(rest[2:5]) > 1 else 3 if page_text.count(rest[3:5]) > 1 else 0
        name, title = rest[:size], rest[size:].strip()
        if spaced and page_text.count(title[:3]) <= 1:
            # one role for two names, `通讯员 王五 赵六标题`: a second name before the title
            more = _second_name(title, page_text)
            if more:
                name, title = f"{name} {title[:more]}", title[more:]
        if size and (_title_like(title) or folded_pattern(_DATELINE_START).match(fold(title))) and (not head or _title_like(head)):
            heads = split_glued_byline(head, page_text) or (head,) if head else ()
            return tuple(t for t in (*heads, text[m.start():m.end()].strip() + " " + name, title) if t)
    return None


def _second_name(rest: str, page_text: str) -> int:
    """How long a second name of two or three characters that opens `rest` (whose own opening
    the page prints nowhere else) is: the title after it opens with characters the page
    prints elsewhere, as a title's words recur in its story. 0 if none."""
    for size in (2, 3):
        if rest[:1] in SURNAMES and page_text.count(rest[size:size + 3]) > 1 \
                and len(rest) - size >= MIN_HEAD_AFTER_NAME:
            return size
    return 0


MIN_HEAD_AFTER_NAME = 6


def split_before_dateline(text: str) -> tuple[str, str] | None:
    """`标题本报讯（记者 张三）…` → (`标题`, `本报讯（记者 张三）…`): a dateline opens a story's
    lead, so what stands before it on the line (a title, a byline, an attribution, the last
    words of the story above) is a line of its own that an extractor ran into it."""
    found = [k for k in (text.find("本报", 1), text.find("新华社", 1), text.find("中新社", 1)) if k > 0]
    if not found:
        return None     # (most lines: no pattern is searched)
    m = folded_pattern(_DATELINE_START).search(fold(text), min(found))
    head = text[:m.start()].strip() if m else ""
    return (head, text[m.start():]) if head else None


def split_name_from_head(text: str, page_text: str) -> tuple[str, str] | None:
    """`张 三让文明出行成为自觉` → (`张 三`, `让文明出行成为自觉`), for a line that stands alone
    as a block on a page written a block to a line, when the name is printed nowhere else on
    the page: a title that opens with a name names someone its story speaks of again, while
    a writer's name is not in the text."""
    if text[:1] not in SURNAMES or not _title_like(text):
        return None
    m = SPACED_NAME_HEAD.match(fold(text))
    if m is None:
        return None
    name, title = text[:m.end()], text[m.end():].strip()
    if len(title) < MIN_HEAD_AFTER_NAME or page_text.count(name) > 1 or _span(m, text, 1) + _span(m, text, 2) in page_text:
        return None
    return name, title


# What a title does not end with: a clause goes on after it.
_OPEN_ENDS = frozenset("。；，、：:（(")
_DASHES = frozenset("—－-")


def split_head_from_name(text: str, page_text: str) -> tuple[str, str] | None:
    """`读懂菜篮子里的民生温度沈 志` → (`读懂菜篮子里的民生温度`, `沈 志`), when the name is
    printed nowhere else on the page (split_name_from_head, for a name after its title)."""
    if not text[-1:].strip() or not any(ch in " \u3000" for ch in text[-3:]):
        return None     # (a cheap test first: most lines end on no spaced name)
    m = SPACED_NAME_TAIL.search(fold(text))
    if m is None or _span(m, text, 1) not in SURNAMES:
        return None
    title, name = text[:m.start()].strip(), text[m.start():]
    # (A title set solid: a line whose characters are all spaced apart, as pdfminer reads
    # justified text, is no title; one space may part two side-by-side titles, each whole.)
    if len(title) < MIN_HEAD_AFTER_NAME or not _title_like(title) or not _solid_or_two_titles(title) \
            or page_text.count(name) > 1 or _span(m, text, 1) + _span(m, text, 2) in page_text:
        return None
    return title, name


def _solid_or_two_titles(text: str) -> bool:
    """No space, or one that parts two titles of MIN_HEAD_AFTER_NAME characters or more."""
    parts = text.split()
    return len(parts) == 1 or len(parts) == 2 and min(map(len, parts)) >= MIN_HEAD_AFTER_NAME


def _title_like(text: str) -> bool:
    # (the last character, or the one before a closing line end, as [。！？…]$ reads it;
    # a line opening with a dash is a quotation's attribution, `——本报评论员`, whose role
    # word names its source)
    last = text[-2:-1] if text.endswith("\n") else text[-1:]
    return bool(text) and last not in _OPEN_ENDS and "。" not in text and len(text) <= MAX_GLUED_HEAD \
        and text.lstrip()[:1] not in _DASHES
