"""bench/compare_pairs.py: the per-pair comparison behind the README's "N changed, +M points"."""
from __future__ import annotations

import shutil
import subprocess
import sys

from bench.compare_pairs import summary
from tests.conftest import ROOT


def test_summary_counts_the_pairs_that_changed_and_sums_their_changes_in_points():
    before = {"a": 0.90, "b": 0.80, "c": 0.70, "d": 1.00}
    after = {"a": 0.95, "b": 0.80, "c": 0.60, "d": 1.00}
    line = summary("x", before, after)
    assert "4 pairs" in line and "85.0% ->  83.8%" in line
    assert "2 changed (1 better, 1 worse), -5.0 points" in line


def test_a_commit_against_itself_changes_no_pair(corpus_sample, tmp_path):
    # (three pairs keep the two child processes short)
    for gold in sorted(corpus_sample.glob("*.gold.json"))[:3]:
        shutil.copy(gold, tmp_path)
        shutil.copy(gold.with_name(gold.name.replace(".gold.json", ".txt")), tmp_path)
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "compare_pairs.py"), "--ref", "HEAD", "--new", "HEAD",
                          str(tmp_path)],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "3 pairs" in out and "0 changed (0 better, 0 worse), +0.0 points" in out
