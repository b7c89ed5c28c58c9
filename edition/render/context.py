"""Issue → plain template context, shared by every renderer (EPUB, PDF, web).

Turns the link targets the structuring stage decided into anchors (`resolve_links`), formats dates
the Chinese way, and turns model records into dicts of plain values: per story its href,
its 上接/下转 links and the stories before and after it in reading order (`prev_href`,
`next_href`). A renderer only supplies `href(anchor)`, since an anchor lives in a
different file per renderer.
"""
from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import ConfigError
from ..model import Article, Guide, Headline, Issue, Quote
from .headline import whole_clause

WEEKDAYS = "一二三四五六日"
UNTITLED = "未命名报纸"
# Characters XML 1.0 forbids; a hand-edited model file may still carry them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Target:
    """Where a link leads: an anchor (item or page anchor), or nowhere (page not here)."""

    page: int
    anchor: str | None


def page_anchor(number: int) -> str:
    return f"page-{number}"


def item_anchors(issue: Issue) -> dict[str, str]:
    """Model id → the anchor renderers use: `s001`, `s002`, … by position in the issue.

    Ids come from a file a user may have edited, so no renderer uses them as anchors or file
    names: an id `page-2` or `nav` cannot collide with the package's own documents."""
    items = [it for p in issue.pages for it in p.items]
    return {it.id: f"s{k:03d}" for k, it in enumerate(items, 1)}


def resolve_links(issue: Issue) -> dict[tuple[str, Any], Target]:
    """Anchors of every jump and guide entry, keyed by (kind, item id[, entry index]), from the
    targets the structuring stage decided (`structure/links.py`): the story when there is one,
    else its page when the page is in the issue, else nothing (plain text)."""
    pages = {p.number for p in issue.pages}
    anchors = item_anchors(issue)
    links: dict[tuple[str, Any], Target] = {}

    def target(page_no: int, item: str | None) -> Target:
        if page_no not in pages:
            return Target(page_no, None)
        return Target(page_no, anchors[item] if item in anchors else page_anchor(page_no))

    for page in issue.pages:
        for item in page.items:
            if isinstance(item, Article):
                if item.continued_to:
                    links[("jump_to", item.id)] = target(item.continued_to, item.continued_to_item)
                if item.continued_from:
                    links[("jump_from", item.id)] = target(item.continued_from, item.continued_from_item)
            elif isinstance(item, Guide):
                for k, entry in enumerate(item.entries):
                    links[("guide", (item.id, k))] = target(entry.page, entry.item)
    return links


def chinese_date(iso: str | None) -> str:
    """'2025-03-13' → '2025年3月13日 星期四'; '' when unknown."""
    if not iso:
        return ""
    d = datetime.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"


def build_time(iso_date: str | None) -> datetime.datetime:
    """The build's timestamp: SOURCE_DATE_EPOCH, else the issue date, else a fixed epoch."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch.strip()[:20]} is out of range (seconds since "
                              "1970 up to the year 9999)") from None
    if iso_date:
        return datetime.datetime.fromisoformat(iso_date)
    return datetime.datetime(2000, 1, 1)


def clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def issue_context(issue: Issue, href: Callable[[str], str]) -> dict[str, Any]:
    """Everything templates need, as plain values; `href(anchor)` makes a link."""
    links = resolve_links(issue)
    anchors = item_anchors(issue)
    e = issue.edition
    numbers = [p.number for p in issue.pages]

    def link(key: tuple[str, Any], label: str) -> dict[str, Any]:
        t = links[key]
        return {"page": t.page, "label": label, "href": href(t.anchor) if t.anchor else None}

    pages = []
    for pi, page in enumerate(issue.pages):
        items = []
        for item in page.items:
            if isinstance(item, Article):
                # An inferred headline is the story's opening clause, whole (never cut with …).
                headline = clean(whole_clause(item.headline, list(item.paragraphs)) if item.headline_inferred
                                 else item.headline)
                items.append({
                    "type": "article", "id": anchors[item.id], "model_id": item.id,
                    "href": href(anchors[item.id]),
                    "headline": headline, "headline_lines": headline.split("\n"),
                    # 引题 above the headline, 副题 below it
                    "kickers": [clean(s) for s in item.subheadlines[:item.kickers]],
                    "subheadlines": [clean(s) for s in item.subheadlines[item.kickers:]],
                    "inferred": item.headline_inferred,
                    "byline": clean(item.byline.text) if item.byline else None,
                    "credits": [{"role": c.role, "name": c.name} for c in item.byline.credits] if item.byline else [],
                    "paragraphs": [clean(p) for p in item.paragraphs],
                    "chars": sum(len(p) for p in item.paragraphs),
                    "jump_to": link(("jump_to", item.id), f"下转►{item.continued_to}版") if item.continued_to else None,
                    "jump_from": link(("jump_from", item.id), f"上接►{item.continued_from}版") if item.continued_from else None,
                })
            elif isinstance(item, Guide):
                items.append({"type": "guide", "id": anchors[item.id], "model_id": item.id, "label": clean(item.label),
                              "entries": [dict(link(("guide", (item.id, k)), f"刊{en.page}版►"),
                                               title=clean(en.title)) for k, en in enumerate(item.entries)]})
            elif isinstance(item, Quote):
                items.append({"type": "quote", "id": anchors[item.id], "model_id": item.id, "label": clean(item.label), "text": clean(item.text),
                              "attribution": clean(item.attribution)})
            elif isinstance(item, Headline):
                items.append({"type": "headline", "id": anchors[item.id], "model_id": item.id, "lines": clean(item.text).split("\n")})
        pages.append({
            "number": page.number, "name": clean(page.name or ""), "label": f"第{page.number}版",
            "anchor": page_anchor(page.number), "href": href(page_anchor(page.number)),
            "contents": items, "articles": [i for i in items if i["type"] == "article"],
            "prev": pages[-1]["href"] if pages else None,
            "next_number": numbers[pi + 1] if pi + 1 < len(numbers) else None,
        })
    for pi, p in enumerate(pages):   # 下一版 needs the next page's href
        p["next"] = pages[pi + 1]["href"] if pi + 1 < len(pages) else None
    sequence = [a for p in pages for a in p["articles"]]     # 上一篇/下一篇: reading order across pages
    for k, a in enumerate(sequence):
        a["prev_href"] = sequence[k - 1]["href"] if k > 0 else None
        a["next_href"] = sequence[k + 1]["href"] if k + 1 < len(sequence) else None
        a["page_number"] = next(p["number"] for p in pages if a in p["articles"])
    return {
        # An untitled issue still needs a non-empty <title> in every document.
        "edition": {"title": clean(e.title) or UNTITLED, "date": e.date, "date_cn": chinese_date(e.date),
                    "number": e.number, "publisher": e.publisher, "language": e.language or "zh-CN"},
        "pages": pages,
        "article_count": sum(len(p["articles"]) for p in pages),
    }

