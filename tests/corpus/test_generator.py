"""The generator itself: its gold says exactly what the extracted text holds, every design,
extractor and byline form is made, and splits stay apart."""
from __future__ import annotations

import collections
import json
import re
from pathlib import Path

import pytest

from bench.corpus import articles
from bench.corpus.bylines import FORMS
from bench.corpus.check import cjk_difference, missing_strings, norm
from bench.corpus.compose import ArticleSpec, GuideSpec, QuoteSpec
from bench.corpus.designs import ALL_DESIGNS
from bench.corpus.extract import EXTRACTORS
from bench.corpus.generate import ROOT, check_seed, plan

STREAM_EXTRACTORS = ("pdftotext-raw", "pymupdf-text", "pymupdf-blocks", "pypdf")


def pairs(d: Path) -> list[tuple[dict, str]]:
    out = []
    for g in sorted(d.glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        out.append((gold, (d / gold["source"]).read_text(encoding="utf-8")))
    return out


def test_every_gold_string_is_in_its_text(corpus_sample):
    found = pairs(corpus_sample)
    assert len(found) >= 20
    for gold, text in found:
        assert missing_strings(gold, text) == [], gold["source"]


def test_nothing_typeset_is_missing_from_the_gold(corpus_sample):
    for gold, text in pairs(corpus_sample):
        extra, lost = cjk_difference(gold, text)
        assert not extra and not lost, (gold["source"], dict(extra), dict(lost))


def test_every_design_and_extractor_is_made(corpus_sample):
    seen = collections.defaultdict(set)
    for gold, _ in pairs(corpus_sample):
        seen[gold["meta"]["design"]].add(gold["meta"]["extractor"])
        assert gold["meta"]["split"] == "heldout" and gold["meta"]["seed"] == 1001
    assert set(seen) == set(ALL_DESIGNS)
    assert set().union(*seen.values()) == set(EXTRACTORS)
    for design, extractors in seen.items():
        # pages whose text a reading-order extractor scrambles are dropped, never stream ones
        assert set(STREAM_EXTRACTORS) <= extractors, design


def test_drops_are_recorded_and_few(corpus_sample):
    summary = json.loads((corpus_sample / "corpus.json").read_text(encoding="utf-8"))
    assert summary["pairs"] == len(list(corpus_sample.glob("*.gold.json")))
    assert not any(d.endswith(STREAM_EXTRACTORS) for d in summary["dropped"])
    assert len(summary["dropped"]) <= summary["pairs"] // 3
    unverified = sorted(g.name.removesuffix(".gold.json") for g in (corpus_sample / "unverified").glob("*.gold.json"))
    assert unverified == sorted(summary["dropped"])


def test_texts_are_pages_joined_by_form_feeds(corpus_sample):
    for gold, text in pairs(corpus_sample):
        if gold["meta"]["design"] != "edition":      # edition may add continuation sheets
            assert text.count("\f") == len(gold["pages"]) - 1, gold["source"]
        assert gold["meta"]["sheets"] == text.count("\f") + 1


def test_gold_has_the_shared_format(corpus_sample):
    for gold, _ in pairs(corpus_sample):
        assert gold["source"].endswith(".txt")
        for page in gold["pages"]:
            assert isinstance(page["number"], int) and page["number"] > 0
            for it in page["items"]:
                assert it["type"] in ("article", "guide", "quote")
                if it["type"] == "article":
                    assert set(it) >= {"titles", "byline", "paragraphs", "continued_to"}
                    assert it["paragraphs"] and all(p.strip() for p in it["paragraphs"])
                    assert it["byline"] is None or norm(it["byline"])


# --- the plan: no rendering needed -----------------------------------------------------------

@pytest.fixture(scope="module")
def train_plan():
    return plan("train", 3, 600)


def all_articles(jobs) -> list[tuple[int, ArticleSpec]]:
    return [(p.number, it) for j in jobs for p in j.issue.pages for it in p.items if isinstance(it, ArticleSpec)]


def test_plan_is_deterministic(train_plan):
    assert plan("train", 3, 600) == train_plan
    assert plan("train", 4, 600) != train_plan


def test_every_byline_form_is_drawn(train_plan):
    forms = {a.byline.form for _, a in all_articles(train_plan)}
    assert forms == {f for kind in FORMS.values() for f, _ in kind}


def test_lead_credits_stay_in_the_lead_and_leave_no_byline(train_plan):
    n = 0
    for _, a in all_articles(train_plan):
        if a.byline.lead_prefix and a.continued_from is None:
            n += 1
            assert a.byline.text is None and a.paragraphs[0].startswith(a.byline.lead_prefix)
            assert re.match(r"(本报讯（|本报\S+电|新华社\S+电)", a.paragraphs[0])
    assert n > 10


def test_bare_names_of_two_characters_are_spaced(train_plan):
    bare = [a.byline.text for _, a in all_articles(train_plan) if a.byline.form == "bare"]
    assert bare and all(len(b.replace(" ", "")) != 2 or re.fullmatch(r"\S \S", b) for b in bare)
    assert any(" " in b for b in bare)


def test_jumps_cut_a_paragraph_and_the_continuation_takes_the_rest(train_plan):
    pool_paras = {p for s in articles.pool("train", ROOT) for p in s.paragraphs}
    joined = 0
    for job in train_plan:
        numbers = [p.number for p in job.issue.pages]
        for page in job.issue.pages:
            for a in page.items:
                if not isinstance(a, ArticleSpec) or not a.continued_to or a.continued_to not in numbers:
                    continue
                there = job.issue.pages[numbers.index(a.continued_to)]
                rest = [b for b in there.items if isinstance(b, ArticleSpec) and b.continued_from == page.number
                        and any((a.paragraphs[-1] + b.paragraphs[0]).endswith(p) for p in pool_paras)]
                assert rest, (job.name, page.number)
                assert a.paragraphs[-1][-1] not in "。！？"      # cut mid-sentence
                joined += 1
    assert joined > 5


def test_guides_and_quotes_vary(train_plan):
    guides = [it for j in train_plan for p in j.issue.pages for it in p.items if isinstance(it, GuideSpec)]
    quotes = [it for j in train_plan for p in j.issue.pages for it in p.items if isinstance(it, QuoteSpec)]
    assert {g.label for g in guides} >= {"导读", "本期导读", "本刊导读"}
    assert any(not g.label for g in guides)
    assert all(e[1] > 0 for g in guides for e in g.entries)
    assert len({q.label for q in quotes}) >= 4 and all(q.attribution.startswith("——") for q in quotes)
    assert {j.design for j in train_plan} == set(ALL_DESIGNS)


def test_splits_are_kept_apart():
    train = {s.key for s in articles.written_for("train")}
    held = {s.key for s in articles.written_for("heldout")}
    assert not train & held and len(train) + len(held) >= 40 and len(held) >= 14
    with pytest.raises(ValueError):
        check_seed("heldout", 5)
    with pytest.raises(ValueError):
        check_seed("train", 1000)
    used = {a.paragraphs[-1] for _, a in all_articles(plan("heldout", 1000, 300))}
    train_paras = {p for s in articles.written_for("train") for p in s.paragraphs}
    assert not used & train_paras
    held_paras = {p for s in articles.written_for("heldout") for p in s.paragraphs}
    assert any(p in held_paras for p in used)
