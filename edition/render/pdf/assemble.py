"""Several PDFs rendered by WeasyPrint from one plan (groups of sheets) → one PDF.

WeasyPrint holds every laid-out sheet of a document until it writes it, so a long issue
is rendered in bounded groups of sheets, each its own document (`parts.py`), and the
groups' files are joined here with pikepdf (qpdf):

- pages in order, each with its own resources;
- one font program per face: each group embeds a subset of the glyphs it used, at their
  original glyph ids (WeasyPrint subsets with HarfBuzz's retain-gids), so the groups'
  subsets of a face are replaced by one subset of the face holding all their glyphs, made
  from the installed font file the groups' fonts came from (`font_record` notes which, by
  size and fingerprint); a face whose file is not found keeps a subset per group;
- named destinations (`Names/Dests`): the union of the groups' anchors, the first of a name
  winning as in one document; a jump link (下转/上接, a 导读 entry) names its target, so it
  works across groups, and a link whose target is in no group is dropped, as WeasyPrint
  drops it in one document;
- the outline: each group's top-level entries (a sheet's 版 label, its headlines below)
  in turn;
- the first group's catalog and trailer: document information, XMP metadata, language,
  PDF/X output intent, viewer preferences;
- for a tagged PDF (PDF/UA), the structure tree: each group's elements go under the first
  group's Document element, and the keys that tie pages and link annotations to them
  (`StructParents`, `StructParent`, the `ParentTree`) are renumbered after the previous
  groups' keys.
"""
from __future__ import annotations

import hashlib
import warnings
from pathlib import Path
from typing import Any

from .fontdata import file_ends

# WeasyPrint's subsetting (weasyprint/pdf/fonts.py, Font._harfbuzz_subset), repeated here
# on the union of the groups' glyphs: tables it drops, and its flags.
DROPPED_TABLES = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")


def join_parts(parts: list[Path], target: Path, fonts: list[dict[str, Any]] | None = None) -> None:
    """Write the pages of `parts`, in order, to `target` as one document (see above).
    `fonts` are the groups' `font_record`s."""
    import pikepdf
    sources = [pikepdf.open(part) for part in parts]
    try:
        out = sources[0]
        dests = _dests(out)
        items = _top_outlines(out)
        count = int(out.Root.Outlines.get("/Count", 0)) if "/Outlines" in out.Root else 0
        tagged = "/StructTreeRoot" in out.Root
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
            if tagged:
                _join_structure(out, src, out.pages[offset:])
        names = _set_dests(out, dests)
        if not tagged:     # a tagged link is also a structure element: it stays, leading nowhere
            _drop_dangling_links(out, names)
        _set_outlines(out, items, count)
        if fonts:
            _share_font_programs(out, fonts)
        out.save(target, deterministic_id=True)
    finally:
        for src in sources:
            src.close()


def _join_structure(out, src, pages) -> None:
    """Append the structure tree of `src`, whose pages are now `pages` of `out`, to `out`'s."""
    import pikepdf
    root = out.Root.StructTreeRoot
    nums = root.ParentTree.Nums
    offset = max(int(nums[k]) for k in range(0, len(nums), 2)) + 1 if len(nums) else 0
    for page in pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annot in page.obj.get("/Annots", []):
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + offset
    theirs = src.Root.StructTreeRoot.ParentTree.Nums
    for k in range(0, len(theirs), 2):
        value = theirs[k + 1]
        if isinstance(value, pikepdf.Array) and not value.is_indirect:
            value = pikepdf.Array([out.copy_foreign(v) for v in value])
        else:
            value = out.copy_foreign(value)
        nums.append(int(theirs[k]) + offset)
        nums.append(value)
    document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
    for element in src.Root.StructTreeRoot.K[0].K:
        copy = out.copy_foreign(element)
        copy.P = document
        document.K.append(copy)


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


def _fingerprint(head: bytes, tail: bytes, size: int) -> str:
    """Size and a hash of the ends of a font file: enough to tell installed files apart."""
    return f"{size}:{hashlib.blake2b(head + tail, digest_size=16).hexdigest()}"


