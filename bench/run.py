"""Whole-process benchmarks: the `edition` command against other commands doing the same job.

    .venv/bin/python bench/run.py                 # 1, 10 and 50 pages, 3 runs each (some minutes)
    .venv/bin/python bench/run.py --200           # also 200 pages (adds many minutes)
    .venv/bin/python bench/run.py --pages 1 --tasks epub --runs 5

Every figure is a whole process as a user starts it, interpreter start-up and imports
included: wall time, and peak resident memory (`/usr/bin/time`). For each size of
issue (the two seeds alternating as pages) it runs, turn about, with the order rotated
from run to run:

- inspect: `edition inspect ISSUE --json`, next to `python -c pass` (the interpreter alone);
- EPUB: `edition build ISSUE -f epub`, next to the floor script `bench/floor.py` (start
  Python, subset the three faces with HarfBuzz to the glyphs `edition` embedded, zip the
  same files) and `pandoc` (the same articles as Markdown, the serif face embedded);
- PDF: `edition build ISSUE -f pdf`, with one worker process (`--workers 1`) and with two
  (`--workers 2`), next to the `weasyprint` command on the same text as plain 6-column A3
  HTML in the same three faces, columns filled in turn (no balancing).

It prints a Markdown table: medians with min–max over the runs, and each ratio computed run
by run (edition's time over the baseline's time in the same round), then its median and
min–max. Nothing is written outside a temporary folder.

`--before DIR` adds the `edition` of another checkout (DIR, run with PYTHONPATH=DIR) to the
inspect, EPUB and PDF rounds (the PDF with one worker) and to `--help`: the code before a
change, measured turn about with the code after it, with the ratio of the two.

Python's compiled bytecode is kept between runs, as an installed package has it (pip
compiles it on install; a checkout writes `__pycache__` on first use): in the temporary
folder (`PYTHONPYCACHEPREFIX`), filled by the warm-up runs, whatever PYTHONDONTWRITEBYTECODE
says. `--compile-each-run` has every process compile the modules it imports from source
instead (about 30 of edition's own; third-party packages keep their installed bytecode).
"""
from __future__ import annotations

import argparse
import html
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent          # the venv's scripts: edition, weasyprint
PY = sys.executable
META = ["--title", "青浦报", "--date", "2025-03-13"]


CHILD_ENV = dict(os.environ)     # the commands' environment (bytecode: see main)
BEFORE: str | None = None        # --before: another checkout's code, run the same way


def edition_cmd(*args: str, before: bool = False) -> list[str]:
    """The `edition` command (through `env`, the same for both, when --before is given)."""
    if BEFORE is None:
        return [str(BIN / "edition"), *args]
    return ["env", f"PYTHONPATH={BEFORE}" if before else f"PYTHONPATH={CHILD_ENV.get('PYTHONPATH', '')}",
            str(BIN / "edition"), *args]


