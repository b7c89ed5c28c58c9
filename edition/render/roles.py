"""Which font role each piece of EPUB text is set in, from the stylesheet's own selectors.

The EPUB stylesheet assigns a face to a role with the selectors below (it is rendered from
them), so the subsetter can walk the rendered XHTML and collect, per role, exactly the
characters that role's face will be asked to draw: the templates' own words (强国金句,
上一篇/下一篇, ►, nav labels) as much as the model's text.

Selectors are a tag or a `.class`; an element takes the role of the nearest ancestor (or
itself) that matches one, the later role winning on the same element, as CSS would.
"""
from __future__ import annotations

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


def element_role(tag: str, classes: str, inherited: str) -> str:
    """The role of an element (`tag` as the parser names it, `{namespace}name`; its class
    attribute) inside an element of role `inherited`."""
    role = inherited
    tag = tag.removeprefix(XHTML_NS)
    names = classes.split()
    for name in ROLE_SELECTORS:
        # a tag selector is less specific than a class: h2.box-label inside .quote-box stays a headline
        if tag in _TAGS[name] or not _CLASSES[name].isdisjoint(names):
            role = name
    return role


def text_by_role(xhtml: bytes | str) -> dict[str, str]:
    """The characters of every text node in <body>, grouped by the role that sets them.

    Read in one pass with expat, the parser ElementTree builds its trees with, without
    building the tree: the same text, and a document that is not well-formed fails with the
    same message (as expat's ExpatError rather than ElementTree's ParseError)."""
    from xml.parsers import expat
    out: dict[str, list[str]] = {DEFAULT_ROLE: [], **{r: [] for r in ROLE_SELECTORS}}
    roles: list[str] = []       # the role of each open element of the <body>, itself first
    depth = 0                   # elements open around the one starting
    body_done = False           # only the root's first <body> is read, as ElementTree's find()

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth, body_done
        tag = "{" + tag if "}" in tag else tag      # expat names it `uri}name`, ElementTree `{uri}name`
        if roles or (depth == 1 and tag == f"{XHTML_NS}body" and not body_done):
            roles.append(element_role(tag, attrs.get("class", ""), roles[-1] if roles else DEFAULT_ROLE))
            body_done = True
        depth += 1

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        if roles:
            roles.pop()

    def data(text: str) -> None:
        if roles:
            out[roles[-1]].append(text)

    parser = expat.ParserCreate(None, "}")      # namespaces resolved, as ElementTree has them
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    parser.Parse(xhtml, True)
    return {r: "".join(parts) for r, parts in out.items()}
