"""The issue model to and from its `edition-issue/1` JSON form, with validation.

Every error names the path of the bad field, e.g. "expected a positive integer in
'pages[0].number'", so an editor who corrected the file by hand can find the mistake.
"""
from __future__ import annotations

import datetime
import json
import re
from functools import cache
from pathlib import Path
from typing import Any, Callable

from .decode import read_limited
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
        out = {"type": "article", "id": it.id, "headline": it.headline,
               "subheadlines": list(it.subheadlines), "kickers": it.kickers,
               "headline_inferred": it.headline_inferred,
               "byline": byline, "paragraphs": list(it.paragraphs),
               "continued_to": it.continued_to, "continued_from": it.continued_from,
               "continued_to_item": it.continued_to_item, "continued_from_item": it.continued_from_item}
        if not it.kickers:      # an extension of model.md: written only when an editor set it
            del out["kickers"]
        return out
    if isinstance(it, Guide):
        return {"type": "guide", "id": it.id, "label": it.label,
                "entries": [{"title": e.title, "page": e.page, "item": e.item} for e in it.entries]}
    if isinstance(it, Quote):
        return {"type": "quote", "id": it.id, "label": it.label, "text": it.text,
                "attribution": it.attribution}
    return {"type": "headline", "id": it.id, "text": it.text}


def dumps(issue: Issue) -> str:
    return json.dumps(to_dict(issue), ensure_ascii=False, indent=2) + "\n"


# --- reading, with validation ---------------------------------------------------------

# Item ids name items within an issue; they come from a file a user may have edited, so
# they are checked against this pattern (and for uniqueness) and never used as file names.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
# Print page numbers (版) and jump targets; far above any paper, low enough for file names.
MAX_PAGE = 99_999
# A model file holds no control characters: the text reader drops them with a warning,
# and so does the model reader (tab and newline are kept, as XML allows them).
MODEL_CONTROLS = r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]"
_SURROGATE = r"[\ud800-\udfff]"


@cache
def _model_text_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """MODEL_CONTROLS and _SURROGATE, compiled when a model is first read or reported on
    (about 0.6 ms; an inspect of a text file reads none)."""
    return re.compile(MODEL_CONTROLS), re.compile(_SURROGATE)


class _Reader:
    """Typed accessors over a JSON object that report the field path on error.

    `notes` collects what the reader changed (control characters dropped) or ignored
    (unknown fields), as warnings, so that nothing in the file disappears unseen."""

    def __init__(self, obj: Any, path: str, notes: list[Warning], item: str | None = None) -> None:
        if not isinstance(obj, dict):
            raise ModelError("expected an object", path or "$")
        self.obj, self.path, self.notes, self.item = obj, path, notes, item

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def known(self, *keys: str) -> None:
        """Warn about fields this version does not read: their content is not in the output."""
        for key in self.obj:
            if key not in keys:
                self.notes.append(Warning(code="model-field-ignored", item=self.item,
                                          message=f"field '{_printable(self._at(key))}' is not part of "
                                                  f"{FORMAT} and was ignored"))

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

    def clean(self, value: str, path: str) -> str:
        """`value` without control characters (warned about); a lone surrogate is refused,
        since no output encoding can hold it."""
        controls, surrogate = _model_text_patterns()
        bad = surrogate.search(value)
        if bad:
            raise ModelError(f"a lone surrogate (U+{ord(bad.group()):04X}) is not a character", path)
        cleaned, removed = controls.subn("", value)
        if removed:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in controls.findall(value)}))
            self.notes.append(Warning(code="control-characters-removed", item=self.item,
                                      message=f"{path}: removed {removed} control characters ({codes})"))
        return cleaned

    def text(self, key: str, *, required: bool = True, default: Any = None) -> Any:
        value = self.get(key, lambda v: isinstance(v, str), "a string", required=required, default=default)
        return self.clean(value, self._at(key)) if isinstance(value, str) else value

    def positive(self, key: str, *, required: bool = True) -> int | None:
        return self.get(key, lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_PAGE,
                        f"a positive integer up to {MAX_PAGE}", required=required)

    def items(self, key: str, *, required: bool = True) -> list[Any]:
        return self.get(key, lambda v: isinstance(v, list), "a list", required=required, default=[])

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.items(key, required=False)
        for i, v in enumerate(values):
            if not isinstance(v, str):
                raise ModelError("expected a string", f"{self._at(key)}[{i}]")
        return tuple(self.clean(v, f"{self._at(key)}[{i}]") for i, v in enumerate(values))

    def child(self, key: str, index: int | None = None, item: str | None = None) -> "_Reader":
        if index is None:
            value = self.get(key, lambda v: isinstance(v, dict), "an object")
        else:
            value = self.obj[key][index]
        suffix = "" if index is None else f"[{index}]"
        return _Reader(value, self._at(key) + suffix, self.notes, item or self.item)


def _printable(text: str) -> str:
    """A field name fit for a one-line message: controls and surrogates shown as escapes."""
    surrogate = _model_text_patterns()[1]
    return "".join(c if c.isprintable() and not surrogate.match(c) else f"\\u{ord(c):04x}" for c in text)


def valid_id(ident: str) -> bool:
    return ID_PATTERN.fullmatch(ident) is not None


