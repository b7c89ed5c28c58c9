"""Does a paragraph that follows body text open a story? A second look, paragraph by paragraph.

The labeller decides line by line, from the few lines around each. A story that begins
right after another story's text, with no title between (its head printed elsewhere, or
drawn after its body), often reads to it as the next paragraph of the story before. Whole
paragraphs tell more. A new story:

- shares few of the rarer character pairs of the paragraphs just before it
  (`shared_rare_pairs`), and little of their text at all (`shared_share`);
- opens with a date or a dateline, not with words that refer back (会上, 此外, 他…);
- repeats the words of a title printed near it more than the paragraphs before it do
  (`title_gain`);
- comes after a story has had a few paragraphs (`paragraphs_before`).

Every paragraph start the labeller took for a later paragraph, after body text, is scored
on those facts: the sum of the weights of its features (a logistic model, weights in
`starts.json` beside this file, fitted by `bench/train_structure.py --starts` on pages the
labeller was not fitted on). A positive score makes it a story's lead. The labeller's own
leads are kept: this look only finds starts it missed.
"""
from __future__ import annotations

import bisect
import json
from collections import Counter
from functools import lru_cache
from itertools import chain
from pathlib import Path

from .features import DATED_OPENING, FOLLOW_ON, LEAD_OPENING, PageView

STARTS_FILE = Path(__file__).with_name("starts.json")
BODY = ("lead", "para_start", "para_cont")
# A pair is rare on a page when at most this many of its paragraphs hold it: the words of
# one story (names, places, the matter at hand), not the language's common pairs (的一, 工作).
RARE_IN_PARAGRAPHS = 4
TITLE_REACH = 1600      # characters each side where a story's title may have been printed
MIN_TITLE_PAIRS = 4     # a title of five characters or more (a kicker has fewer)


def body_paragraphs(labels: list[str]) -> list[tuple[int, int]]:
    """(first line, line after the last) of each paragraph of body text, in page order."""
    out = []
    i, n = 0, len(labels)
    while i < n:
        if labels[i] in ("lead", "para_start") or labels[i] == "para_cont" and (i == 0 or labels[i - 1] not in BODY):
            j = i + 1
            while j < n and labels[j] == "para_cont":
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def _bucket(value: float, edges: tuple[float, ...], names: tuple[str, ...]) -> str:
    for edge, name in zip(edges, names):
        if value < edge:
            return name
    return names[-1]


def shared_rare_pairs(before: set[str], after: set[str], paragraphs_holding: Counter[str]) -> str:
    """How many pairs rare on the page the two paragraphs before a start and the two from
    it share."""
    n = sum(1 for p in before & after if paragraphs_holding[p] <= RARE_IN_PARAGRAPHS)
    return "r2_" + _bucket(n, (1, 2, 3, 5, 9), ("0", "1", "2", "3", "5", "9+"))


def shared_share(before: set[str], after: set[str]) -> str:
    """The share of the smaller side's pairs that the other side holds too."""
    share = len(before & after) / max(1, min(len(before), len(after)))
    return "sh_" + _bucket(share, (0.03, 0.06, 0.1, 0.15), ("0", "3", "6", "10", "15+"))


def opening(compact: str, dateline: bool) -> list[str]:
    """How the paragraph opens: a date, a dateline, a lead's words, or words that refer back."""
    out = ["dateline"] if dateline else []
    if DATED_OPENING.match(compact):
        out.append("dated")
    elif LEAD_OPENING.match(compact):
        out.append("lead_opening")
    if FOLLOW_ON.match(compact):
        out.append("follow_on")
    return out


def title_gain(titles: list[tuple[int, set[str]]], at: int, offsets: list[int],
               before: set[str], after: set[str]) -> str:
    """How much more of some nearby title's pairs the text from the start on holds than the
    text before it (the best over the titles within TITLE_REACH characters; `titles` in
    page order, as (first line, pairs))."""
    lo = bisect.bisect_left(titles, (bisect.bisect_left(offsets, offsets[at] - TITLE_REACH),))
    hi = bisect.bisect_left(titles, (bisect.bisect_right(offsets, offsets[at] + TITLE_REACH),))
    best = 0.0
    for _, pairs in titles[lo:hi]:
        if pairs:
            best = max(best, (len(pairs & after) - len(pairs & before)) / len(pairs))
    return "echo_" + _bucket(best, (0.01, 0.3, 0.6), ("0", "lo", "mid", "hi"))


def paragraphs_before(count: int) -> str:
    """How many paragraphs of the same run of body text come before this one."""
    return "since_" + _bucket(count, (2, 3, 4, 6), ("1", "2", "3", "4", "6+"))


def text_pairs(view: PageView, start: int, stop: int) -> set[str]:
    """The character pairs of lines [start, stop) run together: each line's, and those
    across its line breaks (the lines' sets are made already; joining the text and pairing
    it anew would cost as much again)."""
    out = set().union(*view.all_pairs[start:stop])
    cjks = [r.cjk for r in view.rows[start:stop] if r.cjk]
    out.update(a[-1] + b[0] for a, b in zip(cjks, cjks[1:]))
    return out


def _titles(view: PageView, labels: list[str]) -> list[tuple[int, set[str]]]:
    """Each title the labeller found (first line), with the pairs of all its lines; not the
    short ones: a kicker names a beat (`经济运行`, `防汛`) whose words any story on it repeats."""
    out = []
    for k, label in enumerate(labels):
        if label == "title":
            j = k + 1
            while j < len(labels) and labels[j] == "title_cont":
                j += 1
            pairs = text_pairs(view, k, j)
            if len(pairs) >= MIN_TITLE_PAIRS:
                out.append((k, pairs))
    return out


def start_features(view: PageView, labels: list[str]) -> dict[int, list[str]]:
    """The features of every paragraph start, after body text, that the labeller took for a
    later paragraph (by line number)."""
    paras = body_paragraphs(labels)
    pairs = [text_pairs(view, a, b) for a, b in paras]
    holding = Counter(chain.from_iterable(pairs))
    titles = _titles(view, labels)
    out: dict[int, list[str]] = {}
    since = 0
    for k, (a, b) in enumerate(paras):
        if a == 0 or labels[a - 1] not in BODY or labels[a] == "para_cont":
            since = 0       # the first paragraph of a run of body text
            continue
        since += 1
        if labels[a] != "para_start":
            continue
        before = pairs[k - 1] | (pairs[k - 2] if k >= 2 and paras[k - 2][1] == paras[k - 1][0] else set())
        after = pairs[k] | (pairs[k + 1] if k + 1 < len(paras) and paras[k + 1][0] == b else set())
        out[a] = ["bias", shared_rare_pairs(before, after, holding), shared_share(before, after),
                  *opening(view.rows[a].compact, view.datelines[a]),
                  title_gain(titles, a, view.offsets, before, after), paragraphs_before(since)]
    return out


@lru_cache(maxsize=1)
def default_start_weights() -> dict[str, float]:
    if not STARTS_FILE.exists():
        return {}
    return json.loads(STARTS_FILE.read_text(encoding="utf-8"))


def promote_story_starts(view: PageView, labels: list[str], weights: dict[str, float] | None = None) -> list[str]:
    """The labels, with the later-paragraph starts whose features score above zero made leads."""
    weights = default_start_weights() if weights is None else weights
    out = list(labels)
    if not weights:
        return out
    for at, features in start_features(view, labels).items():
        if sum(weights.get(f, 0.0) for f in features) > 0:
            out[at] = "lead"
    return out
