"""Group classified blocks into articles and give every title line its article.

Extractors follow drawing order, so a title can sit before its byline, after its own
body, or just before some *other* story. `assign_titles` therefore decides by content
first (a title repeats words of its own story) and by position second.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Article, Byline, Guide, GuideEntry, Headline, Item, Quote, Warning
from .blocks import Block, GuideBox, QuoteBox
from .lines import Line
from .normalize import cjk_chars, normalize_body, normalize_title
from .paragraphs import build_paragraphs

# Share of a title's character pairs that must recur in a story to tie them by content.
MIN_OVERLAP = 0.4
# Bonus for the story right before or after the title group.
ADJACENT_BONUS = 0.15
INFERRED_MAX = 24
# How many stories before and after a title group are candidates for its titles.
NEARBY = 12


@dataclass(eq=False)
class Draft:
    """An article being put together from blocks."""

    position: int
    byline: Byline | None = None
    runs: list[list[Line]] = field(default_factory=list)
    continued_to: int | None = None
    continued_from: int | None = None
    closed: bool = False
    titles: list[tuple[int, str]] = field(default_factory=list)   # (block index, text)
    by_position: bool = False
    _pairs: frozenset[str] | None = None

    def body_pairs(self) -> frozenset[str]:
        """The story's CJK character pairs, computed once."""
        if self._pairs is None:
            self._pairs = char_pairs("".join(l.text for run in self.runs for l in run))
        return self._pairs


@dataclass(eq=False)
class TitleGroup:
    """Consecutive title blocks, with the stories on either side of them."""

    position: int
    blocks: list[tuple[int, Block]] = field(default_factory=list)
    before: Draft | None = None
    after: Draft | None = None


@dataclass
class PageLayout:
    drafts: list[Draft]
    groups: list[TitleGroup]
    boxes: list[tuple[int, Block]]
    stray_jumps: list[tuple[int, Block]]


def group_articles(blocks: list[Block]) -> PageLayout:
    """Walk blocks in order: bylines and bodies open stories, 下转 closes them."""
    drafts: list[Draft] = []
    groups: list[TitleGroup] = []
    boxes: list[tuple[int, Block]] = []
    stray: list[tuple[int, Block]] = []
    current: Draft | None = None
    group: TitleGroup | None = None

    def start(k: int) -> Draft:
        nonlocal current, group
        current = Draft(position=k)
        drafts.append(current)
        if group is not None:
            group.after = current
            group = None
        return current

    for k, b in enumerate(blocks):
        if b.role == "title":
            if group is None:
                group = TitleGroup(position=k, before=current if current and current.runs else None)
                groups.append(group)
                if current is not None:
                    current.closed = True
            group.blocks.append((k, b))
            continue
        if b.role == "byline":
            if current is None or current.closed or current.runs or current.byline:
                start(k)
            current.byline = b.byline
        elif b.role == "body":
            if current is None or current.closed or group is not None:
                start(k)
            current.runs.append(b.lines)
        elif b.role == "jump_to":
            target = current if current is not None and current.runs else (drafts[-1] if drafts else None)
            if target is None or target.continued_to is not None:
                stray.append((k, b))
            else:
                target.continued_to = b.page_ref
                target.closed = True
        elif b.role == "jump_from":
            if current is None or current.closed or current.runs or current.continued_from:
                start(k)
            current.continued_from = b.page_ref
        else:  # guide or quote box: stands beside the story, does not end it
            boxes.append((k, b))
    return PageLayout(drafts, groups, boxes, stray)


def char_pairs(text: str) -> frozenset[str]:
    t = cjk_chars(text)
    return frozenset(t[i:i + 2] for i in range(len(t) - 1))


def title_overlap(title: str, draft: Draft) -> float:
    """Share of the title's CJK character pairs that occur in the story's body."""
    pairs = char_pairs(title)
    return len(pairs & draft.body_pairs()) / len(pairs) if pairs else 0.0


def assign_titles(layout: PageLayout) -> list[tuple[int, str]]:
    """Attach title blocks to drafts; return the orphans as (block index, text)."""
    units = [(g, k, b) for g in layout.groups for k, b in g.blocks]
    scored = []
    for g, k, b in units:
        # A title strays a few stories from its own, not across a whole page of them.
        for d in _nearby(layout.drafts, g.position):
            if not d.runs:
                continue
            ov = title_overlap(b.text, d)
            bonus = ADJACENT_BONUS if d is g.before or d is g.after else 0.0
            scored.append((ov + bonus, ov, k, b, d))
    scored.sort(key=lambda s: (-s[0], s[2]))
    owner: dict[int, Draft] = {}
    for _, ov, k, b, d in scored:
        if k not in owner and ov >= MIN_OVERLAP:
            owner[k] = d
    _extend_along_groups(layout.groups, owner)
    orphans = []
    for g, k, b in units:
        if k not in owner:
            # No story shares its words: fall back to position, next story first (the usual
            # title-above-byline order), but only for a story that has no title at all.
            home = next((d for d in (g.after, g.before)
                         if d is not None and d.runs and d not in owner.values()), None)
            if home is None:
                orphans.append((k, b.text))
                continue
            owner[k] = home
            home.by_position = True
    for g, k, b in units:
        if k in owner:
            owner[k].titles.append((k, b.text))
    return orphans


