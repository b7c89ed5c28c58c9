"""Where a headline's lines break: at phrase edges, balanced, never one character alone.

A headline is broken the way an art desk breaks it: as few lines as fit the measure, each
break at a word edge (`words.word_edge`: punctuation, a space or a paper's own line
end, a Han/Latin boundary, before a phrase-opening word), and among those the break that
makes the lines most even. Only when no such break fits are other breaks between Han
characters used, still balanced and never leaving a single character on a line. The
widths come from Pango in the headline face, as WeasyPrint will set them.

Inferred headlines (`whole_clause`) are made from the story's opening words: they are cut
at a clause's end, never mid-phrase with "…".
"""
from __future__ import annotations

import functools
import itertools
import re
from typing import Callable

from ..words import is_punct, word_edge

MAX_LINES = 4
SPACE = "\u3000"


def break_lines(text: str, fits: Callable[[str], float], width: float,
                edge: Callable[[str, str], bool] = word_edge) -> list[str]:
    """`text` (its own lines joined by '\\n') as lines no wider than `width`, measured by
    `fits(line)`; `edge(before, after)` says where a word edge is (`words.word_edge`)."""
    phrases = [p.strip() for p in text.split("\n") if p.strip()]
    joined = SPACE.join(phrases)
    if not joined:
        return [text]
    if fits(joined) <= width:
        return [joined]
    n = len(joined)
    edges = [i for i in range(1, n) if edge(joined[:i], joined[i:])]
    anywhere = [i for i in range(1, n) if not (joined[i] in "，。、；：？！）》”’" or joined[i - 1] in "（《“‘")]

    def line(a: int, b: int) -> str:
        return joined[a:b].strip(SPACE + " ")

    # Characters that show, before each offset: a line's count is a difference of two (the
    # spaces `line` strips do not show), where counting each candidate line anew was most
    # of the time spent breaking headlines and running titles.
    shown = [0]
    for ch in joined:
        shown.append(shown[-1] + (not ch.isspace() and not is_punct(ch)))
    widths: dict[tuple[int, int], float] = {}

    def w(a: int, b: int) -> float:
        if (a, b) not in widths:
            widths[(a, b)] = fits(line(a, b))
        return widths[(a, b)]

    def lines_at(cut: tuple[int, ...]) -> tuple[list[tuple[int, int]], float] | None:
        bounds = (0, *cut, n)
        spans = list(zip(bounds, bounds[1:]))
        if any(shown[b] - shown[a] <= 1 for a, b in spans):
            return None
        sizes = [w(a, b) for a, b in spans]
        if max(sizes) > width:
            return None
        # Even lines first; a last line longer than the first reads as a pyramid, fine either way.
        return spans, max(sizes) - min(sizes)

    for k in range(2, MAX_LINES + 1):
        if len(edges) > 40 and k > 2:
            break
        found = [r for cut in itertools.combinations(edges, k - 1) if (r := lines_at(cut)) is not None]
        if found:
            return [line(a, b) for a, b in min(found, key=lambda r: r[1])[0]]
    # No break at word edges fits: break inside phrases as little as may be, and at an even
    # count of characters after the phrase's start (most Chinese words are two characters:
    # 提升|区域|服务|能级), with as few lines as that allows, then the evenest.
    penalty, start = {}, 0
    for i in range(1, n):
        if i in edges:
            penalty[i], start = 0, i
        else:
            penalty[i] = 1 + (i - start) % 2
    best = None
    for k in range(2, MAX_LINES + 1):
        if len(anywhere) > 40 and k > 2:
            break
        for cut in itertools.combinations(anywhere, k - 1):
            cost = sum(penalty[c] for c in cut)
            if best is not None and (cost, k) > best[0][:2]:
                continue
            r = lines_at(cut)
            if r is not None and (best is None or (cost, k, r[1]) < best[0]):
                best = ((cost, k, r[1]), r[0])
    return [line(a, b) for a, b in best[1]] if best is not None else [joined]


_CLAUSE_END = "，。；！？：,;!?"


def whole_clause(headline: str, paragraphs: list[str], limit: int = 40) -> str:
    """An inferred headline cut with '…' made whole: extended to the end of its clause in the
    story's text when that is short enough, else cut back to its last word edge."""
    base = headline.rstrip("…. ").strip()
    if base == headline.strip() or not base:
        return headline
    text = "".join(paragraphs)
    at = text.find(base)
    if at >= 0:
        rest = text[at + len(base):]
        m = re.search(f"[{re.escape(_CLAUSE_END)}]", rest)
        whole = base + (rest[:m.start()] if m else rest)
        if len(whole) <= limit and not _unbalanced(whole):
            return whole
    for i in range(len(base) - 1, 3, -1):
        if base[i] in _CLAUSE_END or (base[i] in "—" and base[i - 1] == "—"):
            cut = base[:i - 1] if base[i] == "—" else base[:i]
            if not _unbalanced(cut):
                return cut.rstrip("—")
    return base


def _unbalanced(text: str) -> bool:
    return text.count("“") != text.count("”") or text.count("（") != text.count("）") or text.count("《") != text.count("》")


@functools.lru_cache(maxsize=4096, typed=True)    # typed: a str is escaped, Markup is not
def phrase_breaks(text: str):
    """`text` as markup with <wbr /> at the word edges between Han characters (for a reader
    that sets headlines with `word-break: keep-all`, which breaks only at spaces,
    punctuation and these). Remembered: a story's headline is set in its page, the
    contents and the navigation document alike."""
    from markupsafe import Markup, escape
    from ..words import is_han
    out = []
    start = 0
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if (is_han(a) or is_han(b)) and not (a.isspace() or b.isspace() or is_punct(a) or is_punct(b)) \
                and word_edge(text[:i], text[i:]):
            out.append(escape(text[start:i]))
            start = i
    out.append(escape(text[start:]))
    return Markup("<wbr />").join(out)
