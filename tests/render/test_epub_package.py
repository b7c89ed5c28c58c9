"""The package files (OPF, NCX) written as text: well-formed, and escaped as lxml (which
ebooklib wrote them with) escapes, so the same input gives the same files as before."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.render.epub.package import ManifestItem, NavPoint, element, ncx_document, package_document

# Any text XML 1.0 can carry (no C0 controls but tab, newline and carriage return, no
# surrogates or U+FFFE/U+FFFF); the markup characters made likely.
XML_TEXT = st.text(st.one_of(st.sampled_from('&<>"\'\r\n\t ]]>'),
                             st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff",
                                           min_codepoint=0x20)))


@settings(max_examples=300, deadline=None)
@given(XML_TEXT)
def test_escaping_is_lxmls(value):
    etree = pytest.importorskip("lxml.etree")
    el = etree.Element("meta", {"property": value})
    el.text = value
    assert element("meta", {"property": value}, value) == etree.tostring(el, encoding="unicode")
    assert element("meta", {"property": value}) == etree.tostring(etree.Element("meta", {"property": value}),
                                                                  encoding="unicode")


@pytest.mark.parametrize("bad", ["a\x01b", "a\x0bb", "a\ufffeb", "a\ud800b"])
def test_text_xml_cannot_carry_is_refused(bad):
    with pytest.raises(ValueError):
        element("dc:title", None, bad)


def test_package_and_ncx_parse_and_hold_what_was_given():
    title = '青浦<报> & "周刊"'
    opf = package_document(identifier="urn:uuid:1", title=title, language="zh-CN", modified="2025-03-13T00:00:00Z",
                           generator="edition 0", dublin_core=[("date", "2025-03-13")],
                           metas=[("reflowable", {"property": "rendition:layout"})],
                           manifest=[ManifestItem("cover-img", "images/cover.png", "image/png", "cover-image"),
                                     ManifestItem("s001", "s001.xhtml", "application/xhtml+xml")],
                           spine=["s001"], cover_id="cover-img")
    root = ET.fromstring(opf)
    ns = {"o": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    assert root.find("o:metadata/dc:title", ns).text == title
    assert [i.get("id") for i in root.findall("o:manifest/o:item", ns)] == ["cover-img", "s001"]
    assert [i.get("idref") for i in root.findall("o:spine/o:itemref", ns)] == ["s001"]
    ncx = ncx_document(identifier="urn:uuid:1", title=title, points=[
        NavPoint("sep_0", "第1版", "page-1.xhtml", (NavPoint("toc-s001", "A & B", "s001.xhtml"),))])
    d = {"n": "http://www.daisy.org/z3986/2005/ncx/"}
    nroot = ET.fromstring(ncx)
    assert nroot.find("n:docTitle/n:text", d).text == title
    assert [p.find("n:navLabel/n:text", d).text for p in nroot.iter("{%s}navPoint" % d["n"])] == ["第1版", "A & B"]
