"""Issue → EPUB 3 package: documents rendered by our templates, in a zip written once.

Every XHTML document, the navigation document included, is rendered complete from the
layout's Jinja templates; the package document (OPF: metadata, manifest, spine) and the
NCX are written by `package.py`. The zip is written once, with fixed timestamps and order,
so the same input gives the same bytes.
"""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ... import __version__
from ...model import Issue
from ...output import atomic_output, write_zip
from ..context import build_time, issue_context, item_anchors, page_anchor
from ..fonts import FontFile, css_families, font_extension, load_roles, resolve_all, subset
from ..headline import phrase_breaks
from ..parallel import Background
from ..registry import RenderResult
from ..roles import ROLE_SELECTORS, text_by_role
from ..templates import environment, layout_settings
from .package import CONTAINER_PATH, CONTAINER_XML, ManifestItem, NavPoint, ncx_document, package_document

XHTML = "application/xhtml+xml"
NCX_MEDIA = "application/x-dtbncx+xml"
COVER_FILE, CSS_FILE, NCX_FILE = "images/cover.png", "style/edition.css", "toc.ncx"
CSS_FAMILIES = {"headline": ("Edition Headline", "bold"), "body": ("Edition Body", "normal"),
                "kai": ("Edition Kai", "normal")}


@dataclass(frozen=True, kw_only=True, slots=True)
class EpubOptions:
    layout: str | Path | None = None
    embed_fonts: bool = True
    font_overrides: dict[str, str] = field(default_factory=dict)


def options_from(settings) -> EpubOptions:
    """The EPUB's options from a build's settings (`build.BuildSettings`)."""
    return EpubOptions(layout=settings.layout, embed_fonts=settings.embed_fonts, font_overrides=settings.font_overrides)


def article_file(anchor: str) -> str:
    """A story's document: named by its position (`s003.xhtml`), never by its model id."""
    return f"{anchor}.xhtml"


def page_file(number: int) -> str:
    return f"page-{number}.xhtml"


def _href_factory(issue: Issue):
    files: dict[str, str] = {}
    anchors = item_anchors(issue)
    for page in issue.pages:
        files[page_anchor(page.number)] = page_file(page.number)
        for item in page.items:
            anchor = anchors[item.id]
            files[anchor] = article_file(anchor) if item.type == "article" else f"{page_file(page.number)}#{anchor}"

    def href(anchor: str) -> str:
        return files[anchor]
    return href


def identifier(issue: Issue) -> str:
    """A stable urn:uuid from the title, date and the text itself."""
    from ...serialize import dumps
    digest = hashlib.sha256(dumps(issue).encode("utf-8")).hexdigest()
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'edition:' + digest)}"


def _font_files(fonts: dict[str, FontFile], text: dict[str, str]) -> tuple[list[tuple[str, str, str, bytes]], list[dict]]:
    """A subset of each role's face holding the characters the rendered documents set in it
    (`text`, from `roles.text_by_role`), plus ASCII and common punctuation for a reader's own
    additions (search, notes): (manifest id, file, media type, bytes) each, and the
    stylesheet's @font-face values."""
    files, faces = [], []
    extra = "".join(chr(c) for c in range(0x21, 0x7F)) + "，。、；：？！“”‘’（）《》—…·▶"
    for role, font in fonts.items():
        data = subset(font, text.get(role, "") + extra)
        ext, media = font_extension(data)
        name = f"{role}{ext}"
        files.append((f"font-{role}", f"fonts/{name}", media, data))
        family, weight = CSS_FAMILIES[role]
        faces.append({"css_family": family, "file": name, "weight": weight})
    return files, faces


def series_position(number: str | None, date: str | None) -> str | None:
    """The issue's place in the paper's series: its number (期号) when it is one, else its
    date as YYYYMMDD, so that issues sort in order either way."""
    digits = "".join(ch for ch in (number or "") if ch.isdigit())
    if digits:
        return str(int(digits))
    if date:
        return date.replace("-", "")
    return None


