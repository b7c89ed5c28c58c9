"""Issue → a static 数字报 site: the printed sheets as images with clickable stories.

`OUT/<name>/` holds `index.html` (版面导航: a thumbnail per sheet, the stories of each 版),
one page per printed sheet (`page-1.html`, `page-1-cont2.html`: the sheet as a PNG that
poppler's `pdftoppm` rasterises from our own PDF, every module a link placed over it, 上一版/
下一版, the 导读 entries, the sheet's PDF), one page per story (`s003.html`) and the issue's
record for an archive front (`archive-entry.json`, see `archive.py`). Nothing is
laid out again: the modules' rectangles are the PDF renderer's plan (`inputs["pdf"].data`,
`pdf.SheetPlan`), scaled to the image. Every link is relative, so the folder opens from
the file system and from any static host. Templates and CSS: `layouts/<layout>/web/`.
"""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import DependencyError, OutputError
from ...model import Issue
from ..context import issue_context, item_anchors, page_anchor
from ..registry import RenderResult
from ..templates import environment, layout_file

SHEET_PX = 1600          # sheet image width (A3: about 5.4 px a mm)
THUMB_PX = 240
ASSETS = ("web.css", "web.js")     # copied from the layout's web/ folder


@dataclass(frozen=True, kw_only=True, slots=True)
class WebOptions:
    layout: str | Path | None = None
    font_overrides: dict[str, str] = field(default_factory=dict)


def options_from(settings) -> WebOptions:
    """The site's options from a build's settings (`build.BuildSettings`)."""
    return WebOptions(layout=settings.layout, font_overrides=settings.font_overrides)


@dataclass(frozen=True, slots=True)
class Area:
    """A module's clickable area on a sheet image, in percent of the image's size."""

    anchor: str
    item: str
    left: float
    top: float
    width: float
    height: float


def areas(sheet, image_width: int, image_height: int) -> list[Area]:
    """The sheet's modules as areas of its image: each planned rectangle (mm on the trimmed
    sheet) moved by the bleed and scaled to the image, which shows the whole PDF page."""
    page_w, page_h = sheet.width + 2 * sheet.bleed, sheet.height + 2 * sheet.bleed
    out = []
    for m in sheet.modules:
        out.append(Area(m.anchor, m.item, round(100 * (m.x + sheet.bleed) / page_w, 4),
                        round(100 * (m.y + sheet.bleed) / page_h, 4), round(100 * m.width / page_w, 4),
                        round(100 * m.height / page_h, 4)))
    return out


def href_factory(issue: Issue):
    """anchor → the site file it lives in: a story its own page, a page its first sheet,
    a box its place on its page's sheet."""
    files: dict[str, str] = {}
    anchors = item_anchors(issue)
    for page in issue.pages:
        files[page_anchor(page.number)] = sheet_file(page_anchor(page.number))
        for item in page.items:
            anchor = anchors[item.id]
            files[anchor] = story_file(anchor) if item.type == "article" else f"{sheet_file(page_anchor(page.number))}#{anchor}"
    return files.__getitem__


def sheet_file(anchor: str) -> str:
    return f"{anchor}.html"


def story_file(anchor: str) -> str:
    return f"{anchor}.html"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if not path:
        raise DependencyError(f"{name} is needed for the web edition's page images but was not found "
                              f"(Debian package: {package})")
    return path


@dataclass(frozen=True, slots=True)
class SheetImage:
    """A sheet's image and thumbnail, and their sizes in pixels."""

    path: Path
    size: tuple[int, int]
    thumb: Path
    thumb_size: tuple[int, int]


def sheet_images(pdf: Path, folder: Path, width: int, thumb_width: int, pages: int) -> list[SheetImage]:
    """Every page of `pdf` as a PNG `width` pixels wide and a thumbnail, in page order.

    Poppler's `pdftoppm` rasterises (one process a page, as many at a time as there are
    cores) and hands the raw pixels over a pipe; Pillow stores them with a palette (text
    on white needs few colours: on the seeds' sheets no channel of a pixel moves by more than
    15 of 255 levels). That takes a fifth of the time of pdftoppm's own PNG writer and makes
    a quarter of the bytes; the thumbnail is shrunk from the pixels already in memory."""
    import io
    import os
    from PIL import Image
    folder.mkdir(parents=True, exist_ok=True)
    tool = _tool("pdftoppm", "poppler-utils")
    out: list[SheetImage] = []

    def palette(im):
        return im.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)

    def finish(proc: subprocess.Popen, k: int) -> None:
        pixels, err = proc.communicate()
        if proc.returncode:
            raise OutputError(f"{pdf}: pdftoppm could not render page {k} "
                              f"({err.decode('utf-8', 'replace').strip()[:200]})")
        with Image.open(io.BytesIO(pixels)) as im:
            image, thumb = folder / f"sheet-{k}.png", folder / f"thumb-{k}.png"
            palette(im).save(image)
            size = (thumb_width, round(im.height * thumb_width / im.width))
            # shrunk by whole factors first, then filtered (Lanczos over the last factor of two)
            palette(im.resize(size, Image.LANCZOS, reducing_gap=2.0)).save(thumb)
            out.append(SheetImage(image, im.size, thumb, size))
    running: list[tuple[subprocess.Popen, int]] = []
    for k in range(1, pages + 1):
        if len(running) >= (os.cpu_count() or 1):
            finish(*running.pop(0))
        running.append((subprocess.Popen([tool, "-singlefile", "-f", str(k), "-l", str(k), "-scale-to-x", str(width),
                                          "-scale-to-y", "-1", str(pdf)],
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE), k))
    for proc, k in running:
        finish(proc, k)
    return out


