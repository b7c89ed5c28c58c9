"""Structuring speed: milliseconds a page over the seeds, and one 2 MB page.

    .venv/bin/python bench/structure_speed.py [--cpu]

The structuring stage alone, in process (decoding and the model are not timed), best of
five runs per seed; the 2 MB page is seed 003 repeated, read as one page, best of two.
Linear time is the point: a page of 2 MB must not take more than its size's share.
With --cpu it times the CPU time of the process instead of the wall clock: steadier on a
machine whose cores other work shares (it still counts what that sharing slows down).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition import structure_text  # noqa: E402


def best_of(runs: int, fn, clock=time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cpu", action="store_true", help="time CPU time (process_time), not the wall clock")
    clock = time.process_time if parser.parse_args().cpu else time.perf_counter
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        lines = text.count("\n") + 1
        print(f"{seed.name}: {best_of(5, lambda: structure_text(text), clock) * 1000:.1f} ms "
              f"({lines} lines, {len(text.encode()) / 1024:.0f} KB)")
    one = seeds[-1].read_text(encoding="utf-8")
    big = (one + "\n") * (2_000_000 // len(one.encode()) + 1)
    seconds = best_of(2, lambda: structure_text(big), clock)
    print(f"one page of {len(big.encode()) / 1e6:.1f} MB: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
