"""Several PDFs rendered by WeasyPrint from one plan (groups of sheets) → one PDF.

WeasyPrint holds every laid-out sheet of a document until it writes it, so a long issue
is rendered in bounded groups of sheets, each its own document (`parts.py`), and the
groups' files are joined here with pikepdf (qpdf):

- pages in order, each with its own resources;
- one font program per face: each group's face would hold a subset of the glyphs it
  used, at their original glyph ids (WeasyPrint subsets with HarfBuzz's retain-gids), so
  the groups' subsets of a face are replaced by one subset of the face holding all their
  glyphs, made from the installed font file the groups' fonts came from (`font_record`
  notes which, by size and fingerprint); a face whose file is not found keeps a subset per
  group. A group does not subset a face whose file is found (`defer_programs`): it writes
  a placeholder for its program, which the join replaces, either with that one subset or,
  for a face no other group uses (or that cannot be shared), with the very program
  WeasyPrint would have written in the group (`_group_program`) — the same bytes as when
  every group subset its faces, without subsetting and compressing each face once a group
  only to throw the result away;
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

import functools
import hashlib
import warnings
import zlib
from pathlib import Path
from typing import Any

from .fontdata import FaceFile, file_ends

# WeasyPrint's subsetting (weasyprint/pdf/fonts.py, Font._harfbuzz_subset), repeated here
# on the union of the groups' glyphs: tables it drops, and its flags.
DROPPED_TABLES = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")
# What a group writes for a face's program it leaves to the join: the first bytes of the
# subset it stands for (CFF-flavoured or TrueType), which are all WeasyPrint reads of it
# (`Font.type`: FontFile3 or FontFile2, CIDFontType0 or 2).
PLACEHOLDER = {True: b"OTTO", False: b"\x00\x01\x00\x00"}


def join_parts(parts: list[Path], target: Path, fonts: list[dict[str, Any]] | None = None) -> None:
    """Write the pages of `parts`, in order, to `target` as one document (see above).
    `fonts` are the groups' `font_record`s, in the same order."""
    import pikepdf
    sources = [pikepdf.open(part) for part in parts]
    try:
        out = sources[0]
        groups = [k for k, src in enumerate(sources) for _ in range(len(src.pages))]   # each page's group
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
            _share_font_programs(out, fonts, groups)
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


def defer_programs(fonts: dict, subset: bool, hinting: bool,
                   record: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Before WeasyPrint builds a group's font dictionaries (`fonts`: `document.fonts`;
    `subset` and `hinting` as it was asked; `record`: `font_record(fonts)`, whose
    fingerprints say which installed file each face came from): have it write a placeholder for each face
    program the join can make from the installed file, instead of subsetting the face
    (HarfBuzz, then zlib at level 9) for a program the join replaces. By PDF font name,
    what the join needs to make the program WeasyPrint would have written: the file and
    face, the glyph ids, and the subset's flags.

    Only faces WeasyPrint would subset with HarfBuzz and nothing more: not a bitmap face,
    nor one used in a form (kept whole), nor a variable or colour face (instanced or
    emptied after the subset), and with glyphs to keep. Of the fonts of one face (one
    description), WeasyPrint cleans the first, with every one's glyphs."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    if not subset or not harfbuzz_subset or not harfbuzz.hb_version_atleast(4, 1, 0):
        return {}
    by_face: dict[str, list] = {}
    for font in fonts.values():
        by_face.setdefault(font.hash, []).append(font)
    deferred: dict[str, dict[str, Any]] = {}
    for same in by_face.values():
        font = same[0]
        if (any(f.bitmap or f.used_in_forms for f in same) or "fvar" in font.tables
                or font.png or font.svg or font.colr):
            continue
        gids = set().union(*(f.to_unicode for f in same))
        name = font.name.decode("latin-1").lstrip("/")
        found = installed_face(font.family, f"{record[name]['fingerprint']}#{font.index}")
        if not gids or found is None:
            continue
        # HarfBuzz writes a subset CFF-flavoured ('OTTO') when the face has CFF outlines.
        otf = "CFF " in font.tables or "CFF2" in font.tables
        font.clean = functools.partial(_placeholder, font, PLACEHOLDER[otf])
        deferred[name] = {
            "path": str(found[0]), "index": found[1], "gids": gids, "missing": bool(font.missing),
            "hinting": bool(hinting), "family": font.family}
    return deferred


def _placeholder(font, data: bytes, to_unicode, hinting) -> None:
    """`Font.clean` for a face whose program the join makes: no subset, a stand-in."""
    font.file_content = data


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
    return [face for family in sorted(families) for face in _family_files(family)]


