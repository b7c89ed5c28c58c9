"""A quarter em between Han text and Latin letters or digits in the print PDF.

Chinese print sets a quarter em of space where Han text meets a Latin word or a number
(`GDP 增长 5.2%`, `2025 年`); CSS asks for it with `text-autospace`, which WeasyPrint does
not have. A space character would change the text, and Pango cannot put letter spacing on
one side of one character only: it puts half before and half after. So the space is made
in two steps:

- while lines break, the character before each place where Han text meets a Latin letter
  or digit carries a quarter em of letter spacing (`punctuation.apply`, given to Pango's
  line counts and to WeasyPrint's layout alike), which keeps the room on the line;
- before WeasyPrint aligns a line (`han_latin_spacing()`), that letter spacing is taken
  off again and the glyph before the place is given a quarter em more advance instead
  (`justify.SpacedLayout`), and what follows moves right.

Pango trims letter spacing at a line's ends, so a space next to a line's first character
had only half its room; a line without all the room shares out what it has, so no line is
pushed past its column. The text is unchanged: a spaced box is drawn with its own
characters as /ActualText, so extracted text has no spaces that are not the paper's.
"""
from __future__ import annotations

import contextlib
import re

from .justify import _deferred, _spaced_layout_class, _text_boxes
from .punctuation import AUTOSPACE_EM, HAN, reserving

# Where Han text (punctuation.HAN) meets an ASCII letter or digit, either way round: found by
# the regular expression engine, since this runs on every text WeasyPrint lays out.
_BOUNDARY = re.compile(f"(?<=[{HAN}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{HAN}])")


def boundaries(text: str) -> list[int]:
    """Offsets k of `text` where the space goes before text[k]: Han meets a Latin letter or digit."""
    return [m.start() for m in _BOUNDARY.finditer(text)]


def _text_of(box) -> str:
    from weasyprint.formatting_structure import boxes
    if isinstance(box, boxes.TextBox):
        return box.text
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return "".join(_text_of(c) for c in box.children if c.is_in_normal_flow())
    return "\ufffc"        # an atomic inline: neither Han nor Latin


class _Spacer:
    """Walks a line in order, widening text boxes at boundaries and moving what follows."""

    def __init__(self, space: float):
        self.space = space
        self.carried = 0.0      # how far the boxes from here on move right
        self.previous = ""      # the last character before the box being walked

    def walk(self, box) -> None:
        from weasyprint.formatting_structure import boxes
        if isinstance(box, boxes.TextBox):
            self._text(box)
        elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            box.position_x += self.carried
            before = self.carried
            for child in box.children:
                if child.is_in_normal_flow():
                    self.walk(child)
            box.width += self.carried - before
        else:
            box.translate(self.carried, 0)
            self.previous = "\ufffc"

    def _text(self, box) -> None:
        cuts = [k - len(self.previous) for k in boundaries(self.previous + box.text)]
        if 0 in cuts:          # the space goes before this box
            self.carried += self.space
        box.position_x += self.carried
        self.previous = box.text[-1:] or self.previous
        inside = tuple(k - 1 for k in cuts if k > 0)     # the characters the space follows
        if inside:
            box.pango_layout = _deferred(_spaced_layout_class(), box, 0.0)
            box.pango_layout.autospace, box.pango_layout.autospace_width = inside, self.space
            grown = self.space * len(inside) - reserved(box)
            box.width += grown
            self.carried += grown


def reserved(box) -> float:
    """The room `punctuation.apply` gave a text box's Han/Latin spaces while it was laid out:
    half the letter spacing on each side of each character before a space, but none
    outside the box's first and last characters (Pango trims it at a line's ends)."""
    half = AUTOSPACE_EM * box.style["font_size"] / 2
    last = len(box.text) - 1
    return sum(half * ((k > 0) + (k < last)) for k in reserving(box.text))


def space_line(line, available_width: float) -> None:
    """Set the quarter-em spaces of `line` where the room was kept for them, as far as the
    line has room (a space at a line's start or end had only half its room)."""
    count = len(boundaries(_text_of(line)))
    if not count:
        return
    room = available_width - line.width + sum(reserved(box) for box in _text_boxes(line))
    space = max(0.0, min(AUTOSPACE_EM * line.style["font_size"], room / count))
    _Spacer(space).walk(line)


@contextlib.contextmanager
def han_latin_spacing():
    """Make WeasyPrint space Han text from Latin letters and digits, for this block."""
    import weasyprint.layout.inline as inline
    original = inline.text_align

    def text_align(context, line, available_width, last):
        space_line(line, available_width)
        return original(context, line, available_width, last)

    inline.text_align = text_align
    try:
        yield
    finally:
        inline.text_align = original
