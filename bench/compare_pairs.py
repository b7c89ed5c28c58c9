"""What a change to the structurer does to each pair of a generated corpus.

    .venv/bin/python bench/compare_pairs.py --ref REV [--new REV] DIR [DIR ...]

Scores every NAME.gold.json pair of the directories (as `bench/score_corpus.py` does, the
shared scorer's overall figure per pair) once with the `edition/` of the reference commit
and once with that of `--new` (default: the working tree), each taken out with `git
archive` and run in a child process. Prints, per directory and in all, the mean before and
after, how many pairs changed, how many for the better and for the worse, and the changes
summed in points (the README's "N changed, +M points"), then the pairs that changed most.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def scores(golds: list[Path], out: Path) -> None:
    """Run in a child process whose sys.path starts with the code under test."""
    from bench.score_corpus import DEFAULT_SCORER, load_scorer, score_pair
    scorer = load_scorer(DEFAULT_SCORER)
    out.write_text(json.dumps({str(g): score_pair(scorer, g)["overall"] for g in golds}), encoding="utf-8")


def run_scores(code: Path, golds: list[Path], out: Path) -> dict[str, float]:
    script = ("import sys, pathlib; sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2]);"
              "import edition; assert pathlib.Path(edition.__file__).parent.parent == pathlib.Path(sys.argv[1]);"
              "from bench.compare_pairs import scores;"
              "scores([pathlib.Path(p) for p in sys.argv[4:]], pathlib.Path(sys.argv[3]))")
    subprocess.run([sys.executable, "-c", script, str(code), str(ROOT), str(out), *map(str, golds)], check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def checkout(rev: str, into: Path) -> Path:
    into.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "edition"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def summary(name: str, before: dict[str, float], after: dict[str, float]) -> str:
    deltas = [after[k] - before[k] for k in before if abs(after[k] - before[k]) > 1e-9]
    n = len(before)
    return (f"{name:40} {n:5} pairs  {100 * sum(before.values()) / n:5.1f}% -> {100 * sum(after.values()) / n:5.1f}%  "
            f"{len(deltas):4} changed ({sum(d > 0 for d in deltas)} better, {sum(d < 0 for d in deltas)} worse), "
            f"{100 * sum(deltas):+.1f} points")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="+", type=Path, help="corpus directories (NAME.txt + NAME.gold.json)")
    parser.add_argument("--ref", required=True, help="the commit before the change")
    parser.add_argument("--new", default=None, help="the commit after it (default: the working tree)")
    parser.add_argument("--most", type=int, default=10, help="list this many of the pairs that changed most")
    args = parser.parse_args()
    golds = sorted(g for d in args.dirs for g in d.glob("*.gold.json"))
    if not golds:
        print("compare_pairs: no *.gold.json in the directories", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        before = run_scores(checkout(args.ref, t / "ref"), golds, t / "ref.json")
        after = run_scores(checkout(args.new, t / "new") if args.new else ROOT, golds, t / "new.json")
    for d in args.dirs:
        mine = [str(g) for g in golds if g.parent == d]
        if mine:
            print(summary(str(d), {k: before[k] for k in mine}, {k: after[k] for k in mine}))
    print(summary("all", before, after))
    moved = sorted((after[k] - before[k], k) for k in before if abs(after[k] - before[k]) > 1e-9)
    for delta, k in (moved[:args.most // 2] + moved[-(args.most - args.most // 2):] if args.most else []):
        print(f"  {100 * delta:+6.1f}  {Path(k).name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
