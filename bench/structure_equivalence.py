"""Does the structurer still give the same answers as a reference commit?

    .venv/bin/python bench/structure_equivalence.py [--ref main] [DIR ...]

For every `.txt` page in the directories (default: `seeds/` and `/work/corpus/heldout2`),
and for the 2 MB page `bench/structure_speed.py` times, it dumps the label of every line
and the serialized model JSON, once with the `edition/` of the reference commit (taken out
with `git archive` into a temporary directory) and once with the working tree's, and
fails unless both dumps are identical. Meant for performance work, which must not change
a single label or character of the output.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [ROOT / "seeds", Path("/work/corpus/heldout2")]


def big_page() -> str:
    """The 2 MB page of bench/structure_speed.py: the last seed, repeated."""
    one = sorted((ROOT / "seeds").glob("*.txt"))[-1].read_text(encoding="utf-8")
    return (one + "\n") * (2_000_000 // len(one.encode()) + 1)


def dump(files: list[Path], out: Path, big: bool) -> None:
    """Run in a child process whose sys.path starts with the code under test."""
    from edition import read_issue, structure_text
    from edition.decode import read_input, split_pages
    from edition.serialize import dumps
    from edition.structure import PageText, join_continuation_sheets
    from edition.structure.labels import label_lines
    from edition.structure.lines import read_lines

    def labels_of(pages: list[PageText]) -> list[list[str]]:
        return [label_lines(read_lines(p.text)) for p in join_continuation_sheets(pages)]

    with out.open("w", encoding="utf-8") as fh:
        for path in files:
            pages = [PageText(t, path.name) for t in split_pages(read_input(path).text)]
            record = {"file": str(path), "labels": labels_of(pages), "model": dumps(read_issue([path]))}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        if big:
            text = big_page()
            record = {"file": "<2 MB page>", "labels": labels_of([PageText(text)]),
                      "model": dumps(structure_text(text))}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_dump(code: Path, files: list[Path], out: Path, big: bool) -> None:
    script = ("import sys, pathlib; sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2]);"
              "import edition; assert pathlib.Path(edition.__file__).parent.parent == pathlib.Path(sys.argv[1]);"
              "from bench.structure_equivalence import dump;"
              "dump([pathlib.Path(p) for p in sys.argv[5:]], pathlib.Path(sys.argv[3]), sys.argv[4] == '1')")
    subprocess.run([sys.executable, "-c", script, str(code), str(ROOT), str(out), "1" if big else "0",
                    *map(str, files)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="directories of .txt pages")
    parser.add_argument("--ref", default="main", help="the reference commit (default main)")
    parser.add_argument("--no-big", action="store_true", help="leave out the 2 MB page")
    args = parser.parse_args()
    files = sorted(p for d in (args.dirs or DEFAULT_DIRS) for p in d.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        ref_code = tmp_path / "ref"
        ref_code.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.ref, "edition"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(ref_code)], input=archive, check=True)
        run_dump(ref_code, files, tmp_path / "ref.jsonl", not args.no_big)
        run_dump(ROOT, files, tmp_path / "new.jsonl", not args.no_big)
        ref = (tmp_path / "ref.jsonl").read_text(encoding="utf-8").splitlines()
        new = (tmp_path / "new.jsonl").read_text(encoding="utf-8").splitlines()
    differ = [json.loads(a)["file"] for a, b in zip(ref, new) if a != b]
    if len(ref) != len(new) or differ:
        print(f"DIFFERENT from {args.ref}: {len(differ)} of {len(ref)} files", *differ[:20], sep="\n  ")
        return 1
    pages = sum(len(json.loads(a)["labels"]) for a in ref)
    lines = sum(len(labels) for a in ref for labels in json.loads(a)["labels"])
    print(f"identical to {args.ref}: the labels of {lines} lines on {pages} pages and the model JSON "
          f"of {len(files)} files{' and the 2 MB page' if not args.no_big else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
