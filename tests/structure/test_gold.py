"""The seeds against their hand-checked gold structure, with the shared scorer."""
import importlib.util
import json

import pytest

from tests.cli_helpers import run_edition
from tests.conftest import ROOT, SHARED

GOLD = sorted((ROOT / "tests" / "gold").glob("*.gold.json"))


def load_scorer():
    path = SHARED / "tools" / "score_structure.py"
    spec = importlib.util.spec_from_file_location("score_structure", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.name)
def test_seed_scores_100_percent_against_gold(gold_path):
    scorer = load_scorer()
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    seed = ROOT / "seeds" / gold["source"]
    p = run_edition("inspect", seed, "--json")
    assert p.returncode == 0, p.stderr
    result = scorer.score(gold, json.loads(p.stdout), seed.read_text(encoding="utf-8"))
    assert scorer.overall(result) == 1.0, scorer.fmt(result)


def test_every_seed_has_a_gold_file():
    assert len(GOLD) == len(list((ROOT / "seeds").glob("*.txt"))) == 2
