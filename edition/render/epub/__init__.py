"""Issue → EPUB 3 package, written with ebooklib from documents rendered by our templates.

ebooklib writes the package (OPF manifest, spine, metadata) and the NCX; every XHTML
document, the navigation document included, is rendered complete from the layout's
Jinja templates and handed over as-is, so nothing in <head> is rewritten. ebooklib's
writer hands its entries to us instead of to a zip, and we write the zip once, with fixed
timestamps and order, so the same input gives the same bytes.
"""
from __future__ import annotations

import hashlib
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ebooklib import epub

from ...model import Issue
from ...output import atomic_output, write_zip
from ..context import build_time, issue_context, item_anchors, page_anchor
from ..cover import render_cover
from ..fonts import FontFile, css_families, font_extension, load_roles, resolve_all, subset
from ..headline import phrase_breaks
from ..registry import RenderResult
from ..roles import ROLE_SELECTORS, text_by_role
from ..templates import environment, layout_settings

XHTML = "application/xhtml+xml"
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


def _font_items(fonts: dict[str, FontFile], text: dict[str, str]) -> tuple[list[epub.EpubItem], list[dict]]:
    """A subset of each role's face holding the characters the rendered documents set in it
    (`text`, from `roles.text_by_role`), plus ASCII and common punctuation for a reader's own
    additions (search, notes)."""
    items, faces = [], []
    extra = "".join(chr(c) for c in range(0x21, 0x7F)) + "，。、；：？！“”‘’（）《》—…·▶"
    for role, font in fonts.items():
        data = subset(font, text.get(role, "") + extra)
        ext, media = font_extension(data)
        name = f"{role}{ext}"
        items.append(epub.EpubItem(uid=f"font-{role}", file_name=f"fonts/{name}", media_type=media, content=data))
        family, weight = CSS_FAMILIES[role]
        faces.append({"css_family": family, "file": name, "weight": weight})
    return items, faces


def series_position(number: str | None, date: str | None) -> str | None:
    """The issue's place in the paper's series: its number (期号) when it is one, else its
    date as YYYYMMDD, so that issues sort in order either way."""
    digits = "".join(ch for ch in (number or "") if ch.isdigit())
    if digits:
        return str(int(digits))
    if date:
        return date.replace("-", "")
    return None


