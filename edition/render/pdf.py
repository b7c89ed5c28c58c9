"""Issue → multi-column A3 print PDF with WeasyPrint.

Steps: give each item a module (column span by role and length) → measure every module's
height in one WeasyPrint layout pass → plan sheets with `plan.pack_sheet` (splitting a
story that does not fit, with linked 下转/上接 lines) → render the planned sheets →
check that every module stayed inside its rectangle. WeasyPrint's multi-column support
is limited, so each body is a simple multicol box inside an absolutely placed module.
"""
from __future__ import annotations

import contextlib
import hashlib
import math
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..model import Issue
from ..output import atomic_output
from .context import build_time, issue_context
from .fonts import load_roles, resolve
from .plan import Grid, Module, Placement, choose_spans, pack_sheet
from .templates import environment, layout_settings

PX_PER_MM = 96 / 25.4
PT_MM = 25.4 / 72
MEASURE_PER_SHEET = 16
PAGE_SIZES = {"A3": (297.0, 420.0), "A4": (210.0, 297.0), "B3": (353.0, 500.0)}


@dataclass(frozen=True, kw_only=True, slots=True)
class PdfOptions:
    layout: str | Path | None = None
    embed_fonts: bool = True          # PDFs always embed their fonts; kept for a uniform interface
    font_overrides: dict[str, str] = field(default_factory=dict)
    print_ready: bool = False
    tagged: bool = False
    columns: int | None = None
    cn_number: str | None = None      # 刊号 for the masthead, from edition.toml


@dataclass(frozen=True, slots=True)
class Geometry:
    """Sheet size, margins and grid, from the layout's settings."""

    width: float
    height: float
    margins: tuple[float, float, float, float]
    columns: int
    gutter: float
    masthead: float
    header: float
    typesetting: tuple[tuple[float, float], ...]   # (body pt, line height), preferred first

    @classmethod
    def from_settings(cls, s: dict[str, Any], columns: int | None) -> "Geometry":
        w, h = PAGE_SIZES.get(str(s.get("page_size", "A3")), PAGE_SIZES["A3"])
        return cls(w, h, tuple(float(x) for x in s.get("margin_mm", (10, 10, 16, 10))),
                   int(columns or s.get("columns", 6)), float(s.get("gutter_mm", 4.0)),
                   float(s.get("masthead_mm", 40)), float(s.get("header_mm", 16)),
                   tuple((float(pt), float(lh)) for pt, lh in s.get("typesetting", [(9.5, 1.4)])))

    def grid(self, front: bool) -> Grid:
        top, right, bottom, left = self.margins
        head = self.masthead if front else self.header
        return Grid(self.columns, self.width - left - right, self.height - top - bottom - head - 2, self.gutter)

    def content_top(self, front: bool) -> float:
        return self.margins[0] + (self.masthead if front else self.header)


# --- modules -------------------------------------------------------------------------

