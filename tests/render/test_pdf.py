"""The PDF renderer with WeasyPrint, checked with qpdf and poppler as a printer would."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition import read_issue, structure_text
from edition.render.pdf import PdfOptions, render_pdf
from edition.structure import model_cjk
from tests.render.pdf_helpers import cjk, fonts, info, link_count, outline_titles, run, text


@pytest.fixture(scope="module")
def seed_pdfs(tmp_path_factory, seed_paths) -> dict[str, tuple[Path, object]]:
    out = tmp_path_factory.mktemp("pdf")
    result = {}
    for seed in seed_paths:
        issue = read_issue([seed], title="青浦报", date="2025-03-13")
        result[seed.stem] = (render_pdf(issue, PdfOptions(), out / f"{seed.stem}.pdf"), issue)
    return result


def test_seed_pdfs_pass_qpdf_and_are_a3(seed_pdfs):
    for pdf, _ in seed_pdfs.values():
        check = run("qpdf", "--check", pdf)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "A3" in info(pdf)["Page size"]


def test_every_font_is_embedded_and_subset(seed_pdfs):
    for pdf, _ in seed_pdfs.values():
        rows = fonts(pdf)
        assert rows and all(r["emb"] == "yes" and r["sub"] == "yes" for r in rows), rows
        names = " ".join(r["name"] for r in rows)
        assert "Sans-CJK-SC-Bold" in names and "Serif-CJK-SC" in names and "WenKai" in names


def test_pdftotext_contains_every_cjk_character_of_the_model(seed_pdfs):
    for pdf, issue in seed_pdfs.values():
        missing = set(model_cjk(issue)) - cjk(text(pdf))
        assert not missing, (pdf.name, missing)


def test_spacing_and_compression_add_no_characters(seed_pdfs):
    """The quarter em between Han text and numbers, and compressed punctuation, move glyphs
    only: every paragraph comes back from `pdftotext -raw` with no space the paper did not
    print (a paragraph's lines joined, ignoring line ends)."""
    from edition.render.autospace import boundaries
    for pdf, issue in seed_pdfs.values():
        paragraphs = [p for a in issue.articles() for p in a.paragraphs if " " not in p]
        body = "\n".join(paragraphs)
        lines = [ln for ln in run("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-").stdout.splitlines()
                 if len(ln.replace(" ", "")) >= 6 and ln.replace(" ", "") in body]
        spaced = [ln for ln in lines if boundaries(ln.replace(" ", ""))]
        assert len(spaced) >= 10
        assert [ln for ln in lines if " " in ln] == []


def test_outline_and_metadata(seed_pdfs):
    for pdf, issue in seed_pdfs.values():
        titles = outline_titles(pdf)
        assert titles[0].startswith("第1版")
        assert any(a.headline.replace("\n", "") in t.replace(" ", "") for a in issue.articles() for t in titles)
        meta = info(pdf)
        assert meta["Title"].startswith("青浦报") and meta["CreationDate"].startswith("Thu Mar 13")


def test_long_article_continues_on_a_second_sheet_with_linked_jumps(tmp_path):
    body = "\n\n".join(f"第{i}段，区里举行春季植树活动，志愿者种下银杏树苗三百棵，大家干劲十足，现场气氛热烈。" * 6
                       for i in range(1, 120))
    issue = structure_text(f"春季植树活动举行\n\n记者 张三\n\n{body}", title="测试报", date="2025-03-13")
    pdf = render_pdf(issue, PdfOptions(), tmp_path / "long.pdf")
    assert int(info(pdf)["Pages"]) >= 2
    extracted = text(pdf)
    assert "下转►第1版（续）" in extracted and "上接►第1版" in extracted
    assert link_count(pdf) >= 2
    assert not set(model_cjk(issue)) - cjk(extracted)
    assert extracted.replace("\n", "").count("段，区里举行") >= 119 * 6 - 6   # split paragraphs may break a phrase


def test_guide_and_jump_links_are_clickable(tmp_path):
    page1 = ("导读\n\n社区图书馆开放\n\n刊2版►\n\n植树活动举行\n\n记者 张三\n\n"
             "3月1日，区里举行春季植树活动，志愿者种下银杏树苗三百棵，大家 下转►2版")
    page2 = "上接►1版\n\n纷纷表示明年还要再来参加。\n\n社区图书馆开放\n\n记者 李四\n\n3月2日，新建的社区图书馆开放，居民可以免费借阅。"
    issue = structure_text(page1 + "\f" + page2, title="测试报", date="2025-03-13")
    pdf = render_pdf(issue, PdfOptions(), tmp_path / "links.pdf")
    assert link_count(pdf) >= 3    # guide entry, 下转, 上接
    assert info(pdf)["Pages"] == "2"


def test_print_variant_declares_pdfx4_with_bleed_and_trim(tmp_path, seed_pdfs):
    issue = next(iter(seed_pdfs.values()))[1]
    pdf = render_pdf(issue, PdfOptions(print_ready=True), tmp_path / "print.pdf")
    meta = info(pdf)
    assert "TrimBox" in meta and meta["TrimBox"] != meta["MediaBox"]
    assert b"PDF/X-4" in pdf.read_bytes()
    assert run("qpdf", "--check", pdf).returncode == 0
    # a CMYK printing condition as output intent, and no RGB anywhere (crop marks included)
    plain = tmp_path / "print.qdf.pdf"
    run("qpdf", "--qdf", "--object-streams=disable", pdf, plain)
    raw = plain.read_bytes()
    assert b"/S /GTS_PDFX" in raw and b"/DestOutputProfile" in raw and b"/OutputConditionIdentifier (FOGRA39)" in raw
    operators = re.findall(rb"^[^\n]* (rg|RG|k|K|scn|SCN)$", raw, re.M)
    assert b"scn" in operators and b"SCN" in operators          # colours set, in DeviceCMYK
    assert b"rg" not in operators and b"RG" not in operators


def test_tagged_variant(tmp_path, seed_pdfs):
    issue = next(iter(seed_pdfs.values()))[1]
    pdf = render_pdf(issue, PdfOptions(tagged=True), tmp_path / "tagged.pdf")
    assert info(pdf)["Tagged"] == "yes"


def test_same_input_gives_byte_identical_pdf(tmp_path, seed_pdfs):
    issue = next(iter(seed_pdfs.values()))[1]
    a = render_pdf(issue, PdfOptions(print_ready=True), tmp_path / "a.pdf").read_bytes()
    b = render_pdf(issue, PdfOptions(print_ready=True), tmp_path / "b.pdf").read_bytes()
    assert a == b


def test_several_full_pages_in_one_issue(tmp_path, seed_paths):
    """Full pages after the first (running heads, continuation sheets) keep every character."""
    issue = read_issue(list(seed_paths), title="青浦报", date="2025-03-13")
    pdf = render_pdf(issue, PdfOptions(), tmp_path / "two.pdf")
    assert run("qpdf", "--check", pdf).returncode == 0
    assert int(info(pdf)["Pages"]) >= 2
    assert not set(model_cjk(issue)) - cjk(text(pdf))
    assert any(t.startswith("第2版") for t in outline_titles(pdf))
    # each 版 takes its own body size: a page that overflows anyway is set larger and fills its sheets
    run("pdftoppm", "-r", "20", "-png", pdf, tmp_path / "two")
    for png in sorted(tmp_path.glob("two*.png")):
        assert ink_fill(png) > 0.5, png.name


def ink_fill(png: Path, columns: int = 6) -> float:
    """How much of a sheet's content area is used, 0 to 1: for each grid column, how far down
    its lowest ink sits (from under the running head, 26 mm, to above the folio, 402 mm;
    the masthead reaches lower and counts as ink), averaged over the columns."""
    from PIL import Image
    page = Image.open(png).convert("L")
    w, h = page.size
    top, bottom = int(h * 26 / 420), int(h * 402 / 420)
    left, right = int(w * 10 / 297), int(w * 287 / 297)
    feet = []
    for c in range(columns):
        x0 = left + (right - left) * c // columns
        x1 = left + (right - left) * (c + 1) // columns
        strip = page.crop((x0, top, x1, bottom)).point(lambda v: 255 if v < 200 else 0)   # small text is grey
        box = strip.getbbox()
        feet.append(box[3] / (bottom - top) if box else 0.0)
    return sum(feet) / columns


def test_no_sheet_is_left_half_empty(seed_pdfs, tmp_path):
    for pdf, _ in seed_pdfs.values():
        run("pdftoppm", "-r", "20", "-png", pdf, tmp_path / pdf.stem)
        pngs = sorted(tmp_path.glob(f"{pdf.stem}*.png"))
        assert pngs
        for png in pngs:
            assert ink_fill(png) > 0.5, png.name


def test_a_short_line_count_is_caught_and_given_room(tmp_path, monkeypatch, seed_paths):
    """The render is checked: if Pango's count fell short, the story gets more room, no text is lost."""
    import edition.render.pdf as pdf_module
    real = pdf_module.LineBreaker

    class ShortCounts:
        def __init__(self, breaker):
            self.breaker = breaker

        def line_starts(self, text, width_px, indent_px=0.0):
            starts = self.breaker.line_starts(text, width_px, indent_px)
            return starts[:-1] if len(starts) > 3 else starts    # one line too few

    monkeypatch.setattr(pdf_module, "LineBreaker", lambda family, pt: ShortCounts(real(family, pt)))
    issue = read_issue([seed_paths[0]], title="青浦报", date="2025-03-13")
    pdf = render_pdf(issue, PdfOptions(), tmp_path / "short.pdf")
    assert run("qpdf", "--check", pdf).returncode == 0
    assert not set(model_cjk(issue)) - cjk(text(pdf))


def test_a_page_that_fits_gets_the_preferred_setting_and_a_short_one_a_looser_one():
    from edition.render.context import issue_context
    from edition.render.fonts import load_roles, resolve
    from edition.render.linebreak import LineBreaker
    from edition.render.pdf import (Stylesheet, choose_typesets, frames_to_measure, geometry, measure_frames,
                                    stylesheet)
    from edition.render.sheets import Frames
    from edition.render.templates import environment, layout_settings
    geo = geometry(layout_settings(None)["pdf"], None)
    story = "\n\n区里举行第{k}次植树活动\n\n记者 张三\n\n" + "3月12日，区里举行春季植树活动，志愿者种下银杏树苗三百棵。\n\n" * 12
    full = "".join(story.replace("{k}", str(k)) for k in range(6))        # about two thirds of a sheet
    issue = structure_text(full + "\f" + story.replace("{k}", "99"), title="测试报")
    ctx = issue_context(issue, href=lambda a: f"#{a}")
    env = environment(None, "pdf")
    css = Stylesheet(stylesheet(env, geo, {role: resolve(r).family for role, r in load_roles().items()}))
    frames = Frames(measure_frames(env, ctx, css, frames_to_measure(ctx["pages"], geo), geo, "2025-03-13T00:00:00Z"))
    chosen = choose_typesets(ctx["pages"], frames, geo, geo.grid(False).column_width,
                             lambda pt: LineBreaker("Noto Serif CJK SC,serif", pt))
    assert (chosen[0].pt, chosen[0].lh) == geo.typesetting[0]
    preferred = geo.typesetting[0][0] * geo.typesetting[0][1]
    assert chosen[1].pt >= 10 and chosen[1].pt * chosen[1].lh > preferred     # one short story: set looser


def test_white_space_inside_paragraphs_is_laid_out_as_counted(tmp_path):
    """An edited model may carry newlines and runs of spaces in a paragraph; HTML collapses
    them, and the line counts and cuts must follow, or the layout check would fail."""
    import dataclasses
    base = structure_text("植树活动举行\n\n记者 张三\n\n3月1日，区里举行春季植树活动。", title="测试报")
    story = base.articles()[0]
    messy = ["第一段\n换行  两个空格\t制表符，" * 40, "　全角空格开头的段落，" * 30]
    page = dataclasses.replace(base.pages[0], items=tuple(
        dataclasses.replace(it, paragraphs=tuple(messy)) if it is story else it for it in base.pages[0].items))
    issue = dataclasses.replace(base, pages=(page,))
    pdf = render_pdf(issue, PdfOptions(), tmp_path / "spaces.pdf")
    assert not set(model_cjk(issue)) - cjk(text(pdf))


def test_words_wider_than_a_column_break_instead_of_overflowing(tmp_path):
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    issue = structure_text(f"{word}{word}新闻标题\n\n记者 张三\n\n" + f"区里举行活动，{word}{word}，居民参加。" * 20,
                           title="测试报", date="2025-03-13")
    pdf = render_pdf(issue, PdfOptions(), tmp_path / "words.pdf")   # the layout check would refuse an overflow
    extracted = text(pdf).replace("\n", "").replace("-", "")
    assert extracted.count("Pneumono") >= 40 and not set(model_cjk(issue)) - cjk(extracted)


def test_a_box_taller_than_a_sheet_is_a_clear_error_not_a_hang(tmp_path):
    from edition.errors import OutputError
    guide = "导读\n\n" + "\n\n".join(f"第{i}条导读标题很长很长\n\n刊{i % 3 + 2}版►" for i in range(150))
    issue = structure_text(guide + "\n\n植树活动举行\n\n记者 张三\n\n3月1日，区里举行春季植树活动。", title="测试报")
    with pytest.raises(OutputError, match="does not fit an empty sheet"):
        render_pdf(issue, PdfOptions(), tmp_path / "huge.pdf")
    assert not list(tmp_path.iterdir())     # nothing half-written


def test_a_layout_printing_condition_must_be_a_cmyk_profile(tmp_path, seed_pdfs):
    from edition.errors import LayoutError, OutputError
    issue = next(iter(seed_pdfs.values()))[1]
    layout = tmp_path / "layout"
    (layout / "pdf").mkdir(parents=True)
    (layout / "layout.toml").write_text('[pdf]\nprint_profile = "pdf/press.icc"\n', encoding="utf-8")
    with pytest.raises(LayoutError, match="no file"):
        render_pdf(issue, PdfOptions(print_ready=True, layout=layout), tmp_path / "a.pdf")
    (layout / "pdf" / "press.icc").write_bytes(b"not a profile")
    with pytest.raises(OutputError, match="not an ICC profile"):
        render_pdf(issue, PdfOptions(print_ready=True, layout=layout), tmp_path / "a.pdf")
    from PIL import ImageCms
    (layout / "pdf" / "press.icc").write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    with pytest.raises(OutputError, match="needs a CMYK one"):
        render_pdf(issue, PdfOptions(print_ready=True, layout=layout), tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()
