"""The article pool: the seeds' gold articles and the articles written for the corpus.

`pool(split, root)` gives the articles a split may use. The articles of `written.py` are
divided once and for all: every third one (index 2, 5, 8, …) belongs to the held-out split
only, the rest to train only. The dev split has articles of its own (`written_dev.py`) that
no other split uses, so that a refit fitted on train pages can be judged on text it has never
seen; train has more of its own too (`written_train.py`, from generator seed 100 on), for a
wider range of text to fit on. The seeds' articles (read from the repo's
`tests/gold/*.gold.json`) are in every split, since the structurer has seen them anyway.
Quote boxes are divided the same way. Seed text is cleaned to print form (full-width
punctuation between Chinese characters, no stray spaces inside dates and numbers).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .written import WRITTEN
from .written_dev import QUOTES_DEV, WRITTEN_DEV
from .written_train import WRITTEN_TRAIN

SPLITS = ("train", "dev", "heldout")


@dataclass(frozen=True, slots=True)
class Source:
    """One article as written: kind, 引题, main title (lines), 副题 and body paragraphs."""

    key: str
    kind: str                      # news, comment, brief, feature, seed
    kicker: str
    title: tuple[str, ...]         # the main title's lines as written ('/' breaks); () = no title
    sub: str
    paragraphs: tuple[str, ...]


def parse_written(text: str = WRITTEN, prefix: str = "w") -> tuple[Source, ...]:
    out: list[Source] = []
    head: list[str] | None = None
    paras: list[str] = []

    def flush() -> None:
        if head is not None:
            kind, kicker, title, sub = head
            out.append(Source(key=f"{prefix}{len(out):02d}", kind=kind, kicker=kicker,
                              title=tuple(t for t in title.split("/") if t), sub=sub,
                              paragraphs=tuple(paras)))

    for line in text.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        if "|" in line:
            flush()
            head, paras = line.split("|"), []
        else:
            paras.append(line)
    flush()
    return tuple(out)


_FULLWIDTH = {",": "，", "(": "（", ")": "）", "!": "！", "?": "？", ":": "：", ";": "；"}
_CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’—…、]"


def print_form(text: str) -> str:
    """ASCII punctuation next to Chinese → full width; spaces between CJK/digits removed."""
    for a, b in _FULLWIDTH.items():
        text = re.sub(rf"(?<={_CJK}){re.escape(a)}|{re.escape(a)}(?={_CJK})", b, text)
    text = re.sub(r"(?<=[\u3400-\u9fff\d，。、）]) +(?=[\u3400-\u9fff\d（])", "", text)
    return text.strip()


def seed_sources(root: Path) -> tuple[Source, ...]:
    out = []
    for gf in sorted((root / "tests" / "gold").glob("*.gold.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        stem = gf.name.split("_")[0]
        for page in gold["pages"]:
            for k, it in enumerate(page["items"]):
                if it["type"] != "article":
                    continue
                titles = [print_form(t) for t in it["titles"]]
                kicker = sub = ""
                if len(titles) == 2:
                    main = min(titles, key=len)
                    other = titles[1] if titles[0] == main else titles[0]
                    kicker, sub = (other, "") if titles.index(other) == 0 else ("", other)
                    title: tuple[str, ...] = (main,)
                else:
                    title = tuple(titles[:1])
                out.append(Source(key=f"s{stem}-{k}", kind="seed", kicker=kicker, title=title, sub=sub,
                                  paragraphs=tuple(print_form(p) for p in it["paragraphs"])))
    return tuple(out)


def seed_quotes(root: Path) -> tuple[tuple[str, str, str], ...]:
    """(label, text, attribution) of the seeds' quote boxes."""
    out = []
    for gf in sorted((root / "tests" / "gold").glob("*.gold.json")):
        for page in json.loads(gf.read_text(encoding="utf-8"))["pages"]:
            out += [(q["label"], print_form(q["text"]), print_form(q["attribution"]))
                    for q in page["items"] if q["type"] == "quote"]
    return tuple(out)


# written_train.py came after the first train corpora (seeds 1–29) were made and fitted on:
# train seeds below this keep the pool those had, so they make the same pages again.
WRITTEN_TRAIN_FROM_SEED = 100


def written_for(split: str, seed: int | None = None) -> tuple[Source, ...]:
    """The written articles a split may use: dev has its own; of `written.py`'s, every third
    one is held-out only and the rest train only; train also has `written_train.py`'s (for
    generator seeds from WRITTEN_TRAIN_FROM_SEED on, or when no seed is given)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    if split == "dev":
        return parse_written(WRITTEN_DEV, prefix="d")
    written = parse_written()
    mine = tuple(s for i, s in enumerate(written) if (i % 3 == 2) == (split == "heldout"))
    if split == "train" and (seed is None or seed >= WRITTEN_TRAIN_FROM_SEED):
        return mine + parse_written(WRITTEN_TRAIN, prefix="t")
    return mine


def pool(split: str, root: Path, seed: int | None = None) -> tuple[Source, ...]:
    return written_for(split, seed) + seed_sources(root)


# Quote boxes written for the corpus (invented speakers and sources), divided between train and
# held-out like articles; dev has its own (written_dev.QUOTES_DEV).
QUOTES = (
    ("城市的温度，藏在每一条小巷的灯光里，也藏在每一次耐心的倾听中。", "——摘自《临江城市治理笔记》"),
    ("把群众的小事当作自己的大事，把群众的难事当作自己的要事。", "——方志远在全市基层工作会议上的发言"),
    ("改革没有旁观者，每一个人都是参与者、推动者和受益者。", "——《东海评论》年度寄语"),
    ("一寸山河一寸心，守护好绿水青山就是守护好我们的未来。", "——南岭县生态文明建设动员会"),
    ("创新不问出身，英雄不论年龄，只要肯钻研，就有出彩的机会。", "——钟启明在青年科技人才座谈会上的讲话"),
    ("教育是点亮未来的灯，每一个孩子都值得被温柔以待。", "——摘自云岭小学校史陈列馆题词"),
    ("实干才能梦想成真，奋斗才能赢得未来。", "——白鹭镇新春团拜会致辞"),
    ("让老街留住乡愁，让新城承载梦想。", "——摘自《青石巷改造纪事》"),
    ("安全是发展的前提，发展是安全的保障，两者必须同步推进。", "——江畔区安全生产工作会议纪要"),
)
QUOTE_LABELS = ("强国金句", "金句", "新时代新征程·每日金句", "每日金句", "今日金句", "一句话", "声音")
GUIDE_LABELS = ("导读", "本期导读", "本刊导读", "")


def quotes_for(split: str, root: Path) -> tuple[tuple[str, str], ...]:
    """The quote boxes a split may use: its own written ones, then the seeds'."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    mine = QUOTES_DEV if split == "dev" else \
        tuple(q for i, q in enumerate(QUOTES) if (i % 3 == 2) == (split == "heldout"))
    return mine + tuple((t, a) for _, t, a in seed_quotes(root))
