"""Raw page text to an Issue: lines → a label per line → stories and boxes.

`structure_text` handles one decoded text (form feeds separate pages);
`structure_issue` strings several inputs together as consecutive pages.
"""
from __future__ import annotations

import collections
import gc
from dataclasses import dataclass

from ..model import Article, Edition, Guide, Issue, Page, Warning
from .articles import build_items
from .features import PageView
from .labels import label_view
from .links import link_targets, titles_named_by_guides
from .lines import CONTINUATION_HEAD, read_lines
from .normalize import cjk_counts


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of one print page and where it came from (for messages)."""

    text: str
    source: str = "input"


def structure_pages(pages: list[PageText], edition: Edition, *, first_page: int = 1,
                    notes: tuple[Warning, ...] = ()) -> Issue:
    # The cyclic garbage collector waits until the pages are structured. They make a great
    # many small containers (per line, a set of character pairs, a list of features) and free
    # them by reference counting, making no cycles; each pass of the collector walks all of
    # them still alive, for nothing: on a 2 MB page a sixth of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _structure_pages(pages, edition, first_page=first_page, notes=notes)
    finally:
        if collecting:
            gc.enable()


def _structure_pages(pages: list[PageText], edition: Edition, *, first_page: int,
                     notes: tuple[Warning, ...]) -> Issue:
    out_pages: list[Page] = []
    warnings: list[Warning] = list(notes)
    for offset, page in enumerate(join_continuation_sheets(pages)):
        number = first_page + offset
        lines = read_lines(page.text)
        view = PageView.of(lines)
        items, page_warnings = build_items(number, lines, label_view(view), view)
        out_pages.append(Page(number=number, items=tuple(items)))
        warnings.extend(page_warnings)
    issue = Issue(edition=edition, pages=tuple(out_pages), warnings=tuple(warnings))
    issue = link_targets(titles_named_by_guides(issue))
    extra = list(check_links(issue)) + list(check_conservation(pages, issue))
    if edition.date is None:
        extra.append(Warning(code="date-unknown", message="the issue date is unknown; pass --date YYYY-MM-DD"))
    return Issue(edition=edition, pages=issue.pages, warnings=issue.warnings + tuple(extra))


def join_continuation_sheets(pages: list[PageText]) -> list[PageText]:
    """A continuation sheet (running head `第1版（续）`) is read as the rest of its 版."""
    out: list[PageText] = []
    for page in pages:
        if out and CONTINUATION_HEAD.search(page.text):
            out[-1] = PageText(out[-1].text + "\n\n" + page.text, out[-1].source)
        else:
            out.append(page)
    return out


def check_links(issue: Issue):
    """Warn about jumps and guide entries that point at pages not in this issue."""
    numbers = {p.number for p in issue.pages}
    for page in issue.pages:
        for item in page.items:
            if isinstance(item, Article):
                for what, target in (("continued on", item.continued_to), ("continued from", item.continued_from)):
                    if target is not None and target not in numbers:
                        yield Warning(code="jump-target-missing", page=page.number, item=item.id,
                                      message=f"“{item.headline}” is {what} page {target}, "
                                              "which is not in this issue")
            elif isinstance(item, Guide):
                for e in item.entries:
                    if e.page not in numbers:
                        yield Warning(code="guide-target-missing", page=page.number, item=item.id,
                                      message=f"guide entry “{e.title}” points at page {e.page}, "
                                              "which is not in this issue")


def model_cjk(issue: Issue) -> collections.Counter:
    """CJK characters the model carries, with the jump and guide markers put back."""
    texts: list[str] = []
    for page in issue.pages:
        for it in page.items:
            texts += it.texts()
            if isinstance(it, Article):     # the jump and guide markers the structurer took apart
                texts += ["下转版" if it.continued_to else "", "上接版" if it.continued_from else ""]
            elif isinstance(it, Guide):
                texts += ["刊版"] * len(it.entries)
    return cjk_counts("".join(texts))


def check_conservation(pages: list[PageText], issue: Issue):
    """Self-check: every CJK character of the input must reach the model, none invented."""
    source = cjk_counts("".join(p.text for p in pages))
    got = model_cjk(issue)
    missing, extra = source - got, got - source
    # Marker characters may be spelled differently in the source (转 vs 下转, 见 vs 刊).
    for ch in "下转上接刊版第":
        missing.pop(ch, None)
        extra.pop(ch, None)
    if missing:
        yield Warning(code="text-lost", message=f"{sum(missing.values())} characters of the input did not "
                      f"reach the model: {''.join(sorted(missing))[:40]}")
    if extra:
        yield Warning(code="text-invented", message=f"{sum(extra.values())} characters in the model are not "
                      f"in the input: {''.join(sorted(extra))[:40]}")


__all__ = ["PageText", "structure_pages", "model_cjk"]