def run_once(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one whole process. The peak comes from
    `/usr/bin/time` where there is one: a child forked from this (larger) process would
    count the pages it shares with us before it starts the command."""
    with tempfile.NamedTemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        timer = ["/usr/bin/time", "-f", "%M", "-o", peak.name] if Path("/usr/bin/time").exists() else []
        start = time.perf_counter()
        proc = subprocess.Popen(timer + cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                env=CHILD_ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{err.read().decode()[-2000:]}")
        kb = int(peak.read().split()[-1]) if timer else usage.ru_maxrss
    return seconds, kb / 1024


# ---- inputs: the same content for every tool -------------------------------------------

def markdown(issue) -> str:
    parts = []
    for a in issue.articles():
        parts.append(f"# {a.headline.replace(chr(10), ' ')}\n")
        parts += [p + "\n" for p in a.paragraphs]
    return "\n".join(parts)


def plain_html(issue) -> str:
    """Every text of the issue as plain HTML on A3 in six columns that fill in turn, in the
    same three faces as our layout: WeasyPrint's own cost for this content, without ours."""
    from edition.model import Article, Guide, Quote
    e = html.escape
    parts = []
    for page in issue.pages:
        for it in page.items:
            if isinstance(it, Article):
                parts.append(f"<h2>{e(it.headline)}</h2>" + "".join(f"<h3>{e(s)}</h3>" for s in it.subheadlines)
                             + (f"<p class=k>{e(it.byline.text)}</p>" if it.byline else "")
                             + "".join(f"<p>{e(p)}</p>" for p in it.paragraphs))
            elif isinstance(it, Guide):
                parts.append(f"<h2>{e(it.label)}</h2>" + "".join(f"<p>{e(x.title)} 刊{x.page}版►</p>" for x in it.entries))
            elif isinstance(it, Quote):
                parts.append(f"<h2>{e(it.label)}</h2><p class=k>{e(it.text)}</p><p class=k>{e(it.attribution)}</p>")
            else:
                parts.append(f"<h2>{e(it.text)}</h2>")
    return ("<html lang='zh-CN'><meta charset=utf-8><style>@page{size:A3;margin:12mm} "
            "body{columns:6;column-gap:4mm;column-fill:auto;font-family:'Noto Serif CJK SC';font-size:9pt} "
            "h2,h3{font-family:'Noto Sans CJK SC'} .k,h3{font-family:'LXGW WenKai'}</style><body>"
            + "".join(parts) + "</body></html>")


class Size:
    """One issue of `pages` pages and the commands that process it."""

    def __init__(self, pages: int, work: Path):
        from edition import read_issue
        from edition.decode import read_input
        from edition.render.fonts import resolve_all
        self.pages = pages
        self.dir = work / f"p{pages}"
        self.dir.mkdir()
        seeds = [read_input(p).text for p in sorted((ROOT / "seeds").glob("*.txt"))]
        self.txt = self.dir / "issue.txt"
        self.txt.write_text("\f".join(seeds[k % len(seeds)] for k in range(pages)), encoding="utf-8")
        issue = read_issue([self.txt], title="青浦报", date="2025-03-13")
        (self.dir / "issue.md").write_text(markdown(issue), encoding="utf-8")
        (self.dir / "issue.html").write_text(plain_html(issue), encoding="utf-8")
        self.fonts = resolve_all()
        self.out = self.dir / "out"

    def edition(self, *args: str, before: bool = False) -> list[str]:
        return edition_cmd(*args, str(self.txt), *META, before=before)

    def floor_inputs(self) -> list[str]:
        """Unpack an `edition` EPUB of this issue for the floor script: its files without the
        fonts, and per font the characters its subset holds."""
        import uharfbuzz as hb
        run_once(self.edition("build", "-f", "epub", "-o", str(self.out), "--name", "probe"), self.dir)
        files = self.dir / "files"
        args = []
        with zipfile.ZipFile(self.out / "probe.epub") as z:
            for name in z.namelist():
                if name.startswith("EPUB/fonts/"):
                    role = Path(name).stem
                    chars = self.dir / f"{role}.chars"
                    codes = hb.Face(hb.Blob(z.read(name))).unicodes
                    chars.write_text("".join(sorted(chr(c) for c in codes)), encoding="utf-8")
                    font = self.fonts[role]
                    args.append(f"{name}={font.path}:{font.index}:{chars}")
                else:
                    z.extract(name, files)
        return [PY, str(ROOT / "bench" / "floor.py"), str(files), str(self.dir / "floor.epub"), *args]

    def before(self, *args: str) -> list[tuple[str, list[str]]]:
        return [("edition before", self.edition(*args, before=True))] if BEFORE else []

    def groups(self, tasks: list[str]) -> list[tuple[str, list[tuple[str, list[str]]]]]:
        """(task, [(label, command), …]); the first command of each is ours."""
        out = str(self.out)
        groups = []
        if "inspect" in tasks:
            groups.append(("inspect --json", [("edition", self.edition("inspect", "--json")),
                                              *self.before("inspect", "--json"),
                                              ("python -c pass", [PY, "-c", "pass"])]))
        if "epub" in tasks:
            cmds = [("edition", self.edition("build", "-f", "epub", "-o", out)),
                    *self.before("build", "-f", "epub", "-o", str(self.dir / "out-before")),
                    ("floor script", self.floor_inputs())]
            if shutil.which("pandoc"):
                cmds.append(("pandoc", ["pandoc", str(self.dir / "issue.md"), "-o", str(self.dir / "pandoc.epub"),
                                        "--metadata", "title=青浦报", "--metadata", "lang=zh-CN",
                                        f"--epub-embed-font={self.fonts['body'].path}"]))
            groups.append(("EPUB", cmds))
        if "pdf" in tasks:
            groups.append(("PDF", [("edition", self.edition("build", "-f", "pdf", "-o", out, "--workers", "1")),
                                   *self.before("build", "-f", "pdf", "-o", str(self.dir / "out-before"),
                                                "--workers", "1"),
                                   ("edition 2 workers", self.edition("build", "-f", "pdf", "-o", out,
                                                                      "--workers", "2")),
                                   ("weasyprint", [str(BIN / "weasyprint"), str(self.dir / "issue.html"),
                                                   str(self.dir / "bare.pdf")])]))
        return groups


# ---- running and reporting -------------------------------------------------------------

def span(values: list[float], fmt: str) -> str:
    med = statistics.median(values)
    if len(values) == 1:
        return format(med, fmt)
    return f"{format(med, fmt)} ({format(min(values), fmt)}–{format(max(values), fmt)})"


def seconds(values: list[float]) -> str:
    return span(values, ".3f" if max(values) < 1 else ".2f" if max(values) < 100 else ".0f") + " s"


def measure(cmds: list[tuple[str, list[str]]], cwd: Path, runs: int, warm: bool) -> dict[str, list[tuple[float, float]]]:
    """Each command `runs` times, turn about, the order rotated every round."""
    if warm:
        for _, cmd in cmds:
            run_once(cmd, cwd)
    results: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in cmds}
    for r in range(runs):
        for label, cmd in cmds[r % len(cmds):] + cmds[:r % len(cmds)]:
            results[label].append(run_once(cmd, cwd))
    return results


