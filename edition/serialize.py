"""The issue model to and from its `edition-issue/1` JSON form, with validation.

Every error names the path of the bad field, e.g. "expected a positive integer in
'pages[0].number'", so an editor who corrected the file by hand can find the mistake.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from .errors import InputError, ModelError
from .model import (
    FORMAT, Article, Byline, Credit, Edition, Guide, GuideEntry, Headline, Issue, Item,
    Page, Quote, Warning,
)


def to_dict(issue: Issue) -> dict[str, Any]:
    e = issue.edition
    return {
        "format": FORMAT,
        "edition": {"title": e.title, "date": e.date, "number": e.number,
                    "language": e.language, "publisher": e.publisher},
        "pages": [{"number": p.number, "name": p.name,
                   "items": [_item_to_dict(it) for it in p.items]} for p in issue.pages],
        "warnings": [{"code": w.code, "page": w.page, "item": w.item, "message": w.message}
                     for w in issue.warnings],
    }


def _item_to_dict(it: Item) -> dict[str, Any]:
    if isinstance(it, Article):
        byline = None if it.byline is None else {
            "text": it.byline.text,
            "credits": [{"role": c.role, "name": c.name} for c in it.byline.credits]}
        return {"type": "article", "id": it.id, "headline": it.headline,
                "subheadlines": list(it.subheadlines), "headline_inferred": it.headline_inferred,
                "byline": byline, "paragraphs": list(it.paragraphs),
                "continued_to": it.continued_to, "continued_from": it.continued_from}
    if isinstance(it, Guide):
        return {"type": "guide", "id": it.id, "label": it.label,
                "entries": [{"title": e.title, "page": e.page} for e in it.entries]}
    if isinstance(it, Quote):
        return {"type": "quote", "id": it.id, "label": it.label, "text": it.text,
                "attribution": it.attribution}
    return {"type": "headline", "id": it.id, "text": it.text}


def dumps(issue: Issue) -> str:
    return json.dumps(to_dict(issue), ensure_ascii=False, indent=2) + "\n"


# --- reading, with validation ---------------------------------------------------------

class _Reader:
    """Typed accessors over a JSON object that report the field path on error."""

    def __init__(self, obj: Any, path: str) -> None:
        if not isinstance(obj, dict):
            raise ModelError("expected an object", path or "$")
        self.obj, self.path = obj, path

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, check: Callable[[Any], bool], what: str, *,
            required: bool = True, default: Any = None) -> Any:
        if key not in self.obj or (self.obj[key] is None and not required):
            if required:
                raise ModelError("missing field", self._at(key))
            return default
        value = self.obj[key]
        if not check(value):
            raise ModelError(f"expected {what}", self._at(key))
        return value

    def text(self, key: str, *, required: bool = True, default: Any = None) -> Any:
        return self.get(key, lambda v: isinstance(v, str), "a string",
                        required=required, default=default)

    def positive(self, key: str, *, required: bool = True) -> int | None:
        return self.get(key, lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
                        "a positive integer", required=required)

    def items(self, key: str, *, required: bool = True) -> list["_Reader | Any"]:
        values = self.get(key, lambda v: isinstance(v, list), "a list",
                          required=required, default=[])
        return values

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.items(key, required=False)
        for i, v in enumerate(values):
            if not isinstance(v, str):
                raise ModelError("expected a string", f"{self._at(key)}[{i}]")
        return tuple(values)

    def child(self, key: str, index: int | None = None) -> "_Reader":
        value = self.obj[key] if index is None else self.obj[key][index]
        suffix = "" if index is None else f"[{index}]"
        return _Reader(value, self._at(key) + suffix)


def from_dict(data: Any) -> Issue:
    root = _Reader(data, "")
    fmt = root.text("format")
    if fmt != FORMAT:
        raise ModelError(f"unsupported format {fmt!r} (this version reads {FORMAT!r})", "format")
    ed = root.child("edition")
    date = ed.text("date", required=False)
    if date is not None and not _is_iso_date(date):
        raise ModelError("expected a date as YYYY-MM-DD", "edition.date")
    edition = Edition(title=ed.text("title"), date=date, number=ed.text("number", required=False),
                      language=ed.text("language", required=False, default="zh-CN"),
                      publisher=ed.text("publisher", required=False))
    pages, seen_ids, seen_pages = [], set(), set()
    for i, _ in enumerate(root.items("pages")):
        pr = root.child("pages", i)
        number = pr.positive("number")
        if number in seen_pages:
            raise ModelError(f"duplicate page number {number}", f"{pr.path}.number")
        seen_pages.add(number)
        items = []
        for j, _ in enumerate(pr.items("items")):
            item = _item_from(pr.child("items", j))
            if item.id in seen_ids:
                raise ModelError(f"duplicate id {item.id!r}", f"{pr.path}.items[{j}].id")
            seen_ids.add(item.id)
            items.append(item)
        pages.append(Page(number=number, name=pr.text("name", required=False), items=tuple(items)))
    warnings = []
    for i, _ in enumerate(root.items("warnings", required=False)):
        wr = root.child("warnings", i)
        page = wr.positive("page", required=False)
        warnings.append(Warning(code=wr.text("code"), message=wr.text("message"), page=page,
                                item=wr.text("item", required=False)))
    return Issue(edition=edition, pages=tuple(pages), warnings=tuple(warnings))


def _item_from(r: _Reader) -> Item:
    kind = r.text("type")
    ident = r.text("id")
    if not ident:
        raise ModelError("expected a non-empty id", f"{r.path}.id")
    if kind == "article":
        byline = None
        if r.obj.get("byline") is not None:
            br = r.child("byline")
            credits = []
            for k, _ in enumerate(br.items("credits", required=False)):
                cr = br.child("credits", k)
                credits.append(Credit(role=cr.text("role"), name=cr.text("name")))
            byline = Byline(text=br.text("text"), credits=tuple(credits))
        inferred = r.get("headline_inferred", lambda v: isinstance(v, bool), "true or false",
                         required=False, default=False)
        return Article(id=ident, headline=r.text("headline"), subheadlines=r.strings("subheadlines"),
                       headline_inferred=inferred, byline=byline,
                       paragraphs=r.strings("paragraphs"),
                       continued_to=r.positive("continued_to", required=False),
                       continued_from=r.positive("continued_from", required=False))
    if kind == "guide":
        entries = []
        for k, _ in enumerate(r.items("entries")):
            er = r.child("entries", k)
            entries.append(GuideEntry(title=er.text("title"), page=er.positive("page")))
        return Guide(id=ident, label=r.text("label"), entries=tuple(entries))
    if kind == "quote":
        return Quote(id=ident, label=r.text("label"), text=r.text("text"),
                     attribution=r.text("attribution", required=False, default=""))
    if kind == "headline":
        return Headline(id=ident, text=r.text("text"))
    raise ModelError(f"unknown item type {kind!r} (expected article, guide, quote or headline)",
                     f"{r.path}.type")


def _is_iso_date(s: str) -> bool:
    import datetime
    try:
        datetime.date.fromisoformat(s)
    except ValueError:
        return False
    return len(s) == 10


def loads(text: str) -> Issue:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ModelError(f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    return from_dict(data)


def looks_like_model(raw: bytes) -> bool:
    """True when the bytes are (probably) an edition-issue JSON file rather than page text."""
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b'"format"' in raw[:65536]


def load_issue(path: Path) -> Issue:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: a model file must be UTF-8 (bad byte at offset {e.start})") from None
    try:
        return loads(text)
    except ModelError as e:
        raise ModelError(f"{path}: {e.message}") from None
