"""The PDF rendered in groups of sheets (separate WeasyPrint documents, in worker processes)
and joined is the PDF of one document: same pages, text, links, outline and metadata.

Groups are forced down to one sheet each here, so every 下转/上接 jump and 导读 entry
leads from one group's file into another's before they are joined."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pikepdf
import pytest

from edition import read_issue
from edition.model import Article
from edition.render import pdf as pdf_renderer
from edition.render.pdf import PdfOptions, render_pdf
from edition.render.pdf import parts
from edition.render.pdf.assemble import join_parts
from tests.render.pdf_helpers import fonts, info, outline_titles, qpdf_json, run, text


def resolved_links(path: Path) -> list[tuple[int, list[float], str, int, list[float]]]:
    """Every link annotation: (page, its rectangle, the destination's name, the page and
    point it leads to), pages counted from 1."""
    with pikepdf.open(path) as pdf:
        names = pdf.Root.Names.Dests.Names
        page_of = {p.obj.objgen: k + 1 for k, p in enumerate(pdf.pages)}
        dests = {str(names[k]): (page_of[names[k + 1][0].objgen], [round(float(v), 2) for v in names[k + 1][2:4]])
                 for k in range(0, len(names), 2)}
        links = []
        for k, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == pikepdf.Name.Link:
                    name = str(annot.Dest)
                    links.append((k + 1, [round(float(v), 2) for v in annot.Rect], name, *dests[name]))
        return links


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page from 1) of every outline entry, in order."""
    out = []

    def walk(items, depth):
        for it in items:
            out.append((depth, it["title"], it["destpageposfrom1"]))
            walk(it["kids"], depth + 1)
    walk(qpdf_json(path, "outlines")["outlines"], 0)
    return out


@pytest.fixture(scope="module")
def issue(seed_paths):
    # 003 with its longest story run five times as long: the story no longer fits a sheet,
    # so it is cut, and its 下转/上接 jumps cross sheets.
    ordered = sorted(seed_paths, key=lambda p: not p.name.startswith("003"))
    issue = read_issue(ordered, title="青浦报", date="2025-03-13")
    first = issue.pages[0]
    longest = max((it for it in first.items if isinstance(it, Article)), key=lambda a: sum(map(len, a.paragraphs)))
    items = tuple(dataclasses.replace(it, paragraphs=it.paragraphs * 5) if it is longest else it for it in first.items)
    return dataclasses.replace(issue, pages=(dataclasses.replace(first, items=items), *issue.pages[1:]))


@pytest.fixture(scope="module")
def rendered(issue, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("parts")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf_renderer, "sheet_groups", lambda sheets: [sheets])
        single = render_pdf(issue, PdfOptions(workers=1), out / "single.pdf")
        tagged_single = render_pdf(issue, PdfOptions(workers=1, tagged=True), out / "tagged-single.pdf")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parts, "GROUP_SHEETS", 1)
        one = render_pdf(issue, PdfOptions(workers=1), out / "groups-1-worker.pdf")
        two = render_pdf(issue, PdfOptions(workers=2), out / "groups-2-workers.pdf")
        printed = render_pdf(issue, PdfOptions(workers=2, print_ready=True), out / "print.pdf")
        tagged = render_pdf(issue, PdfOptions(workers=2, tagged=True), out / "tagged.pdf")
    return {"single": single, "one": one, "two": two, "print": printed, "tagged-single": tagged_single,
            "tagged": tagged}


def test_groups_are_consecutive_whole_pages_within_the_bound():
    sheets = [{"n": n, "continued": c} for n, c in enumerate([False, True, True, False, False, True, True, True,
                                                               True, True, False])]
    groups = parts.sheet_groups(sheets, limit=4)
    assert [s["n"] for g in groups for s in g] == list(range(len(sheets)))
    assert all(1 <= len(g) <= 4 for g in groups)
    # 版 of 3, 1, 6 and 1 sheets: the first two share a group, the six-sheet one is cut after
    # four sheets, and the last 版 joins its rest
    assert [[s["n"] for s in g] for g in groups] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]
    assert [len(g) for g in parts.sheet_groups(sheets, limit=1)] == [1] * len(sheets)


def test_the_test_issue_is_cut_into_several_groups(rendered):
    assert int(info(rendered["single"])["Pages"]) >= 3


