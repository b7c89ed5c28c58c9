"""Several PDFs rendered by WeasyPrint from one plan (groups of sheets) → one PDF.

WeasyPrint holds every laid-out sheet of a document until it writes it, so a long issue
is rendered in bounded groups of sheets, each its own document (`parts.py`), and the
groups' files are joined here with pikepdf (qpdf):

- pages in order, each with its own resources (so each group's font subsets come along:
  a group embeds only the glyphs it uses, and the joined file carries one subset per group
  and face — the size this costs is stated in the README);
- named destinations (`Names/Dests`): the union of the groups' anchors, the first of a name
  winning as in one document; a jump link (下转/上接, a 导读 entry) names its target, so it
  works across groups, and a link whose target is in no group is dropped, as WeasyPrint
  drops it in one document;
- the outline: each group's top-level entries (a sheet's 版 label, its headlines below)
  in turn;
- the first group's catalog and trailer: document information, XMP metadata, language,
  PDF/X output intent, viewer preferences.
"""
from __future__ import annotations

import warnings
from pathlib import Path


def join_parts(parts: list[Path], target: Path) -> None:
    """Write the pages of `parts`, in order, to `target` as one document (see above)."""
    import pikepdf
    sources = [pikepdf.open(part) for part in parts]
    try:
        out = sources[0]
        dests = _dests(out)
        items = _top_outlines(out)
        count = int(out.Root.Outlines.get("/Count", 0)) if "/Outlines" in out.Root else 0
        for src in sources[1:]:
            offset = len(out.pages)
            with warnings.catch_warnings():    # pikepdf warns that names are not carried: they are, below
                warnings.filterwarnings("ignore", message="Copying pages")
                out.pages.extend(src.pages)
            index = {page.obj.objgen: k for k, page in enumerate(src.pages)}
            dests += [(name, pikepdf.Array([out.pages[offset + index[dest[0].objgen]].obj, *dest[1:]]))
                      for name, dest in _dests(src)]
            items += [out.copy_foreign(item) for item in _top_outlines(src)]
            if "/Outlines" in src.Root:
                count += int(src.Root.Outlines.get("/Count", 0))
        names = _set_dests(out, dests)
        _drop_dangling_links(out, names)
        _set_outlines(out, items, count)
        out.save(target, deterministic_id=True)
    finally:
        for src in sources:
            src.close()


def _dests(pdf) -> list[tuple[str, object]]:
    """(name, destination) pairs of the document's name tree, as WeasyPrint writes it (flat)."""
    import pikepdf
    try:
        array = pdf.Root.Names.Dests.Names
    except AttributeError:
        return []
    return [(str(array[k]), array[k + 1]) for k in range(0, len(array), 2)
            if isinstance(array[k], pikepdf.String)]


def _set_dests(out, dests: list[tuple[str, object]]) -> set[str]:
    import pikepdf
    first: dict[str, object] = {}
    for name, dest in dests:
        first.setdefault(name, dest)
    if not first:
        return set()
    array = pikepdf.Array()
    for name in sorted(first):
        array.append(pikepdf.String(name))
        array.append(first[name])
    if "/Names" not in out.Root:
        out.Root.Names = pikepdf.Dictionary()
    out.Root.Names.Dests = pikepdf.Dictionary(Names=array)
    return set(first)


def _drop_dangling_links(out, names: set[str]) -> None:
    """Remove link annotations whose named destination is in no group."""
    import pikepdf
    for page in out.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = [a for a in annots
                if not (a.get("/Subtype") == pikepdf.Name.Link and isinstance(a.get("/Dest"), pikepdf.String)
                        and str(a.Dest) not in names)]
        if len(kept) != len(annots):
            page.obj.Annots = pikepdf.Array(kept)


def _top_outlines(pdf) -> list:
    if "/Outlines" not in pdf.Root or "/First" not in pdf.Root.Outlines:
        return []
    items, item = [], pdf.Root.Outlines.First
    while True:
        items.append(item)
        if "/Next" not in item:
            return items
        item = item.Next


def _set_outlines(out, items: list, count: int) -> None:
    """Chain the top-level entries under the first group's outline root."""
    import pikepdf
    if not items:
        return
    if "/Outlines" not in out.Root:
        out.Root.Outlines = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    root = out.Root.Outlines
    for k, item in enumerate(items):
        item.Parent = root
        if k:
            item.Prev = items[k - 1]
        elif "/Prev" in item:
            del item.Prev
        if k + 1 < len(items):
            item.Next = items[k + 1]
        elif "/Next" in item:
            del item.Next
    root.First, root.Last, root.Count = items[0], items[-1], count
