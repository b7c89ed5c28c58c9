"""Shared fixtures: the seeds, the repo root, and a helper to structure small texts."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    assert SEEDS, "seeds/ must hold the sample pages"
    return SEEDS
