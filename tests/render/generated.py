"""Issues generated from the seeds' own items, for checking typography over many page make-ups.

Each issue takes a random draw (seeded, so the same number gives the same issue) of the
seeds' articles, quote and guide boxes and orphan titles, over one to three pages, with
some stories cut short or run long (paragraphs repeated), so that pages fall anywhere
from a half-full sheet to two and a half sheets.
"""
from __future__ import annotations

import dataclasses
import random
from functools import cache
from pathlib import Path

from edition import read_issue
from edition.model import Article, Edition, Issue, Page

ROOT = Path(__file__).resolve().parents[2]


@cache
def seed_items() -> tuple:
    items = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        issue = read_issue([seed], title="青浦报", date="2025-03-13")
        items += [it for p in issue.pages for it in p.items]
    return tuple(items)


def generated_issue(n: int) -> Issue:
    """Issue number `n` of the generated series."""
    rng = random.Random(n)
    items = list(seed_items())
    articles = [it for it in items if isinstance(it, Article)]
    others = [it for it in items if not isinstance(it, Article)]
    pages = []
    for number in range(1, rng.choice((1, 1, 2, 2, 3)) + 1):
        chosen = []
        for k, a in enumerate(rng.sample(articles, rng.randint(3, min(9, len(articles))))):
            paragraphs = list(a.paragraphs)
            scale = rng.choice((0.5, 1, 1, 1, 1.5, 2))
            if scale < 1:
                paragraphs = paragraphs[:max(1, int(len(paragraphs) * scale))]
            elif scale > 1:
                paragraphs += paragraphs[:int(len(paragraphs) * (scale - 1))]
            chosen.append(dataclasses.replace(a, id=f"g{number}-{k}", paragraphs=tuple(paragraphs),
                                              continued_to=None, continued_from=None))
        for extra in rng.sample(others, rng.randint(0, min(2, len(others)))):
            chosen.insert(rng.randint(0, len(chosen)), dataclasses.replace(extra, id=f"g{number}-x{len(chosen)}"))
        pages.append(Page(number=number, name=rng.choice(("要闻", "综合", "社会", None)), items=tuple(chosen)))
    return Issue(edition=Edition(title="青浦报", date=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", number=str(n)),
                 pages=tuple(pages))
