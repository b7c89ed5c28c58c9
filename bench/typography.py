"""The typographic check over the seeds, a two-page issue and 50 generated issues.

    .venv/bin/python bench/typography.py [--issues 50] [--jobs 2]

Builds each print PDF (issues generated from the seeds' own items, tests/render/generated.py),
runs `edition.typography.check_pdf` on it and prints the totals the issue's must-show asks for.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_and_check(job: tuple[str, str]) -> tuple[str, object, float, list[float]]:
    from edition import read_issue
    from edition.render.pdf import PdfOptions, render
    from edition.typography import check_pdf
    from tests.render.generated import generated_issue
    name, out = job
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    if name == "two-pages":
        issue = read_issue(seeds, title="青浦报", date="2025-03-13")
    elif name.startswith("generated-"):
        issue = generated_issue(int(name.split("-")[1]))
    else:
        issue = read_issue([ROOT / "seeds" / f"{name}.txt"], title="青浦报", date="2025-03-13")
    start = time.perf_counter()
    result = render(issue, PdfOptions(), Path(out) / f"{name}.pdf")
    seconds = time.perf_counter() - start
    return name, check_pdf(result.files[0]), seconds, overrun_fills(result.data)


def overrun_fills(plan) -> list[float]:
    """How full the plan leaves each sheet that a 版 runs over from (the sheets before its last),
    the mean depth of its columns as `sheets.sheet_fill` measures it."""
    from edition.render.pdf import geometry
    from edition.render.templates import layout_settings
    geo = geometry(layout_settings(None).get("pdf", {}), None)
    fills = []
    for k, sheet in enumerate(plan):
        if k + 1 < len(plan) and plan[k + 1].continued:
            front = k == 0
            grid, top = geo.grid(front), geo.content_top(front)
            pitch = grid.column_width + grid.gutter
            feet = [0.0] * grid.columns
            for m in sheet.modules:
                first = round((m.x - geo.margins[3]) / pitch)
                for c in range(first, min(grid.columns, first + round((m.width + grid.gutter) / pitch))):
                    feet[c] = max(feet[c], m.y + m.height - top)
            fills.append(sum(feet) / (grid.columns * grid.height))
    return fills


def main() -> None:
    from edition.typography import MIN_DEPTH
    parser = argparse.ArgumentParser()
    parser.add_argument("--issues", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    names = [p.stem for p in sorted((ROOT / "seeds").glob("*.txt"))] + ["two-pages"]
    names += [f"generated-{n}" for n in range(1, args.issues + 1)]
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(build_and_check, [(n, tmp) for n in names]))
    totals = dict(body=0, short=0, punct=0, heads=0, one=0, word=0, outline=0, outside=0, pairs=0, uncompressed=0,
                  quotes=0, narrow=0, boundaries=0, tight=0, parted=0,
                  running=0, running_one=0, running_word=0, running_unmatched=0, running_shortened=0)
    empties, depths = [], []
    overrun = []
    for name, r, seconds, fills in results:
        overrun += fills
        totals["body"] += r.body_lines
        totals["short"] += len(r.short_lines)
        totals["punct"] += len(r.punctuation)
        totals["heads"] += r.headlines
        totals["one"] += len(r.one_char_headlines)
        totals["word"] += len(r.word_breaks)
        totals["running"] += r.running_titles
        totals["running_one"] += len(r.running_one_char)
        totals["running_word"] += len(r.running_word_breaks)
        totals["running_unmatched"] += len(r.running_unmatched)
        totals["running_shortened"] += len(r.running_shortened)
        totals["outline"] += r.outline_entries
        totals["outside"] += len(r.outline_outside)
        totals["pairs"] += r.punctuation_pairs
        totals["uncompressed"] += len(r.uncompressed)
        totals["quotes"] += r.quotes
        totals["narrow"] += len(r.narrow_quotes)
        totals["boundaries"] += r.han_latin
        totals["tight"] += len(r.han_latin_tight)
        totals["parted"] += len(r.parted_numbers)
        empties += [(name, p, e) for p, e in r.continuation_empty]
        depths += [n for _, n in r.continuation_depths]
        flag = "" if r.ok else "  ✗ " + "; ".join(r.details(2)).strip()[:200]
        print(f"{name:24} {seconds:5.2f} s  lines {r.body_lines:5}  short {len(r.short_lines)}  "
              f"heads {r.headlines:3}  cont {', '.join(f'{e:.0%}' for _, e in r.continuation_empty) or '-'}"
              f"{'  shallowest ' + str(min(n for _, n in r.continuation_depths)) if r.continuation_depths else ''}"
              f"{flag}")
    print(f"\n{len(results)} PDFs")
    print(f"body lines short of the column edge: {totals['short']} of {totals['body']}")
    print(f"lines starting with closing / ending with opening punctuation: {totals['punct']}")
    print(f"headlines with a one-character line: {totals['one']} of {totals['heads']}")
    print(f"headline breaks inside a word: {totals['word']}")
    print(f"running titles (…（续）) with a one-character line: {totals['running_one']} of {totals['running']}, "
          f"breaks inside a word: {totals['running_word']}, not their story's headline: {totals['running_unmatched']}, "
          f"shortened (……): {totals['running_shortened']}")
    print(f"outline destinations outside their page: {totals['outside']} of {totals['outline']}")
    print(f"punctuation pairs not compressed: {totals['uncompressed']} of {totals['pairs']}")
    print(f"quote marks narrower than full width beside Han text: {totals['narrow']} of {totals['quotes']}")
    print(f"numbers parted from their unit at a line end: {totals['parted']}")
    print(f"Han/Latin boundaries without a quarter em: {totals['tight']} of {totals['boundaries']}")
    if empties:
        shares = sorted(e for _, _, e in empties)
        over = sum(e > 0.25 for e in shares)
        print(f"continuation sheets: {len(shares)}, empty share median {shares[len(shares) // 2]:.0%}, "
              f"worst {shares[-1]:.0%}, over 25%: {over}")
    if overrun:
        overrun.sort()
        print(f"sheets a 版 runs over from, by the plan: {len(overrun)}, full median {overrun[len(overrun) // 2]:.0%}, "
              f"least {overrun[0]:.0%}, under 75%: {sum(f < 0.75 for f in overrun)}")
    if depths:
        depths.sort()
        print(f"stories on continuation sheets: {len(depths)}, lines down the fullest column: median "
              f"{depths[len(depths) // 2]}, least {depths[0]}, under {MIN_DEPTH}: {sum(n < MIN_DEPTH for n in depths)}, "
              f"under 12: {sum(n < 12 for n in depths)}")


if __name__ == "__main__":
    main()
