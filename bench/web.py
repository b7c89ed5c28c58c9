"""What the web edition costs: whole processes, as a user starts them.

    .venv/bin/python bench/web.py                  # one issue, 5 runs; a 50-issue batch (some minutes)
    .venv/bin/python bench/web.py --issues 0       # the one-issue part only

One issue (both seeds as one two-page issue, and seed 003 alone), turn about with the order
rotated: `edition build ISSUE -f pdf`; `edition build ISSUE -f web` (which renders the same
PDF into a scratch folder, then the site from it); and `pdftoppm` alone on that PDF at the
web renderer's size (`-scale-to-x 1600`, one process for all pages), once writing its own
PNG files and once only rasterising (raw pixels to /dev/null; the web renderer takes them
the same way, over a pipe, and stores them as palette PNGs with Pillow). Per round: what
the web build adds to the PDF build (web − pdf), that against pdftoppm's PNG images, and
what it adds beyond rasterising the sheets (web − pdf − raster). Wall time, and CPU time
(user + system, child processes included), which a loaded machine disturbs less. Medians
with min–max.

A batch: N issues (the seeds alternating, a date in each name) built with
`edition batch IN -o OUT -f web`; then the same command again with nothing changed (no
issue is rebuilt; the archive front and search index are); then once more after one
issue's text changed (that issue alone is rebuilt). The counts are read back from the
command's summary line. Nothing is written outside a temporary folder.
"""
from __future__ import annotations

import argparse
import datetime
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import BIN, machine, run_once, seconds, span  # noqa: E402
from edition.render.web import SHEET_PX  # noqa: E402

META = ["--title", "青浦报", "--date", "2025-03-13"]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, its descendants included) of one process."""
    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime
    before = cpu()
    wall, _ = run_once(cmd, cwd)
    return wall, cpu() - before


def one_issue(label: str, inputs: list[Path], work: Path, runs: int) -> list[str]:
    """Markdown rows for one issue: the three commands and the web build's excess."""
    out = work / label
    edition = [str(BIN / "edition"), "build", *map(str, inputs), *META, "-o", str(out)]
    pdf = out / "issue.pdf"
    run_once([*edition, "-f", "pdf", "--name", "issue"], work)        # the PDF pdftoppm reads, and a warm-up
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                            text=True).stdout).group(1))
    cmds = [("pdf", [*edition, "-f", "pdf", "--name", "issue-pdf"]),
            ("web", [*edition, "-f", "web", "--name", "issue-web"]),
            ("png", ["pdftoppm", "-png", "-scale-to-x", str(SHEET_PX), "-scale-to-y", "-1", str(pdf),
                     str(work / f"{label}-sheet")]),
            ("raster", ["pdftoppm", "-scale-to-x", str(SHEET_PX), "-scale-to-y", "-1", str(pdf)])]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in cmds}
    for r in range(runs):
        for name, cmd in cmds[r % len(cmds):] + cmds[:r % len(cmds)]:
            times[name].append(timed(cmd, work))
    rows = []
    for k, kind in enumerate(("wall", "CPU")):
        pdf_t, web_t, png_t, raster_t = ([t[k] for t in times[name]] for name in ("pdf", "web", "png", "raster"))
        added = [w - p for w, p in zip(web_t, pdf_t)]
        rows.append(f"| {label} | {pages} | {kind} | {seconds(pdf_t)} | {seconds(web_t)} | {seconds(png_t)} "
                    f"| {seconds(raster_t)} | {span(added, '+.2f')} s | {span([a / i for a, i in zip(added, png_t)], '.2f')}× "
                    f"| {span([a - r for a, r in zip(added, raster_t)], '+.2f')} s |")
    return rows


def batch(n: int, work: Path, jobs: int) -> list[str]:
    """Markdown rows for a batch of n issues: first build, a rerun, a rerun after one change."""
    indir, out = work / "batch-in", work / "batch-out"
    indir.mkdir()
    day = datetime.date(2025, 1, 1)
    for k in range(n):
        shutil.copy(SEEDS[k % len(SEEDS)], indir / f"{day + datetime.timedelta(days=k)}.txt")
    cmd = [str(BIN / "edition"), "batch", str(indir), "-o", str(out), "-f", "web", "--jobs", str(jobs)]
    rows = []

    def run(what: str) -> None:
        wall, start = time.time(), time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        took = time.perf_counter() - start
        summary = re.search(r"(\d+) built, (\d+) unchanged, (\d+) failed", proc.stdout)
        if proc.returncode or not summary:
            raise SystemExit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        built, unchanged, _ = summary.groups()
        front = all((out / f).stat().st_mtime >= wall - 1 for f in ("index.html", "search-index.js"))
        rows.append(f"| {what} | {n} | {took:.1f} s | {built} | {unchanged} | {'yes' if front else 'no'} "
                    f"| {(out / 'search-index.js').stat().st_size / 1024:.0f} KB |")
    run("first build")
    run("again, nothing changed")
    changed = next(indir.glob("*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
    run("again, one issue changed")
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each one-issue command (default 5)")
    parser.add_argument("--issues", type=int, default=50, help="issues in the batch (default 50; 0: no batch)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="batch worker processes (default: cores)")
    args = parser.parse_args(argv)
    if not shutil.which("pdftoppm"):
        raise SystemExit("bench: pdftoppm is needed (apt-get install poppler-utils)")
    load_before = os.getloadavg()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        issue_rows = one_issue("both seeds", SEEDS, work, args.runs) + one_issue(SEEDS[-1].stem, SEEDS[-1:], work, args.runs)
        batch_rows = batch(args.issues, work, args.jobs) if args.issues else []
    load_after = os.getloadavg()
    print(f"{machine()}; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
          f"{time.perf_counter() - start:.0f} s in all\n")
    print(f"One issue, {args.runs} runs each, medians (min–max); the last three columns run by run\n")
    print("| issue | sheets | time | `-f pdf` | `-f web` | `pdftoppm -png` | `pdftoppm` raster | web − pdf "
          "| (web − pdf) / `pdftoppm -png` | web − pdf − raster |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(issue_rows))
    if batch_rows:
        print(f"\n`edition batch IN -o OUT -f web --jobs {args.jobs}`, one run each\n")
        print("| run | issues | time | built | unchanged | front and index rewritten | search index |")
        print("|---|---|---|---|---|---|---|")
        print("\n".join(batch_rows))


if __name__ == "__main__":
    main()
