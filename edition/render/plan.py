"""Page planning: modules of known height + a column grid → rectangles on A3 pages.

A plain skyline packer: every module spans whole grid columns; it goes where its top
would be highest (leftmost on ties), in reading order. What does not fit waits for the
next sheet; a story too long for the room left is split, its first part filling the room.
No WeasyPrint here: heights come in, rectangles go out, so it is tested on its own.
"""
from __future__ import annotations

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


def best_position(skyline: list[float], span: int) -> tuple[int, float]:
    """Column and top where a module of `span` columns sits highest (leftmost on ties)."""
    options = [(max(skyline[c:c + span]), c) for c in range(len(skyline) - span + 1)]
    top, column = min(options)
    return column, top


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


def choose_spans(options: list[tuple[str, dict[int, float]]], grid: Grid, beam: int = 64
                 ) -> tuple[dict[str, int], float]:
    """Pick a span for every module (from its measured height at each allowed span) so that,
    placed in order by `best_position`, the sheet overflows least and ends most evenly.
    Returns the spans and the overflow in mm (0 when everything fits).

    A beam search: exhaustive for a front page's handful of stories, bounded for long pages.
    """
    states: list[tuple[tuple[float, ...], tuple[int, ...]]] = [(tuple([0.0] * grid.columns), ())]
    for _, heights in options:
        nxt = []
        for skyline, spans in states:
            for span, height in sorted(heights.items()):
                span = min(span, grid.columns)
                column, top = best_position(list(skyline), span)
                sky = list(skyline)
                for c in range(column, column + span):
                    sky[c] = top + height + SPACING
                nxt.append((tuple(sky), spans + (span,)))
        nxt.sort(key=lambda s: _badness(s[0], grid))
        states = nxt[:beam]
    best = min(states, key=lambda s: _badness(s[0], grid))
    return {key: span for (key, _), span in zip(options, best[1])}, _badness(best[0], grid)[0]


def _badness(skyline: tuple[float, ...], grid: Grid) -> tuple[float, float]:
    """Overflow past the sheet's foot first, then how uneven the column feet are."""
    limit = grid.height + SPACING
    overflow = sum(max(0.0, h - limit) for h in skyline)
    return (round(overflow, 1), max(skyline) - min(skyline))