def build_book(issue: Issue, options: EpubOptions) -> tuple[epub.EpubBook, Any]:
    env = environment(options.layout, "epub")
    settings = layout_settings(options.layout).get("epub", {})
    href = _href_factory(issue)
    ctx = issue_context(issue, href)
    e = issue.edition
    book = epub.EpubBook()
    book.set_identifier(identifier(issue))
    full_title = " ".join(x for x in (ctx["edition"]["title"], ctx["edition"]["date_cn"].split(" ")[0]) if x)
    book.set_title(full_title)
    book.set_language(e.language or "zh-CN")
    if e.date:
        book.add_metadata("DC", "date", e.date)
    if e.publisher:
        book.add_metadata("DC", "publisher", e.publisher)
        book.add_metadata("DC", "creator", e.publisher)
    meta = [("rendition:layout", "reflowable"), ("schema:accessMode", "textual"),
            ("schema:accessModeSufficient", "textual"), ("schema:accessibilityFeature", "structuralNavigation"),
            ("schema:accessibilityFeature", "tableOfContents"), ("schema:accessibilityFeature", "printPageNumbers"),
            ("schema:accessibilityFeature", "readingOrder"), ("schema:accessibilityFeature", "alternativeText"),
            ("schema:accessibilityHazard", "none"),
            ("schema:accessibilitySummary", "报纸各版的文字内容，按版面和阅读顺序编排；目录按版面和文章分级导航，"
                                            "页码列表对应印刷版的版次；封面图片附有文字说明。"),
            ("pageBreakSource", f"{e.title or 'print edition'} {e.date or ''}".strip())]
    for prop, value in meta:
        book.add_metadata(None, "meta", value, {"property": prop})
    book.add_metadata(None, "meta", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA", {"property": "dcterms:conformsTo"})
    if e.title:   # a series only for a named paper
        book.add_metadata(None, "meta", e.title, {"property": "belongs-to-collection", "id": "collection"})
        book.add_metadata(None, "meta", "series", {"refines": "#collection", "property": "collection-type"})
        position = series_position(e.number, e.date)
        if position:     # orders the issues in a reader's series view (calibre's series index)
            book.add_metadata(None, "meta", position, {"refines": "#collection", "property": "group-position"})

    fonts = resolve_all(options.font_overrides) if options.embed_fonts else {}
    env.filters["phrases"] = phrase_breaks
    documents: list[epub.EpubItem] = []
    # The cover is drawn and encoded in a thread while the documents are rendered and the
    # fonts subset (Pillow lets go of the interpreter lock while it encodes).
    cover = _InThread(render_cover, ctx, fonts or _try_fonts(options), tuple(settings.get("cover_size", (1200, 1600))),
                      settings.get("accent", "#a00000"))

    book.set_cover("images/cover.png", b"", create_page=False)    # its place in the manifest; bytes below

    def doc(uid: str, name: str, template: str, **extra: Any) -> epub.EpubItem:
        # ► (jump lines, guide entries) is in none of the role faces: a reader without a
        # system fallback would show a box. ▶, which all three have, stands in for it.
        html = env.get_template(template).render(**ctx, **extra).replace("►", "▶")
        item = epub.EpubItem(uid=uid, file_name=name, media_type=XHTML, content=html.encode("utf-8"))
        book.add_item(item)
        documents.append(item)
        return item

    spine = [doc("cover-page", "cover.xhtml", "cover.xhtml.j2"), doc("contents", "contents.xhtml", "contents.xhtml.j2")]
    toc: list[Any] = [epub.Link("contents.xhtml", "版面目录", "toc-contents")]
    for page in ctx["pages"]:
        spine.append(doc(page["anchor"], page_file(page["number"]), "section.xhtml.j2", page=page))
        links = []
        for a in page["articles"]:
            spine.append(doc(a["id"], article_file(a["id"]), "article.xhtml.j2", page=page, article=a,
                             prev_href=a["prev_href"], next_href=a["next_href"]))
            links.append(epub.Link(a["href"], a["headline"].replace("\n", " "), f"toc-{a['id']}"))
        label = page["label"] + (f" {page['name']}" if page["name"] else "")
        section = epub.Section(label, page["href"])
        toc.append((section, links) if links else epub.Link(page["href"], label, f"toc-{page['anchor']}"))
    nav = doc("nav", "nav.xhtml", "nav.xhtml.j2")
    nav.properties = ["nav"]
    # Fonts last: each face is subset from what the rendered documents set in it.
    seen: dict[str, set[str]] = {}
    for item in documents:
        for role, chars in text_by_role(item.content).items():
            seen.setdefault(role, set()).update(chars)
    font_items, faces = _font_items(fonts, {r: "".join(sorted(c)) for r, c in seen.items()}) if fonts else ([], [])
    for item in font_items:
        book.add_item(item)
    # The roles' fallback faces are named, not embedded (they are large): a reader that has
    # them draws emoji and CJK Extension B with them.
    fallbacks = {name: ", " + css_families(role.fallback) if role.fallback else ""
                 for name, role in load_roles(options.font_overrides).items()}
    css = env.get_template("epub.css.j2").render(fonts=faces, roles=ROLE_SELECTORS, fallbacks=fallbacks)
    book.add_item(epub.EpubItem(uid="style", file_name="style/edition.css", media_type="text/css",
                                content=css.encode("utf-8")))
    book.toc = toc
    book.add_item(epub.EpubNcx())
    book.spine = spine
    book.get_item_with_id("cover-img").content = cover.result()
    return book, ctx


class _InThread:
    """Runs a function in a thread; `result()` waits for it and returns or raises what it did."""

    def __init__(self, func, *args: Any) -> None:
        import threading
        self._value: Any = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = func(*args)
            except BaseException as e:   # handed to the caller of result()
                self._error = e
        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _try_fonts(options: EpubOptions) -> dict[str, FontFile]:
    """Faces for drawing the cover even when none are embedded; none when not installed."""
    try:
        return resolve_all(options.font_overrides)
    except Exception:  # the cover then falls back to Pillow's own font
        return {}


class _Entries:
    """Stands in for the zip ebooklib's writer writes to: keeps each entry's bytes."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def writestr(self, name: str, data: str | bytes, *args: Any, **kwargs: Any) -> None:
        self.entries[name] = data.encode("utf-8") if isinstance(data, str) else bytes(data)

    def close(self) -> None:
        pass


class _EntriesWriter(epub.EpubWriter):
    """ebooklib's writer, rendering the package (container, OPF, NCX) and items as it
    does in `write`, into an `_Entries` instead of a zip it would compress."""

    def write(self) -> None:
        self.out = _Entries()
        self.out.writestr("mimetype", "application/epub+zip")
        self._write_container()
        self._write_opf()
        self._write_items()


def epub_entries(book: epub.EpubBook, when) -> dict[str, bytes]:
    """The EPUB's files by zip entry name, as ebooklib lays them out."""
    writer = _EntriesWriter(None, book, {"mtime": when, "epub3_pages": False, "spine_direction": False,
                                         "raise_exceptions": True})
    writer.process()
    writer.write()
    return writer.out.entries


def render_epub(issue: Issue, options: EpubOptions, out: Path) -> Path:
    """Write the EPUB to `out` atomically and reproducibly; return `out`."""
    return render(issue, options, out).files[0]


def render(issue: Issue, options: EpubOptions, target: Path, inputs: dict | None = None) -> RenderResult:
    """The renderer contract (`render/registry.py`): write the EPUB to `target`."""
    out = target
    book, _ = build_book(issue, options)
    when = build_time(issue.edition.date)
    with warnings.catch_warnings():   # ebooklib warns before it raises; the error is what counts
        warnings.simplefilter("ignore", UserWarning)
        entries = epub_entries(book, when)
    with atomic_output(out) as tmp:
        write_zip(entries, tmp, (max(when.year, 1980), when.month, when.day, 0, 0, 0))
    return RenderResult((out,))
