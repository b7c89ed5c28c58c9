"""A small generated corpus sample, made once per session and shared by the corpus tests.

`corpus_sample` is the directory of NAME.txt + NAME.gold.json pairs (and corpus.json): about
eight printed pages, every design, every extractor. A structurer score floor can be tested on it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus.generate import generate

SAMPLE_PAGES = 48          # text pages (printed pages × 6 extractors); every design is made


@pytest.fixture(scope="session")
def corpus_sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    # A held-out seed: pages the structurer's weights were never fitted on (the reported
    # held-out figure uses seed 1000; training uses train-split seeds only).
    generate(out, "heldout", 1001, SAMPLE_PAGES, jobs=2, log=lambda *_: None)
    return out
