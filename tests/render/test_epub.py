"""The EPUB renderer with real fonts, ebooklib and EPUBCheck."""
from __future__ import annotations

from pathlib import Path

import pytest

from edition import read_issue, structure_text
from edition.render.context import item_anchors
from edition.render.epub import EpubOptions, render_epub
from edition.validate import run_epubcheck
from tests.cli_helpers import run_edition
from tests.render.epub_helpers import all_text, cjk, documents, ids_and_links, opf

MAX_SIZE = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_paths) -> dict[tuple[str, bool], Path]:
    out = tmp_path_factory.mktemp("epub")
    result = {}
    for seed in seed_paths:
        issue = read_issue([seed], title="青浦报", date="2025-03-13")
        for embed in (True, False):
            target = out / f"{seed.stem}-{'fonts' if embed else 'plain'}.epub"
            result[(seed.stem, embed)] = render_epub(issue, EpubOptions(embed_fonts=embed), target)
    return result


def test_epubcheck_reports_nothing_with_and_without_fonts(built):
    for key, path in built.items():
        report = run_epubcheck(path)
        assert report.clean, (key, [(f.severity, f.code, f.message) for f in report.findings])


def test_embedded_font_epub_is_small(built):
    for (stem, embed), path in built.items():
        assert path.stat().st_size <= MAX_SIZE, stem
    fonts = [n for n in documents_all(built[next(k for k in built if k[1])])]
    assert any(n.endswith((".otf", ".ttf")) for n in fonts)


def documents_all(path: Path) -> list[str]:
    import zipfile
    with zipfile.ZipFile(path) as z:
        return z.namelist()


def test_same_input_gives_byte_identical_epub(tmp_path, seed_paths):
    issue = read_issue([seed_paths[1]], title="青浦报", date="2025-08-28")
    a = render_epub(issue, EpubOptions(), tmp_path / "a.epub").read_bytes()
    b = render_epub(issue, EpubOptions(), tmp_path / "b.epub").read_bytes()
    assert a == b


def test_every_cjk_character_of_the_model_is_in_the_xhtml(built, seed_paths):
    from edition.structure import model_cjk
    for seed in seed_paths:
        issue = read_issue([seed], title="青浦报")
        missing = set(model_cjk(issue)) - cjk(all_text(built[(seed.stem, True)]))
        assert not missing, (seed.name, missing)


def test_text_that_looks_like_markup_stays_text(tmp_path):
    text = "记者 张三\n\n3月1日，网页里写着<script>alert(1)</script>和&amp;以及]]>这些字符。"
    path = render_epub(structure_text(text, title="测试报"), EpubOptions(embed_fonts=False), tmp_path / "m.epub")
    body = all_text(path)
    assert "<script>alert(1)</script>" in body and "&amp;" in body and "]]>" in body
    assert run_epubcheck(path).clean


def two_page_issue():
    page1 = ("导读\n\n社区图书馆开放\n\n刊2版►\n\n植树活动举行\n\n记者 张三\n\n"
             "3月1日，区里举行春季植树活动，志愿者种下银杏树苗三百棵，大家 下转►2版")
    page2 = "上接►1版\n\n纷纷表示明年还要再来参加。\n\n社区图书馆开放\n\n记者 李四\n\n3月2日，新建的社区图书馆开放，居民可以免费借阅。"
    return structure_text(page1 + "\f" + page2, title="测试报", date="2025-03-13")


def test_jump_and_guide_links_lead_to_their_stories(tmp_path):
    issue = two_page_issue()
    path = render_epub(issue, EpubOptions(embed_fonts=False), tmp_path / "links.epub")
    ids, links = ids_and_links(path)
    internal = [(src, href) for src, href in links if not href.startswith("http")]
    for src, href in internal:
        assert href in ids or href.split("#")[0] in ids, (src, href)
    hrefs = dict(((src, h) for src, h in internal))
    # Story documents are named by position, not by model id.
    doc = {ident: f"{anchor}.xhtml" for ident, anchor in item_anchors(issue).items()}
    page2 = {doc[it.id] for it in issue.pages[1].items}
    jumps = [h for s, h in internal if s == doc["p1-1"] and h in page2]
    back = [h for s, h in internal if s in page2 and h == doc["p1-1"]]
    guide = [h for s, h in internal if s == "page-1.xhtml" and h == doc["p2-2"]]
    assert jumps and back and guide, hrefs
    texts = all_text(path)
    assert "下转▶2版" in texts and "上接▶1版" in texts and "刊2版▶" in texts   # ► is drawn as ▶, which the faces have
    assert run_epubcheck(path).clean


