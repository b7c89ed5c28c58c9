"""`python -m bench.corpus --out DIR --pages N --seed S --split {train,dev,heldout}`.

Seeds: train and dev below 1000, held-out 1000 and up (`generate.check_seed`).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .articles import SPLITS
from .designs import ALL_DESIGNS
from .extract import EXTRACTORS
from .generate import generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.corpus", description="Generate round-trip corpus pairs.")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--pages", type=int, default=30, help="text pages to make (printed pages × extractors)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--split", choices=SPLITS, default="train",
                    help="train and dev take seeds < 1000, heldout seeds >= 1000")
    ap.add_argument("--designs", default=",".join(ALL_DESIGNS))
    ap.add_argument("--extractors", default=",".join(EXTRACTORS))
    ap.add_argument("--jobs", type=int, default=None)
    a = ap.parse_args(argv)
    try:
        generate(a.out, a.split, a.seed, a.pages, jobs=a.jobs, designs=tuple(a.designs.split(",")),
                 extractors=tuple(a.extractors.split(",")))
    except ValueError as e:
        print(f"bench.corpus: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
