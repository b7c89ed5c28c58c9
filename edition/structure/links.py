"""Where every jump line and guide entry leads: decided once, here, and kept in the model.

A `下转►2版` leads to the story on page 2 that says `上接►1版` and reads most like it; a
guide entry `标题 刊2版►` to the story on page 2 whose titles it repeats. Renderers only
read the result (`Article.continued_to_item`, `continued_from_item`, `GuideEntry.item`);
a target left as None means the page is missing or holds no such story, and the renderer
then links to the page, or prints plain text when the page is not in the issue.

A guide entry also says where a title ends: a head that an extractor ran into one line
(`标题甲标题乙`) is cut in two when one end of it is an entry's title
(`titles_named_by_guides`, before the links are made).
"""
from __future__ import annotations

from dataclasses import replace

from ..model import Article, Guide, Issue
from .normalize import cjk_only

# A guide entry must share this share of its character pairs with a story's titles.
MIN_GUIDE_SIMILARITY = 0.6


def _pairs(text: str) -> set[str]:
    t = cjk_only(text)
    return {t[i:i + 2] for i in range(len(t) - 1)}


def similarity(a: str, b: str) -> float:
    pa, pb = _pairs(a), _pairs(b)
    return len(pa & pb) / max(1, min(len(pa), len(pb)))


def _best(candidates: list[Article], text: str) -> str | None:
    if not candidates:
        return None
    return max(candidates, key=lambda a: similarity(a.headline + "".join(a.paragraphs[:1]), text)).id


# The shortest title a headline split by a guide entry may leave beside it.
MIN_SPLIT_TITLE = 4


def _compact(text: str) -> str:
    return "".join(text.split())


def _cut_at(text: str, chars: int) -> tuple[str, str]:
    """`text` cut after its first `chars` characters that are not spaces, both sides stripped."""
    seen = 0
    for k, ch in enumerate(text):
        if seen == chars:
            return text[:k].strip(), text[k:].strip()
        if not ch.isspace():
            seen += 1
    return text.strip(), ""


def split_by_guide(headline: str, named: list[str]) -> tuple[str, str] | None:
    """The headline as (the title a guide entry names, the title run together with it), when
    it opens or ends with that entry's words and leaves a title of its own beside them: an
    extractor that reads a head's lines as one (PyMuPDF's blocks, pypdf) runs a title and
    its 引题 or 副题 together, and the paper's own guide prints where the one ends."""
    whole = _compact(headline)
    for entry in named:
        words = _compact(entry)
        rest = len(whole) - len(words)
        if rest < MIN_SPLIT_TITLE or len(cjk_only(words)) < MIN_SPLIT_TITLE:
            continue
        if whole.startswith(words):
            return _cut_at(headline, len(words))
        if whole.endswith(words):
            rest_part, titled = _cut_at(headline, rest)
            return titled, rest_part
    return None


def titles_named_by_guides(issue: Issue) -> Issue:
    """The issue with every title that runs a guide entry's title together with another
    split in two, in the order printed: the entry's first when it opens the line (and so
    the headline when the line was the headline), the other first when the entry ends it."""
    named: dict[int, list[str]] = {}
    for page in issue.pages:
        for item in page.items:
            if isinstance(item, Guide):
                for e in item.entries:
                    named.setdefault(e.page, []).append(e.title)
    if not named:
        return issue
    new_pages = []
    for page in issue.pages:
        entries = named.get(page.number, [])
        titles = {_compact(t) for a in page.items if isinstance(a, Article) and not a.headline_inferred
                  for t in (a.headline, *a.subheadlines)}
        # (an entry some story already has as a title of its own names no run-together head)
        entries = [e for e in entries if _compact(e) not in titles]
        items = []
        for item in page.items:
            if isinstance(item, Article) and not item.headline_inferred and entries:
                split = []
                for title in (item.headline, *item.subheadlines):
                    cut = split_by_guide(title, entries)
                    split += [title] if cut is None else list(cut)
                if len(split) > 1 + len(item.subheadlines):
                    item = replace(item, headline=split[0], subheadlines=tuple(split[1:]))
                elif item.subheadlines and (cut := split_by_guide("".join((item.headline, *item.subheadlines)), entries)):
                    # A run-together head cut elsewhere by its words (articles.title_cut):
                    # the guide's cut, printed by the paper, wins.
                    item = replace(item, headline=cut[0], subheadlines=(cut[1],))
            items.append(item)
        new_pages.append(replace(page, items=tuple(items)))
    return replace(issue, pages=tuple(new_pages))


def link_targets(issue: Issue) -> Issue:
    """The issue with every jump's and guide entry's target story filled in."""
    pages = {p.number: p for p in issue.pages}

    def articles_on(number: int) -> list[Article]:
        page = pages.get(number)
        return [a for a in (page.items if page else ()) if isinstance(a, Article)]

    new_pages = []
    for page in issue.pages:
        items = []
        for item in page.items:
            if isinstance(item, Article):
                to = item.continued_to_item
                if item.continued_to and to is None:
                    to = _best([a for a in articles_on(item.continued_to) if a.continued_from == page.number],
                               item.headline)
                back = item.continued_from_item
                if item.continued_from and back is None:
                    back = _best([a for a in articles_on(item.continued_from) if a.continued_to == page.number],
                                 item.headline)
                item = replace(item, continued_to_item=to, continued_from_item=back)
            elif isinstance(item, Guide):
                entries = []
                for e in item.entries:
                    target = e.item
                    if target is None:
                        cands = [a for a in articles_on(e.page)
                                 if similarity(a.headline + " ".join(a.subheadlines), e.title) >= MIN_GUIDE_SIMILARITY]
                        target = _best(cands, e.title)
                    entries.append(replace(e, item=target))
                item = replace(item, entries=tuple(entries))
            items.append(item)
        new_pages.append(replace(page, items=tuple(items)))
    return replace(issue, pages=tuple(new_pages))
