"""edition: Chinese newspaper page text → Issue model → EPUB 3 and print PDF.

Public API: `read_issue` (inputs → Issue), `structure_text`, `load_issue`, `dumps`.
Renderers live in `edition.render` and are imported where they are used, so that an
`inspect` does not pay for WeasyPrint; the structuring stage and the model reader are
imported on first use too, so that `edition --help` does not pay for them.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import EditionError, InputError, UsageError

if TYPE_CHECKING:
    from .config import Config
    from .model import Issue, Warning

__version__ = "0.1.0"


def structure_text(text: str, *, title: str = "", date: str | None = None,
                   publisher: str | None = None, number: str | None = None) -> Issue:
    """Structure one decoded text (form feeds separate pages); line ends and control
    characters are normalised as for a file, with the same warning."""
    from .decode import normalize_text, split_pages
    from .model import Edition
    from .structure import PageText, structure_pages
    edition = Edition(title=title, date=date, publisher=publisher, number=number)
    text, removed = normalize_text(text)
    notes = (control_warning("text", removed),) if removed else ()
    return structure_pages([PageText(t) for t in split_pages(text)], edition, notes=notes)


def read_issue(inputs: list[Path], *, title: str = "", date: str | None = None,
               publisher: str | None = None, number: str | None = None) -> Issue:
    """Inputs (page text files, or one edition-issue JSON file) → Issue."""
    from .decode import read_input, split_pages
    from .model import Edition
    from .serialize import is_iso_date, load_issue
    from .structure import PageText, structure_pages
    if not inputs:
        raise InputError("no input given")
    if date is not None and not is_iso_date(date):
        raise UsageError(f"--date {date!r}: expected YYYY-MM-DD")
    models = [p for p in inputs if p.suffix.lower() == ".json"]
    if models:
        # A .json input is always a model: read as page text, its JSON source would end up
        # printed in the edition.
        if len(inputs) > 1:
            raise InputError(f"{models[0]}: a model file must be the only input (use --each to build several)")
        issue = load_issue(models[0])
        issue = _with_overrides(issue, title=title or None, date=date, publisher=publisher, number=number)
        return refresh_warnings(issue)
    pages: list[PageText] = []
    notes: list[Warning] = []
    for path in inputs:
        decoded = read_input(path)
        if decoded.removed_controls:
            notes.append(control_warning(path.name, decoded.removed_controls))
        pages += [PageText(t, path.name) for t in split_pages(decoded.text)]
    edition = Edition(title=title, date=date, publisher=publisher, number=number)
    return structure_pages(pages, edition, notes=tuple(notes))


def control_warning(source: str, removed: int) -> Warning:
    from .model import Warning
    return Warning(code="control-characters-removed", message=f"{source}: removed {removed} control characters")


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
    from .structure.links import link_targets
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
    return link_targets(replace(issue, warnings=kept + tuple(check_links(issue))))


def _with_overrides(issue: Issue, **values) -> Issue:
    from dataclasses import replace
    changes = {k: v for k, v in values.items() if v is not None}
    return replace(issue, edition=replace(issue.edition, **changes)) if changes else issue


def __getattr__(name: str):
    """`edition.Issue`, `edition.load_issue`, `edition.dumps`: imported when first asked for."""
    if name == "Issue":
        from .model import Issue
        return Issue
    if name in ("load_issue", "dumps"):
        from . import serialize
        return getattr(serialize, name)
    raise AttributeError(f"module 'edition' has no attribute {name!r}")


__all__ = ["EditionError", "Issue", "read_issue", "structure_text", "load_issue", "dumps"]
