"""Inter-character justification for WeasyPrint, as Chinese print justifies.

WeasyPrint (70) justifies a line only by widening its spaces (`layout.inline.justify_line`
counts U+0020 and U+00A0), so a line of Han text that ends a character short stays ragged.
While `inter_character_justification()` is active, a justified line that holds Han text
instead spreads its spare width evenly over the gaps between its characters: each text box
of the line is re-laid out by Pango with that much letter spacing (Pango leaves none
before a line's first or after its last character, so the line ends flush), and boxes
after it move right by what it grew.

This runs after the line is broken, so where lines break, and so every count made by
`linebreak.py`, is untouched; only the glyphs move. The text itself is unchanged (no
inserted spaces): copying, searching and tagging see the paper's words.
"""
from __future__ import annotations

import contextlib
import functools
import re

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
MAX_GAP_EM = 1.0        # a line that would need more per gap is left as WeasyPrint set it


def _text_boxes(box):
    from weasyprint.formatting_structure import boxes
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


@functools.cache
def _spaced_layout_class():
    from weasyprint.text.ffi import ffi, pango
    from weasyprint.text.line_break import Layout

    class SpacedLayout(Layout):
        """A Pango layout whose text carries extra letter spacing. Pango trims half of it at
        each end of a line, so a box of k characters grows by (k - 1) spacings. It survives
        WeasyPrint's deactivate/reactivate, which draws by laying the text out again.

        `autospace` adds `autospace_width` after each of the characters it lists (by offset):
        the Han/Latin spaces of `autospace.py`, set on the glyphs' advances once Pango has
        laid the line out, since Pango itself can only space both sides of a character."""

        autospace: tuple[int, ...] = ()
        autospace_width = 0.0
        draws_autospace = True      # punctuation.py leaves out the room it reserves while lines break

        def __init__(self, style, spacing: float):
            self.extra_spacing = spacing
            super().__init__(style)

        def set_text(self, text, justify=False):
            super().set_text(text, justify)
            end = len(self.text.encode())
            if end and self.extra_spacing:
                attrs = pango.pango_layout_get_attributes(self.layout)
                if attrs == ffi.NULL:
                    attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
                base = self.style["letter_spacing"]
                base = 0 if base == "normal" else base
                attr = pango.pango_attr_letter_spacing_new(int((base + self.extra_spacing) * 1024))
                attr.start_index, attr.end_index = 0, end
                pango.pango_attr_list_change(attrs, attr)
                pango.pango_layout_set_attributes(self.layout, attrs)
            if end and self.autospace:
                self._widen(set(self.autospace), int(self.autospace_width * 1024))

        def _widen(self, after: set[int], extra: int) -> None:
            """Add `extra` (Pango units) to the advance of the last glyph of each listed character."""
            char_at, offset = {}, 0          # UTF-8 offset → character offset
            for k, ch in enumerate(self.text):
                char_at[offset] = k
                offset += len(ch.encode())
            # WeasyPrint sets this when it draws, which would lay the text out again (and
            # lose the widths set here) if it were not set already.
            pango.pango_layout_set_single_paragraph_mode(self.layout, True)
            line = pango.pango_layout_get_line_readonly(self.layout, 0)
            run = line.runs
            while run != ffi.NULL:
                item, run = run.data, run.next
                glyphs = item.glyphs
                for i in range(glyphs.num_glyphs):
                    last_of_cluster = i == glyphs.num_glyphs - 1 or glyphs.log_clusters[i + 1] != glyphs.log_clusters[i]
                    k = char_at.get(item.item.offset + glyphs.log_clusters[i])
                    if last_of_cluster and k in after:
                        glyphs.glyphs[i].geometry.width += extra

    return SpacedLayout


def _deferred(layout_class, box, gap: float):
    """A spaced layout of the box's text, set up by Pango only when WeasyPrint draws it
    (`reactivate`), so justifying costs no Pango work during layout."""
    old = box.pango_layout
    layout = layout_class.__new__(layout_class)
    layout.extra_spacing, layout.justification_spacing, layout.max_width = gap, 0, None
    layout.text, layout.first_line_direction = box.text, 0
    layout.autospace = getattr(old, "autospace", ())
    layout.autospace_width = getattr(old, "autospace_width", 0.0)
    for name in ("ascent", "underline_position", "underline_thickness", "strikethrough_position",
                 "strikethrough_thickness"):
        setattr(layout, name, getattr(old, name, None))
    return layout


def justify_han(context, line, extra_width: float, original) -> None:
    """Spread `extra_width` over the gaps between the characters of `line`'s Han text."""
    texts = list(_text_boxes(line))
    joined = "".join(t.text for t in texts).rstrip(" ")
    if not texts or not _HAN.search(joined) or len(joined) < 2:
        return original(context, line, extra_width)
    gap = extra_width / (len(joined) - 1)
    em = texts[0].style["font_size"]
    if gap > MAX_GAP_EM * em:
        return original(context, line, extra_width)
    layout_class = _spaced_layout_class()
    last = texts[-1]
    grown: dict[int, float] = {}
    for box in texts:
        if not box.text.strip(" "):
            continue
        box.pango_layout = _deferred(layout_class, box, gap)
        # A box of k characters grows by k - 1 gaps; the gap after its last character,
        # before the next box, is the box's own.
        grown[id(box)] = gap * (len(box.text) - 1) + (gap if box is not last else 0.0)
    _move(line, grown, 0.0)


def _move(box, grown: dict[int, float], carried: float) -> float:
    """Move every box of the line right by what the text boxes before it grew, and widen
    each by what grew inside it; return the growth so far."""
    from weasyprint.formatting_structure import boxes
    if isinstance(box, boxes.TextBox):
        box.position_x += carried
        extra = grown.get(id(box), 0.0)
        box.width += extra
        return carried + extra
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += carried
        before = carried
        for child in box.children:
            if child.is_in_normal_flow():
                carried = _move(child, grown, carried)
        box.width += carried - before
        return carried
    box.translate(carried, 0)
    return carried


def _draw_with_actual_text(original):
    """WeasyPrint's draw_text, wrapping a spaced text box in an /ActualText span: text
    extractors (poppler, pdf.js, Acrobat) then read the line's characters as written, not
    as words cut apart by the added spacing."""
    import pydyf

    def draw_text(stream, textbox, *args, **kwargs):
        layout_class = _spaced_layout_class()
        if not isinstance(getattr(textbox, "pango_layout", None), layout_class):
            return original(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(textbox.text)}))
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()
    return draw_text


@contextlib.contextmanager
def inter_character_justification():
    """Make WeasyPrint justify lines with Han text between characters (layout), and mark
    such lines' text for extraction (drawing), for this block."""
    import weasyprint.draw as draw
    import weasyprint.layout.inline as inline
    original_justify, original_draw = inline.justify_line, draw.draw_text
    inline.justify_line = lambda context, line, extra: justify_han(context, line, extra, original_justify)
    draw.draw_text = _draw_with_actual_text(original_draw)
    try:
        yield
    finally:
        inline.justify_line, draw.draw_text = original_justify, original_draw
