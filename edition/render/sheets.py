"""A print page's items → modules of exact height → sheets, with continuation sheets where
the page overflows.

A module is its frame (rule, padding, head: measured once per span by WeasyPrint) plus its
body lines, which Pango counts (`linebreak.py`). A body's columns are one grid column wide
at every span, so a story's line count does not depend on its span: spanning s columns it
is its frame plus ceil(lines / s) lines tall, and the columns fill top to bottom. A story
spans only as many columns as keep them deep enough to read (`spans_for`). A story that
does not fit is cut at a line boundary and continues on the next sheet, with linked
下转/上接 lines; a page that runs over has whole stories held over to its continuation
sheet so that both its sheets are well filled (`balanced`). No rendering here, so the
planning is tested on its own.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import OutputError
from .linebreak import PX_PER_PT, LineBreaker
from .plan import SPACING, Choice, Grid, Module, pack_best, pack_sheet

PT_MM = 25.4 / 72
PX_PER_MM = 96 / 25.4
SPARE_MM = 0.3          # rounding room in every module's height
MIN_SPLIT_MM = 40       # a story is split only where at least this much of it fits
DEEP_LINES = 12         # a story runs only as wide as keeps its columns this deep (where it is long enough)
MIN_REST_LINES = 8      # a story is never cut so that fewer lines than this go on to the next sheet


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


def spans_for(spec: ModuleSpec, columns: int, continued: bool = False, lines: int | None = None) -> list[int]:
    """Spans a module may take on a sheet. Given its body's `lines`, a story may run any
    width from `span_choices`' narrowest to the sheet's, and a story's rest on a continuation
    sheet a single column too, but only as wide as keeps its columns DEEP_LINES deep (the
    narrowest span when it is too short for that): no story stands as a strip of short
    columns across the sheet, nor a long one as a tall column beside empty space. Without
    `lines`, the spans of `span_choices` (those its frame is measured at first)."""
    base = span_choices(spec.item, spec.lead, columns)
    if spec.item["type"] != "article" or lines is None:
        return base
    spans = sorted(set(base) | set(range(max(base), columns + 1)) | ({1} if spec.head == "cont" else set()))
    deep = [s for s in spans if lines / s >= DEEP_LINES]
    return deep or spans[:1]


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
    """Frame heights by (story id, span, head kind), in mm: measured, or else estimated.

    A frame that was not measured (a continuation's head, a span the page's own sheet does
    not offer) is estimated by `estimate(key, measured)` when it can be (from the story's
    frame measured at another span, its headline's lines counted at each), else stood in
    for by the story's tallest measured one, so that planning can go on; the caller measures
    the frames the final plan uses (`unmeasured`) and plans again.
    """

    def __init__(self, measured: dict[FrameKey, float] | None = None, estimate=None):
        self.measured: dict[FrameKey, float] = {}
        self.tallest: dict[str, float] = {}      # per story: the stand-in for its unmeasured frames
        self.estimate = estimate
        self.guessed: dict[FrameKey, float] = {}
        self.add(measured or {})

    def __getitem__(self, key: FrameKey) -> float:
        if key in self.measured:
            return self.measured[key]
        if key not in self.guessed:
            guess = self.estimate(key, self.measured) if self.estimate is not None else None
            self.guessed[key] = guess if guess is not None else self.tallest.get(key[0], 30.0)
        return self.guessed[key]

    def add(self, measured: dict[FrameKey, float]) -> float:
        """Take measured frames; return how far (mm) the furthest was from what had been used for it."""
        missed = max((abs(self.guessed[key] - height) for key, height in measured.items() if key in self.guessed),
                     default=0.0)
        self.measured.update(measured)
        for (story, _, _), height in measured.items():
            self.tallest[story] = max(height, self.tallest.get(story, 0.0))
        self.guessed.clear()
        return missed

    def unmeasured(self, sheets: list[dict[str, Any]]) -> set[FrameKey]:
        """The frames the planned sheets use that were estimated."""
        used = {(m.item["id"], m.span, m.head) for sheet in sheets for m in sheet["modules"]}
        return used - set(self.measured)


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
        self._lines: dict[int, tuple[list, str, int]] = {}

    def starts(self, paragraph: dict[str, Any]) -> list[int]:
        """Where each line of a body paragraph starts."""
        indent = 0.0 if paragraph["cont"] else self.indent_px
        return self.breaker.line_starts(paragraph["text"], self.column_px, indent)

    def lines(self, spec: ModuleSpec) -> int:
        known = self._lines.get(id(spec.paragraphs))     # planning asks again and again
        if known is not None and known[0] is spec.paragraphs and known[1] == spec.part:
            return known[2]
        n = sum(len(self.starts(p)) for p in spec.paragraphs) + spec.ends_with_jump
        self._lines[id(spec.paragraphs)] = (spec.paragraphs, spec.part, n)
        return n

    def frame(self, spec: ModuleSpec, span: int) -> float:
        return self.frames[(spec.item["id"], span, spec.head)]

    def height(self, spec: ModuleSpec, span: int) -> float:
        extra = self.slack.get(spec.item["id"], 0)
        if spec.item["type"] != "article":
            return self.frame(spec, span) + extra * 5.0 + SPARE_MM
        per_column = math.ceil(self.lines(spec) / span) + extra
        return self.frame(spec, span) + per_column * self.ts.line + SPARE_MM

    def least_part(self, spec: ModuleSpec, span: int) -> float:
        """How tall the first part of a split story must be at `span`: MIN_SPLIT_MM, and its
        columns MIN_REST_LINES deep, so that no part of a story is a strip of short columns."""
        return max(MIN_SPLIT_MM, self.frame(spec, span) + MIN_REST_LINES * self.ts.line + SPARE_MM)

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


def plan_page(page: dict[str, Any], front: bool, heights: Heights, geo: Geometry, first_sheet: int,
              balance: bool = True) -> list[dict[str, Any]]:
    """The sheets of one print page: its own, then continuation sheets while it overflows.
    Sheets count from `first_sheet` (their page number in the PDF, named by jump lines).

    A page that runs over has its last two sheets balanced (`balanced`): whole stories go on
    to the continuation sheet, rather than only what the page's own sheet cannot hold, until
    the emptier of the two is as full as it can be."""
    sheets, offered = _plan_page(page, front, heights, geo, first_sheet)
    if balance and len(sheets) > 1:
        sheets = balanced(page, front, heights, geo, first_sheet, sheets, offered)
    return sheets


BALANCE_TRIES = 6       # partitions of a page's last two sheets planned in full, of those that look best
BALANCE_HELD = 5        # stories held over to the last sheet at most
BALANCE_GAIN = 0.005    # fill (of the emptier sheet) worth changing the page's order for


def balanced(page: dict[str, Any], front: bool, heights: Heights, geo: Geometry, first_sheet: int,
             sheets: list[dict[str, Any]], offered: list[list[tuple[str, float, bool]]]) -> list[dict[str, Any]]:
    """The page planned again with some whole stories its last sheet but one was offered held
    over to the last sheet, so that the emptier of the two is as full as it can be.

    Which stories: every choice of up to BALANCE_HELD of them (never the page's first story,
    which leads it) is weighed
    by the area its stories take (both sheets' content, the earlier one holding the rest
    whole, the last what is held over: neither may overflow), and the BALANCE_TRIES that
    look best are planned in full; of those that fill the emptier sheet about as well as the
    best (within BALANCE_GAIN), the one holding the later stories (the less important, in the
    paper's order) wins. The number of sheets stays the same; boxes and short stories
    stay (see `_keep`); no story is cut on a sheet with room left, and no space opens
    under a module that no module fills (`hole_area`)."""
    at = len(sheets) - 2
    grids = [geo.grid(front and at == 0), geo.grid(False)]
    rooms = [g.columns * g.height for g in grids]

    def score(plan: list[dict[str, Any]]) -> tuple[float, float]:
        return sheet_fill(plan[at], grids[0]), sheet_fill(plan[at + 1], grids[1])

    def stranded(plan: list[dict[str, Any]]) -> int:       # short stories held over, see `_fill_sheet`
        return sum(_short(m, heights) for m in plan[-1]["modules"])

    def jumps_from_room(plan: list[dict[str, Any]]) -> bool:
        """A story cut at the earlier sheet's foot while that sheet has room for a story (a
        column MIN_SPLIT_MM short of the foot) elsewhere: a reader would ask why it jumps.
        Balanced, a sheet holds whole stories or is full."""
        return (any(m.part in ("first", "cont-first") for m in plan[at]["modules"])
                and min(column_feet(plan[at], grids[0])) < grids[0].height - MIN_SPLIT_MM)

    def holes(plan: list[dict[str, Any]]) -> float:
        return sum(hole_area(plan[at + k], grids[k]) for k in (0, 1))

    main, last = score(sheets)
    if last >= main:
        return sheets
    queue = offered[at]
    # Areas leave out the holes and ragged feet packing leaves: scale them to what the plan covers.
    scale = (main * rooms[0] + last * rooms[1]) / sum(area for _, area, _ in queue)
    queue = [(anchor, area * scale) for anchor, area, _ in queue]
    total = sum(area for _, area in queue)
    movable = [i for i in range(1, len(queue)) if not offered[at][i][2]]     # see `_plan_page`
    looks = []
    for n in range(1, min(BALANCE_HELD, len(movable)) + 1):
        for held in itertools.combinations(movable, n):
            kept = total - sum(queue[i][1] for i in held)
            if kept > rooms[0] or total - kept > rooms[1]:
                continue
            looks.append((-round(min(kept / rooms[0], (total - kept) / rooms[1]), 2), -sum(held), held))
    tried = [(min(main, last), 0, sheets)]
    for _, _, held in sorted(looks)[:BALANCE_TRIES]:
        hold = (at, frozenset(queue[i][0] for i in held))
        plan, _ = _plan_page(page, front, heights, geo, first_sheet, hold=hold)
        plans = [plan]
        if jumps_from_room(plan):
            # The story cut there, whole instead (and what follows it held over): after the
            # sheet's other modules, so under them, or right after the stories before it, over
            # the boxes and later stories: boxes of unequal heights side by side over a story
            # set across the sheet leave holes above it, under it they only end unevenly.
            cut = frozenset(m.anchor for m in plan[at]["modules"] if m.part in ("first", "cont-first"))
            plans = [_plan_page(page, front, heights, geo, first_sheet, hold=hold, whole=cut, whole_last=last)[0]
                     for last in (True, False)]
        for plan in plans:
            if (len(plan) != len(sheets) or stranded(plan) > stranded(sheets) or jumps_from_room(plan)
                    or holes(plan) > holes(sheets) + MIN_SPLIT_MM):
                continue
            tried.append((min(score(plan)), sum(held), plan))
    best = max(fill for fill, _, _ in tried)
    if best <= tried[0][0] + BALANCE_GAIN:
        return sheets
    # of those about as good, the one that holds the later stories over
    return max((t for t in tried[1:] if t[0] >= best - BALANCE_GAIN), key=lambda t: (t[1], t[0]))[2]


def _plan_page(page: dict[str, Any], front: bool, heights: Heights, geo: Geometry, first_sheet: int,
               hold: tuple[int, frozenset[str]] = (-1, frozenset()), whole: frozenset[str] = frozenset(),
               whole_last: bool = True) -> tuple[list[dict[str, Any]], list[list[tuple[str, float, bool]]]]:
    """The sheets of a page, filled in turn; with `hold` (sheet index, anchors), that sheet is
    not offered those modules, which go on to the next, in the page's order among what it
    leaves (after the rest of a story cut at its foot), and does not cut the stories in
    `whole` (placed whole or not at all, offered after its other modules, or with
    `whole_last` false, after the stories before it and before the rest). Also returns
    the modules each sheet was offered, in order: (anchor, the area it takes there at its
    most compact span in column-mm (columns times mm), the space under it included, whether
    balancing leaves it where it is: the page's first story, and see `_keep`)."""
    queue = page_modules(page, geo.columns, front)
    order = {s.anchor: k for k, s in enumerate(queue)}
    top = next((s.anchor for s in queue if s.item["type"] == "article"), None)     # the page's first story
    sheets: list[dict[str, Any]] = []
    offered: list[list[tuple[str, float, bool]]] = []
    while True:
        continued = bool(sheets)
        on_front = front and not continued
        sheet_no = first_sheet + len(sheets)
        before = _left_to_place(queue)
        grid = geo.grid(on_front)
        offered.append([(s.anchor, _area(s, grid, heights, continued), s.anchor == top or _keep(s, heights))
                        for s in queue])
        held: list[ModuleSpec] = []
        if hold[0] == len(sheets) and hold[1]:
            queue, held = [s for s in queue if s.anchor not in hold[1]], [s for s in queue if s.anchor in hold[1]]
            if whole_last:   # a story kept whole goes after the sheet's other stories: wide, it goes under them
                queue = [s for s in queue if s.anchor not in whole] + [s for s in queue if s.anchor in whole]
            else:            # or right after the stories before it, the boxes under it
                at = max((k for k, s in enumerate(queue) if s.anchor in whole), default=-1)
                ahead = {s.anchor for s in queue[:at] if s.item["type"] == "article" and s.anchor not in whole}
                queue = ([s for s in queue if s.anchor in ahead] + [s for s in queue if s.anchor in whole]
                         + [s for s in queue if s.anchor not in ahead and s.anchor not in whole])
        placed, queue = _fill_sheet(queue, grid, heights, sheet_no, continued, page["label"],
                                    whole if hold[0] == len(sheets) else frozenset())
        if held:     # a story's rest first, then the page's order
            rests = [s for s in queue if s.head == "cont"]
            queue = rests + sorted([s for s in queue if s.head != "cont"] + held, key=lambda s: order[s.anchor])
        if queue and _left_to_place(queue) >= before:
            raise OutputError(f"'{queue[0].item['id']}' does not fit an empty sheet (its head or box is taller "
                              "than the page); shorten it in the model")
        sheets.append({"page": page, "first": not continued, "continued": continued, "typeset": heights.ts,
                       "content_top": geo.content_top(on_front), "modules": placed,
                       "anchor": page["anchor"] if not continued else f"{page['anchor']}-cont{sheet_no}"})
        if not queue:
            return sheets, offered


def sheet_fill(sheet: dict[str, Any], grid: Grid) -> float:
    """How much of its grid a sheet's modules cover, column by column (gaps between modules
    count as covered), 0 to 1: the mean over columns of how far down each is used."""
    return sum(column_feet(sheet, grid)) / (grid.columns * grid.height)


def hole_area(sheet: dict[str, Any], grid: Grid) -> float:
    """Space (column-mm) on a sheet that lies above a module's top in its columns and that no
    module fills, beyond the spacing between modules: a hole in the page."""
    pitch = grid.column_width + grid.gutter
    area = 0.0
    for c in range(grid.columns):
        spans = sorted((m.top, m.top + (m.height or 0.0)) for m in sheet["modules"]
                       if round(m.left / pitch) <= c < round(m.left / pitch) + m.span)
        bottom = 0.0
        for top, foot in spans:
            area += max(0.0, top - bottom - (SPACING if bottom else 0.0))
            bottom = max(bottom, foot)
    return area


def column_feet(sheet: dict[str, Any], grid: Grid) -> list[float]:
    """How far down (mm) each grid column of a sheet is used."""
    feet = [0.0] * grid.columns
    for m in sheet["modules"]:
        first = round(m.left / (grid.column_width + grid.gutter))
        for c in range(first, min(grid.columns, first + m.span)):
            feet[c] = max(feet[c], m.top + (m.height or 0.0))
    return feet


def _left_to_place(queue: list[ModuleSpec]) -> tuple[int, int]:
    return len(queue), sum(len(p["text"]) for s in queue for p in s.paragraphs)


def _fill_sheet(queue: list[ModuleSpec], grid: Grid, heights: Heights, sheet_no: int, continued: bool,
                label: str = "", whole: frozenset[str] = frozenset()) -> tuple[list[ModuleSpec], list[ModuleSpec]]:
    """Place what fits on one sheet (the stories in `whole` uncut); return the placed specs
    and those left for the next."""
    choices = []
    for s in queue:
        spans = spans_for(s, grid.columns, continued, heights.lines(s))
        choices.append(Choice(s.anchor, {span: heights.height(s, span) for span in spans},
                              {span: heights.least_part(s, span) for span in spans} if _splittable(s, heights)
                              and s.anchor not in whole else None))
    by_key = {s.anchor: s for s in queue}
    placed, left = pack_best(choices, grid)
    cut = next((p.key for p in placed if p.split), None)
    stranded = {m.key for m in left if m.key != cut and _short(by_key[m.key], heights)}
    longer = [p.key for p in placed if p.split or (by_key[p.key].paragraphs and not _short(by_key[p.key], heights))]
    if stranded and longer:
        # A short story would wait for the next sheet, where it could only stand as a strip
        # of a few lines a column: it goes before the story cut at this sheet's foot (or the
        # last long one placed) instead, which then gives up room for it.
        order = [c for c in choices if c.key not in stranded]
        at = next(k for k, c in enumerate(order) if c.key == (cut or longer[-1]))
        order[at:at] = [c for c in choices if c.key in stranded]
        again, rest = pack_best(order, grid)
        if sum(m.key in stranded for m in rest) < len(stranded):
            placed, left = again, rest
    if queue and not placed:   # taller than an empty sheet: split it at the sheet's foot
        first = choices[0]
        span = max(first.heights)
        placed, left = pack_sheet([Module(first.key, span, first.heights[span], True, 0)], grid)
        left += [Module(c.key, min(c.heights), c.heights[min(c.heights)]) for c in choices[1:]]
    for p in placed:
        by_key[p.key].span = p.span
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


def _area(spec: ModuleSpec, grid: Grid, heights: Heights, continued: bool) -> float:
    """The area a module takes on a sheet at its most compact span, the space under it included."""
    return min(span * (heights.height(spec, span) + SPACING)
               for span in spans_for(spec, grid.columns, continued, heights.lines(spec)))


def _keep(spec: ModuleSpec, heights: Heights) -> bool:
    """Whether balancing leaves a module where the page's order puts it: a box (导读, a quote,
    the 本版标题 list) belongs to the page's own sheet, and a short story would stand as a
    strip on the last (see `_short`)."""
    return spec.item["type"] != "article" or _short(spec, heights)


def _short(spec: ModuleSpec, heights: Heights) -> bool:
    """A whole story too short for MIN_REST_LINES lines a column at two columns, the narrowest
    its headline is set at."""
    return spec.item["type"] == "article" and spec.part == "whole" and heights.lines(spec) < 2 * MIN_REST_LINES


def _splittable(spec: ModuleSpec, heights: Heights) -> bool:
    """Whether a story may be cut at a sheet's foot: only one long enough to leave a
    MIN_REST_LINES rest after a first part of a few lines."""
    return bool(spec.paragraphs) and heights.lines(spec) >= 2 * MIN_REST_LINES


def _split(spec: ModuleSpec, heights: Heights, sheet_no: int, label: str = "", continued: bool = False
           ) -> ModuleSpec:
    """Keep in `spec` what fits its placed height; return the rest as a continuation module.
    Jump lines name sheets as their running heads do (第1版, 第1版（续）), the one scheme a
    reader sees on the page, next to the paper's own 下转►2版."""
    spec.part = "first" if spec.part == "whole" else "cont-first"
    capacity = heights.capacity(spec, spec.span, spec.height or 0.0) - 1     # less the 下转 line
    # the rest is never a strip of a few lines: what it would lack comes off this sheet's
    # foot, and the part here is as tall as its lines (its columns filled in turn)
    shorter = heights.lines(spec) - spec.ends_with_jump - MIN_REST_LINES
    if shorter < capacity:
        capacity = max(1, shorter)
        frame = heights.frame(spec, spec.span)
        per_column = math.ceil((capacity + 1) / spec.span) + heights.slack.get(spec.item["id"], 0)
        spec.height = round(frame + per_column * heights.ts.line + SPARE_MM, 2)
        spec.body_height = round(spec.height - frame - SPARE_MM / 2, 2)
    first, rest = split_body(spec.paragraphs, capacity, heights.starts)
    cont = ModuleSpec(anchor=f"{spec.item['id']}-cont{sheet_no + 1}", item=spec.item, span=spec.span, part="cont",
                      paragraphs=rest, back_anchor=spec.anchor, back_page=sheet_no,
                      back_label=label + ("（续）" if continued else ""))
    spec.paragraphs = first
    spec.next_anchor, spec.next_page, spec.next_label = cont.anchor, sheet_no + 1, f"{label}（续）"
    return cont
