"""The web edition: every internal link resolves, and every story's clickable area covers
its module on the sheet image (the PDF plan's rectangle, and the text the PDF prints there)."""
from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from edition import read_issue
from edition.model import Article
from edition.render import epub as epub_renderer
from edition.render import pdf as pdf_renderer
from edition.render import web
from edition.render.templates import layout_settings

PX_TOLERANCE = 2.0


@pytest.fixture(scope="module")
def sites(tmp_path_factory, seed_paths):
    """name → (site folder, the PDF's RenderResult) for each seed and a two-page issue."""
    out = tmp_path_factory.mktemp("web")
    issues = {seed.stem: read_issue([seed], title="青浦报", date="2025-03-13") for seed in seed_paths}
    issues["two-pages"] = read_issue(seed_paths, title="青浦报", date="2025-03-13")
    result = {}
    for name, issue in issues.items():
        pdf = pdf_renderer.render(issue, pdf_renderer.PdfOptions(), out / f"{name}.pdf")
        site = web.render(issue, web.WebOptions(), out / name, {"pdf": pdf}).files[0]
        result[name] = (site, pdf, issue)
    return result


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.areas: list[dict[str, str]] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])
        if "area" in (a.get("class") or "").split():
            self.areas.append(a)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def crawl(site: Path) -> tuple[set[Path], list[str]]:
    """Follow every link from index.html; return the pages reached and the broken links."""
    parsed: dict[Path, _Page] = {}
    todo, seen, broken = [site / "index.html"], set(), []
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        parsed[page] = _parse(page)
        for link in parsed[page].links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{page.name}: a link leaves the site: {link}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{page.name} → {link}")
                continue
            if target.suffix == ".html":
                todo.append(target)
                if parts.fragment:
                    ids = parsed[target].ids if target in parsed else _parse(target).ids
                    if parts.fragment not in ids:
                        broken.append(f"{page.name} → {link} (no such id)")
    return seen, broken


def test_every_internal_link_resolves_and_every_page_is_reached(sites):
    for name, (site, _, issue) in sites.items():
        reached, broken = crawl(site)
        assert not broken, (name, broken)
        html = {p.resolve() for p in site.glob("*.html")}
        assert html <= reached, (name, sorted(p.name for p in html - reached))
        assert len([p for p in html if re.fullmatch(r"s\d{3}\.html", p.name)]) == len(issue.articles())
        assert all(_parse(p).lang == "zh-CN" for p in html)


def _area_px(style: str, size: tuple[int, int]) -> tuple[float, ...]:
    v = {k: float(x) for k, x in re.findall(r"(left|top|width|height):\s*([\d.]+)%", style)}
    w, h = size
    return v["left"] * w / 100, v["top"] * h / 100, v["width"] * w / 100, v["height"] * h / 100


def test_each_story_area_covers_its_planned_module_within_2px(sites):
    for name, (site, pdf, issue) in sites.items():
        plan = pdf.data
        assert len(plan) == len(list((site / "images").glob("sheet-*.png")))
        stories = 0
        for k, sheet in enumerate(plan, 1):
            size = Image.open(site / "images" / f"sheet-{k}.png").size
            scale = size[0] / (sheet.width + 2 * sheet.bleed)        # px a mm at the image's scale
            areas = {a["id"]: a for a in _parse(site / f"{sheet.anchor}.html").areas}
            for m in sheet.modules:
                x, y, w, h = _area_px(areas[m.anchor]["style"], size)
                want = ((m.x + sheet.bleed) * scale, (m.y + sheet.bleed) * scale, m.width * scale, m.height * scale)
                assert all(abs(a - b) <= PX_TOLERANCE for a, b in zip((x, y, w, h), want)), (name, m, (x, y, w, h), want)
                if m.type == "article":
                    stories += 1
                    assert areas[m.anchor]["href"] == f"{m.item}.html"
        assert stories >= len(issue.articles())


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xmin, ymin, xmax, ymax) in pt and the text of each word poppler finds on a page."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)]


