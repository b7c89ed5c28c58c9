"""edition: Chinese newspaper page text → Issue model → EPUB 3 and print PDF.

Public API: `read_issue` (inputs → Issue), `structure_text`, `load_issue`, `dumps`.
Renderers live in `edition.render` and are imported where they are used, so that an
`inspect` does not pay for WeasyPrint.
"""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .decode import read_input, split_pages
from .errors import EditionError, InputError
from .model import Edition, Issue, Warning
from .serialize import dumps, load_issue, looks_like_model
from .structure import PageText, structure_pages

if TYPE_CHECKING:
    from .config import Config

__version__ = "0.1.0"


def structure_text(text: str, *, title: str = "", date: str | None = None,
                   publisher: str | None = None, number: str | None = None) -> Issue:
    """Structure one decoded text (form feeds separate pages)."""
    edition = Edition(title=title, date=date, publisher=publisher, number=number)
    return structure_pages([PageText(t) for t in split_pages(text)], edition)


def read_issue(inputs: list[Path], *, title: str = "", date: str | None = None,
               publisher: str | None = None, number: str | None = None) -> Issue:
    """Inputs (page text files, or one edition-issue JSON file) → Issue."""
    if not inputs:
        raise InputError("no input given")
    if date is not None:
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            raise InputError(f"--date {date!r}: expected YYYY-MM-DD") from None
    first = inputs[0]
    if len(inputs) == 1 and first.is_file() and first.suffix.lower() == ".json":
        head = first.read_bytes()[:65536]
        if looks_like_model(head):
            issue = load_issue(first)
            issue = _with_overrides(issue, title=title or None, date=date, publisher=publisher, number=number)
            return refresh_warnings(issue)
    pages: list[PageText] = []
    notes: list[Warning] = []
    for path in inputs:
        decoded = read_input(path)
        if decoded.removed_controls:
            notes.append(Warning(code="control-characters-removed",
                                 message=f"{path.name}: removed {decoded.removed_controls} control characters"))
        pages += [PageText(t, path.name) for t in split_pages(decoded.text)]
    edition = Edition(title=title, date=date, publisher=publisher, number=number)
    return structure_pages(pages, edition, notes=tuple(notes))


def load_issue_with_config(inputs: list[Path], title: str | None, date: str | None,
                           config_path: Path | None) -> tuple[Issue, "Config"]:
    """Inputs → Issue, with the paper's edition.toml (title, publisher, page names) applied."""
    from dataclasses import replace

    from .config import load_config
    config = load_config(config_path, inputs)
    issue = read_issue(inputs, title=title or config.title or "", date=date,
                       publisher=config.publisher, number=config.number)
    if config.page_names:
        pages = tuple(replace(p, name=p.name or config.page_names.get(str(p.number))) for p in issue.pages)
        issue = replace(issue, pages=pages)
    return issue, config


def refresh_warnings(issue: Issue) -> Issue:
    """Drop warnings an editor's corrections have settled: items that are gone, headlines no
    longer inferred, a date now given; the rest stand, and link checks are redone."""
    from dataclasses import replace

    from .model import Article
    from .structure import check_links
    items = {it.id: it for p in issue.pages for it in p.items}
    recomputed = {"jump-target-missing", "guide-target-missing"}

    def settled(w: Warning) -> bool:
        if w.code in recomputed or (w.code == "date-unknown" and issue.edition.date):
            return True
        if w.item is not None and w.item not in items:
            return True
        it = items.get(w.item or "")
        return w.code == "headline-inferred" and isinstance(it, Article) and not it.headline_inferred

    kept = tuple(w for w in issue.warnings if not settled(w))
    return replace(issue, warnings=kept + tuple(check_links(issue)))


def _with_overrides(issue: Issue, **values) -> Issue:
    from dataclasses import replace
    changes = {k: v for k, v in values.items() if v is not None}
    return replace(issue, edition=replace(issue.edition, **changes)) if changes else issue


__all__ = ["EditionError", "Issue", "read_issue", "structure_text", "load_issue", "dumps"]