def test_joined_pdf_has_the_pages_and_text_of_one_document(rendered):
    single = info(rendered["single"])
    for key in ("one", "two"):
        joined = info(rendered[key])
        assert joined["Pages"] == single["Pages"] and joined["Page size"] == single["Page size"]
        assert text(rendered[key]) == text(rendered["single"])
        assert run("qpdf", "--check", rendered[key]).returncode == 0


def test_links_lead_to_the_same_places_across_groups(rendered):
    expected = resolved_links(rendered["single"])
    assert any(page != target for page, _, _, target, _ in expected)     # some jumps cross sheets
    assert resolved_links(rendered["one"]) == expected


def test_outline_and_metadata_are_those_of_one_document(rendered):
    assert outline(rendered["one"]) == outline(rendered["single"])
    assert outline_titles(rendered["one"])[0].startswith("第1版")
    for field in ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate"):
        assert info(rendered["one"]).get(field) == info(rendered["single"]).get(field), field


def font_programs(path: Path) -> dict[str, set]:
    """The embedded font programs (FontFile streams) of each font name."""
    programs: dict[str, set] = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                for key in ("/FontFile2", "/FontFile3"):
                    if key in descriptor:
                        programs.setdefault(str(font.BaseFont), set()).add(descriptor[key].objgen)
    return programs


def test_fonts_are_embedded_subsets_one_program_per_face(rendered):
    rows = fonts(rendered["one"])
    assert rows and all(r["emb"] == "yes" and r["sub"] == "yes" for r in rows)
    assert len(rows) > len(fonts(rendered["single"]))        # each group has its font dictionaries…
    programs = font_programs(rendered["one"])
    assert programs.keys() == font_programs(rendered["single"]).keys()
    assert all(len(p) == 1 for p in programs.values()), programs     # …and they share one program per face


def test_joined_pages_look_exactly_like_one_document(rendered, tmp_path):
    """Every glyph drawn from the shared font programs is the glyph of the single document."""
    for key in ("single", "one"):
        run("pdftoppm", "-r", "30", "-gray", rendered[key], tmp_path / key)
    single = sorted(tmp_path.glob("single-*.pgm"))
    assert single and [p.read_bytes() for p in single] == [p.read_bytes() for p in sorted(tmp_path.glob("one-*.pgm"))]


def test_workers_do_not_change_a_byte(rendered):
    assert rendered["one"].read_bytes() == rendered["two"].read_bytes()


def test_print_variant_joined_keeps_pdfx(rendered):
    path = rendered["print"]
    assert run("qpdf", "--check", path).returncode == 0
    assert text(path) == text(rendered["single"])
    with pikepdf.open(path) as pdf:
        assert "/OutputIntents" in pdf.Root and "/Metadata" in pdf.Root
        assert b"PDF/X-4" in pdf.Root.Metadata.read_bytes()
        assert all("/TrimBox" in p.obj and "/BleedBox" in p.obj for p in pdf.pages)


