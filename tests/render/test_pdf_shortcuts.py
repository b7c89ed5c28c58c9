"""The PDF renderer's shortcuts around WeasyPrint give what WeasyPrint's own way gives.

`pdf/columns.py` lays out fixed-height, filled-in-turn multicol boxes without WeasyPrint's
trial passes, `libraries.py` imports WeasyPrint with its library lookups answered from
the ldconfig cache, the PDF's streams are compressed once while it is written (pydyf
computes them again to hash the file identifier), and `pdf/fontdata.py` subsets faces
without copying their whole files; all must change nothing but time and memory.
"""
from __future__ import annotations

import contextlib
import ctypes.util
import sys

import pytest

TEXT = "中国新闻出版广电总局今天发布消息，" * 12

HTML = f"""<html lang="zh-CN"><style>
@page {{ size: A4; margin: 10mm }}
.m {{ position: absolute; width: 150mm; top: 10mm; left: 0 }}
.body {{ columns: 3; column-gap: 4mm; column-fill: auto; text-align: justify; font-size: 10pt; line-height: 1.5 }}
p {{ text-indent: 2em; margin: 0 }}
</style><body>
<div class="m"><div class="body" style="height: 30mm"><p>{TEXT}</p><p>{TEXT}</p></div></div>
<div class="m" style="top: 60mm"><div class="body" style="height: 80mm"><p>{TEXT}</p><p class="j">{TEXT}</p></div></div>
<div class="m" style="top: 150mm"><div class="body" style="columns: 1; height: 12mm"><p>{TEXT}</p></div></div>
<div class="m" style="top: 180mm"><div class="body"><p>{TEXT}</p></div></div>
</body></html>"""


def _lines(single_pass: bool) -> list[tuple]:
    """Every line box of HTML, laid out with or without the one-pass columns."""
    import contextlib

    from weasyprint import HTML as Html

    from edition.render.pdf import _walk
    from edition.render.pdf.columns import single_pass_columns
    with single_pass_columns() if single_pass else contextlib.nullcontext():
        document = Html(string=HTML).render()
    out = []
    for page in document.pages:
        for box in _walk(page._page_box):
            if type(box).__name__ == "LineBox":
                text = "".join(getattr(t, "text", "") for t in _walk(box))
                out.append((round(box.position_x, 6), round(box.position_y, 6), round(box.width, 6), text))
    return out


def test_single_pass_columns_lay_out_what_weasyprint_does():
    ours, theirs = _lines(True), _lines(False)
    assert len(ours) > 40          # the boxes overflow, fit, and run in one column and in three
    assert ours == theirs


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the ldconfig cache is Linux's")
def test_library_lookups_answer_as_find_library_does():
    from edition.render import libraries
    if libraries._ldconfig() is None:
        pytest.skip("no ldconfig cache here")
    # the names WeasyPrint 70 tries for its libraries, found and not found
    for name in ("libgobject-2.0-0", "gobject-2.0", "libpango-1.0-0", "pango-1.0", "harfbuzz",
                 "harfbuzz-subset", "libharfbuzz-vector-0", "fontconfig", "pangoft2-1.0"):
        assert libraries._find_in_cache(name) == ctypes.util.find_library(name), name


def test_streams_compressed_once_write_the_same_bytes():
    """With a file identifier pydyf builds every stream's bytes twice (to write it, then to
    hash the identifier); `_streams_compressed_once` builds them once, and the file is the same."""
    import io

    import pydyf

    from edition.render.pdf import _streams_compressed_once

    original = pydyf.Stream.data
    built: list[int] = []

    def counting(stream):
        built.append(id(stream))
        return original.fget(stream)

    def write(once: bool) -> bytes:
        pdf = pydyf.PDF()
        for k in range(3):
            pdf.add_object(pydyf.Stream([f"BT /F1 12 Tf ({k}) Tj ET".encode() * 50], compress=True))
        out = io.BytesIO()
        with _streams_compressed_once() if once else contextlib.nullcontext():
            pdf.write(out, version=b"1.7", identifier=b"0123456789abcdef", compress=True)
        return out.getvalue()

    pydyf.Stream.data = property(counting)
    try:
        twice = write(False)
        assert len(built) > len(set(built))           # the reason for the shortcut: built again to hash
        built.clear()
        once = write(True)
        assert len(built) == len(set(built))          # each stream built once
    finally:
        pydyf.Stream.data = original
    assert pydyf.Stream.data is original and once == twice


FONT_HTML = """<html lang="zh-CN"><style>
@page { size: A5; margin: 10mm }
body { font-family: 'Noto Serif CJK SC'; font-size: 10pt }
h1 { font-family: 'Noto Sans CJK SC'; font-size: 20pt }
.k { font-family: 'LXGW WenKai'; font-size: 9pt }
</style><body><h1>新闻出版广电总局</h1><p>中国新闻出版广电总局今天发布消息，Latin 123。</p>
<p class="k">本报记者　张三　李四</p><p style="font-size: 14pt">今天发布消息</p></body></html>"""


