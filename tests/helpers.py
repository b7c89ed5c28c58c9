"""Helpers for tests: structure a small hand-made page and pick items out of it."""
from __future__ import annotations

from edition import structure_text
from edition.model import Article, Guide, Headline, Issue, Quote


def structure(text: str) -> Issue:
    return structure_text(text, title="测试报")


def articles(issue: Issue) -> list[Article]:
    return issue.articles()


def items_of(issue: Issue, kind: type) -> list:
    return [it for p in issue.pages for it in p.items if isinstance(it, kind)]


def codes(issue: Issue) -> list[str]:
    return [w.code for w in issue.warnings]


__all__ = ["structure", "articles", "items_of", "codes", "Guide", "Headline", "Quote"]