def font_record(fonts: dict) -> dict[str, dict[str, Any]]:
    """What joining needs of a WeasyPrint document's fonts (`document.fonts`, before they are
    subset): by PDF font name, the original file's fingerprint and face index, the glyph ids
    used, its family, and whether glyphs were missing (WeasyPrint then keeps the .notdef
    outline)."""
    record: dict[str, dict[str, Any]] = {}
    for font in fonts.values():
        if font.bitmap or font.used_in_forms:
            continue
        name = font.name.decode("latin-1").lstrip("/")
        if name not in record:      # the file's ends, not a copy of the whole file (`fontdata.py`)
            record[name] = {"family": font.family, "fingerprint": _fingerprint(*file_ends(font, 1 << 16)),
                            "index": font.index, "gids": set(), "missing": False}
        entry = record[name]
        entry["gids"] |= set(font.to_unicode)
        entry["missing"] |= bool(font.missing)
    return record


def _union_subset(path: Path, index: int, gids: set[int], missing: bool) -> bytes | None:
    """The face subset to `gids` at their own ids, as WeasyPrint subsets (two passes: the
    glyphs, then every id up to the last kept, so that ids stay put)."""
    import uharfbuzz as hb
    notdef = hb.SubsetFlags.NOTDEF_OUTLINE if missing else hb.SubsetFlags(0)
    face = hb.Face(hb.Blob.from_file_path(str(path)), index)
    first = hb.SubsetInput()
    first.glyph_set.update(sorted(gids))
    first.flags = (hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
                   | hb.SubsetFlags.DESUBROUTINIZE | notdef)
    first.drop_table_tag_set.update(int.from_bytes(tag.encode("ascii"), "big") for tag in DROPPED_TABLES)
    face = hb.subset(face, first)
    if face is None:
        return None
    second = hb.SubsetInput()
    second.glyph_set.update(range(max(gids) + 1))
    second.flags = (hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
                    | hb.SubsetFlags.NO_HINTING | notdef)
    face = hb.subset(face, second)
    return bytes(face.blob.data) if face is not None else None


def _installed_files(families: set[str]) -> list[tuple[Path, int]]:
    """(file, face index) of every installed face of `families`, as fontconfig lists them."""
    import subprocess
    files = []
    for family in sorted(families):
        try:
            out = subprocess.run(["fc-list", "-f", "%{file}\t%{index}\n", family], capture_output=True,
                                 text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        for line in out.splitlines():
            path, _, index = line.partition("\t")
            if path and index.isdigit():
                files.append((Path(path), int(index)))
    return files


def _share_font_programs(out, records: list[dict[str, dict[str, Any]]]) -> None:
    """Give every descriptor of a face one font program holding the glyphs of all groups."""
    import pikepdf
    descriptors: dict[str, list] = {}
    seen: set = set()
    for page in out.pages:
        for font in page.obj.Resources.get("/Font", {}).values():
            if font.objgen in seen or "/DescendantFonts" not in font:
                continue
            seen.add(font.objgen)
            descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            if descriptor is not None:
                descriptors.setdefault(str(font.BaseFont).lstrip("/"), []).append(descriptor)
    files: dict[str, tuple[Path, int]] = {}
    shared = {name for name, found in descriptors.items() if len(found) > 1}
    for path, index in _installed_files({r[name]["family"] for r in records for name in shared if name in r}):
        try:
            with open(path, "rb") as f:
                size = f.seek(0, 2)
                f.seek(0)
                head = f.read(1 << 16)
                f.seek(max(0, size - (1 << 16)))
                tail = f.read()
        except OSError:
            continue
        files.setdefault(f"{_fingerprint(head, tail, size)}#{index}", (Path(path), index))
    for name, found in descriptors.items():
        entries = [r[name] for r in records if name in r]
        if len(found) < 2 or not entries:
            continue
        fingerprints = {f"{e['fingerprint']}#{e['index']}" for e in entries}
        if len(fingerprints) != 1 or next(iter(fingerprints)) not in files:
            continue
        gids = set().union(*(e["gids"] for e in entries))
        path, index = files[next(iter(fingerprints))]
        data = _union_subset(path, index, gids, any(e["missing"] for e in entries))
        if data is None:
            continue
        key = "/FontFile3" if data[:4] == b"OTTO" else "/FontFile2"
        stream = out.make_stream(data)
        if key == "/FontFile3":
            stream.Subtype = pikepdf.Name.OpenType
        else:
            stream.Length1 = len(data)
        for descriptor in found:
            for old in ("/FontFile2", "/FontFile3"):
                if old in descriptor:
                    del descriptor[old]
            descriptor[key] = stream
