"""Checks of the generator itself: the gold says exactly what the extracted text holds.

`missing_strings` lists gold strings that are not substrings of the text (after NFKC and
removing whitespace); `cjk_difference` compares the CJK characters of the text with those of
the gold, its jump and guide markers, and the page furniture recorded in `meta.furniture`.
"""
from __future__ import annotations

import collections
import unicodedata


def norm(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if not ch.isspace())


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def gold_strings(gold: dict) -> list[tuple[str, str]]:
    """(what, text) for every string the gold says was printed."""
    out = []
    for page in gold["pages"]:
        for it in page["items"]:
            if it["type"] == "article":
                out += [("title", t) for t in it["titles"]]
                out += [("byline", it["byline"])] if it["byline"] else []
                out += [("paragraph", p) for p in it["paragraphs"]]
            elif it["type"] == "guide":
                out += [("guide label", it["label"])] if it["label"] else []
                out += [("guide entry", e["title"]) for e in it["entries"]]
            elif it["type"] == "quote":
                out += [("quote label", it["label"]), ("quote", it["text"]), ("attribution", it["attribution"])]
            elif it["type"] == "headline":
                out.append(("headline", it["text"]))
    return out


def missing_strings(gold: dict, text: str) -> list[tuple[str, str]]:
    flat = norm(text)
    return [(what, s) for what, s in gold_strings(gold) if norm(s) not in flat]


def gold_cjk(gold: dict) -> collections.Counter:
    c: collections.Counter = collections.Counter()
    for _, s in gold_strings(gold):
        c.update(ch for ch in s if is_cjk(ch))
    for page in gold["pages"]:
        for it in page["items"]:
            if it["type"] == "article":
                c.update("下转版" if it.get("continued_to") else "")
                c.update("上接版" if it.get("continued_from") else "")
            elif it["type"] == "guide":
                c.update("刊版" * len(it["entries"]))
    for s in gold.get("meta", {}).get("furniture", []):
        c.update(ch for ch in s if is_cjk(ch))
    return c


def cjk_difference(gold: dict, text: str) -> tuple[collections.Counter, collections.Counter]:
    """(in the text but not accounted for, accounted for but not in the text)."""
    src = collections.Counter(ch for ch in text if is_cjk(ch))
    want = gold_cjk(gold)
    return src - want, want - src