def sheet_pdfs(pdf: Path, folder: Path) -> list[Path]:
    """Every page of `pdf` as a PDF of its own, in page order (qpdf --split-pages)."""
    folder.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([_tool("qpdf", "qpdf"), "--split-pages", str(pdf), str(folder / "sheet-%d.pdf")],
                         capture_output=True, text=True)
    if run.returncode not in (0, 3):        # 3: warnings, the files are written
        raise OutputError(f"{pdf}: qpdf could not split the sheets ({run.stderr.strip()[:200]})")
    return sorted(folder.glob("sheet-*.pdf"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def render(issue: Issue, options: WebOptions, target: Path, inputs: dict[str, RenderResult]) -> RenderResult:
    """The renderer contract (`render/registry.py`): write the site into the folder `target`."""
    pdf = inputs["pdf"]
    plan = pdf.data
    env = environment(options.layout, "web")
    from .archive import issue_date
    named_date = issue_date(issue, target.name)
    if named_date and not issue.edition.date:
        # An issue whose only date is in its name (`2025-03-13.txt`, built by `batch`) shows
        # it on its own pages too, as the archive front lists it.
        issue = dataclasses.replace(issue, edition=dataclasses.replace(issue.edition, date=named_date))
    ctx = issue_context(issue, href_factory(issue))
    if target.exists():
        shutil.rmtree(target)
    (target / "images").mkdir(parents=True)
    images = sheet_images(pdf.files[0], target / "images", SHEET_PX, THUMB_PX, len(plan))
    pdfs = sheet_pdfs(pdf.files[0], target / "pdf")
    if len(images) != len(plan) or len(pdfs) != len(plan):
        raise OutputError(f"{pdf.files[0]}: {len(images)} pages rendered for {len(plan)} planned sheets")
    whole = target / "pdf" / f"{target.name or 'issue'}.pdf"
    shutil.copyfile(pdf.files[0], whole)
    pages = {p["number"]: p for p in ctx["pages"]}
    items = {it["id"]: (p, it) for p in ctx["pages"] for it in p["contents"]}
    sheets: list[dict[str, Any]] = []
    for k, (sheet, image, sheet_pdf) in enumerate(zip(plan, images, pdfs)):
        page = pages[sheet.page]
        label = page["label"] + ("（续）" if sheet.continued else "")
        placed = []
        for a in areas(sheet, *image.size):
            _, it = items[a.item]
            placed.append({"area": a, "item": it, "first": a.anchor == a.item,
                           "href": it.get("href") if it["type"] == "article" else None})
        sheets.append({"anchor": sheet.anchor, "file": sheet_file(sheet.anchor), "page": page, "label": label,
                       "continued": sheet.continued, "image": f"images/{image.path.name}", "image_size": image.size,
                       "thumb": f"images/{image.thumb.name}", "thumb_size": image.thumb_size,
                       "pdf": f"pdf/{sheet_pdf.name}", "modules": placed, "number": k + 1})
    for k, s in enumerate(sheets):
        s["prev"] = sheets[k - 1] if k > 0 else None
        s["next"] = sheets[k + 1] if k + 1 < len(sheets) else None
    # A story's way back: the sheet its first part is on, with the story highlighted.
    home = {m["item"]["id"]: s for s in reversed(sheets) for m in s["modules"]}
    for page in ctx["pages"]:
        page["sheets"] = [s for s in sheets if s["page"] is page]
        for a in page["articles"]:
            a["sheet_href"] = f"{home[a['id']]['file']}#{a['id']}" if a["id"] in home else page["href"]
    common = {**ctx, "sheets": sheets, "whole_pdf": f"pdf/{whole.name}"}
    written = [whole, *pdfs, *(i.path for i in images), *(i.thumb for i in images)]

    def write(name: str, template: str, **extra: Any) -> None:
        (target / name).write_text(env.get_template(template).render(**common, **extra), encoding="utf-8")
        written.append(target / name)

    write("index.html", "index.html.j2")
    for s in sheets:
        write(s["file"], "sheet.html.j2", sheet=s)
    for page in ctx["pages"]:
        for a in page["articles"]:
            write(story_file(a["id"]), "story.html.j2", page=page, article=a)
    for asset in ASSETS:
        src = layout_file(options.layout, f"web/{asset}")
        shutil.copyfile(src, target / asset)
        written.append(target / asset)
    # Built by `build` or by `batch`, a site is listed and searched by a later `batch -f web`
    # into the same folder.
    from .archive import write_record
    written.append(write_record(issue, target, target.name, ctx))
    return RenderResult((target,), (f"web: {len(sheets)} sheets, {ctx['article_count']} stories in {target.name}/",),
                        data=tuple(written))
