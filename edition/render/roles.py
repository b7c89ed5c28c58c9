"""Which font role each piece of EPUB text is set in, from the stylesheet's own selectors.

The EPUB stylesheet assigns a face to a role with the selectors below (it is rendered from
them), so the subsetter can walk the rendered XHTML and collect, per role, exactly the
characters that role's face will be asked to draw: the templates' own words (强国金句,
上一篇/下一篇, ►, nav labels) as much as the model's text.

Selectors are a tag or a `.class`; an element takes the role of the nearest ancestor (or
itself) that matches one, the later role winning on the same element, as CSS would.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

XHTML_NS = "{http://www.w3.org/1999/xhtml}"
ROLE_SELECTORS: dict[str, tuple[str, ...]] = {
    # body is the default (html)
    "headline": ("h1", "h2", ".paper-title"),
    "kai": (".subheadline", ".byline", ".quote-box", ".jump", ".index-byline", ".orphan-note", ".orphan-list"),
}
DEFAULT_ROLE = "body"


# Each role's selectors split into tag names and class names, looked up as sets.
_TAGS = {role: frozenset(s for s in selectors if not s.startswith(".")) for role, selectors in ROLE_SELECTORS.items()}
_CLASSES = {role: frozenset(s[1:] for s in selectors if s.startswith(".")) for role, selectors in ROLE_SELECTORS.items()}


def element_role(element: ET.Element, inherited: str) -> str:
    role = inherited
    tag = element.tag.removeprefix(XHTML_NS)
    classes = (element.get("class") or "").split()
    for name in ROLE_SELECTORS:
        # a tag selector is less specific than a class: h2.box-label inside .quote-box stays a headline
        if tag in _TAGS[name] or not _CLASSES[name].isdisjoint(classes):
            role = name
    return role


def text_by_role(xhtml: bytes | str) -> dict[str, str]:
    """The characters of every text node in <body>, grouped by the role that sets them."""
    root = ET.fromstring(xhtml)
    body = root.find(f"{XHTML_NS}body")
    out: dict[str, list[str]] = {DEFAULT_ROLE: [], **{r: [] for r in ROLE_SELECTORS}}
    if body is None:
        return {r: "" for r in out}

    def walk(el: ET.Element, inherited: str) -> None:
        role = element_role(el, inherited)
        out[role].append(el.text or "")
        for child in el:
            walk(child, role)
            out[role].append(child.tail or "")

    walk(body, DEFAULT_ROLE)
    return {r: "".join(parts) for r, parts in out.items()}