def structure(path: Path) -> tuple[list[tuple[int, str]], list[int], int]:
    """A tagged PDF's structure tree, checked for consistency on the way: its elements as
    (depth, type) in reading order, the number of marked-content entries of each page in
    the parent tree, and the number of link annotations tied to the tree."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root.StructTreeRoot
        pages = {p.obj.objgen for p in pdf.pages}
        elements: list[tuple[int, str]] = []

        def walk(element, parent, depth):
            if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
                return
            assert element.P.objgen == parent.objgen
            if "/Pg" in element:
                assert element.Pg.objgen in pages
            elements.append((depth, str(element.S)))
            kids = element.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                walk(kid, element, depth + 1)
        walk(root.K[0], root, 0)
        nums = root.ParentTree.Nums
        keys = [int(nums[k]) for k in range(0, len(nums), 2)]
        assert keys == sorted(set(keys))
        tree = dict(zip(keys, [nums[k + 1] for k in range(0, len(nums), 2)]))
        marked = [len(tree[int(p.obj.StructParents)]) for p in pdf.pages]
        links = [a for p in pdf.pages for a in p.obj.get("/Annots", [])]
        assert all(int(a.StructParent) in tree for a in links)
        return elements, marked, len(links)


def test_tagged_joined_pdf_has_the_structure_tree_of_one_document(rendered):
    path = rendered["tagged"]
    assert info(path)["Tagged"] == "yes" and run("qpdf", "--check", path).returncode == 0
    assert text(path) == text(rendered["tagged-single"])
    elements, marked, links = structure(path)
    assert (elements, marked, links) == structure(rendered["tagged-single"])
    assert len({depth for depth, _ in elements}) > 2 and links > 0
    assert resolved_links(path) == resolved_links(rendered["tagged-single"])


def _two_part_files(tmp_path: Path) -> list[Path]:
    """Two one-page documents whose links lead to each other and to nowhere."""
    from weasyprint import HTML
    pages = ['<p id="a">A</p><a href="#b">to B</a> <a href="#nowhere">lost</a>',
             '<p id="b">B</p><a href="#a">to A</a><h1>B head</h1>']
    paths = []
    for k, body in enumerate(pages):
        paths.append(tmp_path / f"part-{k}.pdf")
        with pdf_renderer._links_kept_for_joining():
            HTML(string=f"<html><body>{body}</body></html>").write_pdf(paths[-1])
    return paths


def test_join_resolves_links_between_parts_and_drops_dangling_ones(tmp_path):
    target = tmp_path / "joined.pdf"
    join_parts(_two_part_files(tmp_path), target)
    links = {(page, name, to) for page, _, name, to, _ in resolved_links(target)}
    assert links == {(1, "b", 2), (2, "a", 1)}
    assert outline(target) == [(0, "B head", 2)]
    assert run("qpdf", "--check", target).returncode == 0


def test_programs_left_to_the_join_are_the_bytes_of_groups_that_subset(issue, tmp_path):
    """Groups leave their face programs to the join (`assemble.defer_programs`), which makes
    them: the same file as when every group subsets its faces and the join replaces the
    shared ones, also for a face that only one group uses (an Extension B ideograph and a
    symbol, on the last page only)."""
    from edition.render.pdf import assemble
    last = issue.pages[-1]
    story = next(it for it in last.items if isinstance(it, Article))
    rare = dataclasses.replace(story, paragraphs=(story.paragraphs[0][:10] + "𠀀☃" + story.paragraphs[0][10:],
                                                  *story.paragraphs[1:]))
    issue = dataclasses.replace(issue, pages=(*issue.pages[:-1], dataclasses.replace(
        last, items=tuple(rare if it is story else it for it in last.items))))
    deferred: list[set[str]] = []

    def spying(*args):
        found = assemble.defer_programs(*args)
        deferred.append(set(found))
        return found

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parts, "GROUP_SHEETS", 1)
        mp.setattr(pdf_renderer, "defer_programs", spying)
        left = render_pdf(issue, PdfOptions(workers=1), tmp_path / "left-to-join.pdf").read_bytes()
        mp.setattr(pdf_renderer, "defer_programs", lambda *args: {})
        subset = render_pdf(issue, PdfOptions(workers=1), tmp_path / "each-group-subsets.pdf").read_bytes()
    assert left == subset
    assert len(deferred) > 2 and all(deferred)            # every group left its faces to the join
    alone = [name for name in set().union(*deferred) if sum(name in d for d in deferred) == 1]
    assert any("HanaMinB" in name for name in alone)      # a face in one group only: its own program


def test_a_face_program_is_made_only_from_the_file_its_group_was_set_with():
    """The join makes a group's deferred program from the installed file; a file that is not
    the one the group was set with (changed on disk meanwhile) is refused, not embedded."""
    from edition.errors import OutputError
    from edition.render.fonts import load_roles, resolve
    from edition.render.libraries import import_weasyprint
    from edition.render.pdf.assemble import _file_fingerprint, _group_program
    import_weasyprint()
    face = resolve(load_roles()["body"])
    deferred = {"path": str(face.path), "index": face.index, "gids": {1, 2, 3, 100}, "missing": False,
                "hinting": False, "family": face.family}
    program = _group_program(deferred, _file_fingerprint(face.path))
    assert 1000 < len(program) < face.path.stat().st_size // 10          # a subset of it
    with pytest.raises(OutputError, match="changed while the PDF was made"):
        _group_program(deferred, "0:not-this-file")
