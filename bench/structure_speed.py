"""Structuring speed: milliseconds a page over the seeds, and one 2 MB page.

    .venv/bin/python bench/structure_speed.py

The structuring stage alone, in process (decoding and the model are not timed), best of
five runs per seed; the 2 MB page is seed 003 repeated, read as one page, best of two.
Linear time is the point: a page of 2 MB must not take more than its size's share.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition import structure_text  # noqa: E402


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        lines = text.count("\n") + 1
        print(f"{seed.name}: {best_of(5, lambda: structure_text(text)) * 1000:.1f} ms "
              f"({lines} lines, {len(text.encode()) / 1024:.0f} KB)")
    one = seeds[-1].read_text(encoding="utf-8")
    big = (one + "\n") * (2_000_000 // len(one.encode()) + 1)
    seconds = best_of(2, lambda: structure_text(big))
    print(f"one page of {len(big.encode()) / 1e6:.1f} MB: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