def test_every_word_printed_in_the_content_area_lies_in_an_area(sites):
    """The areas are where the PDF prints the stories: every word poppler reads between the
    running head and the foot margin lies inside some module's area (at the image's scale,
    within 2 px)."""
    geo = pdf_renderer.geometry(layout_settings(None).get("pdf", {}), None)
    mm_pt = 72 / 25.4
    for name, (site, pdf, _) in sites.items():
        for k, sheet in enumerate(pdf.data, 1):
            size = Image.open(site / "images" / f"sheet-{k}.png").size
            px_pt = size[0] / ((sheet.width + 2 * sheet.bleed) * mm_pt)
            rects = [_area_px(a["style"], size) for a in _parse(site / f"{sheet.anchor}.html").areas]
            top = min(m.y for m in sheet.modules) * mm_pt
            bottom = (sheet.height - geo.margins[2]) * mm_pt
            words = [w for w in _words(pdf.files[0], k) if top <= (w[1] + w[3]) / 2 <= bottom]
            assert words
            for x0, y0, x1, y1, text in words:
                cx, cy = (x0 + x1) / 2 * px_pt, (y0 + y1) / 2 * px_pt
                assert any(x - PX_TOLERANCE <= cx <= x + w + PX_TOLERANCE and y - PX_TOLERANCE <= cy <= y + h + PX_TOLERANCE
                           for x, y, w, h in rects), (name, k, text)


def test_a_kicker_is_printed_above_the_headline_and_a_subtitle_below(tmp_path, seed_paths):
    """An article whose model names a 引题 (`kickers`): the story page, the EPUB and the PDF
    set it before the headline, the 副题 after it."""
    issue = read_issue(seed_paths[:1], title="青浦报", date="2025-03-13")
    first = next(it for it in issue.pages[0].items if isinstance(it, Article) and it.subheadlines)
    kicker, subtitle = "引题置于主题之上", first.subheadlines[0]
    edited = replace(first, subheadlines=(kicker, subtitle), kickers=1)
    page = replace(issue.pages[0], items=tuple(edited if it is first else it for it in issue.pages[0].items))
    issue = replace(issue, pages=(page, *issue.pages[1:]))
    pdf = pdf_renderer.render(issue, pdf_renderer.PdfOptions(), tmp_path / "issue.pdf")
    site = web.render(issue, web.WebOptions(), tmp_path / "site", {"pdf": pdf}).files[0]
    epub = epub_renderer.render(issue, epub_renderer.EpubOptions(embed_fonts=False), tmp_path / "issue.epub")
    story = next(p for p in site.glob("s*.html") if kicker in p.read_text(encoding="utf-8")).read_text(encoding="utf-8")
    story = story[story.index("<article"):]
    head = first.headline.split("\n")[0]
    assert story.index(kicker) < story.index("<h1") < story.index(head) < story.index(subtitle)
    with zipfile.ZipFile(epub.files[0]) as z:
        xhtml = next(x for x in (z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
                     if kicker in x and "<h1" in x)
    xhtml = xhtml[xhtml.index("<article"):]
    assert xhtml.index(kicker) < xhtml.index("<h1") < xhtml.index(subtitle)
    text = "".join(subprocess.run(["pdftotext", "-raw", str(pdf.files[0]), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    after = text[text.index(kicker) + len(kicker):]                 # the headline, then the subtitle
    assert after.startswith("".join(first.headline.split()))
    assert after.index("".join(subtitle.split())) < 2 * len(first.headline)


def test_sheet_images_are_the_pdf_pages(sites):
    """Each sheet image is its PDF page as poppler draws it: against pdftoppm's own PNG at the
    same size, no channel of any pixel is off by more than 16 of 255 levels (the palette);
    the thumbnail has the sheet's proportions."""
    from PIL import ImageChops
    site, pdf, _ = sites["two-pages"]
    for k, sheet in enumerate(pdf.data, 1):
        ours = Image.open(site / "images" / f"sheet-{k}.png").convert("RGB")
        ref = site.parent / f"reference-{k}"
        subprocess.run(["pdftoppm", "-png", "-singlefile", "-f", str(k), "-l", str(k), "-scale-to-x",
                        str(ours.width), "-scale-to-y", "-1", str(pdf.files[0]), str(ref)], check=True)
        drawn = Image.open(ref.with_suffix(".png")).convert("RGB")
        assert drawn.size == ours.size
        assert max(hi for _, hi in ImageChops.difference(drawn, ours).getextrema()) <= 16, sheet.anchor
        thumb = Image.open(site / "images" / f"thumb-{k}.png")
        assert abs(thumb.height / thumb.width - ours.height / ours.width) < 0.01