def build_package(issue: Issue, options: EpubOptions) -> tuple[dict[str, bytes], dict[str, Any]]:
    """The EPUB's files by zip entry name (`mimetype` included), and the template context."""
    env = environment(options.layout, "epub")
    settings = layout_settings(options.layout).get("epub", {})
    href = _href_factory(issue)
    ctx = issue_context(issue, href)
    e = issue.edition
    ident = identifier(issue)
    full_title = " ".join(x for x in (ctx["edition"]["title"], ctx["edition"]["date_cn"].split(" ")[0]) if x)
    dublin_core = [("date", e.date)] if e.date else []
    if e.publisher:
        dublin_core += [("publisher", e.publisher), ("creator", e.publisher)]
    metas = [(value, {"property": prop}) for prop, value in (
        ("rendition:layout", "reflowable"), ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"), ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"), ("schema:accessibilityFeature", "printPageNumbers"),
        ("schema:accessibilityFeature", "readingOrder"), ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", "报纸各版的文字内容，按版面和阅读顺序编排；目录按版面和文章分级导航，"
                                        "页码列表对应印刷版的版次；封面图片附有文字说明。"),
        ("pageBreakSource", f"{e.title or 'print edition'} {e.date or ''}".strip()),
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"))]
    if e.title:   # a series only for a named paper
        metas += [(e.title, {"property": "belongs-to-collection", "id": "collection"}),
                  ("series", {"refines": "#collection", "property": "collection-type"})]
        position = series_position(e.number, e.date)
        if position:     # orders the issues in a reader's series view (calibre's series index)
            metas.append((position, {"refines": "#collection", "property": "group-position"}))

    fonts = resolve_all(options.font_overrides) if options.embed_fonts else {}
    env.filters["phrases"] = phrase_breaks
    # The cover is drawn and encoded in another process, when a core is idle, while the
    # documents are rendered and the fonts subset (see parallel.py).
    with Background(_cover, ctx, fonts or _try_fonts(options), tuple(settings.get("cover_size", (1200, 1600))),
                    settings.get("accent", "#a00000")) as cover:
        files: dict[str, bytes] = {}
        manifest = [ManifestItem("cover-img", COVER_FILE, "image/png", "cover-image")]
        spine: list[str] = []
        templates: dict[str, Any] = {}

        def doc(uid: str, name: str, template: str, **extra: Any) -> str:
            if template not in templates:
                templates[template] = env.get_template(template)
            # ► (jump lines, guide entries) is in none of the role faces: a reader without a
            # system fallback would show a box. ▶, which all three have, stands in for it.
            html = templates[template].render(**ctx, **extra).replace("►", "▶")
            files[name] = html.encode("utf-8")
            manifest.append(ManifestItem(uid, name, XHTML, "nav" if uid == "nav" else ""))
            return uid

        spine += [doc("cover-page", "cover.xhtml", "cover.xhtml.j2"),
                  doc("contents", "contents.xhtml", "contents.xhtml.j2")]
        toc = [NavPoint("toc-contents", "版面目录", "contents.xhtml")]
        sections = 0
        for page in ctx["pages"]:
            spine.append(doc(page["anchor"], page_file(page["number"]), "section.xhtml.j2", page=page))
            links = []
            for a in page["articles"]:
                spine.append(doc(a["id"], article_file(a["id"]), "article.xhtml.j2", page=page, article=a,
                                 prev_href=a["prev_href"], next_href=a["next_href"]))
                links.append(NavPoint(f"toc-{a['id']}", a["headline"].replace("\n", " "), a["href"]))
            label = page["label"] + (f" {page['name']}" if page["name"] else "")
            if links:
                toc.append(NavPoint(f"sep_{sections}", label, page["href"], tuple(links)))
                sections += 1
            else:
                toc.append(NavPoint(f"toc-{page['anchor']}", label, page["href"]))
        doc("nav", "nav.xhtml", "nav.xhtml.j2")
        # Fonts last: each face is subset from what the rendered documents set in it.
        seen: dict[str, set[str]] = {}
        for data in files.values():
            for role, chars in text_by_role(data).items():
                seen.setdefault(role, set()).update(chars)
        font_files, faces = _font_files(fonts, {r: "".join(sorted(c)) for r, c in seen.items()}) if fonts else ([], [])
        for uid, name, media, data in font_files:
            files[name] = data
            manifest.append(ManifestItem(uid, name, media))
        # The roles' fallback faces are named, not embedded (they are large): a reader that has
        # them draws emoji and CJK Extension B with them.
        fallbacks = {name: ", " + css_families(role.fallback) if role.fallback else ""
                     for name, role in load_roles(options.font_overrides).items()}
        css = env.get_template("epub.css.j2").render(fonts=faces, roles=ROLE_SELECTORS, fallbacks=fallbacks)
        files[CSS_FILE] = css.encode("utf-8")
        manifest += [ManifestItem("style", CSS_FILE, "text/css"), ManifestItem("ncx", NCX_FILE, NCX_MEDIA)]
        files[NCX_FILE] = ncx_document(identifier=ident, title=full_title, points=toc)
        when = build_time(e.date)
        files["content.opf"] = package_document(
            identifier=ident, title=full_title, language=e.language or "zh-CN",
            modified=when.strftime("%Y-%m-%dT%H:%M:%SZ"), generator=f"edition {__version__}",
            dublin_core=dublin_core, metas=metas, manifest=manifest, spine=spine, cover_id="cover-img")
        files[COVER_FILE] = cover.result()
    entries = {"mimetype": b"application/epub+zip", CONTAINER_PATH: CONTAINER_XML.encode("utf-8")}
    entries.update((f"EPUB/{name}", data) for name, data in files.items())
    return entries, ctx


def _cover(*args: Any) -> bytes:
    """The cover's PNG (`cover.render_cover`); Pillow is imported only where it is drawn."""
    from ..cover import render_cover
    return render_cover(*args)


def _try_fonts(options: EpubOptions) -> dict[str, FontFile]:
    """Faces for drawing the cover even when none are embedded; none when not installed."""
    try:
        return resolve_all(options.font_overrides)
    except Exception:  # the cover then falls back to Pillow's own font
        return {}


def render_epub(issue: Issue, options: EpubOptions, out: Path) -> Path:
    """Write the EPUB to `out` atomically and reproducibly; return `out`."""
    return render(issue, options, out).files[0]


def render(issue: Issue, options: EpubOptions, target: Path, inputs: dict | None = None) -> RenderResult:
    """The renderer contract (`render/registry.py`): write the EPUB to `target`."""
    entries, _ = build_package(issue, options)
    when = build_time(issue.edition.date)
    with atomic_output(target) as tmp:
        write_zip(entries, tmp, (max(when.year, 1980), when.month, when.day, 0, 0, 0))
    return RenderResult((target,))