def from_dict(data: Any) -> Issue:
    notes: list[Warning] = []
    root = _Reader(data, "", notes)
    fmt = root.get("format", lambda v: isinstance(v, str), "a string")
    if fmt != FORMAT:
        raise ModelError(f"unsupported format {_printable(fmt)[:40]!r} (this version reads {FORMAT!r})", "format")
    root.known("format", "edition", "pages", "warnings")
    ed = root.child("edition")
    ed.known("title", "date", "number", "language", "publisher")
    date = ed.text("date", required=False)
    if date is not None and not is_iso_date(date):
        raise ModelError("expected a date as YYYY-MM-DD", "edition.date")
    edition = Edition(title=ed.text("title"), date=date, number=ed.text("number", required=False),
                      language=ed.text("language", required=False, default="zh-CN"),
                      publisher=ed.text("publisher", required=False))
    pages, seen_ids, seen_pages = [], set(), set()
    for i, _ in enumerate(root.items("pages")):
        pr = root.child("pages", i)
        pr.known("number", "name", "items")
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
        wr.known("code", "page", "item", "message")
        page = wr.positive("page", required=False)
        warnings.append(Warning(code=wr.text("code"), message=wr.text("message"), page=page,
                                item=wr.text("item", required=False)))
    issue = Issue(edition=edition, pages=tuple(pages), warnings=tuple(warnings) + tuple(notes))
    _check_references(issue)
    return issue


def _check_references(issue: Issue) -> None:
    """Link targets must name articles of this issue."""
    articles = {it.id for p in issue.pages for it in p.items if isinstance(it, Article)}
    for i, page in enumerate(issue.pages):
        for j, it in enumerate(page.items):
            refs: list[tuple[str, str | None]] = []
            if isinstance(it, Article):
                refs = [("continued_to_item", it.continued_to_item), ("continued_from_item", it.continued_from_item)]
            elif isinstance(it, Guide):
                refs = [(f"entries[{k}].item", e.item) for k, e in enumerate(it.entries)]
            for key, ref in refs:
                if ref is not None and ref not in articles:
                    raise ModelError(f"{ref!r} is not the id of an article in this issue",
                                     f"pages[{i}].items[{j}].{key}")


_FIELDS = {
    "article": ("type", "id", "headline", "subheadlines", "kickers", "headline_inferred", "byline", "paragraphs",
                "continued_to", "continued_from", "continued_to_item", "continued_from_item"),
    "guide": ("type", "id", "label", "entries"),
    "quote": ("type", "id", "label", "text", "attribution"),
    "headline": ("type", "id", "text"),
}


def _item_ref(r: _Reader, key: str) -> str | None:
    """An optional reference to another item's id (a link target)."""
    return r.get(key, lambda v: v is None or isinstance(v, str) and valid_id(v),
                 "null or an item id", required=False, default=None)


def _item_from(r: _Reader) -> Item:
    kind = r.text("type")
    ident = r.get("id", lambda v: isinstance(v, str) and valid_id(v),
                  "an id of 1 to 64 letters, digits, '-' or '_' (not starting with '-' or '_')")
    r.item = ident
    if kind in _FIELDS:
        r.known(*_FIELDS[kind])
    if kind == "article":
        byline = None
        if r.obj.get("byline") is not None:
            br = r.child("byline")
            br.known("text", "credits")
            credits = []
            for k, _ in enumerate(br.items("credits", required=False)):
                cr = br.child("credits", k)
                cr.known("role", "name")
                credits.append(Credit(role=cr.text("role"), name=cr.text("name")))
            byline = Byline(text=br.text("text"), credits=tuple(credits))
        inferred = r.get("headline_inferred", lambda v: isinstance(v, bool), "true or false",
                         required=False, default=False)
        subheadlines = r.strings("subheadlines")
        kickers = r.get("kickers", lambda v: type(v) is int and 0 <= v <= len(subheadlines),
                        f"the number of subheadlines printed above the headline (0 to {len(subheadlines)})",
                        required=False, default=0)
        return Article(id=ident, headline=r.text("headline"), subheadlines=subheadlines, kickers=kickers,
                       headline_inferred=inferred, byline=byline,
                       paragraphs=r.strings("paragraphs"),
                       continued_to=r.positive("continued_to", required=False),
                       continued_from=r.positive("continued_from", required=False),
                       continued_to_item=_item_ref(r, "continued_to_item"),
                       continued_from_item=_item_ref(r, "continued_from_item"))
    if kind == "guide":
        entries = []
        for k, _ in enumerate(r.items("entries")):
            er = r.child("entries", k)
            er.known("title", "page", "item")
            entries.append(GuideEntry(title=er.text("title"), page=er.positive("page"), item=_item_ref(er, "item")))
        return Guide(id=ident, label=r.text("label"), entries=tuple(entries))
    if kind == "quote":
        return Quote(id=ident, label=r.text("label"), text=r.text("text"),
                     attribution=r.text("attribution", required=False, default=""))
    if kind == "headline":
        return Headline(id=ident, text=r.text("text"))
    raise ModelError(f"unknown item type {_printable(kind)[:40]!r} (expected article, guide, quote or headline)",
                     f"{r.path}.type")


def is_iso_date(s: str) -> bool:
    """Exactly YYYY-MM-DD, a real day (Python also takes '20250101', which the model does not)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return False
    try:
        datetime.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def loads(text: str) -> Issue:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ModelError(f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except RecursionError:
        raise ModelError("not a model: the JSON is nested too deeply") from None
    except ValueError as e:   # e.g. an integer of more than 4300 digits
        raise ModelError(f"not valid JSON: {str(e).split(';')[0]}") from None
    return from_dict(data)


def load_issue(path: Path) -> Issue:
    raw = read_limited(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        hint = " (it looks like UTF-16: save it as UTF-8)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise InputError(f"{path}: a model file must be UTF-8; bad byte at offset {e.start}{hint}") from None
    try:
        return loads(text)
    except ModelError as e:
        raise ModelError(f"{path}: {e.message}") from None
