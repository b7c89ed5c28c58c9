"""Generate corpus pairs: compose issues, typeset each once, run every extractor over it.

Each issue gets its own `random.Random` seeded from (split, generator seed, issue index);
its layout draws come from a second stream that also names the split, so no two splits share
a draw (train and dev take the same seeds, below HELDOUT_SEED_MIN, and still differ).
Rendering runs in worker processes; the files written depend only on the arguments, not on
the number of workers.
"""
from __future__ import annotations

import json
import random
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import articles
from .check import cjk_difference, missing_strings
from .compose import IssueSpec, PageSpec, compose_issue, gold, gold_page
from .designs import ALL_DESIGNS, DESIGNS, edition_furniture, for_edition, render_edition, render_weasy_page
from .extract import EXTRACTORS

ROOT = Path(__file__).resolve().parents[2]
HELDOUT_SEED_MIN = 1000          # held-out seeds are >= this, train and dev seeds below it
ARTICLES_PER_PAGE = {"narrow": (4, 8), "wide-band": (3, 6), "edition": (3, 6)}


def check_seed(split: str, seed: int) -> None:
    if split not in articles.SPLITS:
        raise ValueError(f"unknown split {split!r}")
    if (seed >= HELDOUT_SEED_MIN) != (split == "heldout"):
        raise ValueError(f"split {split!r} takes seeds {'>=' if split == 'heldout' else '<'} {HELDOUT_SEED_MIN}; "
                         f"got {seed}")


@dataclass(frozen=True, slots=True)
class Job:
    index: int
    design: str
    issue: IssueSpec
    layout_seed: str
    name: str


def plan(split: str, seed: int, pages: int, designs: tuple[str, ...] = ALL_DESIGNS,
         extractors: tuple[str, ...] = tuple(EXTRACTORS)) -> list[Job]:
    """The issues to make: designs in turn, 1–3 pages each, until `pages` text pages are reached
    and every design has had an issue."""
    check_seed(split, seed)
    sources = articles.pool(split, ROOT, seed)
    quotes = articles.quotes_for(split, ROOT)
    jobs, total, i = [], 0, 0
    while total < pages or i < len(designs):
        design = designs[i % len(designs)]
        rng = random.Random(f"{split}:{seed}:{i}")
        n_pages = rng.choice((1, 1, 2, 2, 3))
        issue = compose_issue(rng, sources, quotes, n_pages, ARTICLES_PER_PAGE.get(design, (3, 7)),
                              first_page_one=design == "edition" or rng.random() < 0.6)
        if design == "edition":
            issue = for_edition(issue)
        jobs.append(Job(i, design, issue, f"{split}:{seed}:{i}:layout", f"{split}-s{seed}-{i:03d}-{design}"))
        total += n_pages * len(extractors)
        i += 1
    return jobs


MAX_ATTEMPTS = 6     # layout draws tried per page before a failing extractor's pair is dropped


def page_ok(page: PageSpec, furniture: list[str], text: str) -> bool:
    """The generator's own check on one page: every gold string is in the text, and every CJK
    character of the text is the gold's, a marker's or the furniture's."""
    g = {"pages": [gold_page(page)], "meta": {"furniture": furniture}}
    extra, lost = cjk_difference(g, text)
    return not missing_strings(g, text) and not extra and not lost


