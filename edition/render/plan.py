"""Page planning: modules of known height + a column grid → rectangles on A3 pages.

A skyline packer: every module spans whole grid columns; it goes where its top would be
highest (leftmost on ties), in reading order. What does not fit waits for the next sheet;
a story too long for the room left is split, its first part filling the room. Which span
each module takes is searched (`pack_best`): the sheet holds as much of the page as it
can, and what it holds ends as evenly as it can. No WeasyPrint here: heights come in,
rectangles go out, so it is tested on its own.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Grid:
    """The content area of a sheet, in mm, divided into equal columns."""

    columns: int
    width: float
    height: float
    gutter: float

    @property
    def column_width(self) -> float:
        return (self.width - (self.columns - 1) * self.gutter) / self.columns

    def x(self, column: int) -> float:
        return column * (self.column_width + self.gutter)

    def span_width(self, span: int) -> float:
        return span * self.column_width + (span - 1) * self.gutter


@dataclass(frozen=True, slots=True)
class Module:
    """Something to place: its key, how many columns it spans, its height in mm."""

    key: str
    span: int
    height: float
    splittable: bool = False
    min_height: float = 0.0     # a split part must be at least this tall to be worth it


@dataclass(frozen=True, slots=True)
class Placement:
    key: str
    column: int
    span: int
    top: float
    height: float
    split: bool = False         # True when only the first part of the module is here


SPACING = 4.0   # mm between a module and the one under it


def best_position(skyline, span: int) -> tuple[int, float]:
    """Column and top where a module of `span` columns sits highest (leftmost on ties)."""
    if span == 1 and skyline:        # the planner asks this for every state of its search: the cheap cases in C
        top = min(skyline)
        return skyline.index(top), top
    tops = [max(skyline[c:c + span]) for c in range(len(skyline) - span + 1)]
    if not tops:
        return 0, float("inf")
    top = min(tops)
    return tops.index(top), top       # the first of the highest: leftmost on ties


def pack_sheet(modules: list[Module], grid: Grid) -> tuple[list[Placement], list[Module]]:
    """Place what fits on one sheet; return the placements and the modules left over.

    A left-over splittable module comes back with `height` reduced by what was placed.
    """
    skyline = [0.0] * grid.columns
    placed: list[Placement] = []
    left: list[Module] = []
    for m in modules:
        span = min(m.span, grid.columns)
        column, top = best_position(skyline, span)
        room = grid.height - top
        if m.height <= room:
            placed.append(Placement(m.key, column, span, top, m.height))
            for c in range(column, column + span):
                skyline[c] = top + m.height + SPACING
        elif m.splittable and room >= m.min_height and not left:
            placed.append(Placement(m.key, column, span, top, room, split=True))
            for c in range(column, column + span):
                skyline[c] = grid.height + SPACING
            left.append(Module(m.key, span, m.height - room, True, m.min_height))
        else:
            left.append(m)
    return placed, left


@dataclass(frozen=True, slots=True)
class Choice:
    """A module to place and the spans it may take: its height in mm at each, and for one
    that may be split, how tall a first part must be at each span to be worth it."""

    key: str
    heights: dict[int, float]
    min_heights: dict[int, float] | None = None     # None: never split

    @property
    def content(self) -> float:
        """How much the module holds: its area at its most compact span (in column-mm: columns
        times mm), so that a sheet's content does not depend on the spans chosen."""
        return min(span * height for span, height in self.heights.items())


def pack_best(choices: list[Choice], grid: Grid, beam: int = 64) -> tuple[list[Placement], list[Module]]:
    """Place what fits on one sheet, choosing every module's span: each goes in reading
    order where it sits highest (`best_position`), is split into the room at the sheet's foot
    when it does not fit and nothing before it was left out (`pack_sheet`'s rules), or waits.
    Of all the ways (a beam search, exhaustive for a handful of modules) the one that holds
    the most content wins, then the one that leaves the least space empty under modules
    (a hole no module can fill), then the one whose columns end most evenly. Returns the
    placements and the modules left over, in order (a split one with the height still to place).

    Planning a page asks the same question again and again (each body setting is planned
    unbalanced, then balanced, then the chosen one once more for the issue): about half of
    a build's calls repeat one made before, so answers are kept (`_packed`, by the choices'
    keys, spans and heights: the answer depends on nothing else)."""
    placed, left = _packed(tuple((c.key, tuple(c.heights.items()),
                                  None if c.min_heights is None else tuple(c.min_heights.items())) for c in choices),
                           grid, beam)
    return list(placed), list(left)


