"""Punctuation compression (标点挤压) for the print PDF, as clreq describes it, and numbers
kept with their units.

Full-width punctuation draws its mark in one half of an em and leaves the other half
blank, so two marks in a row (`。”`, `”、`, `）。`, `，“`, `（“`) show a full em of blank
between them. Chinese print sets the first of such a pair at half width (a closing mark
loses its blank right half; of two opening marks, the second loses its blank left half).
The body and headline faces (Noto CJK) carry the OpenType feature `halt`, which does
exactly that to one glyph; the 楷体 face has no `halt`, so its text is left as it is.

`halved(text)` says which characters are set half width. The same choice is given to
Pango wherever a line is set: by `linebreak.py` when lines are counted for the plan, and
by WeasyPrint (`compressed_punctuation()` wraps its `Layout.set_text`) when they are laid
out and drawn, so the plan's line counts see the widths that are printed. A pair of a
closing and an opening mark (`。（`) is also kept on one line, because a line may break
between them, and the first line's end would then be measured as half width while
WeasyPrint draws the line's text alone, where the mark is last and set full.

A number is also kept on one line with the Han character after it, its unit or measure
word (`3月`, `15家`, `5.2亿`): Pango would break there, as UAX #14 allows. So is a middle
dot with the characters on both sides (`“青听·16日”`).

The room for the quarter em between Han text and Latin letters or digits is kept here too
(`apply`; `autospace.py` draws the space).

Only the glyphs' advances and the places lines may break change: the text is the paper's,
character for character.
"""
from __future__ import annotations

import contextlib
import functools
import re

CLOSING = set("，。、；：？！）》」』】〕〉〗”’")
OPENING = set("（《「『【〔〈〖“‘")
QUOTES = set("“”‘’")         # no line breaks on either side of these (UAX #14 class QU, as Pango has it)
AUTOSPACE_EM = 0.25           # the Han/Latin space (autospace.py), in em


DIGITS = set("0123456789０１２３４５６７８９")
MIDDLE_DOTS = set("·・•‧")
HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"     # as a regular expression's class ranges


def _class(chars) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


# These run on every text WeasyPrint lays out (each line's stretch of its paragraph) and on
# every paragraph Pango counts, so they are regular expressions rather than loops over the
# characters in Python: the same offsets, found in C.
_HALVED = re.compile(f"{_class(CLOSING)}(?={_class(CLOSING | OPENING)})|(?<={_class(OPENING)}){_class(OPENING)}")
_UNBREAKABLE = re.compile(f"(?={_class(CLOSING)}{_class(OPENING - QUOTES)}|{_class(DIGITS)}[{HAN}]"
                          f"|{_class(MIDDLE_DOTS)}.|.{_class(MIDDLE_DOTS)})", re.DOTALL)


def halved(text: str) -> list[int]:
    """Offsets of the characters of `text` set half width: a closing mark before another
    mark, and an opening mark after an opening mark."""
    return [m.start() for m in _HALVED.finditer(text)]


def unbreakable(text: str) -> list[int]:
    """Offsets after which a line must not break: a halved closing mark followed by an
    opening one that Pango would otherwise let begin the next line, a digit followed by a
    Han character (a number and its unit), and either side of a middle dot (`3·16`, a
    name's `·`), which must neither end nor begin a line."""
    return [m.start() for m in _UNBREAKABLE.finditer(text)]


@functools.cache
def _pango():
    """WeasyPrint's Pango bindings, with the few functions they do not declare."""
    from weasyprint.text.ffi import ffi, pango
    ffi.cdef("PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);"
             "PangoAttrList * pango_attr_list_copy (PangoAttrList *list);"
             "PangoAttrList * pango_attr_list_ref (PangoAttrList *list);")
    return ffi, pango


