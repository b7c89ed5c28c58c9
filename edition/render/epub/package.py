"""The EPUB's package files: `META-INF/container.xml`, the package document (OPF) and the
EPUB 2 table of contents (NCX), written as text.

They are laid out exactly as ebooklib laid them out when it wrote them (lxml's pretty
printing: two-space indents, attributes in the order given, `<x/>` for an element without
text), so an EPUB built with the same input has the same files, with one difference: the
`generator` meta names edition. Writing them here, from a handful of values, spares a
build importing ebooklib and lxml and reading the system's MIME type tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CONTAINER_PATH = "META-INF/container.xml"
CONTAINER_XML = """<?xml version="1.0" encoding="utf-8"?>
<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
  <rootfiles>
    <rootfile media-type="application/oebps-package+xml" full-path="EPUB/content.opf"/>
  </rootfiles>
</container>
"""
DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
RENDITION_PREFIX = "rendition: http://www.idpf.org/vocab/rendition/#"

# What XML 1.0 cannot carry at all; text reaching here has been cleaned (decode.py), so
# meeting one is a bug, raised as lxml raised it.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_TEXT = re.compile("[&<>\r]")
_ATTR = re.compile('[&<>"\r\n\t]')


def _checked(value: str) -> str:
    if _NOT_XML.search(value):
        raise ValueError(f"All strings must be XML compatible: {value[:60]!r}")
    return value


def text(value: str) -> str:
    """Character data escaped as lxml escapes it."""
    return _TEXT.sub(lambda m: _TEXT_ESCAPES[m.group()], _checked(value))


def attr(value: str) -> str:
    """An attribute value (double-quoted) escaped as lxml escapes it."""
    return _ATTR.sub(lambda m: _ATTR_ESCAPES[m.group()], _checked(value))


def start_tag(tag: str, attrs: dict[str, str] | None = None) -> str:
    return "<" + tag + "".join(f' {k}="{attr(v)}"' for k, v in (attrs or {}).items()) + ">"


def element(tag: str, attrs: dict[str, str] | None = None, content: str | None = None) -> str:
    """`<tag a="…">content</tag>`, or `<tag a="…"/>` when `content` is None."""
    start = start_tag(tag, attrs)
    return start[:-1] + "/>" if content is None else f"{start}{text(content)}</{tag}>"


@dataclass(frozen=True, slots=True)
class ManifestItem:
    id: str
    href: str
    media_type: str
    properties: str = ""


@dataclass(frozen=True, slots=True)
class NavPoint:
    """One entry of the NCX: its label, where it leads, and entries under it."""

    id: str
    label: str
    href: str
    children: tuple[NavPoint, ...] = ()


def package_document(*, identifier: str, title: str, language: str, modified: str, generator: str,
                     dublin_core: list[tuple[str, str]], metas: list[tuple[str, dict[str, str]]],
                     manifest: list[ManifestItem], spine: list[str], cover_id: str | None) -> bytes:
    """`EPUB/content.opf`. `dublin_core`: (element, value) after identifier, title and
    language; `metas`: (text, attributes) of each `<meta>`, in order; the cover image's
    manifest id is named by an EPUB 2 `<meta name="cover">` too."""
    lines = [DECLARATION.rstrip("\n"),
             f'<package xmlns="http://www.idpf.org/2007/opf" unique-identifier="id" version="3.0" '
             f'prefix="{RENDITION_PREFIX}">',
             '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">',
             "    " + element("meta", {"property": "dcterms:modified"}, modified),
             "    " + element("meta", {"name": "generator", "content": generator}),
             "    " + element("dc:identifier", {"id": "id"}, identifier),
             "    " + element("dc:title", None, title),
             "    " + element("dc:language", None, language)]
    lines += ["    " + element(f"dc:{name}", None, value) for name, value in dublin_core]
    lines += ["    " + element("meta", attrs, value) for value, attrs in metas]
    if cover_id:
        lines.append("    " + element("meta", {"name": "cover", "content": cover_id}, ""))
    lines += ["  </metadata>", "  <manifest>"]
    for item in manifest:
        attrs = {"href": item.href, "id": item.id, "media-type": item.media_type}
        if item.properties:
            attrs["properties"] = item.properties
        lines.append("    " + element("item", attrs))
    lines += ["  </manifest>", '  <spine toc="ncx">']
    lines += ["    " + element("itemref", {"idref": idref}) for idref in spine]
    lines += ["  </spine>", "</package>", ""]
    return "\n".join(lines).encode("utf-8")


def ncx_document(*, identifier: str, title: str, points: list[NavPoint]) -> bytes:
    """`EPUB/toc.ncx`, for reading systems that know only EPUB 2."""
    lines = [DECLARATION.rstrip("\n"),
             '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">',
             "  <head>"]
    for name, content in (("dtb:uid", identifier), ("dtb:depth", "0"), ("dtb:totalPageCount", "0"),
                          ("dtb:maxPageNumber", "0")):
        lines.append("    " + element("meta", {"content": content, "name": name}))
    lines += ["  </head>", "  <docTitle>", "    " + element("text", None, title), "  </docTitle>", "  <navMap>"]

    def add(point: NavPoint, indent: str) -> None:
        lines.append(indent + start_tag("navPoint", {"id": point.id}))
        lines.extend([indent + "  <navLabel>", indent + "    " + element("text", None, point.label),
                      indent + "  </navLabel>", indent + "  " + element("content", {"src": point.href})])
        for child in point.children:
            add(child, indent + "  ")
        lines.append(indent + "</navPoint>")
    for point in points:
        add(point, "    ")
    lines += ["  </navMap>", "</ncx>", ""]
    return "\n".join(lines).encode("utf-8")