@functools.cache
def _family_files(family: str) -> tuple[tuple[Path, int], ...]:
    import subprocess
    try:
        out = subprocess.run(["fc-list", "-f", "%{file}\t%{index}\n", family], capture_output=True,
                             text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    files = []
    for line in out.splitlines():
        path, _, index = line.partition("\t")
        if path and index.isdigit():
            files.append((Path(path), int(index)))
    return tuple(files)


@functools.cache
def _file_fingerprint(path: Path) -> str | None:
    try:
        with open(path, "rb") as f:
            size = f.seek(0, 2)
            f.seek(0)
            head = f.read(1 << 16)
            f.seek(max(0, size - (1 << 16)))
            tail = f.read()
    except OSError:
        return None
    return _fingerprint(head, tail, size)


def _installed_faces(families: set[str]) -> dict[str, tuple[Path, int]]:
    """'fingerprint#index' → (file, face index) of the installed faces of `families`, the
    first listed of identical files."""
    files: dict[str, tuple[Path, int]] = {}
    for path, index in _installed_files(families):
        fingerprint = _file_fingerprint(path)
        if fingerprint is not None:
            files.setdefault(f"{fingerprint}#{index}", (path, index))
    return files


def installed_face(family: str, key: str) -> tuple[Path, int] | None:
    """The installed file and face index of `family` whose 'fingerprint#index' is `key`."""
    return _installed_faces({family}).get(key)


def _share_font_programs(out, records: list[dict[str, dict[str, Any]]], groups: list[int]) -> None:
    """Give every descriptor of a face one font program holding the glyphs of all groups;
    where a face cannot be shared, a descriptor whose group left its program to the join
    (`defer_programs`) gets the one WeasyPrint would have written. `groups`: each page's
    group, the index of its record."""
    import pikepdf
    descriptors: dict[str, list] = {}
    seen: set = set()
    for page, group in zip(out.pages, groups):
        for font in page.obj.Resources.get("/Font", {}).values():
            if font.objgen in seen or "/DescendantFonts" not in font:
                continue
            seen.add(font.objgen)
            descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            if descriptor is not None:
                descriptors.setdefault(str(font.BaseFont).lstrip("/"), []).append(
                    (descriptor, font.DescendantFonts[0], group))
    shared = {name for name, found in descriptors.items() if len(found) > 1}
    files = _installed_faces({r[name]["family"] for r in records for name in shared if name in r})
    for name, found in descriptors.items():
        entries = [r[name] for r in records if name in r]
        data = None
        if len(found) > 1 and entries:
            fingerprints = {f"{e['fingerprint']}#{e['index']}" for e in entries}
            if len(fingerprints) == 1 and next(iter(fingerprints)) in files:
                path, index = files[next(iter(fingerprints))]
                data = _union_subset(path, index, set().union(*(e["gids"] for e in entries)),
                                     any(e["missing"] for e in entries))
        if data is not None:
            stream = out.make_stream(data)      # qpdf compresses it when the file is saved
            if data[:4] == b"OTTO":
                stream.Subtype = pikepdf.Name.OpenType
            else:
                stream.Length1 = len(data)
            for descriptor, _, _ in found:
                _set_program(descriptor, None, stream, data[:4] == b"OTTO")
            continue
        for descriptor, cidfont, group in found:     # each group's own program, as WeasyPrint writes it
            deferred = records[group].get(name, {}).get("deferred")
            if deferred is not None:
                data = _group_program(deferred, records[group][name]["fingerprint"])
                stream = pikepdf.Stream(out, b"")
                stream.write(_zlib9(data), filter=pikepdf.Name.FlateDecode)
                if data[:4] == b"OTTO":
                    stream.Subtype = pikepdf.Name.OpenType
                else:
                    stream.Length1 = len(data)
                _set_program(descriptor, cidfont, stream, data[:4] == b"OTTO")


def _set_program(descriptor, cidfont, stream, otf: bool) -> None:
    """`stream` as the descriptor's font program; with `cidfont`, its CIDFont subtype made
    to agree (WeasyPrint derives both from the program's first bytes)."""
    import pikepdf
    for old in ("/FontFile2", "/FontFile3"):
        if old in descriptor:
            del descriptor[old]
    descriptor["/FontFile3" if otf else "/FontFile2"] = stream
    if cidfont is not None:
        cidfont.Subtype = pikepdf.Name.CIDFontType0 if otf else pikepdf.Name.CIDFontType2


def _zlib9(data: bytes) -> bytes:
    """`data` deflated as pydyf deflates a stream WeasyPrint writes."""
    compressor = zlib.compressobj(level=9)
    return compressor.compress(data) + compressor.flush()


def _group_program(deferred: dict[str, Any], fingerprint: str) -> bytes:
    """The font program WeasyPrint would have embedded in a group (`Font.clean`): the face
    subset by its own HarfBuzz (the system's, through WeasyPrint's bindings; uharfbuzz,
    which the shared programs use, may be another version) with its calls and flags
    (`fontdata._harfbuzz_subset`), or the whole file where the subset fails, as there.
    `fingerprint`: the file the group was set with (`font_record`), which must still be
    the one at its path."""
    from types import SimpleNamespace

    from weasyprint.text.ffi import ffi, harfbuzz

    from ...errors import OutputError
    from .fontdata import _harfbuzz_subset
    _declare_face_from_file()
    blob = harfbuzz.hb_blob_create_from_file(str(deferred["path"]).encode())
    try:
        face = ffi.gc(harfbuzz.hb_face_create(blob, deferred["index"]), harfbuzz.hb_face_destroy)
    finally:
        harfbuzz.hb_blob_destroy(blob)
    if _fingerprint(*FaceFile(face).ends(1 << 16)) != fingerprint:
        raise OutputError(f"the font file {deferred['path']} changed while the PDF was made; please build again")
    font = SimpleNamespace(hb_face=face, missing=deferred["missing"], family=deferred["family"], file_content=None)
    _harfbuzz_subset(font, deferred["gids"], deferred["hinting"])
    return font.file_content if font.file_content is not None else FaceFile(face).read()


def _declare_face_from_file() -> None:
    """WeasyPrint's HarfBuzz bindings make faces only through Pango: declare the two calls
    that make one from a file (in HarfBuzz since 1.7.7 and 0.9)."""
    from weasyprint.text.ffi import ffi, harfbuzz
    try:
        harfbuzz.hb_face_create
        harfbuzz.hb_blob_create_from_file
    except AttributeError:
        ffi.cdef("hb_blob_t * hb_blob_create_from_file (const char *file_name);"
                 "hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);")