def apply(layout, text: str, attrs=None, autospace_px: float = 0.0) -> None:
    """Set on a Pango layout holding `text` the attributes `attrs` (a PangoAttrList, or
    NULL/None for none) plus the compressed punctuation of `halved(text)`, the unbreakable
    places of `unbreakable(text)` and, with `autospace_px`, the room for the Han/Latin
    spaces of `autospace.py`. `attrs` itself is left as it was: a layout that is given
    another text starts from it again.

    The room is letter spacing of `autospace_px` on the character before each place Han
    text meets a Latin letter or digit: Pango puts half of it before and half after that
    character (trimming it at a line's ends), so lines break as if the spaces were there;
    `autospace.py` then draws the space whole on the right side of the character."""
    ffi, pango = _pango()
    half, whole, reserved = _marks(text, bool(autospace_px))
    if not (half or whole or reserved):
        pango.pango_layout_set_attributes(layout, attrs if attrs is not None else ffi.NULL)
        return
    if attrs is None or attrs == ffi.NULL:
        mine = pango.pango_attr_list_new()
    else:
        mine = pango.pango_attr_list_copy(attrs)
    mine = ffi.gc(mine, pango.pango_attr_list_unref)
    for start, end in half:
        attr = pango.pango_attr_font_features_new(b"halt")
        attr.start_index, attr.end_index = start, end
        pango.pango_attr_list_insert(mine, attr)
    for start, end in whole:
        attr = pango.pango_attr_allow_breaks_new(False)
        attr.start_index, attr.end_index = start, end
        pango.pango_attr_list_insert(mine, attr)
    for start, end in reserved:
        attr = pango.pango_attr_letter_spacing_new(int(autospace_px * 1024))
        attr.start_index, attr.end_index = start, end
        pango.pango_attr_list_insert(mine, attr)
    pango.pango_layout_set_attributes(layout, mine)     # the layout keeps its own reference


# WeasyPrint sets the same stretch of text on a layout several times (to find a line's
# end, to set the line alone, to draw it): two in three of a build's texts come again.
@functools.lru_cache(maxsize=4096)
def _marks(text: str, autospace: bool) -> tuple[tuple[tuple[int, int], ...], ...]:
    """`apply`'s places in `text`, as UTF-8 (start, end) offsets: the marks set half width,
    the pairs kept on one line, and with `autospace` the characters carrying the room for
    a Han/Latin space."""
    half, whole = halved(text), unbreakable(text)
    reserved = reserving(text) if autospace else []
    if not (half or whole or reserved):
        return (), (), ()
    offsets = _byte_offsets(text, [*half, *(i + 1 for i in half), *whole, *(i + 2 for i in whole),
                                   *reserved, *(i + 1 for i in reserved)])
    return (tuple((offsets[i], offsets[i + 1]) for i in half), tuple((offsets[i], offsets[i + 2]) for i in whole),
            tuple((offsets[i], offsets[i + 1]) for i in reserved))


def reserving(text: str) -> list[int]:
    """Offsets of the characters that carry the room for a Han/Latin space after them. Not
    the text's first: Pango counts all of its letter spacing when it decides whether a line
    fits, but trims the half before a line's first character when it sets the line, so a
    box as wide as its text (a running head) would not hold it."""
    from .autospace import boundaries
    return [k - 1 for k in boundaries(text) if k > 1]


def _byte_offsets(text: str, wanted) -> dict[int, int]:
    """UTF-8 offset of each character offset in `wanted` (up to len(text)): the stretches
    between them encoded in turn, rather than the text a character at a time."""
    out, byte, last = {}, 0, 0
    for i in sorted(set(wanted)):
        byte += len(text[last:i].encode("utf-8"))
        out[i], last = byte, i
    return out


@contextlib.contextmanager
def compressed_punctuation():
    """Make every WeasyPrint text layout of this block compress punctuation pairs and keep
    numbers with their units."""
    from weasyprint.text.line_break import Layout
    original, original_deactivate = Layout.set_text, Layout.deactivate

    def set_text(self, text, justify=False):
        # WeasyPrint edits the layout's attribute list in place and gives one layout several
        # texts in turn: hand it back its own list (without the marks set for the last text).
        ffi, pango = _pango()
        layout, own = getattr(self, "_own_attrs", (None, None))
        if layout is not None and layout == self.layout:
            pango.pango_layout_set_attributes(self.layout, own if own is not None else ffi.NULL)
        original(self, text, justify)
        own = pango.pango_layout_get_attributes(self.layout)
        own = ffi.gc(pango.pango_attr_list_ref(own), pango.pango_attr_list_unref) if own != ffi.NULL else None
        self._own_attrs = (self.layout, own)
        # A layout that draws a line after it is broken sets its Han/Latin spaces itself.
        room = 0.0 if getattr(self, "draws_autospace", False) else AUTOSPACE_EM * self.style["font_size"]
        apply(self.layout, self.text, own, room)

    def deactivate(self):
        self.__dict__.pop("_own_attrs", None)      # WeasyPrint frees the layout here: so do we
        original_deactivate(self)

    Layout.set_text, Layout.deactivate = set_text, deactivate
    try:
        yield
    finally:
        Layout.set_text, Layout.deactivate = original, original_deactivate