def machine() -> str:
    mem = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    osname = next((line.split("=", 1)[1].strip().strip('"') for line in open("/etc/os-release")
                   if line.startswith("PRETTY_NAME=")), platform.system())
    versions = {}
    for tool, cmd in (("WeasyPrint", [str(BIN / "weasyprint"), "--version"]), ("pandoc", ["pandoc", "--version"])):
        try:
            versions[tool] = subprocess.run(cmd, capture_output=True, text=True).stdout.split("\n")[0].split()[-1]
        except OSError:
            versions[tool] = "missing"
    return (f"{os.cpu_count()} cores, {mem / 2**20:.0f} GiB, {osname}, Python {platform.python_version()}, "
            f"WeasyPrint {versions['WeasyPrint']}, pandoc {versions['pandoc']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="1,10,50", help="issue sizes in pages, comma-separated (default 1,10,50)")
    parser.add_argument("--200", dest="big", action="store_true", help="also a 200-page issue (adds many minutes)")
    parser.add_argument("--tasks", default="inspect,epub,pdf", help="any of inspect,epub,pdf (default all)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command per size (default 3)")
    parser.add_argument("--big-runs", type=int, default=1, help="runs per command at 200 pages (default 1)")
    parser.add_argument("--before", metavar="DIR", help="also run the edition of this checkout (PYTHONPATH=DIR)")
    parser.add_argument("--compile-each-run", action="store_true",
                        help="no bytecode kept between runs: each process compiles edition's modules from source")
    args = parser.parse_args(argv)
    global BEFORE
    BEFORE = str(Path(args.before).resolve()) if args.before else None
    sys.path.insert(0, str(ROOT))
    sizes = [int(p) for p in args.pages.split(",") if p] + ([200] if args.big else [])
    tasks = [t.strip() for t in args.tasks.split(",")]
    if not shutil.which("pandoc"):
        print("note: pandoc is not installed (apt-get install pandoc); its column is left out", file=sys.stderr)
    load_before = os.getloadavg()
    start = time.perf_counter()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.compile_each_run:
            CHILD_ENV["PYTHONDONTWRITEBYTECODE"] = "1"
            CHILD_ENV.pop("PYTHONPYCACHEPREFIX", None)
        else:
            CHILD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
            CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
        help_cmds = [("edition", edition_cmd("--help")),
                     *([("edition before", edition_cmd("--help", before=True))] if BEFORE else []),
                     ("python -c pass", [PY, "-c", "pass"])]
        if "inspect" in tasks:
            rows.append(("`edition --help`", "", measure(help_cmds, work, args.runs, warm=True)))
        for k, pages in enumerate(sizes):
            size = Size(pages, work)
            runs = args.big_runs if pages >= 200 else args.runs
            for task, cmds in size.groups(tasks):
                print(f"bench: {pages} pages, {task} …", file=sys.stderr, flush=True)
                rows.append((task, pages, measure(cmds, size.dir, runs, warm=k == 0)))
    load_after = os.getloadavg()
    bytecode = "compiled by each run" if args.compile_each_run else "bytecode kept between runs"
    print(f"{machine()}; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
          f"{time.perf_counter() - start:.0f} s in all; {bytecode}\n")
    print("| task | pages | `edition` time | `edition` peak RSS | baseline | baseline time | baseline peak RSS "
          "| time ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for task, pages, results in rows:
        for mine in [label for label in results if label.startswith("edition")]:
            ours = results[mine]
            name = task + mine[len("edition"):].replace(" 2 workers", ", 2 workers")
            if task == "PDF" and mine in ("edition", "edition before"):
                name += ", 1 worker"
            baselines = [(k, v) for k, v in results.items() if not k.startswith("edition")]
            if mine == "edition" and "edition before" in results:
                baselines.insert(0, (f"`edition` before ({Path(BEFORE).name})", results["edition before"]))
            for label, theirs in baselines:
                ratios = [a[0] / b[0] for a, b in zip(ours, theirs)]
                print(f"| {name} | {pages} | {seconds([t for t, _ in ours])} | {span([m for _, m in ours], '.0f')} MB "
                      f"| {label} | {seconds([t for t, _ in theirs])} | {span([m for _, m in theirs], '.0f')} MB "
                      f"| {span(ratios, '.2f')}× |")


if __name__ == "__main__":
    main()