@functools.lru_cache(maxsize=4096)
def _packed(choices: tuple, grid: Grid, beam: int) -> tuple[tuple[Placement, ...], tuple[Module, ...]]:
    """`pack_best` of the choices given as (key, heights' items, least parts' items or None)."""
    placed, left = _pack_best([Choice(key, dict(heights), None if least is None else dict(least))
                               for key, heights, least in choices], grid, beam)
    return tuple(placed), tuple(left)


# Where a module of a span sits on a skyline (`best_position`), by (skyline, span): the
# search asks this for every state at every span, and the same skylines come back from
# state to state and from call to call (at 50 pages, 3% of the questions are new).
_POSITIONS: dict[tuple[tuple[float, ...], int], tuple[int, float]] = {}
POSITIONS_KEPT = 1 << 14     # answers kept at most (a few MB; then forgotten all at once)


def _pack_best(choices: list[Choice], grid: Grid, beam: int) -> tuple[list[Placement], list[Module]]:
    unit = grid.columns * grid.height / 50         # holes smaller than this (column-mm) are a tie
    positions = _POSITIONS
    columns, foot = grid.columns, grid.height
    # a state: (skyline, placements as (key, column, span, top, height, split), left over as
    # (key, span, height), content, area covered by modules and their spacing)
    states: list[tuple] = [(tuple([0.0] * columns), (), (), 0.0, 0.0)]
    for choice in choices:
        nxt: dict[tuple, tuple] = {}
        spans = [(min(span, columns), height) for span, height in sorted(choice.heights.items())]
        least = choice.min_heights or {}
        whole = choice.content      # the same for every state
        for skyline, placed, left, content, covered in states:
            options = []
            for span, height in spans:
                found = positions.get((skyline, span))
                if found is None:
                    if len(positions) >= POSITIONS_KEPT:
                        positions.clear()
                    found = positions[(skyline, span)] = best_position(skyline, span)
                column, top = found
                room = foot - top
                if height <= room:
                    sky = skyline[:column] + (top + height + SPACING,) * span + skyline[column + span:]
                    options.append((sky, placed + ((choice.key, column, span, top, height, False),), left,
                                    content + whole, covered + span * (height + SPACING)))
                elif not left and room >= least.get(span, room + 1):
                    sky = skyline[:column] + (foot + SPACING,) * span + skyline[column + span:]
                    options.append((sky, placed + ((choice.key, column, span, top, room, True),),
                                    ((choice.key, span, height - room),),
                                    content + whole * room / height, covered + span * (room + SPACING)))
            if not options:
                span, height = spans[0]
                options.append((skyline, placed, left + ((choice.key, span, height),), content, covered))
            for state in options:
                key = (state[0], tuple(m[0] for m in state[2]))
                if key not in nxt or state[3] > nxt[key][3]:
                    nxt[key] = state
        states = sorted(nxt.values(), key=lambda st: _rank(st, unit))[:beam]
    best = states[0]      # ranked (a stable sort: the first of the best, as min() would give)
    return ([Placement(key, column, span, top, height, split) for key, column, span, top, height, split in best[1]],
            [Module(key, span, height, True) for key, span, height in best[2]])


def _rank(state: tuple, unit: float) -> tuple[float, float, float]:
    """Most content first (whole modules count whole, so states that place the same ones
    tie), then the least area left empty under modules, then the evenest column feet."""
    skyline, _, _, content, covered = state
    return (-round(content, 1), round((sum(skyline) - covered) / unit), max(skyline) - min(skyline))
