"""The PDF renderer's shortcuts around WeasyPrint give what WeasyPrint's own way gives.

`pdf/columns.py` lays out fixed-height, filled-in-turn multicol boxes without WeasyPrint's
trial passes, `libraries.py` imports WeasyPrint with its library lookups answered from
the ldconfig cache, and the PDF's streams are compressed once while it is written (pydyf
computes them again to hash the file identifier); all must change nothing but time.
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