def _nearby(drafts: list[Draft], position: int) -> list[Draft]:
    """The drafts within NEARBY stories of a block position."""
    index = next((i for i, d in enumerate(drafts) if d.position > position), len(drafts))
    return drafts[max(0, index - NEARBY):index + NEARBY]


def _extend_along_groups(groups: list[TitleGroup], owner: dict[int, Draft]) -> None:
    """A title line next to one of its neighbour story's titles belongs to that story too
    (a kicker above, a subtitle below), unless a new text frame separates them."""
    changed = True
    while changed:
        changed = False
        for g in groups:
            for i, (k, b) in enumerate(g.blocks):
                if k in owner:
                    continue
                for j in (i - 1, i + 1):
                    if not 0 <= j < len(g.blocks):
                        continue
                    kn, bn = g.blocks[j]
                    later = b if j < i else bn
                    d = owner.get(kn)
                    if d is not None and d in (g.before, g.after) and not later.lines[0].frame_start:
                        owner[k] = d
                        changed = True
                        break


LEADING_TIME = re.compile(r"^(?:本报讯\S*?\s*)?(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月\s*)?(?:\d{1,2}\s*日)?"
                          r"(?:上午|下午|晚上|晚间|中午|凌晨|早上)?[，,]?\s*")


def infer_headline(paragraphs: tuple[str, ...]) -> str:
    """A short clause of the lead: its first sentence without the date, cut at a comma."""
    lead = next((p for p in paragraphs if p.strip()), "")
    sentence = re.split(r"[。！？]", lead, maxsplit=1)[0]
    sentence = LEADING_TIME.sub("", sentence) or sentence
    if len(sentence) > INFERRED_MAX:
        cut = max((m.start() for m in re.finditer(r"[，,；、]", sentence[:INFERRED_MAX + 1])), default=0)
        sentence = sentence[:cut] if cut >= 6 else sentence[:INFERRED_MAX] + "…"
    return sentence or "（无标题）"


def build_items(page: int, blocks: list[Block]) -> tuple[list[Item], list[Warning]]:
    """The page's items in reading order, and the warnings raised while making them."""
    layout = group_articles(blocks)
    orphans = assign_titles(layout)
    placed: list[tuple[int, Item]] = []
    warnings: list[Warning] = []
    n = 0
    for d in layout.drafts:
        if not d.runs and not d.titles and d.byline is None and d.continued_from is None:
            continue
        n += 1
        ident = f"p{page}-{n}"
        paragraphs = tuple(normalize_body(p) for p in build_paragraphs(d.runs))
        titles = [normalize_title(text) for _, text in sorted(d.titles)]
        inferred = not titles
        headline = titles[0] if titles else infer_headline(paragraphs)
        placed.append((d.position, Article(
            id=ident, headline=headline, subheadlines=tuple(titles[1:]), headline_inferred=inferred,
            byline=d.byline, paragraphs=paragraphs, continued_to=d.continued_to,
            continued_from=d.continued_from)))
        if inferred:
            warnings.append(Warning(code="headline-inferred", page=page, item=ident,
                                    message=f"no title found for the story starting “{paragraphs[0][:16] if paragraphs else ''}…”; "
                                            f"using “{headline}”"))
        elif d.by_position:
            warnings.append(Warning(code="title-by-position", page=page, item=ident,
                                    message=f"“{headline}” shares few words with its story; attached by position"))
        if not paragraphs:
            warnings.append(Warning(code="article-without-body", page=page, item=ident,
                                    message=f"“{headline}” has no body text on this page"))
    for h, (k, text) in enumerate(orphans, start=1):
        ident = f"p{page}-h{h}"
        placed.append((k, Headline(id=ident, text=normalize_title(text))))
        warnings.append(Warning(code="orphan-headline", page=page, item=ident,
                                message=f"title “{_flat(text)}” matches no story on this page; kept as a headline"))
    counts = {"guide": 0, "quote": 0}
    for k, b in layout.boxes:
        counts[b.role] += 1
        placed.append((k, _box_item(page, counts[b.role], b.box)))
    for h, (k, b) in enumerate(layout.stray_jumps, start=len(orphans) + 1):
        ident = f"p{page}-h{h}"
        placed.append((k, Headline(id=ident, text=b.text)))
        warnings.append(Warning(code="stray-jump", page=page, item=ident,
                                message=f"jump line “{b.text}” follows no story; kept as a headline"))
    placed.sort(key=lambda p: p[0])
    return [item for _, item in placed], warnings


def _flat(text: str) -> str:
    return text.replace("\n", " ")


def _box_item(page: int, n: int, box: GuideBox | QuoteBox | None) -> Item:
    if isinstance(box, GuideBox):
        return Guide(id=f"p{page}-guide" if n == 1 else f"p{page}-guide-{n}", label=box.label,
                     entries=tuple(GuideEntry(title=normalize_title(t), page=p) for t, p in box.entries))
    assert isinstance(box, QuoteBox)
    return Quote(id=f"p{page}-quote-{n}", label=box.label, text=normalize_body(box.text),
                 attribution=normalize_body(box.attribution))
