"""The generator itself: its gold says exactly what the extracted text holds, every design,
extractor and byline form is made, and splits stay apart (the dev split's written articles and
quotes are its own, train and held-out keep theirs)."""
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
from bench.corpus.written import WRITTEN
from bench.corpus.written_train import WRITTEN_TRAIN

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


# --- the dev split: written articles and quotes of its own ----------------------------------

def texts_of(sources) -> set[str]:
    """Every title line and paragraph of some sources."""
    return {t for s in sources for t in (s.kicker, "".join(s.title), s.sub, *s.paragraphs) if t}


def test_train_and_heldout_take_written_py_by_the_every_third_rule():
    written = articles.parse_written(WRITTEN)
    n = len(written)
    train_only = articles.parse_written(WRITTEN_TRAIN, prefix="t")
    assert [s.key for s in articles.written_for("train")] == \
        [f"w{i:02d}" for i in range(n) if i % 3 != 2] + [f"t{i:02d}" for i in range(len(train_only))]
    assert [s.key for s in articles.written_for("heldout")] == [f"w{i:02d}" for i in range(2, n, 3)]
    assert articles.written_for("train") == tuple(s for i, s in enumerate(written) if i % 3 != 2) + train_only
    assert articles.written_for("heldout") == written[2::3]
    seeds = articles.seed_sources(ROOT)
    seed_quotes = tuple((t, a) for _, t, a in articles.seed_quotes(ROOT))
    for split, quotes in (("train", tuple(q for i, q in enumerate(articles.QUOTES) if i % 3 != 2)),
                          ("heldout", articles.QUOTES[2::3])):
        assert articles.pool(split, ROOT) == articles.written_for(split) + seeds
        assert articles.quotes_for(split, ROOT) == quotes + seed_quotes


def test_train_seeds_below_100_keep_the_pool_the_first_train_corpora_were_made_with():
    written = articles.parse_written(WRITTEN)
    first = tuple(s for i, s in enumerate(written) if i % 3 != 2)
    assert articles.written_for("train", 99) == first
    assert articles.written_for("train", 100) == articles.written_for("train") == \
        first + articles.parse_written(WRITTEN_TRAIN, prefix="t")
    titles, _ = plan_texts(plan("train", 7, 60))
    assert not titles & {"".join(s.title) for s in articles.parse_written(WRITTEN_TRAIN, prefix="t")}


def test_the_train_only_articles_are_in_no_other_split():
    train_only = articles.parse_written(WRITTEN_TRAIN, prefix="t")
    assert len(train_only) >= 60 and {s.kind for s in train_only} == {"news", "comment", "brief", "feature"}
    others = articles.written_for("dev") + articles.written_for("heldout") + articles.seed_sources(ROOT)
    assert not texts_of(train_only) & texts_of(others)
    assert not texts_of(train_only) & texts_of(articles.parse_written(WRITTEN))


def test_dev_has_written_articles_and_quotes_no_other_split_uses():
    dev = articles.written_for("dev")
    assert len(dev) >= 36 and all(s.key.startswith("d") for s in dev)
    assert {s.kind for s in dev} == {"news", "comment", "brief", "feature"}
    others = articles.written_for("train") + articles.written_for("heldout")
    assert not {s.key for s in dev} & {s.key for s in others}
    assert not texts_of(dev) & texts_of(others)
    assert not texts_of(dev) & texts_of(articles.seed_sources(ROOT))
    assert articles.pool("dev", ROOT) == dev + articles.seed_sources(ROOT)
    seed_quotes = tuple((t, a) for _, t, a in articles.seed_quotes(ROOT))
    own = articles.quotes_for("dev", ROOT)[:-len(seed_quotes)]
    assert articles.quotes_for("dev", ROOT)[len(own):] == seed_quotes
    assert len(own) >= 8 and all(a.startswith("——") for _, a in own)
    for split in ("train", "heldout"):
        assert not set(own) & set(articles.quotes_for(split, ROOT))
        assert not {t for t, _ in own} & {t for t, _ in articles.quotes_for(split, ROOT)}


def plan_texts(jobs) -> tuple[set[str], set[tuple[str, str]]]:
    """The titles (articles' and guide entries') and the quotes a plan prints."""
    titles, quotes = set(), set()
    for job in jobs:
        for page in job.issue.pages:
            for it in page.items:
                if isinstance(it, ArticleSpec) and it.title:
                    titles.add("".join(it.title))
                elif isinstance(it, GuideSpec):
                    titles |= {t for t, _ in it.entries}
                elif isinstance(it, QuoteSpec):
                    quotes.add((it.text, it.attribution))
    return titles, quotes


def test_each_split_prints_only_its_own_written_articles_and_quotes():
    for split, seed in (("train", 3), ("dev", 3), ("heldout", 1000)):
        titles, quotes = plan_texts(plan(split, seed, 300))
        assert quotes <= set(articles.quotes_for(split, ROOT)), split
        own = {"".join(s.title) for s in articles.written_for(split)}
        assert len(titles & own) >= 10, split
        for other in set(articles.SPLITS) - {split}:
            assert not titles & {"".join(s.title) for s in articles.written_for(other)}, (split, other)


def test_dev_takes_train_seeds_with_draws_of_its_own():
    check_seed("dev", 5)
    check_seed("dev", 999)
    with pytest.raises(ValueError):
        check_seed("dev", 1000)
    dev, train = plan("dev", 3, 120), plan("train", 3, 120)
    assert all(j.name.startswith("dev-s3-") and j.layout_seed.startswith("dev:3:") for j in dev)
    assert [j.issue.date for j in dev] != [j.issue.date for j in train]


def test_dev_pages_pass_the_generator_checks(dev_sample):
    found = pairs(dev_sample)
    assert len(found) >= 8
    dev_paras = {p for s in articles.written_for("dev") for p in s.paragraphs}
    other_paras = {p for split in ("train", "heldout") for s in articles.written_for(split) for p in s.paragraphs}
    for gold, text in found:
        assert gold["meta"]["split"] == "dev"
        assert missing_strings(gold, text) == [], gold["source"]
        extra, lost = cjk_difference(gold, text)
        assert not extra and not lost, (gold["source"], dict(extra), dict(lost))
        printed = {p for page in gold["pages"] for it in page["items"] if it["type"] == "article"
                   for p in it["paragraphs"]}
        assert printed & dev_paras, gold["source"]
        assert not printed & other_paras, gold["source"]
