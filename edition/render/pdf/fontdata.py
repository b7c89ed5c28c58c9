"""WeasyPrint's font embedding without the copying it does not need: the same bytes, sooner.

When WeasyPrint writes a PDF, each face used gets a `Font` (weasyprint/pdf/fonts.py), and
its constructor at once copies the whole font file out of HarfBuzz into Python bytes
(`file_content`): 15-27 MB for each CJK face here, about 80 MB for the five faces an issue
uses, copied again for every document written (each group of sheets is one). Yet when a
face is subset, as every face of a newspaper's text is, nothing reads those bytes but the
first four (is it CFF?), and those only after the subset has replaced them. Then the
subset's second pass, which keeps every glyph id up to the last one used so that ids stay
put, builds that glyph set from a Python tuple of up to 65,536 ints, converted to a C array
each time.

`lean_font_embedding()`, around a write: a face's file is copied out only if something
reads `file_content` before the subset replaces it (a variable or colour font, a face
used in a form, a face that is not subset), and the second pass's glyph ids come from one
C array of 0…65535 made once. The HarfBuzz calls, their glyph sets and flags are the ones
WeasyPrint 70 makes (`_harfbuzz_subset` below is its `Font._harfbuzz_subset` with that one
change), so the PDF is the same bytes. `file_ends` gives what `assemble.font_record`
fingerprints a face by (its file's first and last bytes and its size) without the copy.
"""
from __future__ import annotations

import array
import contextlib
from typing import Any

_ALL_GIDS: list[Any] = []     # [the array of 0…65535, its C view], made on first use


class FaceFile:
    """A HarfBuzz face's file, in place of its bytes until they are read (`read`)."""

    __slots__ = ("face",)

    def __init__(self, face):
        self.face = face            # the Font's own reference: keeps the face, and its blob, alive

    def read(self) -> bytes | None:
        from weasyprint.text.fonts import get_hb_object_data
        return get_hb_object_data(self.face)

    def ends(self, size: int) -> tuple[bytes, bytes, int]:
        """The file's first and last `size` bytes, and its length, copying only those."""
        from weasyprint.text.ffi import ffi, harfbuzz
        blob = harfbuzz.hb_face_reference_blob(self.face)
        try:
            with ffi.new("unsigned int *") as length:
                data = harfbuzz.hb_blob_get_data(blob, length)
                total = int(length[0])
                if data == ffi.NULL:
                    return b"", b"", 0
                view = ffi.buffer(data, total)
                return view[:size], view[max(0, total - size):], total
        finally:
            harfbuzz.hb_blob_destroy(blob)


def file_ends(font, size: int) -> tuple[bytes, bytes, int]:
    """A WeasyPrint `Font`'s file before it is subset: its first and last `size` bytes and
    its length, without copying the whole file when it has not been copied yet."""
    data = vars(font).get("file_content")
    if isinstance(data, FaceFile):
        return data.ends(size)
    data = font.file_content
    return data[:size], data[-size:], len(data)


def _file_content(font):
    data = vars(font).get("file_content")
    if isinstance(data, FaceFile):
        data = vars(font)["file_content"] = data.read()
    return data


def _set_file_content(font, value) -> None:
    vars(font)["file_content"] = value


def _all_gids(count: int):
    """A C array whose first `count` items are 0…count - 1, or None where one cannot be shared."""
    from weasyprint.text.ffi import ffi
    if not _ALL_GIDS:
        gids = array.array("I", range(1 << 16))
        if gids.itemsize != ffi.sizeof("hb_codepoint_t"):
            return None
        _ALL_GIDS.extend((gids, ffi.from_buffer("hb_codepoint_t[]", gids)))
    return _ALL_GIDS[1] if count <= len(_ALL_GIDS[0]) else None


def _harfbuzz_subset(self, to_unicode, hinting):
    """WeasyPrint 70's `Font._harfbuzz_subset` (weasyprint/pdf/fonts.py), the same calls in
    the same order, but for the second pass's glyph set: every id up to the last one used,
    taken from a shared array (`_all_gids`) instead of a new tuple and C array each time."""
    from weasyprint.logger import LOGGER
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset
    from weasyprint.text.fonts import get_hb_object_data

    hb_subset = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy)

    # Only keep used glyphs.
    gid_set = harfbuzz_subset.hb_subset_input_glyph_set(hb_subset)
    gid_array = ffi.new(f"hb_codepoint_t[{len(to_unicode)}]", sorted(to_unicode))
    harfbuzz.hb_set_add_sorted_array(gid_set, gid_array, len(to_unicode))

    flags = (harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS | harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
             | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE)
    if self.missing:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    harfbuzz_subset.hb_subset_input_set_flags(hb_subset, flags)

    # Drop useless tables.
    drop_set = harfbuzz_subset.hb_subset_input_set(hb_subset, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
    drop_tables = tuple(harfbuzz.hb_tag_from_string(name, -1) for name in (
        b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG "))
    drop_tables_array = ffi.new(f"hb_codepoint_t[{len(drop_tables)}]", drop_tables)
    harfbuzz.hb_set_add_sorted_array(drop_set, drop_tables_array, len(drop_tables))

    hb_face = ffi.gc(harfbuzz_subset.hb_subset_or_fail(self.hb_face, hb_subset), harfbuzz.hb_face_destroy)

    # Drop empty glyphs after last one used: the set becomes every id up to the last kept.
    gid_set = harfbuzz_subset.hb_subset_input_glyph_set(hb_subset)
    count = max(to_unicode) + 1
    keep = _all_gids(count)
    if keep is None:
        keep = ffi.new(f"hb_codepoint_t[{count}]", tuple(range(count)))
    harfbuzz.hb_set_add_sorted_array(gid_set, keep, count)

    flags = harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    if self.missing:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    harfbuzz_subset.hb_subset_input_set_flags(hb_subset, flags)

    hb_face = ffi.gc(harfbuzz_subset.hb_subset_or_fail(hb_face, hb_subset), harfbuzz.hb_face_destroy)

    if hb_face:
        file_content = get_hb_object_data(hb_face)
        if file_content:
            self.file_content = file_content
            return

    LOGGER.warning('Unable to subset "%s" with HarfBuzz', self.family)


@contextlib.contextmanager
def lean_font_embedding():
    """For the length of a write: faces' files copied out of HarfBuzz only when read, and the
    subset's second glyph set from a shared array (see above). `Font.file_content` stays a
    property afterwards, reading a face's file if it was not read: the same bytes either way,
    and a `Font` made in here may be read after it."""
    import weasyprint.pdf.fonts as fonts
    from weasyprint.text.fonts import get_hb_object_data
    if not isinstance(vars(fonts.Font).get("file_content"), property):
        fonts.Font.file_content = property(_file_content, _set_file_content)

    def deferred(hb_object, ot_color=None, glyph=None):
        # In this module WeasyPrint asks for a whole face's blob only in Font() (its file)
        # and in the subset, which `_harfbuzz_subset` reads eagerly itself.
        if ot_color is None and glyph is None:
            return FaceFile(hb_object)
        return get_hb_object_data(hb_object, ot_color, glyph)

    original_get, original_subset = fonts.get_hb_object_data, fonts.Font._harfbuzz_subset
    fonts.get_hb_object_data, fonts.Font._harfbuzz_subset = deferred, _harfbuzz_subset
    try:
        yield
    finally:
        fonts.get_hb_object_data, fonts.Font._harfbuzz_subset = original_get, original_subset