def _font_pdf(lean: bool) -> tuple[bytes, list, int]:
    """FONT_HTML as a PDF, written with or without `lean_font_embedding`; its `Font`s, and
    how many times a whole face's file (over 10 MB) was copied out of HarfBuzz."""
    import weasyprint.pdf as wpdf
    import weasyprint.pdf.fonts as wfonts
    import weasyprint.text.fonts as wtext
    from weasyprint import HTML as Html

    from edition.render.pdf.fontdata import lean_font_embedding
    fonts, copies = [], []
    saved = wpdf.build_fonts_dictionary, wfonts.get_hb_object_data, wtext.get_hb_object_data

    def keeping(pdf, found, *args, **kwargs):
        fonts.extend(found.values())
        return saved[0](pdf, found, *args, **kwargs)

    def counting(*args):
        data = saved[2](*args)
        if isinstance(data, bytes) and len(data) > 10_000_000:
            copies.append(len(data))
        return data

    wpdf.build_fonts_dictionary, wfonts.get_hb_object_data, wtext.get_hb_object_data = keeping, counting, counting
    try:
        with lean_font_embedding() if lean else contextlib.nullcontext():
            data = Html(string=FONT_HTML).write_pdf(pdf_identifier=b"0123456789abcdef")
    finally:
        wpdf.build_fonts_dictionary, wfonts.get_hb_object_data, wtext.get_hb_object_data = saved
    return data, fonts, len(copies)


def test_lean_font_embedding_writes_the_same_bytes_without_copying_whole_files():
    """Faces' files are not copied out of HarfBuzz to be subset, and the second subset pass
    takes its glyph ids from a shared array: the PDF is the same bytes."""
    from edition.render.pdf import fontdata
    lean, lean_fonts, lean_copies = _font_pdf(True)
    plain, plain_fonts, plain_copies = _font_pdf(False)
    assert lean == plain
    assert len(lean_fonts) == len(plain_fonts) == 3      # the three faces
    assert plain_copies >= 3 and lean_copies == 0        # WeasyPrint copies each CJK face's file; not here
    for font in lean_fonts:                              # each holds its subset, small
        assert len(vars(font)["file_content"]) < 1_000_000
    assert fontdata._ALL_GIDS                            # the shared glyph ids were used


def test_file_ends_are_those_of_the_file():
    from edition.render.pdf.fontdata import FaceFile, file_ends
    _, fonts, _ = _font_pdf(False)
    font = fonts[0]
    whole = FaceFile(font.hb_face).read()
    for size in (4, 1 << 16, len(whole) + 10):
        assert FaceFile(font.hb_face).ends(size) == (whole[:size], whole[-size:], len(whole))
    lazy = type("F", (), {})()
    vars(lazy)["file_content"] = FaceFile(font.hb_face)
    assert file_ends(lazy, 1 << 16) == (whole[:1 << 16], whole[-(1 << 16):], len(whole))


def test_modules_imported_later_are_the_real_ones_when_used():
    """The stand-ins WeasyPrint gets for fontTools' subsetter and instancer (`libraries.py`)
    import the real modules when used, and then any import gets the real ones."""
    import subprocess
    code = """
import sys
from edition.render.libraries import import_weasyprint
import_weasyprint()
import weasyprint.pdf.fonts as fonts
assert "fontTools.subset" not in sys.modules and "fontTools.varLib.instancer" not in sys.modules
options = fonts.subset.Options(retain_gids=True)          # the first use imports the module
import fontTools.subset, fontTools.varLib.instancer as instancer
assert type(options) is fontTools.subset.Options and fonts.subset.Subsetter is fontTools.subset.Subsetter
instancer.instantiateVariableFont = lambda *args, **kwargs: ("real", args, kwargs)
assert fonts.instantiateVariableFont(1, static=True) == ("real", (1,), {"static": True})
print("ok")
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr


def _walk_recursively(box):
    """`pdf._walk` as it was written first: nested generators."""
    yield box
    inner = getattr(box, "_box", None)
    if inner is not None:
        yield from _walk_recursively(inner)
    for child in getattr(box, "children", ()):
        yield from _walk_recursively(child)


def test_boxes_are_walked_and_modules_found_as_a_full_walk_finds_them():
    """`_walk` meets the boxes in the order nested generators did (placed boxes' contents
    twice, as WeasyPrint's placeholders lend their children), and `_module_boxes`, which
    looks under no module, finds each module's box a full walk finds first."""
    from weasyprint import HTML as Html

    from edition.render.pdf import _module_boxes, _walk
    modules = "".join(f'<div class="module span-2" id="s{k}" style="position: absolute; top: {40 * k}mm; '
                      f'left: {60 * (k % 2)}mm; width: 55mm"><h2>标题{k}</h2>'
                      f'<div class="body"><p>{TEXT[:60]}</p></div></div>' for k in range(6))
    document = Html(string=HTML.replace("</body>", f'<section class="c" style="position: absolute; top: 0">'
                                                   f'{modules}</section></body>')).render()
    walked = 0
    for page in document.pages:
        ours, theirs = list(_walk(page._page_box)), list(_walk_recursively(page._page_box))
        assert [id(b) for b in ours] == [id(b) for b in theirs]
        walked += len(ours)
    assert walked > 500
    first: dict = {}
    for page in document.pages:
        for box in _walk_recursively(page._page_box):
            element = getattr(box, "element", None)
            if (element is not None and "module" in (element.get("class") or "").split()
                    and getattr(box, "_box", None) is None):
                first.setdefault(element.get("id"), box)
    found = _module_boxes(document)
    assert list(found) == list(first) == [f"s{k}" for k in range(6)]
    assert all(found[k] is first[k] for k in first)
