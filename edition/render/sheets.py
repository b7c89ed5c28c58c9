"""A print page's items → modules of exact height → sheets, with continuation sheets where
the page overflows.

A module is its frame (rule, padding, head: measured once per span by WeasyPrint) plus its
body lines, which Pango counts (`linebreak.py`). A body's columns are one grid column wide
at every span, so a story's line count does not depend on its span: spanning s columns it
is its frame plus ceil(lines / s) lines tall, and the columns fill top to bottom. A story
that does not fit is cut at a line boundary and continues on the next sheet, with linked
下转/上接 lines. No rendering here, so the planning is tested on its own.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import OutputError
from .linebreak import PX_PER_PT, LineBreaker
from .plan import Grid, Module, choose_spans, pack_sheet

PT_MM = 25.4 / 72
PX_PER_MM = 96 / 25.4
SPARE_MM = 0.3          # rounding room in every module's height
MIN_SPLIT_MM = 40       # a story is split only where at least this much of it fits


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

    def grid(self, front: bool) -> Grid:
        top, right, bottom, left = self.margins
        head = self.masthead if front else self.header
        return Grid(self.columns, self.width - left - right, self.height - top - bottom - head - 2, self.gutter)

    def content_top(self, front: bool) -> float:
        return self.margins[0] + (self.masthead if front else self.header)


@dataclass(frozen=True, slots=True)
class Typeset:
    """A body size in pt and its line height (a multiple of the size)."""

    pt: float
    lh: float

    @property
    def line(self) -> float:
        """One body line in mm."""
        return self.pt * PT_MM * self.lh


@dataclass
class ModuleSpec:
    """One module as the template sees it (position and size filled in by planning)."""

    anchor: str
    item: dict[str, Any]
    span: int
    lead: bool = False
    part: str = "whole"                     # whole | first | cont | cont-first
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    left: float = 0.0
    top: float = 0.0
    width: float = 0.0
    height: float | None = None
    body_height: float | None = None        # a multicol body fills its columns in turn: it needs one
    next_anchor: str = ""
    next_page: int = 0
    back_anchor: str = ""
    back_page: int = 0
    next_label: str = ""                    # the sheet a jump line names, as its running head does: 第1版（续）
    back_label: str = ""

    @property
    def head(self) -> str:
        """Which head the module shows: the story's own, or a continuation's."""
        return "cont" if self.part.startswith("cont") else "head"

    @property
    def ends_with_jump(self) -> bool:
        return self.part in ("first", "cont-first") or bool(self.item.get("jump_to"))


def span_choices(item: dict[str, Any], lead: bool, columns: int) -> list[int]:
    """Spans worth trying: the lead story wide, other stories a third to a half, boxes narrow."""
    third, half = max(1, columns // 3), max(2, columns // 2)
    if item["type"] != "article":
        return [third]
    if lead:
        return sorted({round(columns * 2 / 3), columns})
    return sorted({third, half})


def spans_for(spec: ModuleSpec, columns: int, continued: bool = False) -> list[int]:
    """Spans a module may take on a sheet. On a continuation sheet, which holds what a page
    could not, a story (or a story's rest) may also run the sheet's width, so that a long
    one does not stand as a single tall column beside empty space."""
    if spec.item["type"] == "article" and (continued or spec.head == "cont"):
        return sorted(set(span_choices(spec.item, False, columns)) | {columns})
    return span_choices(spec.item, spec.lead, columns)


def page_modules(page: dict[str, Any], columns: int, front: bool) -> list[ModuleSpec]:
    """A module per item of the page, in reading order; the front page's first story leads."""
    specs = []
    first_article = True
    for it in with_orphans_listed(page["contents"]):
        lead = it["type"] == "article" and first_article and front
        if it["type"] == "article":
            first_article = False
        paragraphs = [{"text": collapse_spaces(p), "cont": False} for p in it.get("paragraphs", [])]
        specs.append(ModuleSpec(anchor=it["id"], item=it, span=span_choices(it, lead, columns)[0], lead=lead,
                                paragraphs=paragraphs))
    return specs


def with_orphans_listed(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's items with its orphan titles (titles whose story is not on the page) gathered
    into one "本版标题" list where the first of them stood: the paper printed them, but a
    headline over nothing would read as a story."""
    orphans = [it for it in items if it["type"] == "headline"]
    if not orphans:
        return items
    listed = {"type": "orphans", "id": orphans[0]["id"], "titles": orphans}
    out = []
    for it in items:
        if it is orphans[0]:
            out.append(listed)
        elif it["type"] != "headline":
            out.append(it)
    return out


def collapse_spaces(text: str) -> str:
    """The text as HTML shows it (runs of CSS white space are one space), so that counted
    lines and cut offsets match what WeasyPrint lays out. U+3000 is kept: it is not CSS space."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")


FrameKey = tuple[str, int, str]    # (story id, span, "head" or "cont")


class Frames:
    """Measured frame heights by (story id, span, head kind), in mm.

    A frame that was not measured (a continuation's head, a span only continuation sheets
    use) is stood in for by the story's tallest measured one, and noted in `missing`, so
    that planning can go on and the caller measures what the final plan really uses.
    """

    def __init__(self, measured: dict[FrameKey, float] | None = None):
        self.measured: dict[FrameKey, float] = {}
        self.tallest: dict[str, float] = {}      # per story: the stand-in for its unmeasured frames
        self.missing: set[FrameKey] = set()
        self.add(measured or {})

    def __getitem__(self, key: FrameKey) -> float:
        if key in self.measured:
            return self.measured[key]
        self.missing.add(key)
        return self.tallest.get(key[0], 30.0)

    def add(self, measured: dict[FrameKey, float]) -> None:
        self.measured.update(measured)
        for (story, _, _), height in measured.items():
            self.tallest[story] = max(height, self.tallest.get(story, 0.0))
        self.missing -= set(measured)


class Heights:
    """Module heights at one type size: measured frames plus counted body lines.

    `slack` adds lines a column to the stories named in it, after a render showed
    that a count fell short.
    """

    def __init__(self, frames: Frames, ts: Typeset, breaker: LineBreaker,
                 column_mm: float, slack: dict[str, int] | None = None):
        self.frames, self.ts, self.breaker = frames, ts, breaker
        self.column_px = column_mm * PX_PER_MM
        self.indent_px = 2 * ts.pt * PX_PER_PT         # the body's text-indent: 2em
        self.slack = slack or {}

    def starts(self, paragraph: dict[str, Any]) -> list[int]:
        """Where each line of a body paragraph starts."""
        indent = 0.0 if paragraph["cont"] else self.indent_px
        return self.breaker.line_starts(paragraph["text"], self.column_px, indent)

    def lines(self, spec: ModuleSpec) -> int:
        return sum(len(self.starts(p)) for p in spec.paragraphs) + spec.ends_with_jump

    def frame(self, spec: ModuleSpec, span: int) -> float:
        return self.frames[(spec.item["id"], span, spec.head)]

    def height(self, spec: ModuleSpec, span: int) -> float:
        extra = self.slack.get(spec.item["id"], 0)
        if spec.item["type"] != "article":
            return self.frame(spec, span) + extra * 5.0 + SPARE_MM
        per_column = math.ceil(self.lines(spec) / span) + extra
        return self.frame(spec, span) + per_column * self.ts.line + SPARE_MM

    def capacity(self, spec: ModuleSpec, span: int, height: float) -> int:
        """Body lines (the 下转 line included) that fit a module `height` mm tall."""
        per_column = int((height - self.frame(spec, span) - SPARE_MM) / self.ts.line)
        return max(0, per_column - self.slack.get(spec.item["id"], 0)) * span


def split_body(paragraphs: list[dict[str, Any]], capacity: int, starts
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Cut paragraphs after `capacity` lines, at a line boundary. A cut paragraph's first
    part is marked `broken` (its last line is full, so it is justified too); the rest
    continues without an indent."""
    first: list[dict[str, Any]] = []
    used = 0
    for i, p in enumerate(paragraphs):
        lines = starts(p)
        if used + len(lines) <= capacity:
            first.append(p)
            used += len(lines)
            continue
        keep = capacity - used
        if keep >= 1:
            cut = lines[keep]
            first.append({"text": p["text"][:cut], "cont": p["cont"], "broken": True})
            return first, [{"text": p["text"][cut:], "cont": True}] + paragraphs[i + 1:]
        return first, paragraphs[i:]
    return first, []


def plan_sheets(pages: list[dict[str, Any]], heights: list[Heights], geo: Geometry) -> list[dict[str, Any]]:
    """Sheets for every print page (each set at its own `heights`), numbered in order."""
    sheets: list[dict[str, Any]] = []
    for k, (page, page_heights) in enumerate(zip(pages, heights)):
        sheets += plan_page(page, k == 0, page_heights, geo, len(sheets) + 1)
    return sheets


def plan_page(page: dict[str, Any], front: bool, heights: Heights, geo: Geometry, first_sheet: int
              ) -> list[dict[str, Any]]:
    """The sheets of one print page: its own, then continuation sheets while it overflows.
    Sheets count from `first_sheet` (their page number in the PDF, named by jump lines)."""
    queue = page_modules(page, geo.columns, front)
    sheets: list[dict[str, Any]] = []
    while True:
        continued = bool(sheets)
        on_front = front and not continued
        sheet_no = first_sheet + len(sheets)
        before = _left_to_place(queue)
        placed, queue = _fill_sheet(queue, geo.grid(on_front), heights, sheet_no, continued, page["label"])
        if queue and _left_to_place(queue) >= before:
            raise OutputError(f"'{queue[0].item['id']}' does not fit an empty sheet (its head or box is taller "
                              "than the page); shorten it in the model")
        sheets.append({"page": page, "first": not continued, "continued": continued, "typeset": heights.ts,
                       "content_top": geo.content_top(on_front), "modules": placed,
                       "anchor": page["anchor"] if not continued else f"{page['anchor']}-cont{sheet_no}"})
        if not queue:
            return sheets


def sheet_fill(sheet: dict[str, Any], grid: Grid) -> float:
    """How much of its grid a sheet's modules cover, column by column (gaps between modules
    count as covered), 0 to 1: the mean over columns of how far down each is used."""
    feet = [0.0] * grid.columns
    for m in sheet["modules"]:
        first = round(m.left / (grid.column_width + grid.gutter))
        for c in range(first, min(grid.columns, first + m.span)):
            feet[c] = max(feet[c], m.top + (m.height or 0.0))
    return sum(feet) / (grid.columns * grid.height)


def _left_to_place(queue: list[ModuleSpec]) -> tuple[int, int]:
    return len(queue), sum(len(p["text"]) for s in queue for p in s.paragraphs)


def _fill_sheet(queue: list[ModuleSpec], grid: Grid, heights: Heights, sheet_no: int, continued: bool,
                label: str = "") -> tuple[list[ModuleSpec], list[ModuleSpec]]:
    """Place what fits on one sheet; return the placed specs and those left for the next."""
    options = [(s.anchor, {span: heights.height(s, span) for span in spans_for(s, grid.columns, continued)})
               for s in queue]
    spans, _ = choose_spans(options, grid)
    for s in queue:
        s.span = spans[s.anchor]
    by_key = {s.anchor: s for s in queue}
    modules = [Module(s.anchor, s.span, heights.height(s, s.span), splittable=bool(s.paragraphs),
                      min_height=MIN_SPLIT_MM) for s in queue]
    placed, left = pack_sheet(modules, grid)
    if queue and not placed:   # taller than an empty sheet: split it at the sheet's foot
        placed, left = pack_sheet([Module(m.key, m.span, m.height, True, 0) for m in modules[:1]], grid)
        left += modules[1:]
    carried: dict[str, ModuleSpec] = {}
    specs = []
    for p in placed:
        spec = by_key[p.key]
        spec.left, spec.top = round(grid.x(p.column), 2), round(p.top, 2)
        spec.width, spec.height = round(grid.span_width(p.span), 2), round(p.height, 2)
        if spec.item["type"] == "article":
            spec.body_height = round(p.height - heights.frame(spec, p.span) - SPARE_MM / 2, 2)
        if p.split:
            carried[p.key] = _split(spec, heights, sheet_no, label, continued)
        specs.append(spec)
    return specs, [carried.get(m.key, by_key.get(m.key)) for m in left]


def _split(spec: ModuleSpec, heights: Heights, sheet_no: int, label: str = "", continued: bool = False
           ) -> ModuleSpec:
    """Keep in `spec` what fits its placed height; return the rest as a continuation module.
    Jump lines name sheets as their running heads do (第1版, 第1版（续）), the one scheme a
    reader sees on the page, next to the paper's own 下转►2版."""
    spec.part = "first" if spec.part == "whole" else "cont-first"
    capacity = heights.capacity(spec, spec.span, spec.height or 0.0) - 1     # less the 下转 line
    first, rest = split_body(spec.paragraphs, capacity, heights.starts)
    cont = ModuleSpec(anchor=f"{spec.item['id']}-cont{sheet_no + 1}", item=spec.item, span=spec.span, part="cont",
                      paragraphs=rest, back_anchor=spec.anchor, back_page=sheet_no,
                      back_label=label + ("（续）" if continued else ""))
    spec.paragraphs = first
    spec.next_anchor, spec.next_page, spec.next_label = cont.anchor, sheet_no + 1, f"{label}（续）"
    return cont