def span_choices(item: dict[str, Any], lead: bool, columns: int) -> list[int]:
    """Spans worth trying: the lead story wide, other stories a third to a half, boxes narrow."""
    third, half = max(1, columns // 3), max(2, columns // 2)
    if item["type"] != "article":
        return [third]
    if lead:
        return sorted({round(columns * 2 / 3), columns})
    return sorted({third, half})


def estimate_height(item: dict[str, Any], span: int, grid: Grid, body_pt: float, lh: float) -> float:
    """A quick height guess in mm, used only to skip type sizes that clearly cannot fit."""
    em = body_pt * PT_MM
    cpl = max(4, int(grid.column_width / em))
    if item["type"] == "article":
        lines = sum(math.ceil((len(p) + 2) / cpl) for p in item["paragraphs"]) + 1
        head = 12 + 7 * len(item["subheadlines"]) + (5 if item["byline"] else 0)
        return head + math.ceil(lines / span) * em * lh + 4
    text = item.get("text", "") + "".join(e["title"] for e in item.get("entries", [])) + "".join(item.get("lines", []))
    return 20 + len(text) / max(1, int(grid.span_width(span) / em)) * em * 1.6


def first_candidate(pages: list[dict[str, Any]], geo: Geometry) -> int:
    """Index of the first typesetting whose estimated area fits every page (else the last)."""
    for i, (pt, lh) in enumerate(geo.typesetting):
        fits = True
        for k, page in enumerate(pages):
            grid = geo.grid(front=k == 0)
            area = 0.0
            for it in page["contents"]:
                span = span_choices(it, False, geo.columns)[0]
                area += estimate_height(it, span, grid, pt, lh) * span
            fits &= area <= grid.height * geo.columns
        if fits:
            return i
    return len(geo.typesetting) - 1


@dataclass
class ModuleSpec:
    """One module as the template sees it (positions filled in by planning)."""

    anchor: str
    item: dict[str, Any]
    span: int
    lead: bool = False
    part: str = "whole"                     # whole | first | cont
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    left: float = 0.0
    top: float = 0.0
    width: float = 0.0
    height: float | None = None
    planned: float = 0.0                    # the height the plan gave it, checked after rendering
    next_anchor: str = ""
    next_page: int = 0
    back_anchor: str = ""
    back_page: int = 0


def page_modules(page: dict[str, Any], columns: int) -> list[ModuleSpec]:
    specs = []
    first_article = True
    for it in page["contents"]:
        lead = it["type"] == "article" and first_article and page.get("is_front", False)
        if it["type"] == "article":
            first_article = False
        specs.append(ModuleSpec(anchor=it["id"], item=it, span=span_choices(it, lead, columns)[0], lead=lead,
                                paragraphs=[{"text": p, "cont": False} for p in it.get("paragraphs", [])]))
    return specs


def split_paragraphs(paragraphs: list[dict[str, Any]], capacity: int, cpl: int
                     ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Cut paragraphs after about `capacity` lines of `cpl` characters."""
    first: list[dict[str, Any]] = []
    used = 0
    for i, p in enumerate(paragraphs):
        indent = 0 if p["cont"] else 2
        lines = math.ceil((len(p["text"]) + indent) / cpl)
        if used + lines <= capacity:
            first.append(p)
            used += lines
            continue
        room = (capacity - used) * cpl - indent
        if room >= cpl:
            first.append({"text": p["text"][:room], "cont": p["cont"]})
            rest = [{"text": p["text"][room:], "cont": True}] + paragraphs[i + 1:]
        else:
            rest = paragraphs[i:]
        return first, rest
    return first, []


# --- WeasyPrint ----------------------------------------------------------------------

def _html(env, ctx: dict[str, Any], css: str, sheets: list[dict[str, Any]], gutter: float, created: str,
          cn_number: str | None) -> str:
    return env.get_template("issue.html.j2").render(**ctx, css=css, sheets=sheets, gutter=gutter, created=created,
                                                    first_page=ctx["pages"][0]["number"] if ctx["pages"] else 1,
                                                    cn_number=cn_number)


def _walk(box):
    """Every layout box under `box`, including those inside absolutely placed boxes."""
    yield box
    inner = getattr(box, "_box", None)     # WeasyPrint's AbsolutePlaceholder wraps the real box
    if inner is not None:
        yield from _walk(inner)
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _module_heights(document) -> dict[str, tuple[float, float]]:
    """(top, height) in mm of every absolutely placed module, by id, over all pages."""
    found: dict[str, tuple[float, float]] = {}
    for page in document.pages:
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            classes = (element.get("class") or "").split() if element is not None else []
            if "module" not in classes and "module-head" not in classes:
                continue
            ident = element.get("id")
            if ident and ident not in found:
                found[ident] = (box.position_y / PX_PER_MM, box.margin_height() / PX_PER_MM)
    return found


def measure(env, ctx, css, specs: list[ModuleSpec], geo: Geometry, created: str) -> dict[str, float]:
    """Render every module once, unplaced, and read back its height in mm."""
    grid = geo.grid(front=False)
    for s in specs:
        s.left, s.top, s.width, s.height = 0.0, 0.0, round(grid.span_width(s.span), 2), None
    dummy = {"number": 0, "label": "", "name": "", "anchor": "measure"}
    # A few modules a sheet: WeasyPrint slows down sharply with many absolute boxes on one page.
    sheets = [{"page": dummy, "first": False, "continued": False, "anchor": f"measure-sheet-{k}",
               "content_top": 0, "modules": specs[k:k + MEASURE_PER_SHEET]}
              for k in range(0, len(specs), MEASURE_PER_SHEET)]
    from weasyprint import HTML
    doc = HTML(string=_html(env, ctx, css, sheets, geo.gutter, created, None)).render()
    return {k: h for k, (_, h) in _module_heights(doc).items()}


@dataclass
class Typeset:
    """One body size and leading, with the stylesheet made for it."""

    pt: float
    lh: float
    css: str

    @property
    def line(self) -> float:
        return self.pt * PT_MM * self.lh


def fit_page(specs: list[ModuleSpec], measured: dict[str, float], grid: Grid, scale: float = 1.0
             ) -> tuple[dict[str, float], float]:
    """Choose spans from measured heights (their body part times `scale`, to predict another
    type size) and set them on the specs; return the chosen heights and the overflow in mm."""
    def height(anchor: str) -> float:
        head = measured.get(f"{anchor}-head", 0.0)
        return head + (measured[anchor] - head) * scale

    options = [(s.anchor, {span: height(f"{s.anchor}@{span}") for span in span_choices(s.item, s.lead, grid.columns)})
               for s in specs]
    spans, overflow = choose_spans(options, grid)
    heights = {}
    for s in specs:
        s.span = spans[s.anchor]
        heights[s.anchor] = height(f"{s.anchor}@{s.span}")
        if f"{s.anchor}@{s.span}-head" in measured:
            heights[f"{s.anchor}-head"] = measured[f"{s.anchor}@{s.span}-head"]
    return heights, overflow


def typeset_pages(env, ctx, geo: Geometry, created: str, make_css
                  ) -> tuple[Typeset, list[tuple[list[ModuleSpec], dict[str, float]]]]:
    """The largest body size at which every page fits its sheet (else the smallest), with
    each page's modules measured at it.

    Every module of every page is measured at each span it may take in one layout pass per
    size tried; after a miss, the measured heights scaled to the smaller sizes predict which
    one to try next, so an issue needs one or two passes rather than one per size.
    """
    for k, page in enumerate(ctx["pages"]):
        page["is_front"] = k == 0
    all_specs = [page_modules(page, geo.columns) for page in ctx["pages"]]
    grids = [geo.grid(front=k == 0) for k in range(len(all_specs))]
    last = len(geo.typesetting) - 1
    i = first_candidate(ctx["pages"], geo)
    while True:
        pt, lh = geo.typesetting[i]
        ts = Typeset(pt, lh, make_css(pt, lh))
        trials = [ModuleSpec(anchor=f"{s.anchor}@{span}", item=s.item, span=span, lead=s.lead,
                             paragraphs=s.paragraphs)
                  for specs in all_specs for s in specs for span in span_choices(s.item, s.lead, geo.columns)]
        measured = measure(env, ctx, ts.css, trials, geo, created) if trials else {}

        def overflow(scale: float) -> float:
            return sum(fit_page(specs, measured, grid, scale)[1] for specs, grid in zip(all_specs, grids))

        if i == last or overflow(1.0) == 0:
            break
        # Body height goes with size² × leading (more lines, each taller); predict, then measure.
        i = next((j for j in range(i + 1, last + 1)
                  if overflow((geo.typesetting[j][0] / pt) ** 2 * geo.typesetting[j][1] / lh) == 0), last)
    pages = [(specs, fit_page(specs, measured, grid)[0]) for specs, grid in zip(all_specs, grids)]
    return ts, pages


def plan_sheets(pages: list[tuple[list[ModuleSpec], dict[str, float]]], ctx, env, ts: Typeset, geo: Geometry,
                created: str, slack: int = 1) -> list[dict[str, Any]]:
    """Sheets for every print page, with continuation sheets where a page overflows."""
    sheets: list[dict[str, Any]] = []
    for pi, (page, (specs, heights)) in enumerate(zip(ctx["pages"], pages)):
        queue = list(specs)
        continued = False
        while True:
            front = pi == 0 and not continued
            grid = geo.grid(front)
            modules = [Module(s.anchor, s.span, heights[s.anchor], splittable=bool(s.paragraphs), min_height=40)
                       for s in queue]
            placed, left = pack_sheet(modules, grid)
            if queue and not placed:   # taller than an empty sheet: split it at the sheet's foot
                placed, left = pack_sheet([Module(m.key, m.span, m.height, True, 0) for m in modules[:1]], grid)
                left += modules[1:]
            by_key = {s.anchor: s for s in queue}
            sheet_no = len(sheets) + 1
            sheet = {"page": page, "first": not continued, "continued": continued,
                     "content_top": geo.content_top(front), "modules": [],
                     "anchor": page["anchor"] if not continued else f"{page['anchor']}-cont{sheet_no}"}
            carried: dict[str, ModuleSpec] = {}
            for p in placed:
                spec = by_key[p.key]
                spec.left, spec.top = round(grid.x(p.column), 2), round(p.top, 2)
                spec.width = round(grid.span_width(p.span), 2)
                spec.planned = p.height
                # A definite height: WeasyPrint then balances the columns inside it, as when measured
                # (left to itself, a multicol box near the foot of a sheet may not balance at all).
                spec.height = round(p.height, 2)
                if p.split:
                    carried[p.key] = split_module(spec, p, grid, ts, sheet_no, heights.get(f"{p.key}-head"), slack)
                sheet["modules"].append(spec)
            sheets.append(sheet)
            queue = [carried.get(m.key, by_key.get(m.key)) for m in left]
            if not queue:
                break
            if carried:
                heights.update(measure(env, ctx, ts.css, list(carried.values()), geo, created))
            continued = True
    return sheets


def split_module(spec: ModuleSpec, p: Placement, grid: Grid, ts: Typeset, sheet_no: int,
                 head: float | None, slack: int) -> ModuleSpec:
    """Keep what fits in the placed rectangle (less `slack` lines a column, since line
    counts are estimated); return the continuation module, as wide as the sheet."""
    head = (head or 30.0) + 4.0
    per_column = max(1, int((p.height - head - ts.line) / ts.line) - slack)
    cpl = max(4, int(grid.column_width / (ts.pt * PT_MM)))
    first, rest = split_paragraphs(spec.paragraphs, per_column * p.span, cpl)
    cont_anchor = f"{spec.item['id']}-cont{sheet_no + 1}"
    back_anchor = spec.anchor
    spec.paragraphs = first
    spec.part = "first" if spec.part == "whole" else "cont-first"
    spec.next_anchor, spec.next_page = cont_anchor, sheet_no + 1
    return ModuleSpec(anchor=cont_anchor, item=spec.item, span=grid.columns, part="cont", paragraphs=rest,
                      back_anchor=back_anchor, back_page=sheet_no)


def verify_layout(document, sheets: list[dict[str, Any]]) -> list[str]:
    """Modules whose text does not all lie inside their rectangle (or which are missing)."""
    boxes: dict[str, Any] = {}
    for page in document.pages:
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            if (element is not None and "module" in (element.get("class") or "").split()
                    and getattr(box, "_box", None) is None):
                boxes.setdefault(element.get("id"), box)
    problems = []
    slack = 0.5 * PX_PER_MM
    for sheet in sheets:
        for m in sheet["modules"]:
            box = boxes.get(m.anchor)
            if box is None:
                problems.append(f"{m.anchor} was not laid out")
                continue
            left, top = box.border_box_x(), box.border_box_y()
            right, bottom = left + box.border_width(), top + box.border_height()
            expected = sum(len(p["text"]) for p in m.paragraphs)
            shown = 0
            for inner in _walk(box):
                kind = type(inner).__name__
                if kind == "TextBox":
                    shown += len(inner.text)
                elif kind == "LineBox" and (inner.position_x + inner.width > right + slack
                                            or inner.position_y + inner.height > bottom + slack):
                    problems.append(f"{m.anchor}: text runs outside its {m.planned:.0f} mm module")
                    break
            else:
                if shown < expected:
                    problems.append(f"{m.anchor}: {expected - shown} characters not laid out")
    return problems


def render_pdf(issue: Issue, options: PdfOptions, out: Path) -> Path:
    """Write the print PDF to `out` atomically; return `out`."""
    from weasyprint import HTML
    settings = layout_settings(options.layout).get("pdf", {})
    geo = Geometry.from_settings(settings, options.columns)
    families = {role: resolve(r).family for role, r in load_roles(options.font_overrides).items()}
    env = environment(options.layout, "pdf")
    ctx = issue_context(issue, href=lambda anchor: f"#{anchor}")
    top, right, bottom, left = geo.margins
    grid = geo.grid(front=False)

    def make_css(pt: float, lh: float) -> str:
        return env.get_template("print.css.j2").render(
            page_width=geo.width, page_height=geo.height, margin_top=top, margin_right=right,
            margin_bottom=bottom, margin_left=left, masthead_height=geo.masthead, header_height=geo.header,
            grid_width=grid.width, grid_height=grid.height, columns=geo.columns, gutter=geo.gutter,
            body_pt=pt, line_height=lh, fonts=families, print_ready=options.print_ready)

    created = build_time(issue.edition.date).strftime("%Y-%m-%dT%H:%M:%SZ")
    for slack in (1, 3, 6):   # estimated line counts can run over: retry with more room to spare
        ts, pages = typeset_pages(env, ctx, geo, created, make_css)
        sheets = plan_sheets(pages, ctx, env, ts, geo, created, slack)
        html = _html(env, ctx, ts.css, sheets, geo.gutter, created, options.cn_number)
        document = HTML(string=html).render()
        problems = verify_layout(document, sheets)
        if not problems:
            break
    if problems:
        raise OutputError("the page plan did not hold (" + "; ".join(problems[:3]) + "); please report this input")
    variant = "pdf/x-4" if options.print_ready else ("pdf/ua-1" if options.tagged else None)
    identifier = hashlib.md5(html.encode("utf-8")).hexdigest().encode("ascii")
    with atomic_output(out) as tmp, _stable_xmp_ids(identifier):
        document.write_pdf(str(tmp), pdf_variant=variant, pdf_identifier=identifier, pdf_tags=options.tagged)
    return out


@contextlib.contextmanager
def _stable_xmp_ids(seed: bytes):
    """WeasyPrint gives PDF/X-4 a random XMP DocumentID; derive it from the content instead,
    so the same input gives the same bytes."""
    import weasyprint.pdf.metadata as metadata
    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.uuid5(uuid.NAMESPACE_OID, seed.decode("ascii"))
    try:
        yield
    finally:
        metadata.uuid4 = original
