"""The floor for an EPUB build, as a whole process: start Python, subset the three faces with
HarfBuzz, zip the files. Nothing else (no structuring, no templates, no cover, no fontconfig).

    python bench/floor.py FILES_DIR OUT.epub ENTRY=FONT_PATH:INDEX:CHARS_FILE ...

FILES_DIR holds the EPUB's other files (bench/run.py unpacks them from an `edition` build);
each ENTRY argument names a zip entry (`EPUB/fonts/body.otf`), the face to subset into it
with its index in the collection, and a file with the characters to keep (those of the
subset `edition` embedded).
The zip is laid out as `edition` lays it out: `mimetype` first and stored, the rest
deflated at level 9, in name order.
"""
import sys
import zipfile
from pathlib import Path

import uharfbuzz as hb


def subset(path: str, index: int, text: str) -> bytes:
    face = hb.Face(hb.Blob.from_file_path(path), index)
    inp = hb.SubsetInput()
    inp.unicode_set.update(sorted({ord(c) for c in text}))
    return bytes(hb.subset(face, inp).blob.data)


def main(argv: list[str]) -> None:
    src, out, *faces = argv
    files = {str(p.relative_to(src)): p.read_bytes() for p in sorted(Path(src).rglob("*")) if p.is_file()}
    for arg in faces:
        entry, spec = arg.split("=", 1)
        path, index, chars = spec.rsplit(":", 2)
        files[entry] = subset(path, int(index), Path(chars).read_text(encoding="utf-8"))
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", (1980, 1, 1, 0, 0, 0)), files.pop("mimetype"))
        for name in sorted(files):
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[name], compresslevel=9)


if __name__ == "__main__":
    main(sys.argv[1:])
