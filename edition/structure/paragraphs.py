"""Body lines to paragraphs: unwrap hard-wrapped lines and repair column breaks.

A blank line is not a paragraph boundary by itself: a paragraph ends on a line that
closes a sentence and either is shorter than its column or is followed by a break
(blank line or new frame). A line that fills its column continues, whatever it ends on.
"""
from __future__ import annotations

from .lines import Line
from .normalize import ends_sentence, join_wrapped

# A line this much narrower than its column (in em) did not fill it.
SHORT_BY = 1.0


def column_width(lines: list[Line]) -> float:
    """The local column width: the widest line of the run."""
    return max(line.width for line in lines)


def is_short(line: Line, width: float) -> bool:
    return line.width <= width - SHORT_BY


def paragraph_ends_after(line: Line, width: float, break_follows: bool) -> bool:
    """Does the paragraph end with this line?"""
    if not ends_sentence(line.text):
        return False
    return break_follows or is_short(line, width)


def build_paragraphs(runs: list[list[Line]]) -> list[str]:
    """Join runs of body lines (each run a block) into paragraph strings."""
    paragraphs: list[str] = []
    current = ""
    for run in runs:
        width = column_width(run)
        for k, line in enumerate(run):
            current = join_wrapped(current, line.text)
            if paragraph_ends_after(line, width, break_follows=k == len(run) - 1):
                paragraphs.append(current)
                current = ""
    if current:
        paragraphs.append(current)
    return paragraphs
