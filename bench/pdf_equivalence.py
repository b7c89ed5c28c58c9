"""Does the print PDF still come out byte for byte as a reference commit makes it?

    .venv/bin/python bench/pdf_equivalence.py [--ref main] [--keep DIR] [--equivalent] [--workers N]

Builds the same PDFs twice, once with the `edition/`, `layouts/` and `fonts/` of the
reference commit (taken out with `git archive` into a temporary directory) and once with
the working tree's (copied to that same directory, since `--print` names the layout's
colour profile by its path and the PDF's identifier hashes that): each seed on its own, the two seeds as a two-page issue, a 10-page
issue (the seeds alternating, as `bench/run.py` makes its issues), the same with a few
characters on its last page that no other page has (an Extension B ideograph, a symbol:
faces that only the last group of sheets uses, see `render/pdf/assemble.py`), and seed 003 with
`--print` (PDF/X-4) and with `--tagged` (PDF/UA-1). Every build runs `edition build … -f pdf`
in a process of its own, with one worker, or `--workers N` (the output must be the same
bytes for any number: N > 1 checks that too, the reference's builds having the same N).
It compares the files' SHA-256 and fails unless every pair is identical. Meant for
performance work on the PDF renderer, which must not change a byte of the output.

Where bytes differ it says whether the two PDFs still read the same (`pdftotext`) and
rasterise to the same pixels (`pdftoppm -r 50`); with `--equivalent` that is enough to
pass, for a change whose bytes must differ (say, the order of objects in the file).
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
META = ["--title", "青浦报", "--date", "2025-03-13"]


def cases(inputs: Path) -> list[tuple[str, list[str]]]:
    """(name, arguments of `edition build` before `-f pdf -o OUT`) for every PDF compared."""
    from edition.decode import read_input   # the working tree's reader: the inputs are the same text for both
    config = ROOT / "seeds" / "edition.toml"
    issue = inputs / "issue10.txt"
    seeds = [read_input(p).text for p in SEEDS]
    issue.write_text("\f".join(seeds[k % len(seeds)] for k in range(10)), encoding="utf-8")
    rare = inputs / "issue10-rare.txt"
    pages = [seeds[k % len(seeds)] for k in range(10)]
    lines = pages[-1].split("\n")
    longest = max(range(len(lines)), key=lambda k: len(lines[k]))     # a paragraph's line
    lines[longest] = lines[longest][:10] + "𠀀𪚥☃" + lines[longest][10:]
    rare.write_text("\f".join([*pages[:-1], "\n".join(lines)]), encoding="utf-8")
    if config.exists():          # the paper's settings apply to the issue as to the seeds beside it
        shutil.copy(config, inputs / "edition.toml")
    out = [(p.stem, [str(p)]) for p in SEEDS]
    out.append(("two-pages", [str(p) for p in SEEDS]))
    out.append(("issue10", [str(issue), *META]))
    out.append(("issue10-rare", [str(rare), *META]))
    out.append((f"{SEEDS[-1].stem}-print", [str(SEEDS[-1]), "--print"]))
    out.append((f"{SEEDS[-1].stem}-tagged", [str(SEEDS[-1]), "--tagged"]))
    return out


def build(code: Path, args: list[str], out: Path, name: str, workers: int = 1) -> Path:
    """`edition build ARGS -f pdf` with the edition of `code`, in a process of its own."""
    script = ("import sys, pathlib; sys.path.insert(0, sys.argv[1]);"
              "import edition; assert pathlib.Path(edition.__file__).parent.parent == pathlib.Path(sys.argv[1]);"
              "from edition.cli import main; sys.argv = ['edition', *sys.argv[2:]]; main()")
    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-c", script, str(code), "build", *args, "-f", "pdf", "-o", str(out),
                           "--name", name, "--workers", str(workers)],
                          capture_output=True, text=True, env={**_env(), "PYTHONPATH": str(code)})
    if proc.returncode != 0:
        raise SystemExit(f"pdf_equivalence: build of {name} with {code} failed:\n{proc.stderr[-2000:]}")
    return out / f"{name}.pdf"


def _env() -> dict[str, str]:
    import os
    return dict(os.environ)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def same_reading(a: Path, b: Path, scratch: Path) -> tuple[bool, bool]:
    """Whether `a` and `b` give the same `pdftotext` text, and the same pixels at 50 dpi."""
    text = [subprocess.run(["pdftotext", str(p), "-"], capture_output=True, check=True).stdout for p in (a, b)]
    pixels = []
    for k, p in enumerate((a, b)):
        prefix = scratch / f"raster-{k}"
        subprocess.run(["pdftoppm", "-r", "50", str(p), str(prefix)], check=True)
        pixels.append([f.read_bytes() for f in sorted(scratch.glob(f"raster-{k}*.ppm"))])
        for f in scratch.glob(f"raster-{k}*.ppm"):
            f.unlink()
    return text[0] == text[1], pixels[0] == pixels[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Builds run in turn (about 30 s a side on the seeds and the 10-page issue).")
    parser.add_argument("--ref", default="main", help="the reference commit (default main)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the PDFs in DIR (ref/ and new/)")
    parser.add_argument("--equivalent", action="store_true",
                        help="pass also when bytes differ but text and pixels are the same")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="worker processes for every build, both sides (default 1)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        ref_code = Path(tmp) / "code"
        ref_code.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.ref, "edition", "layouts", "fonts"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(ref_code)], input=archive, check=True)
        inputs = Path(tmp) / "inputs"
        inputs.mkdir()
        todo = cases(inputs)
        refs = [build(ref_code, build_args, work / "ref", name, args.workers) for name, build_args in todo]
        shutil.rmtree(ref_code)
        for part in ("edition", "layouts", "fonts"):
            shutil.copytree(ROOT / part, ref_code / part, ignore=shutil.ignore_patterns("__pycache__"))
        news = [build(ref_code, build_args, work / "new", name, args.workers) for name, build_args in todo]
        failed = 0
        for (name, _), ref, new in zip(todo, refs, news):
            if sha256(ref) == sha256(new):
                print(f"{name}: identical ({ref.stat().st_size} bytes, sha256 {sha256(new)[:16]})")
                continue
            text, pixels = same_reading(ref, new, Path(tmp))
            verdict = "same text and pixels" if text and pixels else \
                f"text {'same' if text else 'DIFFERENT'}, pixels {'same' if pixels else 'DIFFERENT'}"
            print(f"{name}: bytes DIFFER ({ref.stat().st_size} against {new.stat().st_size}); {verdict}")
            failed += not (args.equivalent and text and pixels)
    if failed:
        print(f"{failed} PDFs not identical to {args.ref}")
        return 1
    print(f"all PDFs {'identical or equivalent' if args.equivalent else 'identical'} to {args.ref}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
