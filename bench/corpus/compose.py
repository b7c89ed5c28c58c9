"""Issues assembled from the article pool: which stories share a page, their order and length,
jumps (`下转►N版` / `上接►N版`), guide and quote boxes, and the gold that goes with them.

Everything here is drawn from one `random.Random`; the designs only typeset what this
module decided, so the gold is known before anything is printed.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Union

from .articles import GUIDE_LABELS, QUOTE_LABELS, Source
from .bylines import Credit, draw_byline

PAGE_NAMES = ("要闻", "综合", "城事", "经济", "民生", "评论", "区域", "文化", "视点", None)
PAPERS = ("临江日报", "东海晚报", "南岭日报", "江畔时报", "白鹭报", "湖州新闻", "北湾晨报")


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    kicker: str                    # 引题, "" for none
    title: tuple[str, ...]         # main title as printed, one string a line; () = no title
    sub: str                       # 副题
    byline: Credit
    paragraphs: tuple[str, ...]    # gold paragraphs (a lead prefix is already in paragraph 0)
    continued_to: int | None = None
    continued_from: int | None = None
    jump_inline: bool = False      # the 下转 line runs on after the last paragraph's text
    arrow: str = "►"
    type: str = "article"

    def titles(self) -> list[str]:
        return [t for t in (self.kicker, "".join(self.title), self.sub) if t]


@dataclass(frozen=True, slots=True)
class GuideSpec:
    label: str
    entries: tuple[tuple[str, int], ...]
    type: str = "guide"


@dataclass(frozen=True, slots=True)
class QuoteSpec:
    label: str
    text: str
    attribution: str
    type: str = "quote"


ItemSpec = Union[ArticleSpec, GuideSpec, QuoteSpec]


@dataclass(frozen=True, slots=True)
class PageSpec:
    number: int
    name: str | None
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True, slots=True)
class IssueSpec:
    paper: str
    date: str                      # ISO
    pages: tuple[PageSpec, ...]


def break_title(rng: random.Random, src: Source) -> tuple[str, ...]:
    """The main title's printed lines: as written, or broken in two (sometimes inside a word)."""
    if not src.title:
        return ()
    if len(src.title) > 1:
        return src.title
    t = src.title[0]
    if len(t) >= 9 and rng.random() < 0.3:
        if "，" in t and rng.random() < 0.5:
            i = t.index("，") + 1
            return (t[:i], t[i:])
        i = rng.randint(len(t) // 2 - 2, len(t) // 2 + 2)
        return (t[:i], t[i:])
    return (t,)


def trim(rng: random.Random, paras: tuple[str, ...], kind: str) -> tuple[str, ...]:
    """Drop some trailing paragraphs (never the lead), and sometimes cut the set short."""
    paras = tuple(p for p in paras if p)
    if len(paras) > 2 and rng.random() < 0.4:
        keep = rng.randint(2 if kind != "brief" else 1, len(paras))
        paras = paras[:keep]
    if len(paras) > 3 and rng.random() < 0.3:
        drop = rng.randrange(1, len(paras))
        paras = paras[:drop] + paras[drop + 1:]
    return paras


def make_article(rng: random.Random, src: Source, month: int, day: int) -> ArticleSpec:
    credit = draw_byline(rng, src.kind, month, day)
    paras = trim(rng, src.paragraphs, src.kind)
    if credit.lead_prefix:
        paras = (credit.lead_prefix + paras[0],) + paras[1:]
    kicker = src.kicker if rng.random() < 0.85 else ""
    sub = src.sub if rng.random() < 0.85 else ""
    return ArticleSpec(kicker=kicker, title=break_title(rng, src), sub=sub, byline=credit, paragraphs=paras)


def cut_point(rng: random.Random, text: str) -> int:
    """A position inside a paragraph, away from its ends, not just after punctuation."""
    lo, hi = max(4, len(text) // 4), max(5, len(text) - 6)
    for _ in range(20):
        i = rng.randint(lo, hi)
        if text[i - 1] not in "，。、；：！？“”（）《》" and text[i] not in "，。、；：！？”）》":
            return i
    return lo


def split_for_jump(rng: random.Random, art: ArticleSpec, here: int, there: int) -> tuple[ArticleSpec, ArticleSpec]:
    """Cut a story on page `here` mid-paragraph (mid-word) and continue it on page `there`."""
    paras = art.paragraphs
    k = rng.randrange(0, len(paras))
    if len(paras[k]) < 16:
        k = max(range(len(paras)), key=lambda i: len(paras[i]))
    c = cut_point(rng, paras[k])
    first = replace(art, paragraphs=paras[:k] + (paras[k][:c],), continued_to=there,
                    jump_inline=rng.random() < 0.5, arrow=rng.choice("►►▶→"))
    title = art.title if rng.random() < 0.6 else ()
    rest = ArticleSpec(kicker="", title=tuple(["".join(title)]) if title else (), sub="",
                       byline=Credit("none", None, "none", ""), paragraphs=(paras[k][c:],) + paras[k + 1:],
                       continued_from=here, arrow=rng.choice("►►▶→"))
    return first, rest


def compose_issue(rng: random.Random, sources: tuple[Source, ...], quotes: tuple[tuple[str, str], ...],
                  n_pages: int, articles_per_page: tuple[int, int], first_page_one: bool = True) -> IssueSpec:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    year = rng.choice((2023, 2024, 2025))
    start = 1 if (first_page_one or rng.random() < 0.5) else rng.randint(2, 6)
    numbers = list(range(start, start + n_pages))
    pool = list(sources)
    rng.shuffle(pool)
    pages: list[list[ItemSpec]] = []
    for _ in numbers:
        n = rng.randint(*articles_per_page)
        chosen, pool = pool[:n], pool[n:]
        if len(chosen) < n:                                   # pool ran out: take from the start again
            need = n - len(chosen)
            pool = list(sources)
            rng.shuffle(pool)
            chosen, pool = chosen + pool[:need], pool[need:]
        pages.append([make_article(rng, s, month, day) for s in chosen])
    # jumps: a story on one page continued on a later page of the issue (or on a page not in it)
    for pi, num in enumerate(numbers):
        if rng.random() < 0.45:
            arts = [i for i, it in enumerate(pages[pi]) if isinstance(it, ArticleSpec) and it.continued_from is None
                    and sum(len(p) for p in it.paragraphs) > 120]
            if not arts:
                continue
            ai = rng.choice(arts)
            later = numbers[pi + 1:]
            there = rng.choice(later) if later and rng.random() < 0.8 else num + rng.randint(1, 6)
            first, rest = split_for_jump(rng, pages[pi][ai], num, there)
            pages[pi][ai] = first
            if there in numbers:
                pages[numbers.index(there)].insert(rng.randint(0, 1), rest)
    # a lone continuation from a page not in the issue
    if rng.random() < 0.2 and numbers[0] > 1:
        pi = 0
        arts = [i for i, it in enumerate(pages[pi]) if isinstance(it, ArticleSpec) and it.continued_to is None]
        if arts:
            ai = rng.choice(arts)
            _, rest = split_for_jump(rng, pages[pi][ai], numbers[0] - 1, numbers[0])
            pages[pi][ai] = rest
    # guide box: titles of stories on the issue's other pages, padded with pages outside it
    titles_by_page = [(num, "".join(it.title)) for pi, num in enumerate(numbers) for it in pages[pi]
                      if isinstance(it, ArticleSpec) and it.title and it.continued_from is None and pi > 0]
    for pi, num in enumerate(numbers):
        if rng.random() < (0.6 if pi == 0 else 0.15):
            entries = rng.sample(titles_by_page, min(len(titles_by_page), rng.randint(1, 4)))
            extra = [s for s in sources if s.title and all("".join(s.title) != t for _, t in entries)]
            for s in rng.sample(extra, rng.randint(0 if entries else 2, 3)):
                entries.append((rng.randint(numbers[-1] + 1, numbers[-1] + 8), "".join(s.title)))
            entries.sort()
            guide = GuideSpec(label=rng.choice(GUIDE_LABELS), entries=tuple((t, p) for p, t in entries))
            pages[pi].insert(rng.choice((0, 0, len(pages[pi]))), guide)
        if rng.random() < (0.5 if pi == 0 else 0.25):
            text, attribution = rng.choice(quotes)
            pages[pi].insert(rng.choice((0, 1, len(pages[pi]))), QuoteSpec(rng.choice(QUOTE_LABELS), text, attribution))
    return IssueSpec(paper=rng.choice(PAPERS), date=f"{year}-{month:02d}-{day:02d}",
                     pages=tuple(PageSpec(num, rng.choice(PAGE_NAMES), tuple(items))
                                 for num, items in zip(numbers, pages)))


def gold_item(it: ItemSpec) -> dict:
    if isinstance(it, ArticleSpec):
        return {"type": "article", "titles": it.titles(), "byline": it.byline.text,
                "paragraphs": list(it.paragraphs), "continued_to": it.continued_to,
                "continued_from": it.continued_from, "byline_form": it.byline.form}
    if isinstance(it, GuideSpec):
        return {"type": "guide", "label": it.label, "entries": [{"title": t, "page": p} for t, p in it.entries]}
    return {"type": "quote", "label": it.label, "text": it.text, "attribution": it.attribution}


def gold_page(page: PageSpec) -> dict:
    return {"number": page.number, "name": page.name, "items": [gold_item(it) for it in page.items]}


def gold(issue: IssueSpec, source: str, meta: dict) -> dict:
    return {"source": source, "pages": [gold_page(p) for p in issue.pages], "meta": meta}