def test_navigation_and_metadata(built, seed_paths):
    path = built[(seed_paths[0].stem, True)]
    nav = documents(path)["EPUB/nav.xhtml"].decode()
    assert 'epub:type="toc"' in nav and 'epub:type="page-list"' in nav and 'epub:type="landmarks"' in nav
    meta = opf(path)
    for needle in ("<dc:language>zh-CN</dc:language>", "urn:uuid:", "rendition:layout", "schema:accessMode",
                   "printPageNumbers", "belongs-to-collection", "dcterms:modified\">2025-03-13T00:00:00Z",
                   "<dc:date>2025-03-13</dc:date>", "cover-image"):
        assert needle in meta, needle
    for name, data in documents(path).items():
        assert b'lang="zh-CN"' in data and b'xml:lang="zh-CN"' in data, name


def test_build_and_validate_commands(tmp_path, seed_paths):
    p = run_edition("build", seed_paths[0], "-o", tmp_path, "--date", "2025-03-13")
    assert p.returncode == 0, p.stderr
    epub = tmp_path / f"{seed_paths[0].stem}.epub"
    assert epub.is_file() and "wrote" in p.stdout and "warnings" in p.stdout
    v = run_edition("validate", epub)
    assert v.returncode == 0 and "0 fatals, 0 errors, 0 warnings" in v.stdout
    broken = tmp_path / "broken.epub"
    broken.write_bytes(epub.read_bytes()[:5000])
    v = run_edition("validate", broken)
    assert v.returncode != 0 and "Traceback" not in v.stderr
    assert not list(tmp_path.glob(".*.part")), "no temporary files are left behind"


def test_build_from_an_edited_model_json(tmp_path, seed_paths):
    model = tmp_path / "issue.json"
    model.write_text(run_edition("inspect", seed_paths[1], "--json").stdout, encoding="utf-8")
    p = run_edition("build", model, "-o", tmp_path)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "issue.epub").is_file()


def test_a_layout_folder_overrides_only_what_it_contains(tmp_path):
    custom = tmp_path / "mylayout" / "epub"
    custom.mkdir(parents=True)
    (custom / "epub.css.j2").write_text("/* custom house style */ p { text-indent: 2em; }\n", encoding="utf-8")
    issue = structure_text("记者 张三\n\n3月1日，区里举行春季植树活动。", title="测试报")
    path = render_epub(issue, EpubOptions(layout=tmp_path / "mylayout", embed_fonts=False), tmp_path / "l.epub")
    import zipfile
    with zipfile.ZipFile(path) as z:
        assert b"custom house style" in z.read("EPUB/style/edition.css")
        assert b"<article" in z.read("EPUB/s001.xhtml")     # the built-in templates still serve the rest


def test_unknown_layout_name_is_an_error(tmp_path):
    p = run_edition("build", "seeds/000_515307324d6a1a31.txt", "-o", tmp_path, "--layout", "nosuch")
    assert p.returncode == 11 and "layout 'nosuch' not found" in p.stderr


def test_untitled_issue_with_only_titles_or_no_body_is_still_valid(tmp_path):
    for k, text in enumerate(("标题一行\n\n另一个标题\n", "记者 张三\n\n下转►5版\n")):
        path = render_epub(structure_text(text), EpubOptions(embed_fonts=False), tmp_path / f"odd{k}.epub")
        report = run_epubcheck(path)
        assert report.clean, [(f.code, f.message) for f in report.findings]
