"""The running title over a story's rest on a continuation sheet: its headline and （续）.

It is broken as a headline is (`headline.break_lines`: at word edges, balanced, never a
character alone on a line), but a running head over a single column (about ten characters
a line) has to give way, in this order:

1. the largest size of RUNNING_PT at which every break falls at a word edge, in at most
   MAX_LINES lines (RUNNING_PT[-1], the body's largest size, is the smallest it gets: it
   stays a title over the text, not smaller than it);
2. at the smallest size, one line more;
3. the same again with the word edges the story's own text shows as well
   (`words.learned_edge`: 乡村振兴 / 战略 where the story has 振兴 and 战略 each beside
   other words), a weaker signal, so only where the rules alone leave no setting;
4. the headline's start, up to a word edge (or a clause's end, its mark dropped), marked
   `……` before （续）, in at most MAX_LINES lines at the smallest size: the longest such
   start that fits. The check (`edition check-typography`) accepts a running title only as
   its story's whole headline or as such a start, and counts the shortened ones.

Only if not even a few characters fit (a measure far narrower than a column) is the whole
title broken where it must, as `break_lines` does.
"""
from __future__ import annotations

from typing import Callable

from ...words import CLAUSE_MARKS, CONTINUED, SHORTENED, contexts, cut_edge, is_punct, learned_edge, word_edge
from ..headline import SPACE, break_lines

RUNNING_PT = (12.0, 11.0, 10.5)
MAX_LINES = 3
MIN_KEPT = 4                            # characters a shortened title keeps at least

Measure = Callable[[str], float]


def _visible(line: str) -> int:
    return sum(1 for ch in line if not ch.isspace() and not is_punct(ch))


def at_word_edges(text: str, fits: Measure, width: float, most: int,
                  edge: Callable[[str, str], bool] = word_edge) -> tuple[str, ...] | None:
    """`text` broken by `break_lines` when every line fits, none is a single character and
    every break is at a word edge (by `edge`), in at most `most` lines; else None."""
    lines = break_lines(text, fits, width, edge)
    if len(lines) > most or any(fits(line) > width for line in lines):
        return None
    if len(lines) > 1 and (any(_visible(line) <= 1 for line in lines)
                           or not all(edge(a, b) for a, b in zip(lines, lines[1:]))):
        return None
    return tuple(lines)


def starts(headline: str) -> list[str]:
    """The headline's starts that a shortened title may keep, longest first: up to a word
    edge, or to a clause's end with its mark dropped (`words.cut_edge`, which the check
    asks of the headline without its white space, as the PDF's outline gives it)."""
    joined = SPACE.join(p.strip() for p in headline.split("\n") if p.strip())
    plain = "".join(joined.split())
    out = []
    for i in range(len(joined) - 1, 0, -1):
        kept = joined[:i].rstrip(SPACE + " " + CLAUSE_MARKS)
        if (cut_edge(joined, i) and cut_edge(plain, len("".join(kept.split())))
                and _visible(kept) >= MIN_KEPT and kept not in out):
            out.append(kept)
    return out


def running_title(headline: str, face: Callable[[float], Measure], width: float,
                  story: str = "") -> tuple[tuple[str, ...], float]:
    """The running title's lines and its size in pt, for a measure `width` wide (in the
    units `face(pt)`, a measure at that size, gives); `story` is the story's text, whose
    word edges are learned where the rules leave no setting."""
    text = headline + CONTINUED
    edges = [word_edge]
    if story:
        seen = contexts(story)
        edges.append(lambda a, b: word_edge(a, b) or learned_edge(a, b, seen))
    for edge in edges:
        for pt, most in [(pt, MAX_LINES) for pt in RUNNING_PT] + [(RUNNING_PT[-1], MAX_LINES + 1)]:
            lines = at_word_edges(text, face(pt), width, most, edge)
            if lines is not None:
                return lines, pt
    pt = RUNNING_PT[-1]
    for kept in starts(headline):
        lines = at_word_edges(kept + SHORTENED + CONTINUED, face(pt), width, MAX_LINES)
        if lines is not None:
            return lines, pt
    return tuple(break_lines(text, face(pt), width)), pt
