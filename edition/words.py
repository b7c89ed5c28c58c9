"""Where a line of Chinese text may break without a segmenter: word edges, shared by the
renderers (headline breaks, `render/headline.py`) and the print PDF's check (`typography.py`).

Word edges (`word_edge`): a headline may break where either side is white space or
punctuation (never before closing or after opening punctuation), where Han text meets a
Latin word or a number (but not between a number and the Han unit after it: 8月, 5家), and
before a small set of words that open a phrase in news headlines (并, 与, 让, 推动, …, unless
they end a common word: 作为, 参与, 现在, …) or after 的. Without a segmenter that is the honest limit of "word": a break elsewhere between two
Han characters counts as inside a word.

Edges learned from a text (`learned_edge`, with `contexts(text)`): where the two Han
characters before a break and the two after it each occur in the text as a word does, with
more than one neighbour on either side (乡村振兴 / 战略 in a story that also has 振兴的,
全面振兴 and 国家战略, 战略工作), the break is between two words. A weaker signal than the
rules above, which only a running title uses, and only where they leave it no setting
(`render/pdf/running.py`); 示范 / 区建设 is no such edge, 区建 having one neighbour after it.
"""
from __future__ import annotations

import unicodedata

CLOSING = set("，。、；：？！）》」』】〕〉〗”’…％%,.;:?!)]}·・｝")
OPENING = set("（《「『【〔〈〖“‘([{｛")
# Words that open a phrase in news headlines: a break before them is at a word edge.
PHRASE_STARTS = ("并", "和", "与", "及", "暨", "为", "让", "把", "将", "向", "从", "以", "在", "对", "赴", "携手",
                 "推动", "推进", "助力", "促进", "打造", "提升", "加快", "共同", "全力", "深化", "持续", "聚焦",
                 "坚持", "调研", "召开", "开展", "举行", "签署", "走进", "构建", "激发", "厚植", "守护",
                 "迈向", "开启", "绘就", "书写", "奋力", "扎实", "着力", "奋进", "高质量", "新时代")
PHRASE_ENDS = ("的",)
# Common words that end in one of the one-character phrase starts above: no break inside them.
NOT_STARTS = {"作为", "成为", "认为", "因为", "行为", "更为", "极为", "较为", "所以", "可以", "得以", "难以", "予以",
              "加以", "用以", "足以", "现在", "存在", "正在", "所在", "实在", "自在", "面对", "针对", "相对", "绝对",
              "核对", "应对", "方向", "面向", "导向", "走向", "志向", "意向", "取向", "平和", "温和", "共和", "总和",
              "缓和", "必将", "即将", "终将", "从而", "自从", "服从", "遵从", "参与", "给与", "合并", "兼并", "以及",
              "涉及", "普及", "危及", "波及", "比对", "对对", "暨暨"}


def is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003ffff"


def is_punct(ch: str) -> bool:
    return ch in CLOSING or ch in OPENING or unicodedata.category(ch).startswith("P")


def word_edge(before: str, after: str) -> bool:
    """Whether a line may break between the text `before` and the text `after` (see the module
    notes). Only the characters next to the break and the words starting at it matter."""
    if not before or not after:
        return True
    a, b = before[-1], after[0]
    if b in CLOSING or a in OPENING:
        return False
    if a.isspace() or b.isspace() or is_punct(a) or is_punct(b):
        return not (a == b == "—")        # never inside a ——
    if is_han(a) and not is_han(b):
        return True
    if not is_han(a) and is_han(b):
        return not a.isdigit()           # keep a number with its unit
    if not (is_han(a) and is_han(b)):
        return False                     # inside a Latin word or a number
    if after.startswith(PHRASE_STARTS):
        return a + b not in NOT_STARTS
    return before.endswith(PHRASE_ENDS) and b != "确"


Contexts = dict[str, tuple[frozenset[str], frozenset[str]]]


def contexts(text: str) -> Contexts:
    """For each two Han characters in a row in `text`: the characters seen before and after
    them ('' at the text's ends, so a start or end counts as a neighbour)."""
    seen: dict[str, tuple[set[str], set[str]]] = {}
    for i in range(len(text) - 1):
        pair = text[i:i + 2]
        if is_han(pair[0]) and is_han(pair[1]):
            before, after = seen.setdefault(pair, (set(), set()))
            before.add(text[i - 1] if i else "")
            after.add(text[i + 2] if i + 2 < len(text) else "")
    return {pair: (frozenset(b), frozenset(a)) for pair, (b, a) in seen.items()}


def learned_edge(before: str, after: str, seen: Contexts) -> bool:
    """Whether the break between `before` and `after` is a word edge by what `seen`
    (`contexts` of a text) shows: the two Han characters on each side occur in the text
    with more than one neighbour before and after (see the module notes)."""
    pairs = (before[-2:], after[:2])
    return all(len(p) == 2 and p in seen and len(seen[p][0]) > 1 and len(seen[p][1]) > 1 for p in pairs)


# A running title (the title over a story's rest on a continuation sheet) too long for its
# measure keeps the start of its headline and is marked as cut: `render/pdf/running.py` cuts,
# `typography.py` checks.
CLAUSE_MARKS = "，、；：。！？,;:!?"
CONTINUED = "（续）"         # ends a running title (and a continuation sheet's running head)
SHORTENED = "……"          # ends a running title cut short, before （续）


def cut_edge(whole: str, at: int) -> bool:
    """Whether a shortened title may keep `whole[:at]` (its trailing white space and clause
    marks dropped): at a word edge, or at a clause's end."""
    return 0 < at < len(whole) and (word_edge(whole[:at], whole[at:]) or whole[at] in CLAUSE_MARKS)
