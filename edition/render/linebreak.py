"""Where the lines of a paragraph break in a column, asked of Pango, WeasyPrint's own engine.

The print layout needs every story's line count at several widths before anything is
rendered; rendering each story to find out was most of the PDF build time. Pango wraps a
paragraph greedily, line by line, as WeasyPrint does, so asking it directly gives the same
breaks at a fraction of the cost. Punctuation pairs are compressed here as in the render
(`punctuation.py`), so the widths counted are the widths printed. The final render is still
checked line by line, so a miss here costs a second render, never a wrong page.
"""
from __future__ import annotations

import functools

from . import punctuation

PX_PER_PT = 96 / 72
# Pango shapes at most a few dozen OpenType feature ranges in one run and drops the rest, so
# a paragraph with more compressed punctuation than this is counted line by line, over the
# same short stretch of text WeasyPrint lays out for each line (`split_first_line`).
MANY_FEATURES = 16


@functools.cache
def font_configuration():
    """One font map for every LineBreaker of the process, and every WeasyPrint document of
    a print build (`pdf._render`): making one loads fontconfig's configuration, which costs
    more than the line counts of a page."""
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


class LineBreaker:
    """Line starts of paragraphs set in one face and size (`family` may list fallbacks)."""

    def __init__(self, family: str, size_pt: float, language: str = "zh-cn", bold: bool = False):
        from weasyprint.text.ffi import ffi, gobject, pango
        self.size_px = size_pt * PX_PER_PT
        self._ffi, self._pango = ffi, pango
        self._font_config = font_configuration()     # kept alive: the context below uses its font map
        context = ffi.gc(pango.pango_font_map_create_context(self._font_config.font_map), gobject.g_object_unref)
        pango.pango_context_set_round_glyph_positions(context, False)
        self._language = ffi.new("char[]", language.encode())
        pango.pango_context_set_language(context, pango.pango_language_from_string(self._language))
        self._family = ffi.new("char[]", family.encode())
        description = ffi.gc(pango.pango_font_description_new(), pango.pango_font_description_free)
        pango.pango_font_description_set_family(description, self._family)
        pango.pango_font_description_set_absolute_size(description, int(self.size_px * 1024))
        if bold:
            pango.pango_font_description_set_weight(description, 700)
        self._context, self._description = context, description
        self._gobject = gobject
        self._known: dict[tuple[str, float, float], list[int]] = {}   # each size is tried on every page
        # Headlines and running titles are broken at every span a story may take, and each
        # breaking measures the same stretches of text again: one Pango layout per text.
        self._widths: dict[str, float] = {}

    def line_starts(self, text: str, width_px: float, indent_px: float = 0.0) -> list[int]:
        """Character offsets at which each line of `text` starts (the first is 0).

        The first line is `indent_px` narrower, like a CSS text-indent.
        """
        key = (text, width_px, indent_px)
        if key not in self._known:
            self._known[key] = self._line_starts(text, width_px, indent_px)
        return self._known[key]

    def _line_starts(self, text: str, width_px: float, indent_px: float) -> list[int]:
        if not text:
            return [0]
        if len(punctuation.halved(text)) > MANY_FEATURES:
            return self._starts_line_by_line(text, width_px, indent_px)
        first = self._starts(text, width_px - indent_px)
        if len(first) == 1:
            return [0]
        head = first[1]
        return [0] + [head + k for k in self._starts(text[head:], width_px)]

    def _starts_line_by_line(self, text: str, width_px: float, indent_px: float) -> list[int]:
        """Line starts found as WeasyPrint finds them: each line is the first line of a layout
        of the rest of the text cut to four times as many characters as fit (whole, when that
        cut fits on one line)."""
        starts = [0]
        line_width = width_px - indent_px
        while True:
            rest = text[starts[-1]:]
            short = rest[:int(line_width / self.size_px * 4)]
            lines = self._starts(short, line_width)
            if len(lines) == 1 and short != rest:
                lines = self._starts(rest, line_width)
            if len(lines) == 1:
                return starts
            starts.append(starts[-1] + lines[1])
            line_width = width_px

    def width(self, text: str) -> float:
        """The width of `text` set on one line, in CSS px."""
        known = self._widths.get(text)
        if known is None:
            known = self._widths[text] = self._width(text)
        return known

    def _width(self, text: str) -> float:
        pango, ffi = self._pango, self._ffi
        layout = ffi.gc(pango.pango_layout_new(self._context), self._gobject.g_object_unref)
        pango.pango_layout_set_font_description(layout, self._description)
        data = text.encode("utf-8")
        pango.pango_layout_set_text(layout, ffi.new("char[]", data), len(data))
        punctuation.apply(layout, text, None, punctuation.AUTOSPACE_EM * self.size_px)
        ink, logical = ffi.new("PangoRectangle *"), ffi.new("PangoRectangle *")
        pango.pango_layout_line_get_extents(pango.pango_layout_get_line_readonly(layout, 0), ink, logical)
        return logical.width / 1024

    def _starts(self, text: str, width_px: float) -> list[int]:
        pango, ffi = self._pango, self._ffi
        layout = ffi.gc(pango.pango_layout_new(self._context), self._gobject.g_object_unref)
        pango.pango_layout_set_auto_dir(layout, False)
        pango.pango_layout_set_font_description(layout, self._description)
        pango.pango_layout_set_width(layout, int(max(0.0, width_px) * 1024))
        # The stylesheet sets `overflow-wrap: anywhere`: a word too long for a line is broken
        # between characters, as WeasyPrint then does.
        pango.pango_layout_set_wrap(layout, pango.PANGO_WRAP_WORD_CHAR)
        data = text.encode("utf-8")
        pango.pango_layout_set_text(layout, ffi.new("char[]", data), len(data))
        punctuation.apply(layout, text, None, punctuation.AUTOSPACE_EM * self.size_px)
        starts = []
        k = 0
        while True:
            line = pango.pango_layout_get_line_readonly(layout, k)
            if line == ffi.NULL:
                break
            starts.append(len(data[:line.start_index].decode("utf-8")))
            k += 1
        return starts or [0]