def run_job(job: Job, extractors: tuple[str, ...]) -> dict:
    """Typeset one issue and extract its text with every extractor.

    Reading-order extractors (pdftotext, pdfminer) sometimes splice a neighbouring column or
    module into a paragraph; then no gold can describe the text. A WeasyPrint page whose text
    fails the check with any extractor is set again with fresh layout draws (up to
    MAX_ATTEMPTS); if every draw fails, the attempt failing the fewest extractors is kept and
    the failing extractors' pairs for this issue are dropped (and reported)."""
    start = time.perf_counter()
    failed: set[str] = set()
    attempts: list[int] = []
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        work = Path(tmp)
        if job.design == "edition":
            pdf = render_edition(job.issue, work, job.name)
            draws: list[dict] = []
            texts = {ex: EXTRACTORS[ex](pdf) for ex in extractors}
            furniture = {ex: edition_furniture(job.issue, texts[ex].split("\f")) for ex in extractors}
            for ex in extractors:
                g = gold(job.issue, "", {"furniture": furniture[ex]})
                extra, lost = cjk_difference(g, texts[ex])
                if missing_strings(g, texts[ex]) or extra or lost:
                    failed.add(ex)
            sheets = _count_pages(pdf)
        else:
            design = DESIGNS[job.design]
            per_page: dict[str, list[str]] = {ex: [] for ex in extractors}
            furniture, draws, sheets = [], [], 0
            for page in job.issue.pages:
                best = None
                for attempt in range(MAX_ATTEMPTS):
                    out = work / f"{job.name}-{page.number}-{attempt}.pdf"
                    furn, draw = render_weasy_page(page, job.issue, design,
                                                   f"{job.layout_seed}:{page.number}:{attempt}", out)
                    got = {ex: EXTRACTORS[ex](out) for ex in extractors}
                    bad = {ex for ex in extractors if not page_ok(page, furn, got[ex])}
                    if best is None or len(bad) < len(best[0]):
                        best = (bad, furn, draw, got, attempt)
                    if not bad:
                        break
                bad, furn, draw, got, attempt = best
                failed |= bad
                attempts.append(attempt + 1)
                furniture += furn
                draws.append(dict(draw, attempt=attempt))
                sheets += 1
                for ex in extractors:
                    per_page[ex].append(got[ex])
            texts = {ex: "\f".join(per_page[ex]) for ex in extractors}
            furniture = {ex: furniture for ex in extractors}
    return {"texts": texts, "furniture": furniture, "draws": draws, "sheets": sheets, "failed": sorted(failed),
            "attempts": attempts, "seconds": time.perf_counter() - start}


def _count_pages(pdf: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(str(pdf)).pages)


def generate(out: Path, split: str, seed: int, pages: int, *, jobs: int | None = None,
             designs: tuple[str, ...] = ALL_DESIGNS, extractors: tuple[str, ...] = tuple(EXTRACTORS),
             log=print) -> list[Path]:
    """Write NAME.txt + NAME.gold.json pairs into `out`; returns the gold files. Pairs that fail
    the generator's own check are written to `out/unverified/` and listed in corpus.json."""
    out.mkdir(parents=True, exist_ok=True)
    todo = plan(split, seed, pages, designs, extractors)
    written: list[Path] = []
    dropped: list[str] = []
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_job, job, extractors) for job in todo]
        for job, fut in zip(todo, futures):
            res = fut.result()
            dropped += [f"{job.name}-{ex}" for ex in res["failed"]]
            for ex in extractors:
                # a text no gold can describe (an extractor spliced columns together) is kept
                # apart, in unverified/, for a look but not for scoring
                bad = ex in res["failed"]
                where = out / "unverified" if bad else out
                where.mkdir(exist_ok=True)
                name = f"{job.name}-{ex}"
                (where / f"{name}.txt").write_text(res["texts"][ex], encoding="utf-8")
                meta = {"design": job.design, "extractor": ex, "split": split, "seed": seed, "issue": job.index,
                        "sheets": res["sheets"], "furniture": res["furniture"][ex], "layout": res["draws"],
                        "seconds": round(res["seconds"], 2), "verified": not bad}
                g = where / f"{name}.gold.json"
                g.write_text(json.dumps(gold(job.issue, f"{name}.txt", meta), ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
                if not bad:
                    written.append(g)
            log(f"{job.name}: {len(job.issue.pages)} pages, {res['sheets']} sheets, layout attempts "
                f"{res['attempts'] or '-'}, {res['seconds']:.1f} s"
                + (f", dropped {', '.join(res['failed'])}" if res["failed"] else ""))
    n_pages = sum(len(j.issue.pages) for j in todo)
    log(f"{len(todo)} issues, {n_pages} printed pages, {n_pages * len(extractors)} text pages, "
        f"{len(written)} pairs ({len(dropped)} dropped) in {time.perf_counter() - start:.1f} s")
    (out / "corpus.json").write_text(json.dumps(
        {"split": split, "seed": seed, "pages": pages, "issues": len(todo), "printed_pages": n_pages,
         "pairs": len(written), "dropped": dropped, "designs": list(designs), "extractors": list(extractors)},
        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return written
